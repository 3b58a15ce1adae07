import { describePasswordLink } from '@/lib/auth/password-links';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password-policy';
import { db } from '@/lib/db';
import { HttpError } from '@/lib/http/errors';
import { SetPasswordForm } from '@/components/account/SetPasswordForm';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Set your password · Civic Bridge', referrer: 'no-referrer' };

export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const who = await describePasswordLink(db, token).catch((err: unknown) => {
    if (err instanceof HttpError) return { error: err.message };
    throw err;
  });
  return (
    <main className="login card">
      <h1>Set your password</h1>
      {'error' in who ? (
        <p role="alert" className="error">{who.error}</p>
      ) : (
        <>
          <p>Welcome, {who.name}. Choose a password for {who.email}.</p>
          <SetPasswordForm token={token} email={who.email} minLength={MIN_PASSWORD_LENGTH} />
        </>
      )}
    </main>
  );
}
