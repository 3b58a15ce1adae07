'use client';

import { useId } from 'react';

/**
 * Checkboxes for the server's statuses when reachable, plus free typing for any others. A saved
 * status the server no longer lists is named as such rather than dropped.
 */
export function StatusPicker({ label, value, onChange, remote, error, hint }: { label: string; value: string[]; onChange: (v: string[]) => void; remote: { code: string; description: string }[] | null; error?: string | undefined; hint?: string }) {
  const id = useId();
  const remoteCodes = new Set((remote ?? []).map((s) => s.code));
  const typed = value.filter((v) => !remoteCodes.has(v));
  const toggle = (code: string, on: boolean) => onChange(on ? [...value, code] : value.filter((v) => v !== code));
  return (
    <fieldset className="statuses">
      <legend>{label}</legend>
      {hint ? <p className="hint">{hint}</p> : null}
      {remote?.map((s) => (
        <div className="check" key={s.code}>
          <input id={`${id}-${s.code}`} type="checkbox" checked={value.includes(s.code)} onChange={(e) => toggle(s.code, e.target.checked)} />
          <label htmlFor={`${id}-${s.code}`}>{s.code}{s.description && s.description !== s.code ? ` — ${s.description}` : ''}</label>
        </div>
      ))}
      {remote && typed.length > 0 ? (
        <p className="hint" id={`${id}-gone`}>
          Saved but no longer in Cityworks: {typed.map((t, i) => <span key={t}>{i > 0 ? ', ' : ''}<strong>{t}</strong></span>)}. They stay saved until you remove them below.
        </p>
      ) : null}
      <label htmlFor={`${id}-typed`}>{remote ? 'Other statuses' : 'Statuses'} (comma-separated)</label>
      <input
        id={`${id}-typed`}
        defaultValue={typed.join(', ')}
        aria-invalid={error ? true : undefined}
        onBlur={(e) => {
          const more = e.target.value.split(',').map((s) => s.trim()).filter(Boolean);
          onChange([...value.filter((v) => remoteCodes.has(v)), ...more.filter((m) => !remoteCodes.has(m) || !value.includes(m))]);
        }}
      />
      {error ? <p className="error">{error}</p> : null}
    </fieldset>
  );
}
