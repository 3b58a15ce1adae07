'use client';

import { useCallback, useState } from 'react';
import { useIssues, type IssueListFilters } from '@/components/hooks/use-issues';
import { IssuesMap } from './IssuesMap';
import { formatWhen } from './status-labels';

const SYNC_LABELS: Record<string, string> = { pending: 'Pending', acknowledged: 'Linked', dead: 'Failed (dead)', 'not-integrated': 'Not integrated', ended: 'Link ended' };

export interface Choice {
  id: string;
  name: string;
}

/** Staff issue list with filters, as a table or on a map. */
export function IssueList({ org, categories, agencies }: { org: string; categories: Choice[]; agencies: Choice[] }) {
  const [filters, setFilters] = useState<IssueListFilters>({ status: '', category: '', agency: '', sync: '' });
  const [view, setView] = useState<'list' | 'map'>('list');
  const { data, isLoading, error } = useIssues(org, filters);
  const set = (k: keyof IssueListFilters) => (e: React.ChangeEvent<HTMLSelectElement>) => setFilters((f) => ({ ...f, [k]: e.target.value }));
  const hrefFor = useCallback((n: number) => `/admin/${org}/issues/${n}`, [org]);

  return (
    <>
      <form className="filters card" aria-label="Filter issues" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" value={filters.status} onChange={set('status')}>
            <option value="">Any</option>
            <option value="OPEN">Open</option>
            <option value="ACKNOWLEDGED">Acknowledged</option>
            <option value="CLOSED">Closed</option>
            <option value="ARCHIVED">Archived</option>
          </select>
        </div>
        <div>
          <label htmlFor="filter-category">Category</label>
          <select id="filter-category" value={filters.category} onChange={set('category')}>
            <option value="">Any</option>
            {categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="filter-agency">Agency</label>
          <select id="filter-agency" value={filters.agency} onChange={set('agency')}>
            <option value="">Any</option>
            {agencies.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="filter-sync">Sync</label>
          <select id="filter-sync" value={filters.sync} onChange={set('sync')}>
            <option value="">Any</option>
            <option value="pending">Pending</option>
            <option value="acknowledged">Linked to Cityworks</option>
            <option value="dead">Failed (dead)</option>
            <option value="not-integrated">Not integrated</option>
          </select>
        </div>
        <fieldset className="choice" aria-label="View">
          <input type="radio" id="view-list" name="view" checked={view === 'list'} onChange={() => setView('list')} />
          <label htmlFor="view-list">List</label>
          <input type="radio" id="view-map" name="view" checked={view === 'map'} onChange={() => setView('map')} />
          <label htmlFor="view-map">Map</label>
        </fieldset>
      </form>
      {isLoading ? <p aria-busy="true">Loading issues…</p> : null}
      {error ? <p role="alert" className="error">{error.message}</p> : null}
      {data && view === 'map' ? <IssuesMap issues={data} hrefFor={hrefFor} /> : null}
      {data && view === 'list' ? (
        <table data-testid="issues-table">
          <caption className="hint">{data.length} issue(s)</caption>
          <thead>
            <tr><th scope="col">#</th><th scope="col">Summary</th><th scope="col">Status</th><th scope="col">Category</th><th scope="col">Agency</th><th scope="col">Sync</th><th scope="col">Reported</th></tr>
          </thead>
          <tbody>
            {data.map((i) => (
              <tr key={i.id} data-testid={`issue-row-${i.number}`}>
                <td><a href={hrefFor(i.number)}>#{i.number}</a></td>
                <td>{i.summary}</td>
                <td>{i.status.charAt(0) + i.status.slice(1).toLowerCase()}</td>
                <td>{i.category ?? '—'}</td>
                <td>{i.agency ?? '—'}</td>
                <td>{SYNC_LABELS[i.sync]}{i.remoteIds.length > 0 ? ` (${i.remoteIds.join(', ')})` : ''}</td>
                <td>{formatWhen(i.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
