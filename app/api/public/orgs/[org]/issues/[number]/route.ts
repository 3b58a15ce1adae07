import { NextResponse } from 'next/server';
import { z } from 'zod';
import { db } from '@/lib/db';
import { loadPublicIssue } from '@/lib/crm/public-issue';
import { notFound } from '@/lib/http/errors';
import { errorResponse } from '@/lib/http/route';

const numberSchema = z.coerce.number().int().positive();

/** Public: an issue as anyone may see it (lib/crm/public-issue.ts decides what that is). */
export async function GET(_req: Request, ctx: { params: Promise<{ org: string; number: string }> }): Promise<Response> {
  try {
    const { org: slug, number } = await ctx.params;
    const n = numberSchema.safeParse(number);
    if (!n.success) throw notFound('Issue');
    const org = await db.organization.findUnique({ where: { slug }, select: { id: true } });
    if (!org) throw notFound('Organization');
    const issue = await loadPublicIssue(db, org.id, n.data);
    if (!issue) throw notFound('Issue');
    return NextResponse.json({ issue }, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
