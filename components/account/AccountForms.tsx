'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { apiResult, type ApiError } from '@/components/api/client';

export function NameForm({ name }: { name: string }) {
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const res = await apiResult('/api/account', { method: 'PATCH', body: { name: String(new FormData(e.currentTarget).get('name') ?? '') } });
    setError(res.ok ? null : res.error);
    if (res.ok) {
      setSaved(true);
      router.refresh();
    }
  }
  return (
    <form className="card" onSubmit={onSubmit} aria-labelledby="name-heading">
      <h2 id="name-heading">Display name</h2>
      <label htmlFor="account-name">Name</label>
      <input id="account-name" name="name" defaultValue={name} required maxLength={100} />
      <p role="alert" className="error">{error?.message}</p>
      <p role="status" aria-live="polite">{saved ? 'Name saved.' : ''}</p>
      <button type="submit">Save name</button>
    </form>
  );
}

export function PasswordForm({ minLength }: { minLength: number }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const d = new FormData(form);
    setSaved(false);
    const res = await apiResult('/api/account/password', { method: 'POST', body: { currentPassword: String(d.get('currentPassword') ?? ''), newPassword: String(d.get('newPassword') ?? '') } });
    setError(res.ok ? null : res.error);
    if (res.ok) {
      setSaved(true);
      form.reset();
    }
  }
  return (
    <form className="card" onSubmit={onSubmit} aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <label htmlFor="current-password">Current password</label>
      <input id="current-password" name="currentPassword" type="password" autoComplete="current-password" required />
      <label htmlFor="new-password">New password</label>
      <input id="new-password" name="newPassword" type="password" autoComplete="new-password" required minLength={minLength} aria-describedby="new-password-hint" />
      <p id="new-password-hint" className="hint">At least {minLength} characters, and not a commonly used password.</p>
      <p role="alert" className="error">{error?.message}</p>
      <p role="status" aria-live="polite">{saved ? 'Password changed.' : ''}</p>
      <button type="submit">Change password</button>
    </form>
  );
}
