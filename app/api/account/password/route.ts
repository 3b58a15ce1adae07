import { NextResponse } from 'next/server';
import { changeOwnPassword } from '@/lib/auth/account';
import { db } from '@/lib/db';
import { authedRoute } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';

export const POST = authedRoute(async (req, { actor }) => {
  await changeOwnPassword(db, actor, await readJson(req));
  return NextResponse.json({ ok: true });
});
