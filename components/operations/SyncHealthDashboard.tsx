'use client';

import { useSyncHealth } from '@/components/hooks/use-sync-health';
import { ActivityChart } from './ActivityChart';
import { AlertList } from './AlertList';
import { DeadLetters } from './DeadLetters';
import { FailureBars } from './FailureBars';
import { duration, when } from './format';
import { PauseControl } from './PauseControl';
import { QueueTable } from './QueueTable';
import { StreamTable } from './StreamTable';
import styles from './operations.module.css';

/** One integration at a glance: is it healthy, and if not, why and what to do. */
export function SyncHealthDashboard({ org, integrationId, canOperate }: { org: string; integrationId: string; canOperate: boolean }) {
  const health = useSyncHealth(org, integrationId);
  if (health.isPending) return <p role="status" className="hint">Loading sync health…</p>;
  if (health.isError) return <p role="alert" className="error">Could not load sync health: {health.error.message}</p>;
  const h = health.data;
  return (
    <>
      <AlertList alerts={h.alerts} heading="Needs attention" />
      <div className={styles.grid}>
        <section className="card" aria-labelledby="state-heading">
          <h2 id="state-heading">State</h2>
          <dl className="facts">
            <dt>Environment</dt><dd>{h.integration.environment.toLowerCase()}</dd>
            <dt>Authentication</dt>
            <dd data-testid="auth-state">{h.auth.failing ? <span className="error">Failing since {when(h.auth.since)}: {h.auth.reason}</span> : <span className={styles.good}>OK</span>}</dd>
            <dt>Lag alert after</dt><dd>{duration(h.lagThresholdMs)} past schedule</dd>
          </dl>
          <PauseControl org={org} integrationId={integrationId} pausedAt={h.integration.pausedAt} canOperate={canOperate} />
        </section>
        <section className="card" aria-labelledby="latency-heading">
          <h2 id="latency-heading">Call latency, last 24 hours</h2>
          <dl className={styles.tiles} data-testid="latency">
            <div className={styles.tile}><dt>p50</dt><dd>{duration(h.latency24h.p50)}</dd></div>
            <div className={styles.tile}><dt>p95</dt><dd>{duration(h.latency24h.p95)}</dd></div>
            <div className={styles.tile}><dt>p99</dt><dd>{duration(h.latency24h.p99)}</dd></div>
            <div className={styles.tile}><dt>calls</dt><dd>{h.latency24h.calls}</dd></div>
          </dl>
          <ActivityChart hours={h.hourly24h} />
        </section>
      </div>
      <section className="card" aria-labelledby="streams-heading">
        <h2 id="streams-heading">Streams</h2>
        <StreamTable streams={h.streams} />
      </section>
      <div className={styles.grid}>
        <section className="card" aria-labelledby="queues-heading">
          <h2 id="queues-heading">Outbox and queues</h2>
          <QueueTable health={h} />
        </section>
        <section className="card" aria-labelledby="failures-heading">
          <h2 id="failures-heading">Failures by class, last 24 hours</h2>
          <FailureBars failures={h.failures24h} />
        </section>
      </div>
      <DeadLetters org={org} integrationId={integrationId} canOperate={canOperate} />
      <p className="hint">Updated {when(h.generatedAt)}; refreshes every 5 seconds.</p>
    </>
  );
}
