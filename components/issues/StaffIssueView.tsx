'use client';

import { useState, type FormEvent } from 'react';
import { useIssue, useIssueComment, useIssueRecategorize, useIssueStatusAction } from '@/components/hooks/use-issue';
import type { TimelineEntry } from '@/lib/crm/issue-queries';
import { formatWhen, KIND_LABELS, STATUS_LABELS } from './status-labels';

const ACTION_LABELS = { close: 'Close issue', reopen: 'Reopen issue' } as const;

function Entry({ e, mediaBase }: { e: TimelineEntry; mediaBase: string }) {
  if (e.type === 'sync') {
    return (
      <li data-type="sync" data-outcome={e.outcome}>
        <p className="hint">
          Sync · <strong>{e.operation}</strong> · {e.outcome === 'OK' ? 'OK' : `Error${e.errorClass ? ` (${e.errorClass})` : ''}`}
          {e.latencyMs !== null ? ` · ${e.latencyMs} ms` : ''}
          {e.attempt !== null ? ` · attempt ${e.attempt}` : ''} · <time dateTime={e.at}>{formatWhen(e.at)}</time>
        </p>
        {e.message ? <p>{e.message}</p> : null}
      </li>
    );
  }
  const who = { CITIZEN: 'Citizen', STAFF: 'Staff', INTEGRATION: 'Integration', REMOTE: 'Cityworks' }[e.authorKind] ?? e.authorKind;
  return (
    <li data-type="comment" data-kind={e.kind} data-internal={e.visibility === 'INTERNAL'}>
      <p className="hint">
        {who} · {KIND_LABELS[e.kind as keyof typeof KIND_LABELS] ?? e.kind} · {e.authorName} · {e.visibility === 'INTERNAL' ? 'Internal' : 'Public'}
        {e.sentToCityworks ? ` · to Cityworks: ${e.sentToCityworks.toLowerCase()}` : ''} · <time dateTime={e.at}>{formatWhen(e.at)}</time>
      </p>
      <p style={{ whiteSpace: 'pre-wrap' }}>{e.body}</p>
      {e.images.map((m) => (
        // eslint-disable-next-line @next/next/no-img-element -- staff media route, sizes unknown
        <img key={m.id} src={`${mediaBase}/${m.id}`} alt={`Image: ${m.fileName}`} className="issue-photo" />
      ))}
    </li>
  );
}

