'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { GeoMap } from '@/components/map/GeoMap';
import type { MapLayer } from '@/components/map/types';
import { agenciesKey, useAgencies } from '@/components/hooks/use-agencies';
import { requestTypesKey } from '@/components/hooks/use-request-types';
import { apiFetch } from '@/components/api/client';
import { GeographyUpload } from './GeographyUpload';

export function AgenciesManager({ org, canEdit }: { org: string; canEdit: boolean }) {
  const { data: agencies, error, isPending } = useAgencies(org);
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const base = `/api/orgs/${encodeURIComponent(org)}/agencies`;
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: agenciesKey(org) }), queryClient.invalidateQueries({ queryKey: requestTypesKey(org) })]);

  const create = useMutation({
    mutationFn: (name: string) => apiFetch<{ agency: { id: string } }>(base, { method: 'POST', body: { name } }),
    onSuccess: async (res) => {
      setNewName('');
      await refresh();
      setSelected(res.agency.id);
    },
  });
  const rename = useMutation({
    mutationFn: (v: { id: string; name: string }) => apiFetch(`${base}/${encodeURIComponent(v.id)}`, { method: 'PATCH', body: { name: v.name } }),
    onSuccess: async () => {
      setRenaming(null);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`${base}/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: async (_r, id) => {
      setConfirmDelete(null);
      if (selected === id) setSelected(null);
      await refresh();
    },
  });

  const layers = useMemo<MapLayer[]>(
    () => (agencies ?? []).filter((a) => a.geography).map((a) => ({ id: a.id, kind: 'agency', label: a.name, geometry: a.geography! })),
    [agencies],
  );
  const current = agencies?.find((a) => a.id === selected) ?? null;
  const mutationError = create.error ?? rename.error ?? remove.error;

  function onCreate(e: FormEvent) {
    e.preventDefault();
    if (newName.trim()) create.mutate(newName.trim());
  }

  if (isPending) return <p aria-busy="true">Loading agencies…</p>;
  if (error) return <p role="alert" className="error">{error.message}</p>;

  return (
    <>
      {mutationError ? <p role="alert" className="error">{mutationError.message}</p> : null}
      <section className="card">
        <table>
          <caption className="hint">Each agency’s request types are offered only inside its geography.</caption>
          <thead><tr><th scope="col">Agency</th><th scope="col">Geography</th><th scope="col">Request types</th>{canEdit ? <th scope="col">Actions</th> : null}</tr></thead>
          <tbody>
            {agencies.length === 0 ? <tr><td colSpan={4} className="muted">No agencies yet.</td></tr> : null}
            {agencies.map((a) => (
              <tr key={a.id} data-testid={`agency-row-${a.name}`}>
                <td>
                  {renaming?.id === a.id ? (
                    <form onSubmit={(e) => { e.preventDefault(); rename.mutate(renaming); }}>
                      <label htmlFor={`rename-${a.id}`} className="visually-hidden">New name for {a.name}</label>
                      <input id={`rename-${a.id}`} value={renaming.name} onChange={(e) => setRenaming({ id: a.id, name: e.target.value })} autoFocus />
                      <button type="submit" disabled={rename.isPending}>Save name</button>{' '}
                      <button type="button" className="secondary" onClick={() => setRenaming(null)}>Cancel</button>
                    </form>
                  ) : a.name}
                </td>
                <td>
                  {a.geographyFileName ? (
                    <>
                      {a.geographyFileName}
                      {a.geographyReport ? <span className="hint"> — {a.geographyReport.ingest.partCount} part(s), {a.geographyReport.ingest.holeCount} hole(s)</span> : null}
                    </>
                  ) : <span className="muted">None</span>}
                </td>
                <td>{a.requestTypeCount}</td>
                {canEdit ? (
                  <td className="actions">
                    <button type="button" onClick={() => setSelected(a.id)} aria-label={`${a.geographyFileName ? 'Replace geography' : 'Upload geography'} for ${a.name}`}>{a.geographyFileName ? 'Replace geography' : 'Upload geography'}</button>{' '}
                    <button type="button" className="secondary" onClick={() => setRenaming({ id: a.id, name: a.name })} aria-label={`Rename ${a.name}`}>Rename</button>{' '}
                    {confirmDelete === a.id ? (
                      <button type="button" className="danger" onClick={() => remove.mutate(a.id)} disabled={remove.isPending}>Confirm delete {a.name}</button>
                    ) : (
                      <button type="button" className="secondary" onClick={() => setConfirmDelete(a.id)} aria-label={`Delete ${a.name}`}>Delete</button>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
        {canEdit ? (
          <form onSubmit={onCreate} className="inline-form">
            <label htmlFor="new-agency">New agency name</label>
            <input id="new-agency" value={newName} onChange={(e) => setNewName(e.target.value)} maxLength={120} />
            <button type="submit" disabled={create.isPending || !newName.trim()}>Add agency</button>
          </form>
        ) : null}
      </section>
      {current && canEdit ? (
        <GeographyUpload key={current.id} org={org} agency={current} others={agencies.filter((a) => a.id !== current.id)} onDone={() => setSelected(null)} />
      ) : (
        <section className="card">
          <h2>All agencies</h2>
          {layers.length === 0 ? <p className="muted">No agency has a geography yet.</p> : null}
          <GeoMap label="Map of all agency geographies" layers={layers} testId="agencies-map" />
        </section>
      )}
    </>
  );
}
