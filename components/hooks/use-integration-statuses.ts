'use client';

import { useQuery } from '@tanstack/react-query';
import type { RemoteStatuses } from '@/lib/integrations/remote-statuses';
import { integrationKeys, integrationUrl } from '@/components/integrations/api';
import { apiFetch } from '@/components/api/client';

export function useIntegrationStatuses(org: string, enabled: boolean) {
  return useQuery({
    queryKey: integrationKeys.statuses(org),
    queryFn: () => apiFetch<RemoteStatuses>(integrationUrl(org, 'statuses')),
    enabled,
    staleTime: 5 * 60_000,
  });
}
