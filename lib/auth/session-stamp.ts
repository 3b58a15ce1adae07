import { createHmac } from 'node:crypto';
import { env } from '@/lib/env';

/**
 * What a session carries of the password it was opened with: a keyed digest of the stored hash.
 * A new password (changed by its owner, or set through a link) changes the stamp, and every
 * session opened with the old one ends at its next request. Keyed with the session secret, so the
 * stamp, which the session endpoint shows the browser, tells nothing about the hash.
 */
export function sessionStamp(passwordHash: string | null): string {
  return createHmac('sha256', env.NEXTAUTH_SECRET)
    .update(`civic-bridge session\0${passwordHash ?? ''}`)
    .digest('base64url')
    .slice(0, 22);
}
