import Link from 'next/link';
import type { Actor } from '@/lib/auth/roles';
import { SignOutButton } from './SignOutButton';

/** The signed-in header: who, their account, the operator page for operators, sign out. */
export function TopBar({ actor }: { actor: Actor }) {
  return (
    <header className="top">
      <Link className="brand" href="/admin">Civic Bridge</Link>
      <nav aria-label="Account">
        {actor.operator ? <><Link href="/operator">Operator</Link>{' · '}</> : null}
        <Link href="/account">Your account</Link>{' '}
        <span className="muted" data-testid="signed-in-as">{actor.email}</span> <SignOutButton />
      </nav>
    </header>
  );
}
