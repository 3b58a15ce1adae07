import { NextResponse } from 'next/server';
import { z } from 'zod';
import { db } from '@/lib/db';
import { reportFormFor } from '@/lib/crm/report-form';
import { notFound } from '@/lib/http/errors';
import { publicRoute } from '@/lib/http/route';

const querySchema = z.object({ category: z.string().min(1) });

/** Public: the questions a reporter answers for one category, in order, with their answer options. */
export const GET = publicRoute<{ org: string }>(async (req, { params }) => {
  const { category } = querySchema.parse({ category: new URL(req.url).searchParams.get('category') ?? undefined });
  const org = await db.organization.findUnique({ where: { slug: params.org }, select: { id: true } });
  if (!org) throw notFound('Organization');
  const form = await reportFormFor(db, org.id, category);
  if (!form) throw notFound('Category');
  return NextResponse.json({ form }, { headers: { 'cache-control': 'no-store' } });
});
