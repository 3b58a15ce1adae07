import type { Job, PgBoss } from 'pg-boss';
import type { Integration } from '@/generated/prisma/client';
import type { RemoteKind } from '@/generated/prisma/enums';
import { reverseGeocode } from '@/lib/arcgis';
import type { CityworksClient } from '@/lib/cityworks';
import { postIntegrationMessage } from '@/lib/crm/integration-messages';
import { BOT_NAME_SELECT, botNameOf } from '@/lib/organizations/bot-member';
import { transitionIssue } from '@/lib/crm/issue-status';
import { publicMediaUrl } from '@/lib/crm/media-input';
import type { Db } from '@/lib/db';
import { queues } from '@/lib/jobs/queues';
import { renderMessage } from '@/lib/integrations/messages';
import { readSettings } from '@/lib/integrations/settings';
import { geocoderAccess } from '@/lib/integrations/geocoder-access';
import { buildCreateRequest, otherSystemIdFor, WORK_ORDER_MARKER_FIELD } from './build-create-request';
import { CallRecorder, type RecordedStep } from './call-recorder';
import { lockIssue, sendSubmitComments, sendSubmitIssue, type Tx } from './enqueue';
import { clientForIntegration } from './integration-client';
import { addRemoteAttachment, attachmentFileName, findRemoteAttachment } from './remote-target';
import { decide, holdReason, settleFailure } from './submission-outcome';

export interface SubmitDeps {
  db: Db;
  boss: PgBoss;
  /** Tests and benchmarks point the client at an instrumented fetch. */
  fetch?: typeof fetch;
}

type SubmitIssueJob = Pick<Job<{ submissionId: string; priorRetries?: number }>, 'data'> & { retryCount?: number };

export const REMOTE_KIND_LABEL: Record<RemoteKind, string> = { SERVICE_REQUEST: 'Service Request', WORK_ORDER: 'Work Order' };

async function loadSubmission(db: Db, submissionId: string) {
  return db.submission.findUnique({
    where: { id: submissionId },
    include: {
      integration: { include: { organization: { select: { title: true, memberships: BOT_NAME_SELECT } } } },
      issue: {
        include: {
          requestType: true,
          answers: { include: { question: { select: { sequence: true } }, answerOption: { select: { remoteAnswerId: true } } } },
          media: { where: { commentId: null }, orderBy: { createdAt: 'asc' }, select: { id: true, fileName: true, contentType: true, remoteAttachmentId: true } },
        },
      },
    },
  });
}
type Loaded = NonNullable<Awaited<ReturnType<typeof loadSubmission>>>;

/**
 * Finds the record an earlier attempt may have created before it crashed or lost the answer.
 * Records this issue already had and that ended (canceled or closed in Cityworks, before a
 * recategorization sent it again) carry the same id of ours, so they are passed in and never
 * adopted. Of the rest, the oldest wins: it is the one the first lost attempt created.
 */
