import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { currentActor } from '@/lib/auth/session';
import { Providers } from '@/components/Providers';
import { TopBar } from '@/components/ui/TopBar';

export const dynamic = 'force-dynamic';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  if (!actor) redirect('/login');
  return (
    <>
      <TopBar actor={actor} />
      <Providers>{children}</Providers>
    </>
  );
}
