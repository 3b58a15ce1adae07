import { NextResponse } from 'next/server';
import { changeOwnName } from '@/lib/auth/account';
import { db } from '@/lib/db';
import { authedRoute } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';

// One's own account: being signed in is the authorization.
export const PATCH = authedRoute(async (req, { actor }) => NextResponse.json(await changeOwnName(db, actor, await readJson(req))));
