import { orgPageContext } from '@/lib/auth/page-context';
import { canViewAgencies } from '@/lib/auth/permissions';
import { CategoryEditor } from '@/components/categories/CategoryEditor';
import { AccessDenied } from '@/components/ui/AccessDenied';

export default async function CategoryPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org: slug, id } = await params;
  const { actor, org } = await orgPageContext(slug);
  if (!canViewAgencies(actor, org.id)) return <AccessDenied what="request types" />;
  return (
    <>
      <p><a href={`/admin/${org.slug}/request-types`}>← All request types</a></p>
      <CategoryEditor org={org.slug} id={id} />
    </>
  );
}
