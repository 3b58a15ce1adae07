import { redirect } from 'next/navigation';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password-policy';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { currentActor } from '@/lib/auth/session';
import { NameForm, PasswordForm } from '@/components/account/AccountForms';
import { TopBar } from '@/components/ui/TopBar';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Your account · Civic Bridge' };

export default async function AccountPage() {
  const actor = await currentActor();
  if (!actor) redirect('/login?callbackUrl=/account');
  return (
    <>
      <TopBar actor={actor} />
      <main className="content">
        <h1>Your account</h1>
        <section className="card" aria-labelledby="orgs-heading">
          <h2 id="orgs-heading">Your organizations</h2>
          {actor.memberships.length === 0 ? <p>None yet.</p> : null}
          <ul>
            {actor.memberships.map((m) => (
              <li key={m.organizationId}><a href={`/admin/${m.organizationSlug}`}>{m.organizationTitle}</a> <span className="muted">({ROLE_LABELS[m.role]})</span></li>
            ))}
          </ul>
          {actor.operator ? <p>You are a platform operator: <a href="/operator">create an organization</a>.</p> : null}
        </section>
        <NameForm name={actor.name} />
        <PasswordForm minLength={MIN_PASSWORD_LENGTH} />
      </main>
    </>
  );
}
