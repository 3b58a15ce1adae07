'use client';

import { useSyncHealthPause } from '@/components/hooks/use-sync-health-pause';
import { when } from './format';

/** Pause holds all sync work for the integration; resume sends what was held. */
export function PauseControl({ org, integrationId, pausedAt, canOperate }: { org: string; integrationId: string; pausedAt: string | null; canOperate: boolean }) {
  const pause = useSyncHealthPause(org, integrationId);
  return (
    <div>
      <p data-testid="pause-state">{pausedAt ? <strong>Paused since {when(pausedAt)}. New work is held, nothing is lost.</strong> : 'Running.'}</p>
      {canOperate ? (
        <button type="button" className={pausedAt ? undefined : 'secondary'} disabled={pause.isPending} onClick={() => pause.mutate(!pausedAt)}>
          {pausedAt ? 'Resume sync' : 'Pause sync'}
        </button>
      ) : null}
      {pause.data && !pause.data.paused && pause.data.requeued !== undefined ? <p role="status" className="ok">Resumed: {pause.data.requeued} held item(s) sent.</p> : null}
      {pause.isError ? <p role="alert" className="error">{pause.error.message}</p> : null}
    </div>
  );
}
