import type { Job, PgBoss } from 'pg-boss';
import type { Integration } from '@/generated/prisma/client';
import type { RemoteKind } from '@/generated/prisma/enums';
import { reverseGeocode } from '@/lib/arcgis';
import type { CityworksClient } from '@/lib/cityworks';
import { ACKNOWLEDGEABLE_STATUSES } from '@/lib/crm/issue-status';
import { GroupCommit } from '@/lib/database/group-commit';
import { newRowId } from '@/lib/database/row-id';
import { botNameOf } from '@/lib/organizations/bot-member';
import { publicMediaUrl } from '@/lib/crm/media-input';
import type { Db } from '@/lib/db';
import { queues, submitGroup } from '@/lib/jobs/queues';
import { sendSubmitComments, sendSubmitIssue, type Tx } from '@/lib/jobs/send';
import { renderMessage } from '@/lib/integrations/messages';
import { readSettings } from '@/lib/integrations/settings';
import { geocoderAccess } from '@/lib/integrations/geocoder-access';
import { buildCreateRequest, otherSystemIdFor, workOrderIssueNumberField } from './build-create-request';
import { CallRecorder, type RecordedStep } from './call-recorder';
import { integrationSession, withCallRecorder } from './session';
import { loadAndMarkSubmissions, type LoadedSubmission } from './load-submissions';
import { addRemoteAttachment, attachmentFileName, findRemoteAttachment } from './remote-target';
import { decide, holdReason, settleFailure } from './submission-outcome';

export interface SubmitDeps {
  db: Db;
  boss: PgBoss;
  /** Tests and benchmarks point the client at an instrumented fetch. */
  fetch?: typeof fetch;
}

export type SubmitIssueJob = Pick<Job<{ submissionId: string; priorRetries?: number }>, 'data'> & { retryCount?: number };

export const REMOTE_KIND_LABEL: Record<RemoteKind, string> = { SERVICE_REQUEST: 'Service Request', WORK_ORDER: 'Work Order' };

type Loaded = LoadedSubmission;

/**
 * Finds the record an earlier attempt may have created before it crashed or lost the answer.
 * Records this issue already had and that ended (canceled or closed in Cityworks, before a
 * recategorization sent it again) carry the same id of ours, so they are passed in and never
 * adopted. Of the rest, the oldest wins: it is the one the first lost attempt created.
 */
async function findExisting(cw: CityworksClient, kind: RemoteKind, issueNumber: number, ended: ReadonlySet<string>, markerField: string): Promise<string | null> {
  const ourId = otherSystemIdFor(issueNumber);
  if (kind === 'SERVICE_REQUEST') {
    if (ended.size === 0) {
      const found = await cw.serviceRequests.byOtherSystemId(ourId);
      return oldestId(found.filter((r) => r.otherSystemId === ourId).map((r) => String(r.requestId)));
    }
    // ByOtherSystemId answers one match, which may be the ended record: list every match instead.
    const ids = await cw.serviceRequests.search({ otherSystemIds: [ourId] });
    return oldestId(ids.map(String).filter((id) => !ended.has(id)));
  }
  // The field the city chose for our issue number (Integrations page, Work orders).
  const ids = await cw.workOrders.search({ filters: { [markerField]: [ourId] } });
  return oldestId(ids.filter((id) => !ended.has(id)));
}

/** Work order ids are strings, numeric on every known install: compare as numbers when they are. */
function oldestId(ids: readonly string[]): string | null {
  const byAge = [...ids].sort((a, b) => {
    const [x, y] = [Number(a), Number(b)];
    return Number.isFinite(x) && Number.isFinite(y) ? x - y : a.localeCompare(b);
  });
  return byAge[0] ?? null;
}

async function endedRemoteIds(db: Db, s: Loaded, kind: RemoteKind): Promise<Set<string>> {
  const rows = await db.remoteLink.findMany({
    where: { issueId: s.issue.id, integrationId: s.integration.id, environment: s.integration.environment, remoteKind: kind, active: false },
    select: { remoteId: true },
  });
  return new Set(rows.map((r) => r.remoteId));
}

