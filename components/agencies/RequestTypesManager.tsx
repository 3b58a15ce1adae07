'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { agenciesKey, useAgencies } from '@/components/hooks/use-agencies';
import { requestTypesKey, useRequestTypes } from '@/components/hooks/use-request-types';
import { apiFetch } from '@/components/api/client';

export function RequestTypesManager({ org, canEdit }: { org: string; canEdit: boolean }) {
  const types = useRequestTypes(org);
  const agencies = useAgencies(org);
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [agencyId, setAgencyId] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const base = `/api/orgs/${encodeURIComponent(org)}/request-types`;
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: requestTypesKey(org) }), queryClient.invalidateQueries({ queryKey: agenciesKey(org) })]);

  const assign = useMutation({
    mutationFn: (v: { id: string; name: string; agencyId: string | null }) => apiFetch(`${base}/${encodeURIComponent(v.id)}`, { method: 'PATCH', body: { agencyId: v.agencyId } }),
    onSuccess: async (_r, v) => {
      setSaved(`${v.name}: ${v.agencyId ? `assigned to ${agencies.data?.find((a) => a.id === v.agencyId)?.name ?? 'the agency'}` : 'no agency'}.`);
      await refresh();
    },
  });
  const create = useMutation({
    mutationFn: (v: { name: string; agencyId: string | null }) => apiFetch(base, { method: 'POST', body: v }),
    onSuccess: async (_r, v) => {
      setName('');
      setSaved(`${v.name} created.`);
      await refresh();
    },
  });

  function onCreate(e: FormEvent) {
    e.preventDefault();
    if (name.trim()) create.mutate({ name: name.trim(), agencyId: agencyId || null });
  }

  if (types.isPending || agencies.isPending) return <p aria-busy="true">Loading request types…</p>;
  if (types.error || agencies.error) return <p role="alert" className="error">{(types.error ?? agencies.error)?.message}</p>;
  const error = assign.error ?? create.error;

  return (
    <>
      {error ? <p role="alert" className="error">{error.message}</p> : null}
      {saved ? <p role="status" className="ok">{saved}</p> : null}
      <section className="card">
        <table>
          <caption className="hint">A request type is offered at a point only when its agency’s geography covers that point.</caption>
          <thead><tr><th scope="col">Request type</th><th scope="col">Source</th><th scope="col">Agency</th></tr></thead>
          <tbody>
            {types.data.length === 0 ? <tr><td colSpan={3} className="muted">No request types yet.</td></tr> : null}
            {types.data.map((t) => (
              <tr key={t.id}>
                <td><a href={`/admin/${encodeURIComponent(org)}/request-types/${encodeURIComponent(t.id)}`}>{t.name}</a>{t.hidden ? <span className="muted"> (hidden)</span> : null}</td>
                <td>{t.source === 'local' ? 'Local' : 'Cityworks'}</td>
                <td>
                  {canEdit ? (
                    <>
                      <label htmlFor={`agency-${t.id}`} className="visually-hidden">Agency for {t.name}</label>
                      <select id={`agency-${t.id}`} value={t.agencyId ?? ''} disabled={assign.isPending} onChange={(e) => assign.mutate({ id: t.id, name: t.name, agencyId: e.target.value || null })}>
                        <option value="">No agency (offered nowhere)</option>
                        {agencies.data.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
                      </select>
                    </>
                  ) : t.agencyName ?? <span className="muted">None</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {canEdit ? (
        <form className="card" onSubmit={onCreate}>
          <h2>New local request type</h2>
          <p className="hint">Cityworks categories appear here once category sync runs.</p>
          <label htmlFor="new-request-type">Name</label>
          <input id="new-request-type" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
          <label htmlFor="new-request-type-agency">Agency</label>
          <select id="new-request-type-agency" value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
            <option value="">No agency</option>
            {agencies.data.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
          <p><button type="submit" disabled={create.isPending || !name.trim()}>Create request type</button></p>
        </form>
      ) : null}
    </>
  );
}
