'use client';

import { useState } from 'react';
import { ENVIRONMENT_LABELS } from '@/lib/integrations/connection-schema';
import { useIntegrationTestConnection } from '@/components/hooks/use-integration-test-connection';

const STATE_LABEL = { ok: 'OK', failed: 'Failed', warning: 'Check', skipped: 'Not checked' } as const;

export function TestConnectionPanel({ org, defaultEnvironment }: { org: string; defaultEnvironment: 'TEST' | 'PRODUCTION' }) {
  const [environment, setEnvironment] = useState(defaultEnvironment);
  const test = useIntegrationTestConnection(org);
  const r = test.data;
  return (
    <section className="card" aria-labelledby="test-connection-heading">
      <h2 id="test-connection-heading">Test connection</h2>
      <p className="hint">Signs in with the saved credentials, reads request types or templates, the server version and site WKID, and checks the SRID.</p>
      <div className="row">
        <label htmlFor="test-env">Environment to test</label>
        <select id="test-env" value={environment} onChange={(e) => setEnvironment(e.target.value as 'TEST' | 'PRODUCTION')}>
          <option value="TEST">{ENVIRONMENT_LABELS.TEST}</option>
          <option value="PRODUCTION">{ENVIRONMENT_LABELS.PRODUCTION}</option>
        </select>
        <button type="button" onClick={() => test.mutate({ environment })} disabled={test.isPending}>
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
      </div>
      {test.isError ? <p className="error" role="alert">{test.error.message}</p> : null}
      {r && !test.isPending ? (
        <div className={r.ok ? 'result ok-box' : 'result error-box'} role="status" data-testid="test-result" data-outcome={r.outcome}>
          <h3>{r.title}</h3>
          <p>{r.advice}</p>
          {r.detail ? <p className="hint">Details: {r.detail}</p> : null}
          {r.serverVersion || r.siteWkid !== null ? (
            <dl className="facts">
              {r.serverVersion ? (<><dt>Server version</dt><dd data-testid="server-version">{r.serverVersion}</dd></>) : null}
              {r.siteWkid !== null ? (<><dt>Site WKID</dt><dd data-testid="site-wkid">{r.siteWkid}</dd></>) : null}
            </dl>
          ) : null}
          {r.checks.length > 0 ? (
            <table>
              <thead><tr><th scope="col">Check</th><th scope="col">Result</th><th scope="col">Details</th></tr></thead>
              <tbody>
                {r.checks.map((c) => (
                  <tr key={c.name}><td>{c.name}</td><td className={c.state === 'failed' ? 'error' : c.state === 'ok' ? 'ok' : 'muted'}>{STATE_LABEL[c.state]}</td><td>{c.message}</td></tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
