import { AccessDenied } from '@/components/ui/AccessDenied';
import { IssueList } from '@/components/issues/IssueList';
import { orgPageContext } from '@/lib/auth/page-context';
import { canViewIssues } from '@/lib/auth/permissions';
import { db } from '@/lib/db';

export const dynamic = 'force-dynamic';

export default async function IssuesPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor, org } = await orgPageContext(slug);
  if (!canViewIssues(actor, org.id)) return <AccessDenied what="issues" />;
  const [categories, agencies] = await Promise.all([
    db.requestType.findMany({ where: { organizationId: org.id }, orderBy: { name: 'asc' }, select: { id: true, name: true, displayName: true } }),
    db.agency.findMany({ where: { organizationId: org.id }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ]);
  return (
    <>
      <h1>Issues</h1>
      <IssueList org={org.slug} categories={categories.map((c) => ({ id: c.id, name: c.displayName ?? c.name }))} agencies={agencies} />
    </>
  );
}