async function verifiedAddress(deps: SubmitDeps, integration: Integration, issue: Loaded['issue'], recorder: CallRecorder): Promise<string | null> {
  if (!integration.validateAddress || !integration.geocoderUrl) return null;
  const started = performance.now();
  try {
    const access = await geocoderAccess(deps.db, integration.id, integration.geocoderUrl, deps.fetch ? { fetch: deps.fetch } : {});
    const hit = await reverseGeocode({ url: integration.geocoderUrl, ...access, ...(deps.fetch ? { fetch: deps.fetch } : {}) }, { lon: issue.lng, lat: issue.lat });
    const latencyMs = Math.round(performance.now() - started);
    if (hit?.address) {
      recorder.step({ operation: 'ArcGIS/reverseGeocode', outcome: 'OK', latencyMs, message: `Verified address: ${hit.address}` });
      return hit.address;
    }
    recorder.step({ operation: 'ArcGIS/reverseGeocode', outcome: 'OK', latencyMs, message: 'No address found near the point; using the reported address.' });
  } catch (err) {
    // The address is a nicety; a geocoder outage must not hold the issue back.
    const d = decide(err, 0, 0).decision;
    recorder.step({ operation: 'ArcGIS/reverseGeocode', outcome: 'ERROR', latencyMs: Math.round(performance.now() - started), errorClass: d.errorClass, message: `${d.reason} Using the reported address.` });
  }
  return null;
}

async function createRemote(deps: SubmitDeps, cw: CityworksClient, s: Loaded, recorder: CallRecorder): Promise<string> {
  const { issue, integration } = s;
  const rt = issue.requestType;
  if (!rt?.remoteKind || !rt.remoteCode) throw new TypeError(`Issue #${issue.number} has no integrated category`);
  const image = issue.media[0];
  const request = buildCreateRequest({
    issue,
    category: { remoteKind: rt.remoteKind, remoteCode: rt.remoteCode, name: rt.displayName ?? rt.name },
    integration: { srid: integration.srid, settings: readSettings(integration.settings) },
    organizationTitle: integration.organization.title,
    answers: issue.answers.map((a) => ({ remoteAnswerId: a.answerOption?.remoteAnswerId ?? null, value: a.value, sequence: a.question.sequence })),
    verifiedAddress: await verifiedAddress(deps, integration, issue, recorder),
    imageUrl: image ? publicMediaUrl(image.id) : null,
  });
  if (request.service === 'ServiceRequest/Create') return String((await cw.serviceRequests.create(request.request)).requestId);
  const created = await cw.workOrders.create(request.request);
  if (!created[0]) throw new TypeError('WorkOrder/Create answered no work order');
  return created[0].workOrderId;
}

type LinkRef = { kind: RemoteKind; remoteId: string };

/**
 * What became of one job, as far as its queue is concerned ('failed' is retried with the queue's
 * backoff). `after`: the acknowledgment, which goes on once the job has released its slot.
 */
export type SubmitOutcome = { status: 'completed'; after?: Promise<void> } | { status: 'failed'; error: unknown };

/** One submission of a batch on its way: its timeline, and what the remote step left to record. */
interface Attempt {
  loaded: Loaded;
  attempts: number;
  retryCount: number;
  recorder: CallRecorder;
  sent?: { link: LinkRef; linkToStore: LinkRef | null; attachment: { mediaId: string; remoteAttachmentId: string } | null };
  error?: unknown;
}

const COMPLETED: SubmitOutcome = { status: 'completed' };

/**
 * submit-issue: create the SR or WO (or adopt the one an earlier attempt created), attach the
 * image, acknowledge the issue with the bot's message, and release the issue's queued comments.
 * Each step is skipped when local state says it is done, so a replay after any crash resumes
 * where the last attempt stopped.
 *
 * A fetch hands over a batch of jobs (never more of an integration than its group allows: two per
 * call slot, lib/jobs/queues.ts). One statement loads them all and marks IN_FLIGHT those to send
 * now; then each goes on alone and answers as soon as its remote work is done (one promise per
 * job, in order). Each Cityworks call waits for one of the integration's call slots
 * (lib/sync/call-slots.ts) and gives it back when answered; the job gives its own place back when
 * Cityworks has answered, and the acknowledgment follows outside it (`after`), so a slow call
 * holds nobody else's slot. Acknowledgments are grouped (GroupCommit): those that
 * finish while another is being written share one transaction that stores the links,
 * acknowledges, posts the messages, marks the submissions done and writes the timeline.
 *
 * The Submission row, not the job, is the truth: until that transaction commits it stays
 * IN_FLIGHT. If the process dies in between, the outbox sweep finds an IN_FLIGHT row with no live
 * job and sends it again; the next attempt (> 1) adopts the record by our id instead of creating a
 * second one. A failure stays with its own submission and is settled alone; if a group's
 * transaction fails each attempt is acknowledged on its own instead.
 *
 * Commits are what an attempt waits on (each one a WAL flush), so it makes as few as exactly once
 * allows: the IN_FLIGHT mark, then the acknowledging transaction. Only an issue with an image
 * stores its link first, so the upload that follows is never repeated by a replay.
 */
