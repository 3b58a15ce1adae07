import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import type { Db } from '@/lib/db';
import { readSettings } from '@/lib/integrations/settings';
import { submitGroup } from '@/lib/jobs/queues';
import { sendSubmitIssue } from '@/lib/jobs/send';
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

/**
 * Saves a reported issue with its answers and image and, when its category is integrated, the
 * Submission (outbox row) and the submit-issue job: all in one transaction.
 */
export async function createIssue(db: Db, boss: PgBoss, raw: CreateIssueInput): Promise<CreatedIssue> {
  const input = createIssueSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const requestType = input.requestTypeId
      ? await tx.requestType.findFirstOrThrow({
          where: { id: input.requestTypeId, organizationId: input.organizationId },
          select: { id: true, integrationId: true, remoteKind: true, remoteCode: true, integration: { select: { enabled: true, settings: true } } },
        })
      : null;
    const issue = await tx.issue.create({
      data: {
        organizationId: input.organizationId,
        requestTypeId: requestType?.id ?? null,
        source: input.source,
        summary: input.summary,
        description: input.description,
        lat: input.lat,
        lng: input.lng,
        address: input.address,
        reporterName: input.reporterName,
        reporterEmail: input.reporterEmail,
      },
      select: { id: true, number: true },
    });
    if (input.answers.length > 0) {
      await tx.issueAnswer.createMany({ data: input.answers.map((a) => ({ issueId: issue.id, ...a })) });
    }
    if (input.image) await tx.media.create({ data: { ...mediaRow(input.organizationId, input.image), issueId: issue.id } });

    const integrated = requestType?.integrationId && requestType.remoteKind && requestType.remoteCode && requestType.integration?.enabled;
    if (!integrated || !requestType.integrationId) return { ...issue, submissionId: null };
    const submission = await tx.submission.create({
      data: {
        integrationId: requestType.integrationId,
        issueId: issue.id,
        kind: 'ISSUE',
        idempotencyKey: issueIdempotencyKey(issue.id, requestType.integrationId),
      },
      select: { id: true, integrationId: true },
    });
    // The group (the integration's concurrency limit) from the row already read: no look-up in the transaction.
    const maxConcurrentCalls = readSettings(requestType.integration!.settings).maxConcurrentCalls;
    await sendSubmitIssue(tx, boss, { ...submission, group: submitGroup({ id: requestType.integrationId, maxConcurrentCalls }) });
    return { ...issue, submissionId: submission.id };
  });
}
