import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { clientAddress } from '@/lib/http/client-address';
import { authenticateUser } from './authenticate';
import { safeAuthRedirect } from './safe-callback';

// next-auth ships CommonJS: under Node's own ESM loader (scripts, benchmarks) the default import is
// the module object; under Next's bundler it is the function.
const Credentials = (CredentialsProvider as unknown as { default?: typeof CredentialsProvider }).default ?? CredentialsProvider;

const credentials = z.object({ email: z.string().trim().email(), password: z.string().min(1).max(1024) });

export const LOGIN_ERRORS = {
  invalid: 'Wrong email or password.',
  'rate-limited': 'Too many failed sign-in attempts. Wait 15 minutes and try again.',
} as const;

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
  pages: { signIn: '/login' },
  providers: [
    Credentials({
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw, req) {
        const parsed = credentials.safeParse(raw);
        if (!parsed.success) throw new Error(LOGIN_ERRORS.invalid);
        const result = await authenticateUser(
          db,
          { ...parsed.data, ip: clientAddress(req?.headers as Record<string, unknown> | undefined) },
          { maxAttempts: env.LOGIN_MAX_ATTEMPTS, windowSeconds: env.LOGIN_WINDOW_SECONDS },
        );
        // next-auth passes a thrown message to the sign-in form as `error`.
        if (!result.ok) throw new Error(LOGIN_ERRORS[result.reason]);
        return result.user;
      },
    }),
  ],
  callbacks: {
    // Only paths of this site, whatever callbackUrl the sign-in form or a link carried.
    redirect: safeAuthRedirect,
    // The session names the user and the password it was opened with (lib/auth/session-stamp.ts).
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.stamp = (user as { sessionStamp?: string }).sessionStamp;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) Object.assign(session.user, { id: token.sub, stamp: typeof token.stamp === 'string' ? token.stamp : undefined });
      return session;
    },
  },
};
