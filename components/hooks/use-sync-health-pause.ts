'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch, type ApiError } from '@/components/api/client';
import { syncHealthKeys, syncHealthUrl } from '@/components/operations/api';

/** Pause (`true`) or resume (`false`) an integration; resume answers how many held items were re-sent. */
export function useSyncHealthPause(org: string, integrationId: string) {
  const qc = useQueryClient();
  return useMutation<{ paused: boolean; requeued?: number }, ApiError, boolean>({
    mutationFn: (paused) => apiFetch(syncHealthUrl(org, integrationId, 'pause'), { method: 'POST', body: { paused } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: syncHealthKeys.all(org, integrationId) }),
  });
}
