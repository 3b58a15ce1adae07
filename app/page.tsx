import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function Home() {
  redirect((await currentActor()) ? '/admin' : '/login');
}
