import type { Integration } from '@/generated/prisma/client';
import type { IntegrationEnvironment, RemoteKind, SubmissionState } from '@/generated/prisma/enums';
import type { Db } from '@/lib/db';
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

type Row = {
  id: string;
  state: SubmissionState;
  integrationId: string;
  organizationTitle: string;
  botDisplayName: string | null;
  issue: Omit<SubmissionToSend['issue'], 'answers'> & { answers: { value: string; sequence: number; remoteAnswerId: string | null; optionId: string | null }[] };
};

/**
 * A batch's submissions in two queries, whatever its size: one for the submissions with their
 * issue, category, answers, images and active links (nested as JSON by PostgreSQL, instead of one
 * query per relation), one for their integrations (the rows whose pause and breaker decide whether
 * to send, read fresh every time).
 */
export async function loadSubmissions(db: Db, submissionIds: readonly string[]): Promise<SubmissionToSend[]> {
  if (submissionIds.length === 0) return [];
  const rows = await db.$queryRaw<Row[]>`
    SELECT s.id, s.state::text AS state, s."integrationId",
           (SELECT o.title FROM "Integration" g JOIN "Organization" o ON o.id = g."organizationId" WHERE g.id = s."integrationId") AS "organizationTitle",
           -- The bot member's display name (lib/organizations/bot-member.ts botNameOf).
           (SELECT m."displayName" FROM "Integration" g JOIN "Membership" m ON m."organizationId" = g."organizationId" JOIN "User" u ON u.id = m."userId"
             WHERE g.id = s."integrationId" AND u.bot LIMIT 1) AS "botDisplayName",
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
      FROM "Submission" s JOIN "Issue" i ON i.id = s."issueId"
     WHERE s.id = ANY(${[...submissionIds]}::text[])`;
  if (rows.length === 0) return [];
  const integrations = new Map(
    (await db.integration.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.integrationId))] } } })).map((i) => [i.id, i]),
  );
  return rows.flatMap((r) => {
    const integration = integrations.get(r.integrationId);
    if (!integration) return [];
    const answers = r.issue.answers.map((a) => ({ value: a.value, question: { sequence: a.sequence }, answerOption: a.optionId === null ? null : { remoteAnswerId: a.remoteAnswerId } }));
    return [{ id: r.id, state: r.state, integration: { ...integration, organization: { title: r.organizationTitle, memberships: [{ displayName: r.botDisplayName }] } }, issue: { ...r.issue, answers } }];
  });
}
