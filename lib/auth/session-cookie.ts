import { decode, encode } from 'next-auth/jwt';
import { env } from '@/lib/env';

/** next-auth's session cookie, under https and under http (lib/auth/options.ts keeps its defaults). */
const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;

export interface SessionCookie {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: 'lax'; path: '/'; secure: boolean; expires: Date };
}

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The request's own session, re-issued with a new password stamp (lib/auth/session-stamp.ts): the
 * session that changed the password carries on while every other one ends. Null when the request
 * has no session cookie we can read (then that session ends too, and its owner signs in again).
 */
export async function renewedSessionCookie(cookieHeader: string | null, stamp: string, maxAgeSeconds: number): Promise<SessionCookie | null> {
  for (const name of SESSION_COOKIES) {
    const value = readCookie(cookieHeader, name);
    if (!value) continue;
    // A cookie we cannot read (another secret, tampered) makes decode throw: no session to keep.
    const token = await decode({ token: value, secret: env.NEXTAUTH_SECRET }).catch(() => null);
    if (!token?.sub) return null;
    const renewed = await encode({ token: { ...token, stamp }, secret: env.NEXTAUTH_SECRET, maxAge: maxAgeSeconds });
    return {
      name,
      value: renewed,
      options: { httpOnly: true, sameSite: 'lax', path: '/', secure: name.startsWith('__Secure-'), expires: new Date(Date.now() + maxAgeSeconds * 1000) },
    };
  }
  return null;
}