export function startSubmissions(deps: SubmitDeps, jobs: readonly SubmitIssueJob[], loaded?: readonly LoadedSubmission[]): Promise<SubmitOutcome>[] {
  const prepared = prepareAttempts(deps, jobs, loaded);
  const sessions = new Map<string, Promise<CityworksClient>>();
  const sessionOf = ({ integration, passwordStamp }: Loaded) => {
    let session = sessions.get(integration.id);
    if (!session) sessions.set(integration.id, (session = integrationSession(deps.db, integration, deps.fetch, passwordStamp)));
    return session;
  };
  return jobs.map(async (_, index) => {
    const attempt = (await prepared)[index];
    return attempt ? runAttempt(deps, attempt, sessionOf) : COMPLETED;
  });
}

/** A batch, waiting for every job's outcome and acknowledgment (tests, and callers that want them all at once). */
export async function submitIssues(deps: SubmitDeps, jobs: readonly SubmitIssueJob[]): Promise<SubmitOutcome[]> {
  const outcomes = await Promise.all(startSubmissions(deps, jobs));
  await Promise.all(outcomes.map((o) => (o.status === 'completed' ? o.after : undefined)));
  return outcomes.map((o) => (o.status === 'completed' ? COMPLETED : o));
}

/** One job alone (the same path as a batch of one): throws when pg-boss should retry it. */
export async function submitIssue(deps: SubmitDeps, job: SubmitIssueJob): Promise<void> {
  const [outcome] = await submitIssues(deps, [job]);
  if (outcome?.status === 'failed') throw outcome.error;
}

/**
 * Loads and marks the batch (one statement), unless the worker did so as it claimed the jobs
 * (`loaded`); the attempt each job makes, or null when it has nothing to send.
 */
async function prepareAttempts(deps: SubmitDeps, jobs: readonly SubmitIssueJob[], loaded?: readonly LoadedSubmission[]): Promise<(Attempt | null)[]> {
  const { db } = deps;
  const byId = new Map((loaded ?? (await loadAndMarkSubmissions(db, jobs.map((j) => j.data.submissionId)))).map((s) => [s.id, s]));
  const held = new Map<string, string[]>();
  const seen = new Set<string>();
  const attempts = jobs.map((job): Attempt | null => {
    const loaded = byId.get(job.data.submissionId);
    // A second job for the same submission in one batch has nothing to add: the first one sends it.
    if (!loaded || seen.has(loaded.id) || loaded.state === 'SUCCEEDED' || loaded.state === 'DEAD' || loaded.state === 'SKIPPED') return null;
    seen.add(loaded.id);
    if (loaded.markedAttempt === null) {
      const reason = holdReason(loaded.integration);
      if (reason) held.set(reason, [...(held.get(reason) ?? []), loaded.id]);
      return null;
    }
    return {
      loaded,
      attempts: loaded.markedAttempt,
      retryCount: (job.retryCount ?? 0) + (job.data.priorRetries ?? 0),
      recorder: new CallRecorder(db, { integrationId: loaded.integration.id, issueId: loaded.issue.id, attempt: loaded.markedAttempt }),
    };
  });
  // Held, not failed: the sweeper re-sends them when the integration is resumed or logs in again.
  for (const [reason, ids] of held) await db.submission.updateMany({ where: { id: { in: ids } }, data: { state: 'PENDING', lastError: reason, lastErrorClass: 'held' } });
  return attempts;
}

async function runAttempt(deps: SubmitDeps, a: Attempt, sessionOf: (l: Loaded) => Promise<CityworksClient>): Promise<SubmitOutcome> {
  await withCallRecorder(a.recorder.onCall, async () => {
    try {
      a.sent = await sendToCityworks(deps, await sessionOf(a.loaded), a);
    } catch (err) {
      a.error = err;
    }
  });
  if (a.sent) return { status: 'completed', after: acknowledgeReleased(deps, a) };
  try {
    return (await settle(deps, a, false)) ? { status: 'failed', error: a.error } : COMPLETED;
  } catch (err) {
    return { status: 'failed', error: err };
  } finally {
    await a.recorder.flush().catch(() => undefined);
  }
}

