'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { CategoryDetail, CategoryQuestion } from '@/lib/categories/category-settings';
import { apiFetch } from '@/components/api/client';
import { categoryKey, categoryUrl, useCategory } from '@/components/hooks/use-category';
import { requestTypesKey } from '@/components/hooks/use-request-types';

// After "sync now", re-read the category for a while so the new questions show without a reload.
const SYNC_WATCH_MS = 60_000;

/** One category: its local choices, "sync questions now", and the private / hidden overrides per question. */
export function CategoryEditor({ org, id }: { org: string; id: string }) {
  const q = useCategory(org, id);
  if (q.isPending) return <p aria-busy="true" role="status">Loading the category…</p>;
  if (q.isError) return <p role="alert" className="error">Could not load the category: {q.error.message}</p>;
  return <Loaded org={org} c={q.data} />;
}

function Loaded({ org, c }: { org: string; c: CategoryDetail }) {
  const qc = useQueryClient();
  const [form, setForm] = useState({ displayName: c.displayName ?? '', hidden: c.hidden, agencyId: c.agencyId ?? '', autoSyncQuestions: c.autoSyncQuestions });
  const [message, setMessage] = useState<string | null>(null);
  const [watchUntil, setWatchUntil] = useState(0);
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: categoryKey(org, c.id) }), qc.invalidateQueries({ queryKey: requestTypesKey(org) })]);
  // Another observer of the same query, polling only while a requested sync may still be running.
  useCategory(org, c.id, watchUntil);

  const save = useMutation({
    mutationFn: () => apiFetch<{ changed: string[] }>(categoryUrl(org, c.id), { method: 'PUT', body: { ...form, agencyId: form.agencyId || null } }),
    onSuccess: async (r) => {
      setMessage(r.changed.length > 0 ? 'Category saved.' : 'Nothing to save: no change.');
      await refresh();
    },
  });
  const sync = useMutation({
    mutationFn: () => apiFetch<{ jobId: string | null; alreadyQueued: boolean }>(categoryUrl(org, c.id, 'sync-questions'), { method: 'POST' }),
    onSuccess: (r) => {
      setMessage(r.alreadyQueued ? 'A question sync is already queued for this integration; this category will be read by it or the next one.' : 'Question sync sent: the questions below update when Cityworks has answered.');
      setWatchUntil(Date.now() + SYNC_WATCH_MS);
    },
  });
  const error = save.error ?? sync.error;
  const canSyncQuestions = c.integrationId !== null && c.remoteKind === 'SERVICE_REQUEST';

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }

  return (
    <>
      <h1>{c.displayName ?? c.name}</h1>
      <p className="hint">
        {c.integrationId
          ? `Cityworks ${c.remoteKind === 'WORK_ORDER' ? 'work order template' : 'problem'} ${c.remoteCode ?? ''}: “${c.remoteName ?? c.name}”.${c.syncedAt ? ` Last synced ${new Date(c.syncedAt).toLocaleString()}.` : ''}`
          : 'A local request type, not synced from Cityworks.'}
      </p>
      {error ? <p role="alert" className="error">{error.message}</p> : null}
      <p role="status" className="ok">{message}</p>

      <form className="card" onSubmit={submit} aria-labelledby="category-settings-heading">
        <h2 id="category-settings-heading">Category settings</h2>
        <fieldset disabled={!c.canEdit}>
          <label htmlFor="category-display-name">Display name</label>
          <input id="category-display-name" value={form.displayName} maxLength={200} aria-describedby="category-display-name-hint" onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
          <p className="hint" id="category-display-name-hint">What citizens and staff see. Leave empty to use the Cityworks name; a category sync never changes it.</p>
          <div className="check">
            <input id="category-hidden" type="checkbox" checked={form.hidden} aria-describedby="category-hidden-hint" onChange={(e) => setForm({ ...form, hidden: e.target.checked })} />
            <label htmlFor="category-hidden">Hidden (not offered to citizens)</label>
          </div>
          <p className="hint" id="category-hidden-hint">{c.hidden && c.hiddenReason ? `Hidden: ${c.hiddenReason}.` : 'Existing issues keep their category.'}</p>
          <label htmlFor="category-agency">Agency</label>
          <select id="category-agency" value={form.agencyId} onChange={(e) => setForm({ ...form, agencyId: e.target.value })}>
            <option value="">No agency (offered nowhere)</option>
            {c.agencies.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
          {canSyncQuestions ? (
            <>
              <div className="check">
                <input id="category-auto-sync" type="checkbox" checked={form.autoSyncQuestions} aria-describedby="category-auto-sync-hint" onChange={(e) => setForm({ ...form, autoSyncQuestions: e.target.checked })} />
                <label htmlFor="category-auto-sync">Keep this category’s questions in sync automatically</label>
              </div>
              <p className="hint" id="category-auto-sync-hint">
                {c.integrationAutoSync === false ? 'Automatic question sync is off for the whole integration, so this switch has no effect until it is turned on again. ' : ''}
                Private and hidden choices below are kept by every sync.
              </p>
            </>
          ) : null}
          {c.canEdit ? <p><button type="submit" disabled={save.isPending}>Save category</button></p> : null}
        </fieldset>
      </form>

      <section className="card" aria-labelledby="category-questions-heading">
        <h2 id="category-questions-heading">Questions</h2>
        {canSyncQuestions && c.canEdit ? (
          <p><button type="button" className="secondary" disabled={sync.isPending} onClick={() => sync.mutate()}>Sync this category’s questions now</button></p>
        ) : null}
        {c.questions.length === 0 ? (
          <p className="muted">{c.remoteKind === 'WORK_ORDER' ? 'Work order templates have no questions in Cityworks.' : 'No questions.'}</p>
        ) : (
          <table>
            <caption className="hint">Private answers are never shown on the public issue page. Hidden questions are not asked.</caption>
            <thead><tr><th scope="col">Question</th><th scope="col">Private</th><th scope="col">Hidden</th></tr></thead>
            <tbody>
              {c.questions.map((question) => <QuestionRow key={`${question.id}:${String(question.privateOverride)}:${String(question.hiddenOverride)}:${String(question.remoteHidden)}`} org={org} categoryId={c.id} q={question} canEdit={c.canEdit} onSaved={(t) => { setMessage(t); void refresh(); }} />)}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

type Overrides = { privateOverride: boolean | null; hiddenOverride: true | null };

function QuestionRow({ org, categoryId, q, canEdit, onSaved }: { org: string; categoryId: string; q: CategoryQuestion; canEdit: boolean; onSaved: (text: string) => void }) {
  const saved: Overrides = { privateOverride: q.privateOverride, hiddenOverride: q.hiddenOverride === true ? true : null };
  // The controls show the choice at once; a refused save puts the saved values back.
  const [choice, setChoice] = useState<Overrides>(saved);
  const save = useMutation({
    mutationFn: (body: Overrides) =>
      apiFetch<CategoryQuestion>(categoryUrl(org, categoryId, `questions/${encodeURIComponent(q.id)}`), { method: 'PUT', body: body }),
    onSuccess: (r) => onSaved(`“${r.text}” is now ${r.isPrivate ? 'private' : 'public'}${r.hidden ? ' and hidden' : ''}.`),
    onError: () => setChoice(saved),
  });
  const change = (next: Overrides) => {
    setChoice(next);
    save.mutate(next);
  };
  const privateValue = choice.privateOverride === null ? 'follow' : choice.privateOverride ? 'private' : 'public';
  const rule = q.remotePrivate ? 'private' : 'public';
  return (
    <tr>
      <th scope="row">
        {q.text}
        {save.error ? <p className="error" role="alert">{save.error.message}</p> : null}
      </th>
      <td>
        <label htmlFor={`private-${q.id}`} className="visually-hidden">Private: {q.text}</label>
        <select
          id={`private-${q.id}`}
          value={privateValue}
          disabled={!canEdit || save.isPending}
          onChange={(e) => change({ ...choice, privateOverride: e.target.value === 'follow' ? null : e.target.value === 'private' })}
        >
          <option value="follow">As synced ({rule})</option>
          <option value="private">Private</option>
          <option value="public">Public</option>
        </select>
      </td>
      <td>
        {q.remoteHidden ? (
          <span>Hidden by sync (gone from Cityworks or no answer we can send)</span>
        ) : (
          <div className="check">
            <input
              id={`hidden-${q.id}`}
              type="checkbox"
              checked={choice.hiddenOverride === true}
              disabled={!canEdit || save.isPending}
              onChange={(e) => change({ ...choice, hiddenOverride: e.target.checked ? true : null })}
            />
            <label htmlFor={`hidden-${q.id}`}>Hide<span className="visually-hidden">: {q.text}</span></label>
          </div>
        )}
      </td>
    </tr>
  );
}
