import { dictionary } from '@zxcvbn-ts/language-common';
import { badRequest } from '@/lib/http/errors';

/**
 * NIST SP 800-63B: a length floor and a check against passwords known to be common, no
 * composition rules. The list is zxcvbn-ts's maintained "passwords-common" (about 49,000 entries
 * from leaked-password corpora), compared case-insensitively.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  return (common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())));
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`;
  if (length > MAX_PASSWORD_LENGTH) return `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`;
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return 'This password is one of the most common passwords. Choose another.';
  if (context.email && lower === context.email.toLowerCase()) return 'The password must not be your email address.';
  return null;
}

export function assertAcceptablePassword(password: string, context: { email?: string } = {}): void {
  const problem = passwordProblem(password, context);
  if (problem) throw badRequest(problem, [{ path: 'password', message: problem }]);
}
