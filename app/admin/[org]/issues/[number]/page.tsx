import { notFound } from 'next/navigation';
import { AccessDenied } from '@/components/ui/AccessDenied';
import { StaffIssueView } from '@/components/issues/StaffIssueView';
import { orgPageContext } from '@/lib/auth/page-context';
import { canViewIssues } from '@/lib/auth/permissions';

export const dynamic = 'force-dynamic';

export default async function StaffIssuePage({ params }: { params: Promise<{ org: string; number: string }> }) {
  const { org: slug, number } = await params;
  const { actor, org } = await orgPageContext(slug);
  if (!canViewIssues(actor, org.id)) return <AccessDenied what="issues" />;
  const n = Number(number);
  if (!Number.isSafeInteger(n) || n <= 0) notFound();
  return (
    <>
      <p className="hint"><a href={`/admin/${org.slug}/issues`}>All issues</a></p>
      <StaffIssueView org={org.slug} number={n} />
    </>
  );
}
