import { NextResponse } from 'next/server';
import { z } from 'zod';
import { redeemPasswordLink } from '@/lib/auth/password-links';
import { db } from '@/lib/db';
import { errorResponse } from '@/lib/http/route';
import { readJson } from '@/lib/integrations/read-json';

const body = z.object({ token: z.string().max(200), password: z.string().max(2048) });

/** Public: the link's 256-bit random token is the credential, spent on success. */
export async function POST(req: Request): Promise<Response> {
  try {
    const input = body.parse(await readJson(req));
    const { email } = await redeemPasswordLink(db, input.token, input.password);
    return NextResponse.json({ email });
  } catch (err) {
    return errorResponse(err);
  }
}
