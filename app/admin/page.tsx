import { redirect } from 'next/navigation';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { currentActor } from '@/lib/auth/session';

export default async function AdminHome() {
  const actor = await currentActor();
  if (!actor) redirect('/login');
  const first = actor.memberships[0];
  if (actor.memberships.length === 1 && first) redirect(`/admin/${first.organizationSlug}`);
  return (
    <main className="content">
      <h1>Your organizations</h1>
      {actor.memberships.length === 0 ? <p>You are not a member of any organization yet.</p> : null}
      {actor.operator ? <p><a href="/operator">Create an organization</a></p> : null}
      <ul>
        {actor.memberships.map((m) => (
          <li key={m.organizationId}><a href={`/admin/${m.organizationSlug}`}>{m.organizationTitle}</a> <span className="muted">({ROLE_LABELS[m.role]})</span></li>
        ))}
      </ul>
    </main>
  );
}
