import type { IntegrationEnvironment } from '@/generated/prisma/enums';
import type { Actor } from '@/lib/auth/roles';
import type { Db } from '@/lib/db';
import { audit } from '@/lib/audit';
import { canTestIntegrationConnection } from '@/lib/auth/permissions';
import { isCityworksError, type CityworksClient } from '@/lib/cityworks';
import { badRequest, forbidden } from '@/lib/http/errors';
import { clientForEnvironment, type ClientOptions } from '@/lib/sync/session';
import { describeConnectionFailure, type ConnectionOutcome } from './connection-failures';
import { testConnectionSchema } from './connection-schema';
import { findIntegration } from './integration-record';
import { readServerVersion } from './server-version';
import { organizationPoint, sridRoundTrip, type SridRoundTrip } from './srid-round-trip';
import { AUDIT_ENTITY } from './update-integration';
import { clientVersion } from './versions';
import { readSettings } from './settings';

export type CheckState = 'ok' | 'failed' | 'warning' | 'skipped';

export interface ConnectionCheck {
  name: string;
  state: CheckState;
  message: string;
}

export interface ConnectionTestResult {
  environment: IntegrationEnvironment;
  ok: boolean;
  outcome: ConnectionOutcome | 'incomplete';
  title: string;
  advice: string;
  detail: string | null;
  serverVersion: string | null;
  siteWkid: number | null;
  writePermission: 'not-refused' | 'refused' | 'not-checked';
  srid: SridRoundTrip | null;
  checks: ConnectionCheck[];
  testedAt: string;
}

// Short enough that an admin waiting on the button gets an answer, long enough for a slow server.
const TEST_TIMEOUT_MS = 15_000;

/**
 * "Test connection" for one environment, with the stored credentials: sign in, read problems
 * (Service Requests) and/or templates (Work Orders), read the server version and the site WKID,
 * check the configured SRID by a round trip, and probe write permission with a call that cannot
 * change anything. The first failure stops the test and says what to do.
 */
export async function testConnection(
  deps: { db: Db; actor: Actor; organizationId: string; client?: ClientOptions },
  raw: unknown,
): Promise<ConnectionTestResult> {
  const { db, actor, organizationId } = deps;
  if (!canTestIntegrationConnection(actor, organizationId)) throw forbidden();
  const { environment } = testConnectionSchema.parse(raw);
  const row = await findIntegration(db, organizationId);
  if (!row) throw badRequest('Save the connection and credentials before testing them.');
  const testedAt = new Date().toISOString();
  const setup = await clientForEnvironment(db, row, environment, { timeoutMs: TEST_TIMEOUT_MS, ...deps.client });
  const base = { environment, serverVersion: null, siteWkid: null, writePermission: 'not-checked' as const, srid: null, testedAt };

  let result: ConnectionTestResult;
  if (!setup.ok) {
    result = {
      ...base,
      ok: false,
      outcome: 'incomplete',
      title: 'The credentials are incomplete',
      advice: `Enter the ${setup.missing.join(', ')} for the ${environment === 'TEST' ? 'test' : 'production'} environment, save, and test again.`,
      detail: null,
      checks: [],
    };
  } else {
    const settings = readSettings(row.settings);
    result = await runChecks(setup.client, {
      ...base,
      mode: row.mode,
      srid: row.srid,
      point: await organizationPoint(db, organizationId),
      versionProbe: () => readServerVersion({ baseUrl: setup.endpointUrl, version: clientVersion(row.version), timeoutMs: TEST_TIMEOUT_MS, ...deps.client }),
      workOrderEntityType: settings.workOrderEntityType,
      workOrderTemplates: settings.workOrderTemplates,
    });
  }

  await db.$transaction(async (tx) => {
    await audit(tx, actor, {
      organizationId,
      action: 'integration.connection.test',
      entityType: AUDIT_ENTITY,
      entityId: row.id,
      changes: { environment, outcome: result.outcome, ...(result.serverVersion ? { serverVersion: result.serverVersion } : {}) },
    });
    // A successful sign-in with these credentials clears the auth circuit breaker for the active environment.
    if (result.ok && environment === row.environment && row.authFailingSince) {
      await tx.integration.update({ where: { id: row.id }, data: { authFailingSince: null, authFailureReason: null } });
    }
  });
  return result;
}

