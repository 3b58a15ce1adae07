import { NextResponse } from 'next/server';
import { z } from 'zod';
import { db } from '@/lib/db';
import { loadPublicIssue } from '@/lib/crm/public-issue';
import { notFound } from '@/lib/http/errors';
import { publicRoute } from '@/lib/http/route';

const numberSchema = z.coerce.number().int().positive();

/** Public: an issue as anyone may see it (lib/crm/public-issue.ts decides what that is). */
export const GET = publicRoute<{ org: string; number: string }>(async (_req, { params }) => {
  const n = numberSchema.safeParse(params.number);
  if (!n.success) throw notFound('Issue');
  const org = await db.organization.findUnique({ where: { slug: params.org }, select: { id: true } });
  if (!org) throw notFound('Organization');
  const issue = await loadPublicIssue(db, org.id, n.data);
  if (!issue) throw notFound('Issue');
  return NextResponse.json({ issue }, { headers: { 'cache-control': 'no-store' } });
});
