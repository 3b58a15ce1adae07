import { orgPageContext } from '@/lib/auth/page-context';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { db } from '@/lib/db';

export default async function OrgOverview({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor, org, role } = await orgPageContext(slug);
  const [issues, integrations] = await Promise.all([
    db.issue.groupBy({ by: ['status'], where: { organizationId: org.id }, _count: true }),
    db.integration.count({ where: { organizationId: org.id } }),
  ]);
  return (
    <>
      <h1>{org.title}</h1>
      <p>Signed in as {actor.name} ({ROLE_LABELS[role]}).</p>
      <section className="card">
        <h2>Issues</h2>
        {issues.length === 0 ? <p className="muted">No issues yet.</p> : (
          <ul>{issues.map((g) => <li key={g.status}>{g.status}: {g._count}</li>)}</ul>
        )}
        <p>{integrations} Cityworks integration(s) configured.</p>
      </section>
    </>
  );
}
