import { decode, encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { env } from '@/lib/env';
import { renewedSessionCookie } from '@/lib/auth/session-cookie';

const HOUR = 3600;

async function sessionCookie(claims: Record<string, unknown>, secret = env.NEXTAUTH_SECRET): Promise<string> {
  return encode({ token: claims, secret, maxAge: HOUR });
}

describe('the session cookie re-issued after a password change', () => {
  it('keeps the session (user, name, email) and carries the new stamp, under the name and security the browser sent', async () => {
    const value = await sessionCookie({ sub: 'user-1', email: 'sam@example.org', name: 'Sam', stamp: 'old' });
    for (const name of ['next-auth.session-token', '__Secure-next-auth.session-token']) {
      const cookie = await renewedSessionCookie(`theme=dark; ${name}=${value}; other=1`, 'new', 8 * HOUR);
      expect(cookie).toMatchObject({ name, options: { httpOnly: true, sameSite: 'lax', path: '/', secure: name.startsWith('__Secure-') } });
      const token = await decode({ token: cookie!.value, secret: env.NEXTAUTH_SECRET });
      expect(token).toMatchObject({ sub: 'user-1', email: 'sam@example.org', name: 'Sam', stamp: 'new' });
      expect(cookie!.options.expires.getTime()).toBeGreaterThan(Date.now() + 7.9 * HOUR * 1000);
    }
  });

  it('re-issues nothing without a session cookie, or for one it cannot read (another secret, tampered)', async () => {
    expect(await renewedSessionCookie(null, 'new', HOUR)).toBeNull();
    expect(await renewedSessionCookie('theme=dark', 'new', HOUR)).toBeNull();
    const foreign = await sessionCookie({ sub: 'user-1', stamp: 'old' }, 'another secret entirely, 32 bytes or more');
    expect(await renewedSessionCookie(`next-auth.session-token=${foreign}`, 'new', HOUR)).toBeNull();
    const genuine = await sessionCookie({ sub: 'user-1', stamp: 'old' });
    const tampered = genuine.slice(0, -4) + (genuine.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(await renewedSessionCookie(`next-auth.session-token=${tampered}`, 'new', HOUR)).toBeNull();
  });
});
