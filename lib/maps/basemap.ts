import { z } from 'zod';
import { Prisma } from '@/generated/prisma/client';
import { audit } from '@/lib/audit';
import type { Actor } from '@/lib/auth/roles';
import { db } from '@/lib/db';

/**
 * The basemap drawn under every map: an XYZ tile template (OpenStreetMap-style `{z}/{x}/{y}`) or a
 * city's own ArcGIS tiled MapServer (its cache is `/tile/{level}/{row}/{column}`). Each organization
 * may choose one; otherwise the deployment default from the environment (BASEMAP_URL and
 * BASEMAP_ATTRIBUTION) applies, and without that the maps show no basemap.
 */

const httpUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => {
    try {
      const u = new URL(v.replace(/\{[a-z]\}/g, '0'));
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'Enter an http(s) address');

export const basemapSettingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('xyz'),
    url: httpUrl.refine((v) => v.includes('{z}') && v.includes('{x}') && v.includes('{y}'), 'A tile template must contain {z}, {x} and {y}'),
    attribution: z.string().trim().min(1, 'Say whose map it is (the tile provider requires it)').max(300),
  }),
  z.object({
    kind: z.literal('arcgis'),
    url: httpUrl.refine((v) => /\/MapServer\/?$/i.test(v), 'Enter the MapServer address, ending in /MapServer'),
    attribution: z.string().trim().min(1, 'Say whose map it is').max(300),
  }),
]);

export type BasemapSetting = z.infer<typeof basemapSettingSchema>;

/** What a map needs: a Leaflet tile URL template and the attribution text. */
export interface Basemap {
  tileUrl: string;
  attribution: string;
  source: 'organization' | 'deployment';
}

export function tileUrlOf(setting: BasemapSetting): string {
  return setting.kind === 'xyz' ? setting.url : `${setting.url.replace(/\/+$/, '')}/tile/{z}/{y}/{x}`;
}

/** BASEMAP_URL: an XYZ template, or an ArcGIS MapServer address. Invalid values are ignored with a warning. */
export function deploymentBasemapSetting(environment: Readonly<Record<string, string | undefined>> = process.env): BasemapSetting | null {
  const url = environment.BASEMAP_URL?.trim();
  if (!url) return null;
  const attribution = environment.BASEMAP_ATTRIBUTION?.trim() || new URL(url.replace(/\{[a-z]\}/g, '0')).host;
  const parsed = basemapSettingSchema.safeParse({ kind: url.includes('{z}') ? 'xyz' : 'arcgis', url, attribution });
  if (!parsed.success) {
    console.warn(`BASEMAP_URL ignored: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    return null;
  }
  return parsed.data;
}

function stored(value: Prisma.JsonValue | null): BasemapSetting | null {
  if (value === null) return null;
  const parsed = basemapSettingSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export async function organizationBasemapSetting(organizationId: string): Promise<BasemapSetting | null> {
  const org = await db.organization.findUnique({ where: { id: organizationId }, select: { basemap: true } });
  return stored(org?.basemap ?? null);
}

export async function basemapFor(organizationId: string): Promise<Basemap | null> {
  const own = await organizationBasemapSetting(organizationId);
  if (own) return { tileUrl: tileUrlOf(own), attribution: own.attribution, source: 'organization' };
  const fallback = deploymentBasemapSetting();
  return fallback ? { tileUrl: tileUrlOf(fallback), attribution: fallback.attribution, source: 'deployment' } : null;
}

/** The origins the maps load tile images from, for the Content-Security-Policy's img-src. */
export function basemapImageOrigins(settings: ReadonlyArray<BasemapSetting | null>): string[] {
  const out = new Set<string>();
  for (const s of settings) if (s) out.add(new URL(tileUrlOf(s).replace(/\{[a-z]\}/g, '0')).origin);
  return [...out];
}

/** Sets (or with null, clears back to the deployment default) the organization's basemap; audited. */
export async function setOrganizationBasemap(actor: Actor, organizationId: string, setting: BasemapSetting | null): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { basemap: true } });
    // Prisma writes SQL NULL to a Json? column only when told so explicitly (DbNull).
    await tx.organization.update({ where: { id: organizationId }, data: { basemap: setting ?? Prisma.DbNull } });
    await audit(tx, actor, {
      organizationId,
      action: 'organization.basemap.set',
      entityType: 'Organization',
      entityId: organizationId,
      changes: { basemap: { old: (before.basemap ?? null) as Prisma.InputJsonValue | null, new: setting } },
    });
  });
}
