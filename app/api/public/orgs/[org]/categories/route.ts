import { NextResponse } from 'next/server';
import { z } from 'zod';
import { db } from '@/lib/db';
import { notFound } from '@/lib/http/errors';
import { publicRoute } from '@/lib/http/route';
import { categoriesAtPoint } from '@/lib/routing/categories-at-point';

const querySchema = z.object({
  lat: z.coerce.number().min(-90).max(90),
  lng: z.coerce.number().min(-180).max(180),
});

/**
 * Public (no session): the categories a citizen may report at a point. Only non-hidden request types,
 * and only their id and name: nothing about integrations, remote codes or agency geographies.
 */
export const GET = publicRoute<{ org: string }>(async (req, { params }) => {
  const url = new URL(req.url);
  const { lat, lng } = querySchema.parse({ lat: url.searchParams.get('lat') ?? undefined, lng: url.searchParams.get('lng') ?? undefined });
  const org = await db.organization.findUnique({ where: { slug: params.org }, select: { id: true } });
  if (!org) throw notFound('Organization');
  const categories = await categoriesAtPoint(org.id, lng, lat);
  return NextResponse.json({ categories: categories.map((c) => ({ id: c.id, name: c.name })) }, { headers: { 'cache-control': 'no-store' } });
});
