import { NextResponse } from 'next/server';
import { z } from 'zod';
import { redeemPasswordLink } from '@/lib/auth/password-links';
import { db } from '@/lib/db';
import { readJson } from '@/lib/http/body';
import { publicRoute } from '@/lib/http/route';

const body = z.object({ token: z.string().max(200), password: z.string().max(2048) });

/** Public: the link's 256-bit random token is the credential, spent on success. */
export const POST = publicRoute(async (req) => {
  const input = await readJson(req, body);
  const { email } = await redeemPasswordLink(db, input.token, input.password);
  return NextResponse.json({ email });
});
