'use client';

import { renderMessage, type MessageVars } from '@/lib/integrations/messages';
import { Field } from './Field';

/** A message template with its live preview on sample values. */
export function MessageField({ label, value, onChange, sample, error }: { label: string; value: string; onChange: (v: string) => void; sample: MessageVars; error?: string | undefined }) {
  return (
    <div className="message">
      <Field label={label} hint="Placeholders: {remoteId}, {remoteKind}, {issueNumber}, {organization}, {category}, {status}, {value}, {field}." error={error}>
        <textarea rows={2} value={value} onChange={(e) => onChange(e.target.value)} />
      </Field>
      <p className="preview" aria-live="polite"><span className="muted">Preview: </span>{renderMessage(value, sample)}</p>
    </div>
  );
}

/** Per-status overrides of a message: rows of status → text. */
export function StatusMessages({ label, value, onChange, sample }: { label: string; value: Record<string, string>; onChange: (v: Record<string, string>) => void; sample: MessageVars }) {
  const rows = Object.entries(value);
  const update = (i: number, status: string, text: string) => onChange(Object.fromEntries(rows.map((r, j) => (j === i ? [status, text] : r))));
  return (
    <fieldset>
      <legend>{label}</legend>
      {rows.map(([status, text], i) => (
        <div className="row" key={i}>
          <Field label="Remote status">
            <input value={status} onChange={(e) => update(i, e.target.value, text)} />
          </Field>
          <MessageField label={`Message for ${status || 'this status'}`} value={text} onChange={(t) => update(i, status, t)} sample={{ ...sample, status }} />
          <button type="button" className="secondary" onClick={() => onChange(Object.fromEntries(rows.filter((_, j) => j !== i)))}>Remove {status || 'row'}</button>
        </div>
      ))}
      <button type="button" className="secondary" onClick={() => onChange({ ...value, '': '' })} disabled={'' in value}>Add a status message</button>
    </fieldset>
  );
}
