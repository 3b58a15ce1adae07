'use client';

import { useId, type ReactElement, cloneElement } from 'react';

/** A labelled control with its hint and error wired to aria-describedby / aria-invalid. */
export function Field({ label, hint, error, children }: { label: string; hint?: string; error?: string | undefined; children: ReactElement<Record<string, unknown>> }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {hint ? <p className="hint" id={hintId}>{hint}</p> : null}
      {error ? <p className="error" id={errorId}>{error}</p> : null}
    </div>
  );
}

/** Pending / error / success line under a form's submit button. */
export function SaveState({ pending, error, success }: { pending: boolean; error: string | null; success: string | null }) {
  if (pending) return <p className="hint" role="status">Saving…</p>;
  if (error) return <p className="error" role="alert">{error}</p>;
  if (success) return <p className="ok" role="status">{success}</p>;
  return null;
}