interface RunInput {
  environment: IntegrationEnvironment;
  testedAt: string;
  mode: 'SERVICE_REQUESTS' | 'WORK_ORDERS' | 'BOTH';
  srid: number;
  point: { lon: number; lat: number } | null;
  versionProbe: () => Promise<string>;
  workOrderEntityType: string;
  workOrderTemplates: readonly string[];
}

async function runChecks(client: CityworksClient, input: RunInput): Promise<ConnectionTestResult> {
  const checks: ConnectionCheck[] = [];
  let serverVersion: string | null = null;
  let siteWkid: number | null = null;
  let writePermission: ConnectionTestResult['writePermission'] = 'not-checked';
  const common = { environment: input.environment, testedAt: input.testedAt };
  const usesRequests = input.mode !== 'WORK_ORDERS';
  const usesWorkOrders = input.mode !== 'SERVICE_REQUESTS';

  try {
    await client.authenticate();
    checks.push({ name: 'Sign in', state: 'ok', message: 'Cityworks accepted the user name and password.' });

    if (usesRequests) {
      const problems = await client.serviceRequests.problems({ forPublicOnly: true });
      checks.push({ name: 'Read request types', state: problems.length > 0 ? 'ok' : 'warning', message: problems.length > 0 ? `${problems.length} public problems.` : 'No public problems: mark the problems to offer as ForPublicWebsite in Cityworks.' });
    }
    let readableTemplates: string[] = [];
    if (usesWorkOrders) {
      const templates = await client.workOrders.templates({ entityType: input.workOrderEntityType });
      readableTemplates = templates.map((t) => t.templateId);
      checks.push({ name: 'Read work order templates', state: templates.length > 0 ? 'ok' : 'warning', message: templates.length > 0 ? `${templates.length} templates for ${input.workOrderEntityType}.` : `No templates for entity type ${input.workOrderEntityType}.` });
    }

    try {
      serverVersion = await input.versionProbe();
      checks.push({ name: 'Server version', state: 'ok', message: `Cityworks ${serverVersion}.` });
    } catch (err) {
      if (!isCityworksError(err)) throw err;
      checks.push({ name: 'Server version', state: 'warning', message: `The server did not report its version (${err.reason}).` });
    }

    const prefs = await client.preferences();
    siteWkid = prefs.spatialReference;
    checks.push({
      name: 'Site spatial reference',
      state: siteWkid === null || siteWkid === input.srid ? 'ok' : 'warning',
      message:
        siteWkid === null
          ? 'The site has no spatial reference set.'
          : siteWkid === input.srid
            ? `Site WKID ${siteWkid}, the same as the configured SRID.`
            : `Site WKID ${siteWkid}, but the integration is set to SRID ${input.srid}. Confirm which one Cityworks expects for X/Y.`,
    });

    if (usesRequests) {
      writePermission = await probeWritePermission(client);
      checks.push({ name: 'Write permission', state: 'ok', message: 'Cityworks did not refuse an update (checked on a request id that cannot exist, so nothing changed).' });
    }
    if (usesWorkOrders) {
      const probe = await probeWorkOrderCreate(client, input.workOrderEntityType, input.workOrderTemplates, readableTemplates);
      checks.push(probe.check);
      if (probe.refused) {
        writePermission = 'refused';
        return {
          ...common,
          ok: false,
          outcome: 'permission',
          title: 'The Cityworks user may not create these work orders',
          advice: 'The user signed in and can read work order templates, but Cityworks lists none it may create from. Give it the right to create work orders from the chosen templates in Cityworks.',
          detail: probe.check.message,
          serverVersion,
          siteWkid,
          writePermission,
          srid: null,
          checks,
        };
      }
      if (!usesRequests) writePermission = 'not-refused';
    }
  } catch (err) {
    if (!isCityworksError(err)) throw err;
    const failure = describeConnectionFailure(err);
    if (failure.outcome === 'permission') writePermission = 'refused';
    checks.push({ name: stepName(err.operation), state: 'failed', message: failure.detail });
    return { ...common, ok: false, outcome: failure.outcome, title: failure.title, advice: failure.advice, detail: failure.detail, serverVersion, siteWkid, writePermission, srid: null, checks };
  }

  const srid = sridRoundTrip(input.srid, input.point);
  checks.push({ name: 'SRID round trip', state: srid.ok ? 'ok' : 'failed', message: srid.message + (srid.pointSource === 'fallback' ? ' (No agency geography yet: a point in the central United States was used.)' : '') });
  const ok = srid.ok;
  return {
    ...common,
    ok,
    outcome: 'success',
    title: ok ? 'Connected to Cityworks' : 'Connected, but the SRID needs attention',
    advice: ok
      ? `Signed in${serverVersion ? ` to Cityworks ${serverVersion}` : ''}${siteWkid !== null ? `; site WKID ${siteWkid}` : ''}.`
      : 'Cityworks answered, but coordinates could not be projected reliably. Check the SRID.',
    detail: null,
    serverVersion,
    siteWkid,
    writePermission,
    srid,
    checks,
  };
}

