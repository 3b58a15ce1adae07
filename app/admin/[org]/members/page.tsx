import { orgPageContext } from '@/lib/auth/page-context';
import { canManageMembers, canViewMembers, mayGrantRole } from '@/lib/auth/permissions';
import { ROLE_LABELS, ROLES } from '@/lib/auth/roles';
import { listMembers } from '@/lib/organizations/members';
import { AccessDenied } from '@/components/ui/AccessDenied';
import { MembersManager } from '@/components/members/MembersManager';

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor, org } = await orgPageContext(slug);
  if (!canViewMembers(actor, org.id)) return <AccessDenied what="the member list" />;
  const members = await listMembers(org.id);
  const grantable = canManageMembers(actor, org.id) ? ROLES.filter((r) => mayGrantRole(actor, org.id, r)) : [];
  return (
    <>
      <h1>Members</h1>
      <MembersManager org={org.slug} organizationTitle={org.title} members={members} roleLabels={ROLE_LABELS} grantable={grantable} />
    </>
  );
}
