'use client';

import { useIntegrationDryRun } from '@/components/hooks/use-integration-dry-run';

/** The exact Cityworks request a sample issue would produce (password and token masked). */
export function DryRunPanel({ org }: { org: string }) {
  const run = useIntegrationDryRun(org);
  return (
    <section className="card" aria-labelledby="dry-run-heading">
      <h2 id="dry-run-heading">Dry run</h2>
      <p className="hint">Shows the request a sample issue would send to Cityworks with the saved settings. Nothing is sent.</p>
      <button type="button" onClick={() => run.mutate()} disabled={run.isPending}>{run.isPending ? 'Building…' : 'Show the create request'}</button>
      {run.isError ? <p className="error" role="alert">{run.error.message}</p> : null}
      {run.data ? (
        <div data-testid="dry-run">
          <h3>1. Sign in</h3>
          <pre>{`POST ${run.data.login.url}\ndata=${JSON.stringify(run.data.login.data, null, 2)}`}</pre>
          <h3>2. Create ({run.data.sample.category})</h3>
          <pre>{`POST ${run.data.create.url}\n${Object.entries(run.data.create.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${Object.entries(run.data.create.form).map(([k, v]) => `${k}=${k === 'data' ? JSON.stringify(JSON.parse(v), null, 2) : v}`).join('\n')}`}</pre>
        </div>
      ) : null}
    </section>
  );
}
