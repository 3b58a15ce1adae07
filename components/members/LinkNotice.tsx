'use client';

export interface LinkResult {
  setPasswordUrl: string | null;
  expiresAt: string | null;
  emailed: boolean;
  emailError?: string;
}

/** The one-time link to hand over: shown once, as text, with whether it was also emailed. */
export function LinkNotice({ who, link }: { who: string; link: LinkResult }) {
  if (!link.setPasswordUrl) return <p role="status">{who} already has an account and signs in with their password.</p>;
  return (
    <div role="status" className="ok-box" data-testid="set-password-link">
      <p>
        One-time set-password link for {who}
        {link.expiresAt ? ` (expires ${new Date(link.expiresAt).toLocaleString()})` : ''}.{' '}
        {link.emailed ? 'It was also emailed.' : link.emailError ? `It could not be emailed (${link.emailError}); give it to them yourself.` : 'Give it to them yourself: no mail server is configured.'}
      </p>
      <label htmlFor="set-password-url">Link</label>
      <input id="set-password-url" readOnly value={link.setPasswordUrl} onFocus={(e) => e.currentTarget.select()} />
    </div>
  );
}
