'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch, type ApiError } from '@/components/api/client';
import { syncHealthKeys, syncHealthUrl } from '@/components/operations/api';
import type { IntegrationHealth } from '@/lib/operations/health-types';

/** One integration's sync health, refreshed every few seconds while the page is open. */
export function useSyncHealth(org: string, integrationId: string) {
  return useQuery<IntegrationHealth, ApiError>({
    queryKey: syncHealthKeys.health(org, integrationId),
    queryFn: () => apiFetch(syncHealthUrl(org, integrationId)),
    refetchInterval: 5_000,
  });
}
