'use client';

import { useState, type FormEvent } from 'react';
import { apiResult, type FormError } from '@/components/api/client';

export function SetPasswordForm({ token, email, minLength }: { token: string; email: string; minLength: number }) {
  const [error, setError] = useState<FormError | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const password = String(d.get('password') ?? '');
    if (password !== String(d.get('confirm') ?? '')) {
      setError({ message: 'The two passwords differ.', fields: {} });
      return;
    }
    setBusy(true);
    const res = await apiResult('/api/set-password', { method: 'POST', body: { token, password } });
    setBusy(false);
    setError(res.ok ? null : res.error);
    setDone(res.ok);
  }
  if (done) {
    return (
      <p role="status">
        Your password is set. <a href="/login">Sign in</a> as {email}.
      </p>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate>
      {/* Lets password managers store the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <label htmlFor="password">New password</label>
      <input id="password" name="password" type="password" autoComplete="new-password" required minLength={minLength} aria-describedby="password-hint" />
      <p id="password-hint" className="hint">At least {minLength} characters, and not a commonly used password.</p>
      <label htmlFor="confirm">Repeat the password</label>
      <input id="confirm" name="confirm" type="password" autoComplete="new-password" required />
      <p role="alert" className="error" aria-live="assertive">{error?.message}</p>
      <button type="submit" disabled={busy}>Set password</button>
    </form>
  );
}