/**
 * The acknowledgment of an attempt whose job has released its slot. A failure to record it is
 * settled like any other (retried by a job sent here, since the first one is done); if even that
 * cannot be written, the row stays IN_FLIGHT with no job and the outbox sweep re-sends it.
 */
async function acknowledgeReleased(deps: SubmitDeps, a: Attempt): Promise<void> {
  try {
    await acknowledgments(deps).add(a);
  } catch (err) {
    a.error = err;
    await settle(deps, a, true).catch(() => undefined);
  } finally {
    await a.recorder.flush().catch(() => undefined);
  }
}

/** One GroupCommit of acknowledgments per database and pg-boss (a worker process has one of each). */
const groupsByBoss = new WeakMap<PgBoss, WeakMap<Db, GroupCommit<Attempt>>>();

function acknowledgments(deps: SubmitDeps): GroupCommit<Attempt> {
  let byDb = groupsByBoss.get(deps.boss);
  if (!byDb) groupsByBoss.set(deps.boss, (byDb = new WeakMap()));
  let group = byDb.get(deps.db);
  if (!group) {
    const { db, boss } = deps;
    // Two writes at once: a lone acknowledgment never waits behind another's commit.
    byDb.set(db, (group = new GroupCommit<Attempt>((sent) => acknowledgeEach({ db, boss }, sent), { maxConcurrent: 2, maxGroup: 50 })));
  }
  return group;
}

/** One transaction for the group; if it fails, one each, so one bad row fails only its own attempt. */
async function acknowledgeEach(deps: SubmitDeps, sent: readonly Attempt[]): Promise<unknown[]> {
  try {
    await acknowledge(deps, sent);
    return [];
  } catch (err) {
    if (sent.length === 1) return [err];
    const failures: unknown[] = [];
    for (const a of sent) {
      try {
        await acknowledge(deps, [a]);
        failures.push(undefined);
      } catch (one) {
        failures.push(one);
      }
    }
    return failures;
  }
}

/** The remote part of one attempt: the record (created or adopted) and the image. */
async function sendToCityworks(deps: SubmitDeps, cw: CityworksClient, a: Attempt): Promise<NonNullable<Attempt['sent']>> {
  const { loaded, recorder } = a;
  const { integration, issue } = loaded;
  const kind = issue.requestType?.remoteKind ?? 'SERVICE_REQUEST';
  const stored = issue.remoteLinks.find((l) => l.integrationId === integration.id && l.environment === integration.environment);
  const image = issue.media.find((m) => !m.remoteAttachmentId) ?? null;
  let link: LinkRef | null = stored ? { kind: stored.remoteKind, remoteId: stored.remoteId } : null;
  let linkToStore: LinkRef | null = null;
  if (!link) {
    // Only a later attempt can be uncertain whether Cityworks applied an earlier create.
    const existing = a.attempts > 1 ? await findExisting(cw, kind, issue.number, await endedRemoteIds(deps.db, loaded, kind), workOrderIssueNumberField(readSettings(integration.settings))) : null;
    if (existing) recorder.step({ operation: 'submit-issue', outcome: 'OK', message: `Adopted ${REMOTE_KIND_LABEL[kind]} ${existing}, created by an earlier attempt.` });
    link = { kind, remoteId: existing ?? (await createRemote(deps, cw, loaded, recorder)) };
    if (image) {
      const created = link;
      await recorder.inTransaction((tx) => storeLink(tx, loaded, created));
    } else {
      linkToStore = link;
    }
  }
  let attachment: { mediaId: string; remoteAttachmentId: string } | null = null;
  if (image) {
    const filename = attachmentFileName(image);
    const found = a.attempts > 1 ? await findRemoteAttachment(cw, link, filename) : null;
    const bytes = found ? null : await deps.db.media.findUniqueOrThrow({ where: { id: image.id }, select: { data: true } });
    const remoteAttachmentId = found ?? (await addRemoteAttachment(cw, link, { bytes: new Uint8Array(bytes!.data), filename, contentType: image.contentType }));
    attachment = { mediaId: image.id, remoteAttachmentId };
  }
  return { link, linkToStore, attachment };
}

