import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { currentActor } from '@/lib/auth/session';
import { Providers } from '@/components/Providers';
import { SignOutButton } from '@/components/ui/SignOutButton';

export const dynamic = 'force-dynamic';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  if (!actor) redirect('/login');
  return (
    <>
      <header className="top">
        <span className="brand">Civic Bridge</span>
        <span>
          <span className="muted" data-testid="signed-in-as">{actor.email}</span> <SignOutButton />
        </span>
      </header>
      <Providers>{children}</Providers>
    </>
  );
}
