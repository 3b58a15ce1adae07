'use client';

import { useQuery } from '@tanstack/react-query';
import { apiJson, type ApiError } from '@/components/integrations/api';
import { syncHealthKeys, syncHealthUrl } from '@/components/operations/api';
import type { IntegrationHealth } from '@/lib/operations/health-types';

/** One integration's sync health, refreshed every few seconds while the page is open. */
export function useSyncHealth(org: string, integrationId: string) {
  return useQuery<IntegrationHealth, ApiError>({
    queryKey: syncHealthKeys.health(org, integrationId),
    queryFn: () => apiJson(syncHealthUrl(org, integrationId)),
    refetchInterval: 5_000,
  });
}