/**
 * Cityworks has no "may I create?" call. Updating a request id that cannot exist is refused for
 * permission before the record is looked up when the user may not write, and answered "not found"
 * when it may; either way nothing changes.
 */
async function probeWritePermission(client: CityworksClient): Promise<'not-refused'> {
  try {
    await client.serviceRequests.update({ requestId: 0 });
  } catch (err) {
    if (isCityworksError(err) && (err.kind === 'not-found' || err.kind === 'validation')) return 'not-refused';
    throw err;
  }
  return 'not-refused';
}

/**
 * Work orders have no harmless write to probe with, so ask Cityworks which templates this user may
 * create from (`Templates` with `CanCreate`): nothing is created. Refused when none of the chosen
 * templates (or, before any is chosen, none of the readable ones) may be created from.
 */
async function probeWorkOrderCreate(
  client: CityworksClient,
  entityType: string,
  chosen: readonly string[],
  readable: readonly string[],
): Promise<{ refused: boolean; check: ConnectionCheck }> {
  const name = 'Work order create permission';
  const creatable = new Set((await client.workOrders.templates({ entityType, canCreate: true })).map((t) => t.templateId));
  const wanted = chosen.length > 0 ? chosen : readable;
  if (wanted.length === 0) return { refused: false, check: { name, state: 'skipped', message: `No work order template for ${entityType} to check.` } };
  const allowed = wanted.filter((id) => creatable.has(id));
  if (allowed.length === 0) {
    const which = chosen.length > 0 ? `the chosen templates (${chosen.join(', ')})` : `the ${readable.length} templates for ${entityType}`;
    return { refused: true, check: { name, state: 'failed', message: `Cityworks lets this user create work orders from none of ${which}.` } };
  }
  const denied = wanted.filter((id) => !creatable.has(id));
  if (denied.length > 0 && chosen.length > 0) {
    return { refused: false, check: { name, state: 'warning', message: `May create from ${allowed.join(', ')}, but not from ${denied.join(', ')} (not listed for ${entityType} or not permitted).` } };
  }
  return { refused: false, check: { name, state: 'ok', message: chosen.length > 0 ? `May create work orders from every chosen template (${allowed.join(', ')}).` : `May create work orders from ${allowed.length} templates for ${entityType}.` } };
}

function stepName(operation: string): string {
  if (operation.startsWith('Authentication') || operation.includes('Authenticate')) return 'Sign in';
  if (operation.includes('Problems')) return 'Read request types';
  if (operation.includes('Templates')) return 'Read work order templates';
  if (operation.includes('Preferences')) return 'Site spatial reference';
  if (operation.includes('Update')) return 'Write permission';
  return operation;
}
