import { redirect } from 'next/navigation';
import { canCreateOrganizations } from '@/lib/auth/permissions';
import { currentActor } from '@/lib/auth/session';
import { AccessDenied } from '@/components/ui/AccessDenied';
import { CreateOrganizationForm } from '@/components/operator/CreateOrganizationForm';
import { TopBar } from '@/components/ui/TopBar';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Operator · Civic Bridge' };

export default async function OperatorPage() {
  const actor = await currentActor();
  if (!actor) redirect('/login?callbackUrl=/operator');
  return (
    <>
      <TopBar actor={actor} />
      <main className="content">
        {canCreateOrganizations(actor) ? (
          <>
            <h1>Create an organization</h1>
            <p className="hint">The organization, its integration bot and its first customer admin, who gets a one-time link to set a password.</p>
            <CreateOrganizationForm timeZones={Intl.supportedValuesOf('timeZone')} />
          </>
        ) : (
          <AccessDenied what="the operator page" />
        )}
      </main>
    </>
  );
}
