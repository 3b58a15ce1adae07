import type { Integration } from '@/generated/prisma/client';
import type { IntegrationEnvironment, RemoteKind, SubmissionState } from '@/generated/prisma/enums';
import { poolOf, type Db } from '@/lib/db';
import { namedQuery } from '@/lib/database/pg-transaction';
import type { CreateRequestIssue } from './build-create-request';

/** One issue submission with everything its create needs. */
export interface SubmissionToSend {
  id: string;
  state: SubmissionState;
  integration: Integration & { organization: { title: string; memberships: { displayName: string | null }[] } };
  issue: CreateRequestIssue & {
    id: string;
    requestType: { remoteKind: RemoteKind | null; remoteCode: string | null; name: string; displayName: string | null } | null;
    answers: { value: string; question: { sequence: number }; answerOption: { remoteAnswerId: string | null } | null }[];
    /** The issue's own images (not its comments'), oldest first. */
    media: { id: string; fileName: string; contentType: string; remoteAttachmentId: string | null }[];
    /** Active links only. */
    remoteLinks: { integrationId: string; environment: IntegrationEnvironment; remoteKind: RemoteKind; remoteId: string }[];
  };
}

/** A loaded submission, and whether this load marked it IN_FLIGHT (with the attempt it starts). */
export interface LoadedSubmission extends SubmissionToSend {
  /** The attempt number this load started (IN_FLIGHT), or null when it was not sendable: done, or its integration held. */
  markedAttempt: number | null;
  /**
   * Identifies the stored password of the integration's active environment (row, key, last
   * change), so a session can keep its credentials until it changes; null when none is stored.
   */
  passwordStamp: string | null;
}

type Row = {
  id: string;
  state: SubmissionState;
  markedAttempt: number | null;
  passwordStamp: string | null;
  integration: Omit<Integration, 'pausedAt' | 'authFailingSince' | 'createdAt' | 'updatedAt'> & { pausedAt: string | null; authFailingSince: string | null; createdAt: string; updatedAt: string };
  organizationTitle: string;
  botDisplayName: string | null;
  issue: Omit<SubmissionToSend['issue'], 'answers'> & { answers: { value: string; sequence: number; remoteAnswerId: string | null; optionId: string | null }[] };
};

/** Prisma keeps timestamps as UTC without a zone; to_jsonb writes them without one. */
function utcDate(value: string): Date {
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
}

/** Parameters: $1 the submission ids, $2 now (ISO, UTC). */
const LOAD_AND_MARK_SQL = `
    WITH marked AS (
      UPDATE "Submission" AS s SET state = 'IN_FLIGHT', attempts = s.attempts + 1, "updatedAt" = ($2::timestamptz AT TIME ZONE 'UTC')
        FROM "Integration" g
       WHERE s.id = ANY($1::text[]) AND g.id = s."integrationId"
         AND s.state NOT IN ('SUCCEEDED', 'DEAD', 'SKIPPED')
         AND g.enabled AND g."pausedAt" IS NULL AND g."authFailingSince" IS NULL
      RETURNING s.id, s.attempts)
    SELECT s.id, s.state::text AS state, marked.attempts AS "markedAttempt", to_jsonb(g) AS integration, o.title AS "organizationTitle",
           (SELECT json_build_object('id', sec.id, 'keyId', sec."keyId", 'updatedAt', sec."updatedAt")::text FROM "IntegrationSecret" sec
             WHERE sec."integrationId" = g.id AND sec.name = (CASE WHEN g.environment = 'TEST' THEN 'TEST_PASSWORD' ELSE 'PRODUCTION_PASSWORD' END)) AS "passwordStamp",
           -- The bot member's display name (lib/organizations/bot-member.ts botNameOf).
           (SELECT m."displayName" FROM "Membership" m JOIN "User" u ON u.id = m."userId"
             WHERE m."organizationId" = g."organizationId" AND u.bot LIMIT 1) AS "botDisplayName",
           json_build_object(
             'id', i.id, 'number', i.number, 'summary', i.summary, 'description', i.description, 'lat', i.lat, 'lng', i.lng,
             'address', i.address, 'reporterName', i."reporterName", 'reporterEmail', i."reporterEmail",
             'requestType', (SELECT json_build_object('remoteKind', rt."remoteKind", 'remoteCode', rt."remoteCode", 'name', rt.name, 'displayName', rt."displayName")
                               FROM "RequestType" rt WHERE rt.id = i."requestTypeId"),
             'answers', COALESCE((SELECT json_agg(json_build_object('value', a.value, 'sequence', q.sequence, 'remoteAnswerId', ao."remoteAnswerId", 'optionId', ao.id))
                                    FROM "IssueAnswer" a JOIN "Question" q ON q.id = a."questionId" LEFT JOIN "AnswerOption" ao ON ao.id = a."answerOptionId"
                                   WHERE a."issueId" = i.id), '[]'::json),
             'media', COALESCE((SELECT json_agg(json_build_object('id', m.id, 'fileName', m."fileName", 'contentType', m."contentType", 'remoteAttachmentId', m."remoteAttachmentId") ORDER BY m."createdAt", m.id)
                                  FROM "Media" m WHERE m."issueId" = i.id AND m."commentId" IS NULL), '[]'::json),
             'remoteLinks', COALESCE((SELECT json_agg(json_build_object('integrationId', l."integrationId", 'environment', l.environment, 'remoteKind', l."remoteKind", 'remoteId', l."remoteId"))
                                        FROM "RemoteLink" l WHERE l."issueId" = i.id AND l.active), '[]'::json)
           ) AS issue
      FROM "Submission" s JOIN "Issue" i ON i.id = s."issueId" JOIN "Integration" g ON g.id = s."integrationId" JOIN "Organization" o ON o.id = g."organizationId"
      LEFT JOIN marked ON marked.id = s.id
     WHERE s.id = ANY($1::text[])`;

