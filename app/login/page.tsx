import { LoginForm } from '@/components/forms/LoginForm';
import { safeCallbackPath } from '@/lib/auth/safe-callback';

export const metadata = { title: 'Sign in · Civic Bridge' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only same-site paths: an open redirect after sign-in would be a phishing aid.
  const next = safeCallbackPath(callbackUrl);
  return (
    <main className="login card">
      <h1>Civic Bridge</h1>
      <p className="muted">Sign in to manage your organization.</p>
      <LoginForm next={next} />
    </main>
  );
}