async function findExisting(cw: CityworksClient, kind: RemoteKind, issueNumber: number, ended: ReadonlySet<string>): Promise<string | null> {
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
  const ids = await cw.workOrders.search({ filters: { [WORK_ORDER_MARKER_FIELD]: [ourId] } });
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

/**
 * submit-issue: create the SR or WO (or adopt the one an earlier attempt created), attach the
 * image, acknowledge the issue with the bot's message, and release the issue's queued comments.
 * Each step is skipped when local state says it is done, so a replay after any crash resumes
 * where the last attempt stopped.
 *
 * Commits are what a job waits on (each one a WAL flush), so an attempt makes as few as exactly
 * once allows: the IN_FLIGHT mark, then one transaction that stores the link, acknowledges and
 * records the timeline. Only an issue with an image stores its link first, so the upload that
 * follows is never repeated by a replay; without one, a crash before the last commit leaves a
 * replay to adopt the record by our id (attempt > 1), as it would anyway.
 */
export async function submitIssue(deps: SubmitDeps, job: SubmitIssueJob): Promise<void> {
  const { db } = deps;
  const loaded = await loadSubmission(db, job.data.submissionId);
  if (!loaded || loaded.state === 'SUCCEEDED' || loaded.state === 'DEAD' || loaded.state === 'SKIPPED') return;
  const { integration, issue } = loaded;
  const held = holdReason(integration);
  if (held) {
    // Held, not failed: the sweeper re-sends it when the integration is resumed or logs in again.
    await db.submission.update({ where: { id: loaded.id }, data: { state: 'PENDING', lastError: held, lastErrorClass: 'held' } });
    return;
  }
  const s = await db.submission.update({ where: { id: loaded.id }, data: { state: 'IN_FLIGHT', attempts: { increment: 1 } }, select: { attempts: true } });
  const recorder = new CallRecorder(db, { integrationId: integration.id, issueId: issue.id, attempt: s.attempts });
  const kind = issue.requestType?.remoteKind ?? 'SERVICE_REQUEST';
  const retryCount = (job.retryCount ?? 0) + (job.data.priorRetries ?? 0);
  try {
    const cw = await clientForIntegration(db, integration, recorder.onCall, deps.fetch);
    const stored = await db.remoteLink.findFirst({
      where: { issueId: issue.id, integrationId: integration.id, environment: integration.environment, active: true },
      select: { remoteKind: true, remoteId: true },
    });
    const image = loaded.issue.media.find((m) => !m.remoteAttachmentId) ?? null;
    let link: LinkRef | null = stored ? { kind: stored.remoteKind, remoteId: stored.remoteId } : null;
    let linkToStore: LinkRef | null = null;
    if (!link) {
      // Only a later attempt can be uncertain whether Cityworks applied an earlier create.
      const existing = s.attempts > 1 ? await findExisting(cw, kind, issue.number, await endedRemoteIds(db, loaded, kind)) : null;
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
      const found = s.attempts > 1 ? await findRemoteAttachment(cw, link, filename) : null;
      const bytes = found ? null : await db.media.findUniqueOrThrow({ where: { id: image.id }, select: { data: true } });
      const remoteAttachmentId = found ?? (await addRemoteAttachment(cw, link, { bytes: new Uint8Array(bytes!.data), filename, contentType: image.contentType }));
      attachment = { mediaId: image.id, remoteAttachmentId };
    }
    await acknowledge(deps, loaded, link, { linkToStore, attachment }, recorder);
  } catch (err) {
    const outcome = decide(err, retryCount, queues.submitIssue.options.retryLimit ?? 0);
    const rethrow = await settleFailure(
      deps,
      {
        submissionId: loaded.id,
        integrationId: integration.id,
        issueId: issue.id,
        queue: queues.submitIssue.name,
        operation: 'submit-issue',
        recorder,
        retryCount,
        backoff: queues.submitIssue.options,
        resend: (tx, retry) => sendSubmitIssue(tx, deps.boss, { id: loaded.id, integrationId: integration.id }, retry),
      },
      outcome,
    );
    if (rethrow) throw err;
  } finally {
    await recorder.flush();
  }
}

type LinkRef = { kind: RemoteKind; remoteId: string };

async function storeLink(tx: Tx, s: Loaded, link: LinkRef): Promise<void> {
  const { integration, issue } = s;
  // Insert unless a replay already stored it (ON CONFLICT DO NOTHING): one statement, not upsert's three.
  await tx.remoteLink.createMany({
    data: [{ integrationId: integration.id, issueId: issue.id, environment: integration.environment, remoteKind: link.kind, remoteId: link.remoteId }],
    skipDuplicates: true,
  });
  await tx.submission.update({ where: { id: s.id }, data: { remoteId: link.remoteId } });
}

async function acknowledge(
  deps: SubmitDeps,
  s: Loaded,
  link: LinkRef,
  pending: { linkToStore: LinkRef | null; attachment: { mediaId: string; remoteAttachmentId: string } | null },
  recorder: CallRecorder,
): Promise<void> {
  const { issue, integration } = s;
  const settings = readSettings(integration.settings);
  const done: RecordedStep = { operation: 'submit-issue', outcome: 'OK', message: `Acknowledged as ${REMOTE_KIND_LABEL[link.kind]} ${link.remoteId}.` };
  await recorder.inTransaction(async (tx) => {
    if (pending.linkToStore) await storeLink(tx, s, pending.linkToStore);
    if (pending.attachment) await tx.media.update({ where: { id: pending.attachment.mediaId }, data: { remoteAttachmentId: pending.attachment.remoteAttachmentId } });
    await lockIssue(tx, issue.id);
    const moved = await transitionIssue(tx, issue.id, 'ACKNOWLEDGED');
    if (moved) {
      const body = renderMessage(settings.messages.acknowledgment, {
        remoteId: link.remoteId,
        remoteKind: REMOTE_KIND_LABEL[link.kind],
        issueNumber: issue.number,
        organization: integration.organization.title,
        category: issue.requestType?.displayName ?? issue.requestType?.name ?? '',
      });
      await postIntegrationMessage(tx, { issueId: issue.id, integrationId: integration.id, kind: 'ACKNOWLEDGMENT', body, authorName: botNameOf(integration.organization) });
    }
    await tx.submission.update({ where: { id: s.id }, data: { state: 'SUCCEEDED', completedAt: new Date(), remoteId: link.remoteId, lastError: null, lastErrorClass: null } });
    // Comments made while the issue was on its way: release them now, under the same lock as addComment.
    const queued = await tx.submission.count({ where: { issueId: issue.id, kind: 'COMMENT', state: { in: ['PENDING', 'IN_FLIGHT'] } } });
    if (queued > 0) await sendSubmitComments(tx, deps.boss, { id: issue.id, integrationId: integration.id });
  }, [done]);
}