/**
 * Records a failed attempt; returns whether pg-boss should retry the job. `released`: the job is
 * already done, so a retry is sent as a new job (with the queue's backoff) instead.
 */
async function settle(deps: SubmitDeps, a: Attempt, released: boolean): Promise<boolean> {
  const { loaded } = a;
  const outcome = decide(a.error, a.retryCount, queues.submitIssue.options.retryLimit ?? 0);
  return settleFailure(
    deps,
    {
      submissionId: loaded.id,
      integrationId: loaded.integration.id,
      issueId: loaded.issue.id,
      queue: queues.submitIssue.name,
      operation: 'submit-issue',
      recorder: a.recorder,
      retryCount: a.retryCount,
      backoff: queues.submitIssue.options,
      resend: (tx, retry) => sendSubmitIssue(tx, deps.boss, { id: loaded.id, integrationId: loaded.integration.id, group: groupOf(loaded.integration) }, retry),
      jobReleased: released,
    },
    outcome,
  );
}

function groupOf(integration: Integration): { id: string; tier: string } {
  return submitGroup({ id: integration.id, maxConcurrentCalls: readSettings(integration.settings).maxConcurrentCalls });
}

async function storeLink(tx: Tx, s: Loaded, link: LinkRef): Promise<void> {
  const { integration, issue } = s;
  // Insert unless a replay already stored it (ON CONFLICT DO NOTHING): one statement, not upsert's three.
  await tx.remoteLink.createMany({
    data: [{ integrationId: integration.id, issueId: issue.id, environment: integration.environment, remoteKind: link.kind, remoteId: link.remoteId }],
    skipDuplicates: true,
  });
  await tx.submission.update({ where: { id: s.id }, data: { remoteId: link.remoteId } });
}

/**
 * The acknowledging transaction of a batch. Its writes are one statement (links, image ids, the
 * status with the issues locked in id order as addComment locks one, the bot messages of the
 * issues that moved, submissions done, the timeline), so the batch pays one round trip for them
 * instead of one per table while the jobs hold their slots. Queued comments are looked for in a
 * second statement: it starts after the locks are held, so it sees any comment whose addComment
 * committed before we locked (one statement's snapshot is taken before it waits on a lock), and
 * a later addComment finds the issue acknowledged and sends its comment itself.
 */
