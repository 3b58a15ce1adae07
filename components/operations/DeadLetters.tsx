'use client';

import { useState } from 'react';
import { useDeadLetterAction } from '@/components/hooks/use-dead-letter-action';
import { useDeadLetters } from '@/components/hooks/use-dead-letters';
import type { DeadLetter } from '@/lib/operations/dead-letters';
import { DeadLetterEditForm } from './DeadLetterEditForm';
import { when } from './format';
import styles from './operations.module.css';

function what(d: DeadLetter): string {
  const issue = `Issue #${d.issue.number}: ${d.issue.summary}${d.issue.category ? ` (${d.issue.category})` : ''}`;
  return d.kind === 'COMMENT' && d.comment ? `Comment by ${d.comment.authorName} on ${issue}: “${d.comment.body.slice(0, 120)}”` : issue;
}

/** Submissions that failed for good: why, what for, how often tried; retry, skip or fix and retry. */
export function DeadLetters({ org, integrationId, canOperate }: { org: string; integrationId: string; canOperate: boolean }) {
  const list = useDeadLetters(org, integrationId);
  const act = useDeadLetterAction(org, integrationId);
  const [editing, setEditing] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = (label: string, a: Parameters<typeof act.mutate>[0]) =>
    act.mutate(a, { onSuccess: () => { setDone(label); setEditing(null); } });

  return (
    <section className="card" aria-labelledby="dead-heading">
      <h2 id="dead-heading">Dead letters{list.data ? ` (${list.data.total})` : ''}</h2>
      <p className="hint">Submissions that will not be retried on their own. Retry once the cause is fixed, fix our data and retry, or skip.</p>
      {list.isPending ? <p role="status" className="hint">Loading…</p> : null}
      {list.isError ? <p role="alert" className="error">Could not load dead letters: {list.error.message}</p> : null}
      {act.isError ? <p role="alert" className="error">{act.error.message}</p> : null}
      {done && !act.isError ? <p role="status" className="ok">{done}</p> : null}
      {list.data && list.data.total === 0 ? <p className={styles.good} data-testid="no-dead-letters">No dead letters.</p> : null}
      {canOperate && list.data && list.data.total > 1 ? (
        <button type="button" disabled={act.isPending} onClick={() => run('All dead letters were sent again.', { submissionId: null, action: 'retry-all' })}>
          Retry all {list.data.total}
        </button>
      ) : null}
      {list.data?.items.map((d) => (
        <article key={d.submissionId} className={styles.deadItem} data-testid="dead-letter" aria-label={`Dead letter for issue #${d.issue.number}`}>
          <p><strong>{what(d)}</strong></p>
          <dl className="facts">
            <dt>Reason</dt><dd>{d.reason ?? 'unknown'}</dd>
            <dt>Class</dt><dd>{d.errorClass ?? '—'}{d.causeInOurData ? ' — likely in our data: edit and retry' : ''}</dd>
            <dt>Attempts</dt><dd>{d.attempts}</dd>
            <dt>Failed</dt><dd>{when(d.deadAt)}</dd>
          </dl>
          {canOperate && editing !== d.submissionId ? (
            <div className={styles.buttons}>
              <button type="button" disabled={act.isPending} onClick={() => run(`Issue #${d.issue.number} was sent again.`, { submissionId: d.submissionId, action: 'retry' })}>Retry</button>
              <button type="button" className="secondary" disabled={act.isPending} onClick={() => setEditing(d.submissionId)}>Edit and retry</button>
              <button
                type="button"
                className="secondary"
                disabled={act.isPending}
                onClick={() => {
                  if (window.confirm(`Skip issue #${d.issue.number}? It will not be sent to Cityworks.`)) run(`Issue #${d.issue.number} was skipped.`, { submissionId: d.submissionId, action: 'skip', reason: null });
                }}
              >
                Skip
              </button>
            </div>
          ) : null}
          {editing === d.submissionId ? (
            <DeadLetterEditForm item={d} busy={act.isPending} onCancel={() => setEditing(null)} onSubmit={(edits) => run(`Issue #${d.issue.number} was corrected and sent again.`, { submissionId: d.submissionId, action: 'edit-and-retry', edits })} />
          ) : null}
        </article>
      ))}
      {list.data && list.data.otherJobs.length > 0 ? (
        <>
          <h3>Failed sync runs, last 7 days</h3>
          <p className="hint">Each run starts from where the last good one stopped: fix the cause, then use “Sync now” on the Integrations page.</p>
          <table data-testid="failed-jobs">
            <thead><tr><th scope="col">Stream</th><th scope="col">Failed</th><th scope="col">Attempts</th><th scope="col">Error</th></tr></thead>
            <tbody>
              {list.data.otherJobs.map((j) => <tr key={j.id}><th scope="row">{j.queue}</th><td>{when(j.failedAt)}</td><td>{j.attempts}</td><td>{j.error ?? '—'}</td></tr>)}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
