import { notFound } from 'next/navigation';
import { Providers } from '@/components/Providers';
import { PublicIssueView } from '@/components/issues/PublicIssueView';
import { db } from '@/lib/db';
import { loadPublicIssue } from '@/lib/crm/public-issue';

export const dynamic = 'force-dynamic';

/** Public: where a report's confirmation leads; no account. */
export default async function PublicIssuePage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string; number: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { org: slug, number } = await params;
  const justFiled = (await searchParams).new === '1';
  const n = Number(number);
  if (!Number.isSafeInteger(n) || n <= 0) notFound();
  const org = await db.organization.findUnique({ where: { slug }, select: { id: true, slug: true, title: true } });
  if (!org) notFound();
  const issue = await loadPublicIssue(db, org.id, n);
  if (!issue) notFound();
  return (
    <main className="report">
      <p className="hint">
        {org.title} · <a href={`/report/${org.slug}`}>Report another problem</a>
      </p>
      {justFiled ? (
        <p role="status" className="ok-box" data-testid="report-confirmation">
          Thank you. Your report was received as issue #{issue.number}. This page shows its progress; keep its address to come back.
        </p>
      ) : null}
      <Providers>
        <PublicIssueView org={org.slug} initial={issue} />
      </Providers>
    </main>
  );
}
