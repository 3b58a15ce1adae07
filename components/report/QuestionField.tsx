'use client';

import { isChoiceQuestion } from '@/lib/crm/report-form';
import type { ReportFormQuestion } from './report-api';

/** One category question as a labelled control: a text box, a date, or a group of choices. */
export function QuestionField({
  question: q,
  value,
  error,
  onChange,
}: {
  question: ReportFormQuestion;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const id = `question-${q.id}`;
  const errorId = `${id}-error`;
  const required = q.isRequired;
  const describedBy = error ? errorId : undefined;
  const mark = required ? <span aria-hidden="true"> *</span> : <span className="muted"> (optional)</span>;
  const note = q.isPrivate ? <p className="hint" id={`${id}-private`}>Only the city sees this answer.</p> : null;
  const problem = error ? <p className="error" id={errorId}>{error}</p> : null;

  if (isChoiceQuestion(q)) {
    return (
      <fieldset className="question" aria-describedby={describedBy} data-testid={`question-${q.sequence}`}>
        <legend>{q.text}{mark}</legend>
        {note}
        {q.options.map((o) => (
          <div key={o.id} className="choice">
            <input type="radio" id={`${id}-${o.id}`} name={id} value={o.id} checked={value === o.id} required={required} onChange={() => onChange(o.id)} />
            <label htmlFor={`${id}-${o.id}`}>{o.label}</label>
          </div>
        ))}
        {problem}
      </fieldset>
    );
  }
  return (
    <div className="question" data-testid={`question-${q.sequence}`}>
      <label htmlFor={id}>{q.text}{mark}</label>
      {note}
      {q.format === 'DATE' ? (
        <input id={id} type="date" value={value} required={required} aria-invalid={!!error} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <textarea id={id} rows={2} maxLength={2000} value={value} required={required} aria-invalid={!!error} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value)} />
      )}
      {problem}
    </div>
  );
}