/**
 * A batch's submissions in one statement, whatever its size: it marks IN_FLIGHT (one more
 * attempt) those that are still to send and whose integration is neither disabled, paused nor
 * failing to log in, and returns every one with its issue, category, answers, images, active
 * links (nested as JSON by PostgreSQL instead of one query per relation) and its integration (the
 * row whose pause and breaker decided, read fresh every time). `state` is as it was before the
 * mark. The hold rules here are holdReason's (submission-outcome.ts), which names the reason.
 */
export async function loadAndMarkSubmissions(db: Db, submissionIds: readonly string[]): Promise<LoadedSubmission[]> {
  // On the pool under Prisma, as a named statement: Prisma's own work per statement (several
  // event-loop turns) was most of its time.
  return loadAndMarkWith(async (text, values) => (await namedQuery<Row>(poolOf(db), text, values)).rows, submissionIds);
}

/** Runs one statement with positional parameters and answers its rows. */
export type RunSql = (text: string, values: unknown[]) => Promise<unknown[]>;

/**
 * The same statement on any connection: the submit worker runs it in the transaction that claims
 * the jobs (lib/jobs/slot-worker.ts `claim`), so the claim and the IN_FLIGHT mark commit together.
 */
export async function loadAndMarkWith(run: RunSql, submissionIds: readonly string[]): Promise<LoadedSubmission[]> {
  if (submissionIds.length === 0) return [];
  const rows = (await run(LOAD_AND_MARK_SQL, [[...submissionIds], new Date().toISOString()])) as Row[];
  return rows.map((r) => {
    const g = r.integration;
    // Field by field, so a new column of Integration fails to compile here instead of arriving as a string.
    const integration: Integration = {
      id: g.id, organizationId: g.organizationId, name: g.name, version: g.version, deployment: g.deployment, mode: g.mode, environment: g.environment,
      testEndpointUrl: g.testEndpointUrl, testLoginName: g.testLoginName, productionEndpointUrl: g.productionEndpointUrl, productionLoginName: g.productionLoginName,
      srid: g.srid, geocoderUrl: g.geocoderUrl, validateAddress: g.validateAddress, botDisplayName: g.botDisplayName, settings: g.settings, enabled: g.enabled,
      pausedAt: g.pausedAt === null ? null : utcDate(g.pausedAt), authFailingSince: g.authFailingSince === null ? null : utcDate(g.authFailingSince),
      authFailureReason: g.authFailureReason, createdAt: utcDate(g.createdAt), updatedAt: utcDate(g.updatedAt),
    };
    const answers = r.issue.answers.map((a) => ({ value: a.value, question: { sequence: a.sequence }, answerOption: a.optionId === null ? null : { remoteAnswerId: a.remoteAnswerId } }));
    return {
      id: r.id,
      state: r.state,
      markedAttempt: r.markedAttempt,
      passwordStamp: r.passwordStamp,
      integration: { ...integration, organization: { title: r.organizationTitle, memberships: [{ displayName: r.botDisplayName }] } },
      issue: { ...r.issue, answers },
    };
  });
}
