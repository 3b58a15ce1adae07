import { NextResponse } from 'next/server';
import { changeOwnPassword } from '@/lib/auth/account';
import { authOptions } from '@/lib/auth/options';
import { renewedSessionCookie } from '@/lib/auth/session-cookie';
import { db } from '@/lib/db';
import { authedRoute } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';

export const POST = authedRoute(async (req, { actor }) => {
  const { sessionStamp } = await changeOwnPassword(db, actor, await readJson(req));
  const res = NextResponse.json({ ok: true });
  // Every other session of this person ends with the old password; this one carries on.
  const cookie = await renewedSessionCookie(req.headers.get('cookie'), sessionStamp, authOptions.session?.maxAge ?? 8 * 60 * 60);
  if (cookie) res.cookies.set(cookie.name, cookie.value, cookie.options);
  return res;
});
