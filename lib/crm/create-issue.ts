import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { poolOf, type Db } from '@/lib/db';
import { bossDatabase, inPgTransaction, namedQuery } from '@/lib/database/pg-transaction';
import { newRowId } from '@/lib/database/row-id';
import { readSettings } from '@/lib/integrations/settings';
import { queues, submitGroup } from '@/lib/jobs/queues';
import { sendJob } from '@/lib/jobs/send';
import { imageInputSchema, mediaRow } from './media-input';

export const createIssueSchema = z.object({
  organizationId: z.string().min(1),
  requestTypeId: z.string().min(1).nullable(),
  source: z.enum(['WEB', 'STAFF', 'OPEN311']).default('WEB'),
  summary: z.string().trim().min(1).max(200),
  description: z.string().trim().max(10_000).default(''),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  address: z.string().trim().max(500).nullable().default(null),
  reporterName: z.string().trim().max(200).nullable().default(null),
  reporterEmail: z.string().trim().email().max(320).nullable().default(null),
  answers: z.array(z.object({ questionId: z.string().min(1), answerOptionId: z.string().min(1).nullable().default(null), value: z.string().max(2000) })).default([]),
  image: imageInputSchema.nullable().default(null),
});

export type CreateIssueInput = z.input<typeof createIssueSchema>;

export interface CreatedIssue {
  id: string;
  number: number;
  submissionId: string | null;
}

/** The outbox key of an issue's create: one per issue and integration, whatever retries happen. */
export function issueIdempotencyKey(issueId: string, integrationId: string): string {
  return `issue-create:${integrationId}:${issueId}`;
}

/** The category is not one of the organization's; nothing was saved. */
export class UnknownCategoryError extends Error {
  override readonly name = 'UnknownCategoryError';
}

export interface CreateIssueOptions {
  /**
   * A citizen's report: the category must also be visible and still belong to this agency (the one
   * whose area the point was checked against), checked in the statement that saves the issue, so a
   * form read a moment earlier (lib/crm/report-lookups.ts) never lets a hidden or moved category in.
   */
  visibleInAgency?: string;
}

/**
 * Saves a reported issue with its answers and image and, when its category is integrated, the
 * Submission (outbox row) and the submit-issue job: all in one transaction. The category's read,
 * the issue, its answers and its submission are one statement (a report pays its round trips
 * while the caller waits), then the image, if any, and the job, sent by pg-boss through the same
 * transaction. On the pg pool under `db` (lib/db.ts poolOf), not Prisma: a report's transaction is
 * the hottest write of the product, and Prisma's interactive transaction cost several times its
 * statements.
 */
export async function createIssue(db: Db, boss: PgBoss, raw: CreateIssueInput, options: CreateIssueOptions = {}): Promise<CreatedIssue> {
  const input = createIssueSchema.parse(raw);
  const issueId = newRowId();
  const submissionId = newRowId();
  const answers = input.answers.map((a) => ({ id: newRowId(), question_id: a.questionId, answer_option_id: a.answerOptionId, value: a.value }));
  // Prisma keeps timestamps as UTC without a zone: convert explicitly, whatever the session's TimeZone.
  const utc = new Date().toISOString();
  const visibleInAgency = options.visibleInAgency ?? null;
  const pool = poolOf(db);
  return inPgTransaction(pool, async (client) => {
    const { rows } = await namedQuery<{ found: boolean; number: number | null; integrationId: string | null; settings: unknown }>(client, CREATE_ISSUE_SQL, [
      utc,
      input.requestTypeId,
      input.organizationId,
      visibleInAgency,
      issueId,
      input.source,
      input.summary,
      input.description,
      input.lat,
      input.lng,
      input.address,
      input.reporterName,
      input.reporterEmail,
      JSON.stringify(answers),
      submissionId,
    ]);
    const saved = rows[0];
    if (!saved?.found || saved.number === null) throw new UnknownCategoryError(`Category ${input.requestTypeId} is not one of this organization's.`);
    const issue = { id: issueId, number: saved.number };
    if (input.image) {
      const m = mediaRow(input.organizationId, input.image);
      await namedQuery(client, INSERT_MEDIA_SQL, [newRowId(), m.organizationId, issueId, m.fileName, m.contentType, m.byteSize, m.sha256, m.data, utc]);
    }
    if (!saved.integrationId) return { ...issue, submissionId: null };
    // The group (the integration's concurrency limit) from the row already read: no look-up in the transaction.
    const maxConcurrentCalls = readSettings(saved.settings).maxConcurrentCalls;
    await sendJob(boss, queues.submitIssue, { submissionId }, { db: bossDatabase(client), group: submitGroup({ id: saved.integrationId, maxConcurrentCalls }) });
    return { ...issue, submissionId };
  });
}

// Prisma keeps timestamps as UTC without a zone ($1 converted explicitly, whatever the session's
// TimeZone). $4 (visibleInAgency): a citizen's report also needs the category visible and in that agency.
const CREATE_ISSUE_SQL = `
  WITH at AS (SELECT ($1::timestamptz AT TIME ZONE 'UTC') AS ts),
  category AS (
    SELECT rt.id, g.id AS integration_id, g.settings,
           (rt."integrationId" IS NOT NULL AND rt."remoteKind" IS NOT NULL AND rt."remoteCode" IS NOT NULL AND g.enabled) AS integrated
      FROM "RequestType" rt LEFT JOIN "Integration" g ON g.id = rt."integrationId"
     WHERE rt.id = $2::text AND rt."organizationId" = $3::text
       AND ($4::text IS NULL OR (NOT rt.hidden AND rt."agencyId" = $4::text))),
  issue AS (
    INSERT INTO "Issue" (id, "organizationId", "requestTypeId", source, summary, description, lat, lng, address, "reporterName", "reporterEmail", "createdAt", "updatedAt")
    SELECT $5::text, $3::text, (SELECT id FROM category), $6::text::"IssueSource", $7::text, $8::text,
           $9::float8, $10::float8, $11::text, $12::text, $13::text, at.ts, at.ts
      FROM at
     WHERE $2::text IS NULL OR EXISTS (SELECT 1 FROM category)
    RETURNING id, number),
  answers AS (
    INSERT INTO "IssueAnswer" (id, "issueId", "questionId", "answerOptionId", value)
    SELECT a.id, issue.id, a.question_id, a.answer_option_id, a.value
      FROM json_to_recordset($14::json) AS a(id text, question_id text, answer_option_id text, value text), issue
    RETURNING 1),
  -- The key as issueIdempotencyKey spells it (the integration is known only here).
  submission AS (
    INSERT INTO "Submission" (id, "integrationId", "issueId", kind, "idempotencyKey", "createdAt", "updatedAt")
    SELECT $15::text, category.integration_id, issue.id, 'ISSUE'::"SubmissionKind", 'issue-create:' || category.integration_id || ':' || issue.id, at.ts, at.ts
      FROM category, issue, at
     WHERE category.integrated
    RETURNING "integrationId")
  SELECT EXISTS (SELECT 1 FROM issue) AS found, (SELECT number FROM issue) AS number,
         (SELECT "integrationId" FROM submission) AS "integrationId", (SELECT settings FROM category) AS settings`;

const INSERT_MEDIA_SQL = `
  INSERT INTO "Media" (id, "organizationId", "issueId", "fileName", "contentType", "byteSize", sha256, data, "createdAt")
  VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::int, $7::text, $8::bytea, ($9::timestamptz AT TIME ZONE 'UTC'))`;
