import type { Polygon } from 'geojson';
import type { Prisma } from '@/generated/prisma/client';
import type { Db } from '@/lib/db';
import { ingestGeography } from '@/lib/geo/ingest';
import { syncCategories } from '@/lib/sync/sync-categories';
import { syncQuestions } from '@/lib/sync/sync-questions';

/**
 * The demo city's agencies, their service areas and their categories, so a fresh `npm start` takes a
 * citizen report without any set-up. The areas cover the ArcGIS emulator's downtown Springfield
 * streets (emulators/arcgis/addresses.ts: lon -89.6545..-89.6445, lat 39.7954..39.8022).
 *
 * - Public Works: downtown, with a hole over the Capitol grounds (state-maintained: no city street
 *   categories there; "W Capitol Ave" at -89.6525, 39.7969 lies in it).
 * - Code Enforcement & Forestry: the whole city, no hole, so the grounds still get its categories.
 *
 * Only what is missing is created: an organization that already has agencies, or an integration that
 * already has categories, is left as it is (a person may have changed them).
 */

const ring = (coords: Array<[number, number]>): Array<[number, number]> => [...coords, coords[0]!];

export const CAPITOL_GROUNDS: Polygon = {
  type: 'Polygon',
  coordinates: [ring([[-89.6540, 39.7960], [-89.6540, 39.7976], [-89.6510, 39.7976], [-89.6510, 39.7960]])],
};

const DEMO_AGENCIES: Array<{ name: string; file: string; geometry: Polygon; categories: string[] }> = [
  {
    name: 'Public Works',
    file: 'public-works-downtown.geojson',
    geometry: {
      type: 'Polygon',
      coordinates: [
        // Exterior counter-clockwise, the hole clockwise (RFC 7946).
        ring([[-89.6600, 39.7920], [-89.6390, 39.7920], [-89.6390, 39.8060], [-89.6600, 39.8060]]),
        [...CAPITOL_GROUNDS.coordinates[0]!].reverse() as Array<[number, number]>,
      ],
    },
    categories: ['Pothole', 'Streetlight Out', 'Sidewalk Damage', 'Missed Trash Pickup', 'Water Leak'],
  },
  {
    name: 'Code Enforcement & Forestry',
    file: 'springfield-city-limits.geojson',
    geometry: { type: 'Polygon', coordinates: [ring([[-89.7000, 39.7600], [-89.6000, 39.7600], [-89.6000, 39.8400], [-89.7000, 39.8400]])] },
    categories: ['Graffiti', 'Illegal Dumping', 'Tree Down'],
  },
];

export interface DemoAgenciesResult {
  agenciesCreated: number;
  categoriesSynced: boolean;
  categoriesAssigned: number;
}

export async function seedDemoAgencies(db: Db, organizationId: string): Promise<DemoAgenciesResult> {
  const result: DemoAgenciesResult = { agenciesCreated: 0, categoriesSynced: false, categoriesAssigned: 0 };
  const ids = new Map<string, string>();
  if ((await db.agency.count({ where: { organizationId } })) === 0) {
    for (const a of DEMO_AGENCIES) {
      // Through the same ingest as an upload, so the stored geometry and report are what an upload gives.
      const ingested = await ingestGeography(Buffer.from(JSON.stringify(a.geometry)), a.file);
      const saved = await db.agency.create({
        data: {
          organizationId,
          name: a.name,
          geography: json(ingested.geometry),
          bbox: ingested.bbox,
          geographyFileName: a.file,
          geographyReport: json({ ingest: ingested.report, overlaps: [] }),
          geographyUpdatedAt: new Date(),
        },
      });
      ids.set(a.name, saved.id);
      result.agenciesCreated++;
    }
  }

  const integration = await db.integration.findFirst({ where: { organizationId }, select: { id: true } });
  if (!integration) return result;
  if ((await db.requestType.count({ where: { integrationId: integration.id } })) === 0) {
    // The same sync the worker runs on schedule, done once now so the first visitor sees categories.
    await syncCategories(db, integration.id);
    await syncQuestions(db, integration.id);
    result.categoriesSynced = true;
  }
  // Only on the first seed (agencies just created) and only categories nobody assigned yet.
  for (const a of DEMO_AGENCIES) {
    const agencyId = ids.get(a.name);
    if (!agencyId) continue;
    const { count } = await db.requestType.updateMany({
      where: { organizationId, integrationId: integration.id, name: { in: a.categories }, agencyId: null },
      data: { agencyId },
    });
    result.categoriesAssigned += count;
  }
  return result;
}

function json(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
