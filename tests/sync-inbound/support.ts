import type { MultiPolygon } from 'geojson';
import { startCityworksEmulator, type CityworksEmulator } from '@/emulators/cityworks/server';
import { db } from '@/lib/db';
import type { IntegrationSettings } from '@/lib/integrations/settings';
import { setIntegrationSecret } from '@/lib/secrets/integration-secrets';
import { createOrganizationWithUsers } from '../support/fixtures';

/** Springfield: an agency square with a hole in the middle (a park, say), in WGS84. */
export const AGENCY_SQUARE: MultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [[-89.7, 39.75], [-89.6, 39.75], [-89.6, 39.85], [-89.7, 39.85], [-89.7, 39.75]],
      [[-89.66, 39.79], [-89.66, 39.81], [-89.64, 39.81], [-89.64, 39.79], [-89.66, 39.79]],
    ],
  ],
};
export const INSIDE = { lon: -89.68, lat: 39.77 };
export const IN_HOLE = { lon: -89.65, lat: 39.8 };
export const OUTSIDE = { lon: -89.5, lat: 39.8 };

export interface Fixture {
  emulator: CityworksEmulator;
  organizationId: string;
  organizationTitle: string;
  integrationId: string;
  agencyId: string;
  /** The staff API of the emulator (the city's side), over HTTP. */
  staff<T = Record<string, unknown>>(path: string, body?: unknown): Promise<T>;
}

export async function setUp(title: string, settings: Partial<IntegrationSettings> = {}, mode: 'SERVICE_REQUESTS' | 'WORK_ORDERS' | 'BOTH' = 'SERVICE_REQUESTS'): Promise<Fixture> {
  const emulator = await startCityworksEmulator({ port: 0, version: '15.8' });
  const { org } = await createOrganizationWithUsers(db, title);
  const agency = await db.agency.create({
    data: { organizationId: org.id, name: 'Streets', geography: AGENCY_SQUARE as object, bbox: [-89.7, 39.75, -89.6, 39.85], geographyUpdatedAt: new Date() },
  });
  const integration = await db.integration.create({
    data: { organizationId: org.id, version: 'V15_8', mode, environment: 'TEST', testEndpointUrl: emulator.url, testLoginName: 'api311', srid: 3857, settings: settings as object },
  });
  await setIntegrationSecret(db, integration.id, 'TEST_PASSWORD', 'Springfield!311');
  const staffBase = `${emulator.url}/_staff`;
  return {
    emulator,
    organizationId: org.id,
    organizationTitle: org.title,
    integrationId: integration.id,
    agencyId: agency.id,
    async staff<T>(path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${staffBase}/${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`staff ${path}: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
  };
}

/**
 * An issue acknowledged by Cityworks, as the outbound sync leaves it: an SR created through the
 * staff API stands in for the one submit-issue created, linked to a local issue.
 */
export async function acknowledgedIssue(f: Fixture, opts: { problemSid?: number } = {}): Promise<{ issueId: string; requestId: number; number: number }> {
  const sr = await f.staff<{ RequestId: number }>('requests', { ProblemSid: opts.problemSid ?? 101, lon: INSIDE.lon, lat: INSIDE.lat, Details: 'Deep hole', InitiatedByApp: 'CivicBridge' });
  const issue = await db.issue.create({
    data: { organizationId: f.organizationId, status: 'ACKNOWLEDGED', summary: 'Pothole', lat: INSIDE.lat, lng: INSIDE.lon, acknowledgedAt: new Date() },
  });
  await db.remoteLink.create({ data: { integrationId: f.integrationId, issueId: issue.id, environment: 'TEST', remoteKind: 'SERVICE_REQUEST', remoteId: String(sr.RequestId), remoteStatus: 'OPEN' } });
  return { issueId: issue.id, requestId: sr.RequestId, number: issue.number };
}

export function commentsOf(issueId: string) {
  return db.comment.findMany({ where: { issueId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], include: { media: true } });
}
