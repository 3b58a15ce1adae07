import { canViewIssues } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { mediaResponseHeaders } from '@/lib/crm/media-response';
import { issueIdFor } from '@/lib/crm/staff-issue-ref';
import { notFound } from '@/lib/http/errors';
import { authedRoute, authorize } from '@/lib/http/route';
import { resolveOrganization } from '@/lib/organizations/resolve';

/** Staff: any image of the issue, internal comments' included (never cached by shared caches). */
export const GET = authedRoute<{ org: string; number: string; mediaId: string }>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canViewIssues(actor, org.id));
  const issueId = await issueIdFor(db, org.id, params.number);
  const m = await db.media.findFirst({ where: { id: params.mediaId, issueId }, select: { fileName: true, data: true } });
  if (!m) throw notFound('Image');
  return new Response(Buffer.from(m.data), { headers: { ...mediaResponseHeaders(m), 'cache-control': 'private, no-store' } });
});
