import { orgPageContext } from '@/lib/auth/page-context';
import { canViewMembers } from '@/lib/auth/permissions';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { listMembers } from '@/lib/organizations/members';
import { AccessDenied } from '@/components/ui/AccessDenied';

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor, org } = await orgPageContext(slug);
  if (!canViewMembers(actor, org.id)) return <AccessDenied what="the member list" />;
  const members = await listMembers(org.id);
  return (
    <>
      <h1>Members</h1>
      <table>
        <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th></tr></thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}><td>{m.displayName ?? m.name}</td><td>{m.email}</td><td>{ROLE_LABELS[m.role]}</td></tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
