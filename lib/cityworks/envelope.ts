import { z } from 'zod';
import { CityworksError, redactSecrets, type CityworksMessage, type CredentialProblem } from './errors';

/**
 * The response envelope. Old services answer only {Status, Message, Value}, so the message lists
 * are optional. Keys are matched as sent (PascalCase); unknown keys are kept.
 */
const wireMessage = z.looseObject({
  Name: z.string().nullish(),
  Code: z.number().nullish(),
  DisplayText: z.string().nullish(),
  Service: z.string().nullish(),
  MessageType: z.number().nullish(),
});

export const envelopeSchema = z.looseObject({
  Status: z.number().int(),
  Message: z.string().nullish(),
  Value: z.unknown().optional(),
  ErrorMessages: z.array(wireMessage).nullish(),
  WarningMessages: z.array(wireMessage).nullish(),
});

export type Envelope = z.infer<typeof envelopeSchema>;

export const STATUS_OK = 0;
export const STATUS_ERROR = 1;
export const STATUS_UNAUTHORIZED = 2;
export const STATUS_INVALID_CREDENTIALS = 3;

function toMessages(envelope: Envelope, secrets: readonly string[]): CityworksMessage[] {
  return (envelope.ErrorMessages ?? []).map((m) => ({
    name: m.Name ?? '',
    code: m.Code ?? null,
    displayText: redactSecrets(m.DisplayText ?? '', secrets),
    service: m.Service ?? '',
  }));
}

/** AuthenticationErrorCodes in the vendor SDK: 2 EmployeeNotFoundByLoginName, 3 InactiveUser, 4 InvalidCredentials. */
function credentialProblem(messages: CityworksMessage[]): CredentialProblem | null {
  for (const m of messages) {
    if (m.code === 2 || /EmployeeNotFound/i.test(m.name)) return 'employee-not-found';
    if (m.code === 3 || /InactiveUser/i.test(m.name)) return 'inactive-user';
    if (m.code === 4 || /InvalidCredentials/i.test(m.name)) return 'invalid-credentials';
  }
  return null;
}

const CREDENTIAL_REASONS: Record<CredentialProblem, string> = {
  'employee-not-found': 'Cityworks has no employee with this login name; check the user name (Windows users: domain/user).',
  'inactive-user': 'The Cityworks user is inactive; ask the Cityworks administrator to reactivate it.',
  'invalid-credentials': 'Cityworks rejected the user name or password; re-enter the credentials.',
  unknown: 'Cityworks rejected the login; re-enter the credentials and check the user in Cityworks.',
};

function describe(messages: CityworksMessage[], fallback: string | null | undefined): string {
  const texts = messages.map((m) => m.displayText || m.name).filter((t) => t.length > 0);
  if (texts.length > 0) return texts.join('; ');
  return fallback && fallback.length > 0 ? fallback : 'no detail given';
}

function isNotFound(m: CityworksMessage): boolean {
  // 35 ErrorItemNotFound; "Invalid…Id" names are how ById/Update/Close report an unknown record.
  return m.code === 35 || /NotFound/i.test(m.name) || /^Invalid\w*Id$/i.test(m.name);
}

function isPermission(m: CityworksMessage): boolean {
  return m.code === 5 || /NotAuthorized|Permission/i.test(m.name);
}

/**
 * Turns a non-zero Status into a typed error. `isAuthentication` changes what codes 2-4 mean:
 * for Authenticate they are credential problems, elsewhere they are per-service codes.
 */
export function envelopeError(
  envelope: Envelope,
  operation: string,
  isAuthentication: boolean,
  secrets: readonly string[],
): CityworksError {
  const messages = toMessages(envelope, secrets);
  const detail = redactSecrets(describe(messages, envelope.Message), secrets);
  const base = { operation, messages, cityworksStatus: envelope.Status };

  if (envelope.Status === STATUS_UNAUTHORIZED) {
    return new CityworksError({
      ...base,
      kind: 'unauthorized',
      retryable: true,
      reason: `Cityworks did not accept the session token (${detail}).`,
    });
  }
  if (envelope.Status === STATUS_INVALID_CREDENTIALS || (isAuthentication && envelope.Status === STATUS_ERROR)) {
    const problem = credentialProblem(messages) ?? 'unknown';
    return new CityworksError({
      ...base,
      kind: 'invalid-credentials',
      retryable: false,
      credentialProblem: problem,
      reason: CREDENTIAL_REASONS[problem],
    });
  }
  if (messages.some(isPermission)) {
    return new CityworksError({
      ...base,
      kind: 'permission',
      retryable: false,
      reason: `The Cityworks user may not do this (${detail}); grant the integration user the right in Cityworks.`,
    });
  }
  if (messages.length > 0 && messages.every(isNotFound)) {
    return new CityworksError({
      ...base,
      kind: 'not-found',
      retryable: false,
      reason: `Cityworks does not know this record (${detail}).`,
    });
  }
  return new CityworksError({
    ...base,
    kind: 'validation',
    retryable: false,
    reason: `Cityworks refused the request: ${detail}.`,
  });
}
