'use client';

import { useIntegrationSyncStatus, useRequestSync } from '@/components/hooks/use-integration-sync';
import type { SyncRequest } from '@/lib/sync/inbound/on-demand';

const LABELS: Record<SyncRequest['stream'], string> = {
  categories: 'Categories',
  questions: 'Questions',
  'poll-updates': 'Status, comments and images',
  'import-requests': 'Requests created in Cityworks',
};

function ago(iso: string | null): string {
  if (!iso) return 'never';
  return new Date(iso).toLocaleString('en-US');
}

/** "Sync now" for each inbound stream, with the run's progress and the last successful window. */
export function SyncPanel({ org, integrationId, canOperate }: { org: string; integrationId: string; canOperate: boolean }) {
  const status = useIntegrationSyncStatus(org, integrationId);
  const request = useRequestSync(org, integrationId);
  return (
    <section className="card" aria-labelledby="sync-heading">
      <h2 id="sync-heading">Sync from Cityworks</h2>
      {status.isPending ? <p className="hint" role="status">Loading sync status…</p> : null}
      {status.isError ? <p className="error" role="alert">Could not load the sync status: {status.error.message}</p> : null}
      {status.data ? (
        <table>
          <thead>
            <tr><th scope="col">Stream</th><th scope="col">Last success</th><th scope="col">Current run</th><th scope="col"><span className="sr-only">Action</span></th></tr>
          </thead>
          <tbody>
            {status.data.streams
              .filter((s): s is typeof s & { stream: SyncRequest['stream'] } => s.stream in LABELS)
              .map((s) => {
                const p = s.progress;
                return (
                  <tr key={s.stream} data-testid={`sync-${s.stream}`}>
                    <th scope="row">{LABELS[s.stream]}</th>
                    <td>{ago(s.lastSuccessAt)}{s.lagMs !== null ? <span className="hint"> (lag {Math.round(s.lagMs / 1000)} s)</span> : null}</td>
                    <td role="status">
                      {p ? (
                        <>
                          {p.state === 'running' ? 'Running' : p.state === 'succeeded' ? 'Done' : 'Failed'}: {p.done}
                          {p.total !== null ? ` of ${p.total}` : ''}
                          {p.total ? <progress value={p.done} max={p.total} aria-label={`${LABELS[s.stream]} progress`} /> : null}
                          {p.message ? <span className={p.state === 'failed' ? 'error' : 'hint'}> {p.message}</span> : null}
                        </>
                      ) : (
                        <span className="hint">No run yet</span>
                      )}
                    </td>
                    <td>
                      {canOperate ? (
                        <button type="button" className="secondary" disabled={request.isPending || p?.state === 'running'} onClick={() => request.mutate({ stream: s.stream })}>
                          Sync {LABELS[s.stream].toLowerCase()} now
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
          </tbody>
        </table>
      ) : null}
      {request.isError ? <p className="error" role="alert">{request.error.message}</p> : null}
      {request.data?.alreadyQueued ? <p className="hint" role="status">A run was already queued; it will pick this up.</p> : null}
    </section>
  );
}
