'use client';

import { usePublicIssue } from '@/components/hooks/use-public-issue';
import type { PublicIssue } from '@/lib/crm/public-issue';
import { formatWhen, KIND_LABELS, STATUS_LABELS } from './status-labels';

/** An issue as the public sees it; follows the sync while the issue is not closed. */
export function PublicIssueView({ org, initial }: { org: string; initial: PublicIssue }) {
  const { data: issue, isFetching, error } = usePublicIssue(org, initial.number, initial);
  return (
    <article aria-labelledby="issue-title">
      <h1 id="issue-title">Issue #{issue.number}: {issue.summary}</h1>
      <p>
        Status: <strong data-testid="issue-status" className={`status status-${issue.status.toLowerCase()}`}>{STATUS_LABELS[issue.status]}</strong>
        <span className="muted" aria-live="polite">{isFetching ? ' (checking for updates…)' : ''}</span>
      </p>
      {error ? <p role="alert" className="error">Could not refresh: {error.message}</p> : null}
      <section className="card">
        <h2>Report</h2>
        <dl className="facts">
          <dt>Category</dt>
          <dd>{issue.category ?? 'Uncategorized'}</dd>
          <dt>Reported</dt>
          <dd>{formatWhen(issue.createdAt)}</dd>
          <dt>Location</dt>
          <dd>{issue.address ?? `${issue.lat.toFixed(5)}, ${issue.lng.toFixed(5)}`}</dd>
          {issue.description ? (
            <>
              <dt>Description</dt>
              <dd>{issue.description}</dd>
            </>
          ) : null}
        </dl>
        {issue.answers.length > 0 ? (
          <>
            <h3>Answers</h3>
            <dl className="facts" data-testid="issue-answers">
              {issue.answers.map((a) => (
                <div key={a.question}>
                  <dt>{a.question}</dt>
                  <dd>{a.value}</dd>
                </div>
              ))}
            </dl>
          </>
        ) : null}
        {issue.images.map((m) => (
          // eslint-disable-next-line @next/next/no-img-element -- served from our own media route, sizes unknown
          <img key={m.id} src={`/api/media/${m.id}`} alt={`Photo: ${m.fileName}`} className="issue-photo" data-testid="issue-photo" />
        ))}
      </section>
      <section className="card" aria-live="polite">
        <h2>Updates</h2>
        {issue.comments.length === 0 ? <p className="muted">No updates yet.</p> : null}
        <ol className="timeline" data-testid="issue-updates">
          {issue.comments.map((c) => (
            <li key={c.id} data-kind={c.kind}>
              <p className="hint">
                {KIND_LABELS[c.kind]} · {c.authorName} · <time dateTime={c.createdAt}>{formatWhen(c.createdAt)}</time>
              </p>
              <p>{c.body}</p>
              {c.images.map((m) => (
                // eslint-disable-next-line @next/next/no-img-element -- served from our own media route
                <img key={m.id} src={`/api/media/${m.id}`} alt={`Image: ${m.fileName}`} className="issue-photo" />
              ))}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
