'use client';

import { useState, type FormEvent } from 'react';
import type { DeadLetter, DeadLetterEdit } from '@/lib/operations/dead-letters';
import styles from './operations.module.css';

/** Correct the issue (or comment) a dead letter was for, then retry it with the fix. */
export function DeadLetterEditForm({ item, busy, onSubmit, onCancel }: { item: DeadLetter; busy: boolean; onSubmit: (edits: DeadLetterEdit) => void; onCancel: () => void }) {
  const [summary, setSummary] = useState(item.issue.summary);
  const [description, setDescription] = useState(item.issue.description);
  const [address, setAddress] = useState(item.issue.address ?? '');
  const [commentBody, setCommentBody] = useState(item.comment?.body ?? '');
  const [answers, setAnswers] = useState(() => Object.fromEntries(item.answers.map((a) => [a.questionId, { value: a.value, answerOptionId: a.answerOptionId }])));
  const id = (f: string) => `edit-${item.submissionId}-${f}`;

  function submit(e: FormEvent) {
    e.preventDefault();
    const edits: DeadLetterEdit = {};
    if (item.kind === 'COMMENT') {
      if (commentBody !== item.comment?.body) edits.commentBody = commentBody;
    } else {
      if (summary !== item.issue.summary) edits.summary = summary;
      if (description !== item.issue.description) edits.description = description;
      if (address !== (item.issue.address ?? '')) edits.address = address || null;
      const changed = item.answers.filter((a) => answers[a.questionId]?.value !== a.value || answers[a.questionId]?.answerOptionId !== a.answerOptionId);
      if (changed.length > 0) edits.answers = changed.map((a) => ({ questionId: a.questionId, value: answers[a.questionId]?.value ?? '', answerOptionId: answers[a.questionId]?.answerOptionId ?? null }));
    }
    onSubmit(edits);
  }

  return (
    <form onSubmit={submit} aria-label={`Edit issue #${item.issue.number} and retry`}>
      {item.kind === 'COMMENT' ? (
        <>
          <label htmlFor={id('comment')}>Comment</label>
          <textarea id={id('comment')} value={commentBody} onChange={(e) => setCommentBody(e.target.value)} rows={3} />
        </>
      ) : (
        <>
          <label htmlFor={id('summary')}>Summary</label>
          <input id={id('summary')} value={summary} maxLength={200} onChange={(e) => setSummary(e.target.value)} />
          <label htmlFor={id('description')}>Description</label>
          <textarea id={id('description')} value={description} rows={3} onChange={(e) => setDescription(e.target.value)} />
          <label htmlFor={id('address')}>Address</label>
          <input id={id('address')} value={address} onChange={(e) => setAddress(e.target.value)} />
          {item.answers.map((a) => {
            const cur = answers[a.questionId] ?? { value: '', answerOptionId: null };
            return a.options.length > 1 ? (
              <div key={a.questionId}>
                <label htmlFor={id(a.questionId)}>{a.question}{a.required ? ' (required)' : ''}</label>
                <select
                  id={id(a.questionId)}
                  value={cur.answerOptionId ?? ''}
                  onChange={(e) => {
                    const opt = a.options.find((o) => o.id === e.target.value);
                    setAnswers({ ...answers, [a.questionId]: { value: opt?.label ?? '', answerOptionId: opt?.id ?? null } });
                  }}
                >
                  <option value="">(no answer)</option>
                  {a.options.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
                </select>
              </div>
            ) : (
              <div key={a.questionId}>
                <label htmlFor={id(a.questionId)}>{a.question}{a.required ? ' (required)' : ''}</label>
                <input id={id(a.questionId)} value={cur.value} onChange={(e) => setAnswers({ ...answers, [a.questionId]: { value: e.target.value, answerOptionId: a.options[0]?.id ?? cur.answerOptionId } })} />
              </div>
            );
          })}
        </>
      )}
      <div className={styles.buttons}>
        <button type="submit" disabled={busy}>Save and retry</button>
        <button type="button" className="secondary" onClick={onCancel} disabled={busy}>Cancel</button>
      </div>
    </form>
  );
}