async function acknowledge(deps: SubmitDeps, sent: readonly Attempt[]): Promise<void> {
  if (sent.length === 0) return;
  const utc = new Date().toISOString();
  const parts = sent.map((a) => ({
    recorder: a.recorder,
    extra: [{ operation: 'submit-issue', outcome: 'OK', message: `Acknowledged as ${REMOTE_KIND_LABEL[a.sent!.link.kind]} ${a.sent!.link.remoteId}.` } satisfies RecordedStep],
  }));
  const links = sent.flatMap(({ loaded: { integration, issue }, sent: s }) =>
    s!.linkToStore ? [{ id: newRowId(), integration_id: integration.id, issue_id: issue.id, environment: integration.environment, remote_kind: s!.linkToStore.kind, remote_id: s!.linkToStore.remoteId }] : [],
  );
  const media = sent.flatMap((a) => (a.sent!.attachment ? [{ id: a.sent!.attachment.mediaId, remote_attachment_id: a.sent!.attachment.remoteAttachmentId }] : []));
  // Rendered for every issue; the statement keeps those whose issue moved to Acknowledged.
  const messages = sent.map(({ loaded: { integration, issue }, sent: s }) => ({
    id: newRowId(),
    issue_id: issue.id,
    author_name: botNameOf(integration.organization),
    body: renderMessage(readSettings(integration.settings).messages.acknowledgment, {
      remoteId: s!.link.remoteId,
      remoteKind: REMOTE_KIND_LABEL[s!.link.kind],
      issueNumber: issue.number,
      organization: integration.organization.title,
      category: issue.requestType?.displayName ?? issue.requestType?.name ?? '',
    }),
  }));
  const done = sent.map((a) => ({ id: a.loaded.id, remote_id: a.sent!.link.remoteId }));
  const issueIds = sent.map((a) => a.loaded.issue.id);
  await CallRecorder.inTransactionWriting(deps.db, parts, async (tx, events) => {
    const timeline = events.map((e) => ({
      integration_id: e.integrationId ?? null,
      issue_id: e.issueId ?? null,
      operation: e.operation,
      outcome: e.outcome,
      latency_ms: e.latencyMs ?? null,
      attempt: e.attempt ?? null,
      error_class: e.errorClass ?? null,
      message: e.message ?? null,
      details: e.details ?? null,
    }));
    // Prisma keeps timestamps as UTC without a zone: convert explicitly, whatever the session's TimeZone.
    await tx.$executeRaw`
      WITH at AS (SELECT (${utc}::timestamptz AT TIME ZONE 'UTC') AS ts),
      links AS (
        INSERT INTO "RemoteLink" (id, "integrationId", "issueId", environment, "remoteKind", "remoteId", active, "createdAt", "updatedAt")
        SELECT l.id, l.integration_id, l.issue_id, l.environment::"IntegrationEnvironment", l.remote_kind::"RemoteKind", l.remote_id, true, at.ts, at.ts
          FROM json_to_recordset(${JSON.stringify(links)}::json) AS l(id text, integration_id text, issue_id text, environment text, remote_kind text, remote_id text), at
        -- A replay may have stored it already.
        ON CONFLICT DO NOTHING
        RETURNING 1),
      media AS (
        UPDATE "Media" AS m SET "remoteAttachmentId" = v.remote_attachment_id
          FROM json_to_recordset(${JSON.stringify(media)}::json) AS v(id text, remote_attachment_id text)
         WHERE m.id = v.id
        RETURNING 1),
      locked AS (SELECT id FROM "Issue" WHERE id = ANY(${issueIds}::text[]) ORDER BY id FOR UPDATE),
      moved AS (
        UPDATE "Issue" AS i SET status = 'ACKNOWLEDGED', "acknowledgedAt" = at.ts, "updatedAt" = at.ts
          FROM locked, at
         WHERE i.id = locked.id AND i.status::text = ANY(${[...ACKNOWLEDGEABLE_STATUSES]}::text[])
        RETURNING i.id),
      messages AS (
        INSERT INTO "Comment" (id, "issueId", kind, visibility, "authorKind", "authorName", body, "createdAt")
        SELECT c.id, c.issue_id, 'ACKNOWLEDGMENT', 'PUBLIC', 'INTEGRATION', c.author_name, c.body, at.ts
          FROM json_to_recordset(${JSON.stringify(messages)}::json) AS c(id text, issue_id text, author_name text, body text)
          JOIN moved ON moved.id = c.issue_id, at
        RETURNING 1),
      succeeded AS (
        UPDATE "Submission" AS s
           SET state = 'SUCCEEDED', "remoteId" = v.remote_id, "lastError" = NULL, "lastErrorClass" = NULL, "completedAt" = at.ts, "updatedAt" = at.ts
          FROM json_to_recordset(${JSON.stringify(done)}::json) AS v(id text, remote_id text), at
         WHERE s.id = v.id
        RETURNING 1),
      timeline AS (
        INSERT INTO "SyncEvent" ("integrationId", "issueId", operation, outcome, "latencyMs", attempt, "errorClass", message, details, "createdAt")
        SELECT e.integration_id, e.issue_id, e.operation, e.outcome::"SyncOutcome", e.latency_ms, e.attempt, e.error_class, e.message, e.details, at.ts
          FROM json_to_recordset(${JSON.stringify(timeline)}::json)
               AS e(integration_id text, issue_id text, operation text, outcome text, latency_ms int, attempt int, error_class text, message text, details jsonb), at
        RETURNING 1)
      SELECT (SELECT count(*) FROM links) + (SELECT count(*) FROM media) + (SELECT count(*) FROM messages) + (SELECT count(*) FROM succeeded) + (SELECT count(*) FROM timeline)`;
    // Comments made while the issue was on its way: release them now, under the locks taken above.
    const queued = await tx.$queryRaw<{ issueId: string }[]>`
      SELECT DISTINCT "issueId" FROM "Submission" WHERE "issueId" = ANY(${issueIds}::text[]) AND kind = 'COMMENT' AND state IN ('PENDING', 'IN_FLIGHT')`;
    for (const { issueId } of queued) {
      const { integration } = sent.find((a) => a.loaded.issue.id === issueId)!.loaded;
      await sendSubmitComments(tx, deps.boss, { id: issueId, integrationId: integration.id, group: groupOf(integration) });
    }
  });
}
