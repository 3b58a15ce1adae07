'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { StreamStatus, SyncRequest } from '@/lib/sync/inbound/on-demand';
import { integrationUrl } from '@/components/integrations/api';
import { apiFetch, type ApiError } from '@/components/api/client';

const key = (org: string, id: string) => ['integration', org, 'sync', id] as const;

/** Progress of each inbound stream; polls quickly while a run is under way, slowly otherwise. */
export function useIntegrationSyncStatus(org: string, integrationId: string) {
  return useQuery<{ streams: StreamStatus[] }, ApiError>({
    queryKey: key(org, integrationId),
    queryFn: () => apiFetch(integrationUrl(org, `${encodeURIComponent(integrationId)}/sync`)),
    refetchInterval: (q) => (q.state.data?.streams.some((s) => s.progress?.state === 'running') ? 1000 : 10_000),
  });
}

export function useRequestSync(org: string, integrationId: string) {
  const qc = useQueryClient();
  return useMutation<{ alreadyQueued: boolean }, ApiError, SyncRequest>({
    mutationFn: (body) => apiFetch(integrationUrl(org, `${encodeURIComponent(integrationId)}/sync`), { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(org, integrationId) }),
  });
}