/** The staff issue page: facts, links, the whole timeline, comments and the actions allowed now. */
export function StaffIssueView({ org, number }: { org: string; number: number }) {
  const { data, error, isLoading } = useIssue(org, number);
  const status = useIssueStatusAction(org, number);
  const recategorize = useIssueRecategorize(org, number);
  const comment = useIssueComment(org, number);
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<'PUBLIC' | 'INTERNAL'>('INTERNAL');
  const [image, setImage] = useState<File | null>(null);
  const [target, setTarget] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const mediaBase = `/api/orgs/${org}/issues/${number}/media`;

  if (isLoading) return <p aria-busy="true">Loading…</p>;
  if (error || !data) return <p role="alert" className="error">{error?.message ?? 'Not found'}</p>;
  const { issue } = data;

  async function onComment(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    await comment.mutateAsync({ body, visibility, image }).then(
      () => {
        setBody('');
        setImage(null);
        form.reset();
        setNotice(visibility === 'PUBLIC' ? 'Public comment added.' : 'Internal comment added.');
      },
      () => undefined,
    );
  }

  return (
    <article aria-labelledby="issue-title">
      <h1 id="issue-title">Issue #{issue.number}: {issue.summary}</h1>
      <p>
        Status: <strong data-testid="issue-status" className={`status status-${issue.status.toLowerCase()}`}>{STATUS_LABELS[issue.status as keyof typeof STATUS_LABELS]}</strong> · Source {issue.source.toLowerCase()} · <a href={`/report/${org}/issues/${issue.number}`}>Public page</a>
      </p>
      {notice ? <p role="status">{notice}</p> : null}
      <section className="card">
        <h2>Report</h2>
        <dl className="facts">
          <dt>Category</dt><dd>{issue.category ? `${issue.category.name}${issue.category.integrated ? ' (Cityworks)' : ' (local)'}` : 'None'}</dd>
          <dt>Location</dt><dd>{issue.address ?? ''} ({issue.lat.toFixed(5)}, {issue.lng.toFixed(5)})</dd>
          <dt>Reporter</dt><dd>{issue.reporterName ?? 'Anonymous'}{issue.reporterEmail ? ` <${issue.reporterEmail}>` : ''}</dd>
          <dt>Description</dt><dd>{issue.description || '—'}</dd>
          <dt>Cityworks</dt>
          <dd data-testid="issue-links">
            {issue.links.length === 0 ? 'Not linked' : issue.links.map((l) => `${l.remoteKind === 'WORK_ORDER' ? 'WO' : 'SR'} ${l.remoteId}${l.active ? ' (active)' : ` (ended: ${l.endedReason ?? 'inactive'})`}`).join('; ')}
          </dd>
        </dl>
        {issue.answers.length > 0 ? (
          <dl className="facts">
            {issue.answers.map((a) => (
              <div key={a.question}><dt>{a.question}{a.isPrivate ? ' (private)' : ''}</dt><dd>{a.value}</dd></div>
            ))}
          </dl>
        ) : null}
        {issue.images.map((m) => (
          // eslint-disable-next-line @next/next/no-img-element -- staff media route
          <img key={m.id} src={`${mediaBase}/${m.id}`} alt={`Photo: ${m.fileName}`} className="issue-photo" />
        ))}
      </section>
      {data.canWork ? (
        <section className="card">
          <h2>Actions</h2>
          {data.actions.map((a) => (
            <p key={a.action}>
              <button type="button" disabled={!a.allowed || status.isPending} aria-describedby={a.reason ? `why-${a.action}` : undefined} onClick={() => status.mutate(a.action)}>
                {ACTION_LABELS[a.action]}
              </button>{' '}
              {a.reason ? <span className="hint" id={`why-${a.action}`}>{a.reason}</span> : null}
            </p>
          ))}
          {status.error ? <p role="alert" className="error">{status.error.message}</p> : null}
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (target) recategorize.mutate(target, { onSuccess: (r) => setNotice(r.note) });
            }}
          >
            <label htmlFor="recategorize">Move to category</label>
            <select id="recategorize" value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">Choose…</option>
              {data.categories.filter((c) => c.id !== issue.category?.id).map((c) => (
                <option key={c.id} value={c.id}>{c.name}{c.integrated ? ' (Cityworks)' : ' (local)'}</option>
              ))}
            </select>{' '}
            <button type="submit" disabled={!target || recategorize.isPending}>Move</button>
            {recategorize.error ? <p role="alert" className="error">{recategorize.error.message}</p> : null}
          </form>
        </section>
      ) : null}
      <section className="card">
        <h2>Timeline</h2>
        <ol className="timeline" data-testid="issue-timeline">
          {issue.timeline.map((e) => <Entry key={`${e.type}-${e.id}`} e={e} mediaBase={mediaBase} />)}
        </ol>
      </section>
      {data.canWork ? (
        <section className="card">
          <h2>Add a comment</h2>
          <form onSubmit={onComment}>
            <label htmlFor="comment-body">Comment</label>
            <textarea id="comment-body" rows={3} required value={body} onChange={(e) => setBody(e.target.value)} />
            <fieldset className="choice">
              <legend>Who sees it</legend>
              <input type="radio" id="vis-internal" name="visibility" checked={visibility === 'INTERNAL'} onChange={() => setVisibility('INTERNAL')} />
              <label htmlFor="vis-internal">Internal (staff only, never sent to Cityworks)</label>
              <input type="radio" id="vis-public" name="visibility" checked={visibility === 'PUBLIC'} onChange={() => setVisibility('PUBLIC')} />
              <label htmlFor="vis-public">Public (citizen and Cityworks)</label>
            </fieldset>
            <label htmlFor="comment-image">Image (optional)</label>
            <input id="comment-image" type="file" accept="image/jpeg,image/png,image/webp,image/heic,image/heif" onChange={(e) => setImage(e.target.files?.[0] ?? null)} />
            <button type="submit" disabled={comment.isPending || !body.trim()}>Add comment</button>
            {comment.error ? <p role="alert" className="error">{comment.error.message}</p> : null}
          </form>
        </section>
      ) : null}
    </article>
  );
}
