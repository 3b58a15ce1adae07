'use client';

import { useQuery } from '@tanstack/react-query';
import type { RemoteStatuses } from '@/lib/integrations/remote-statuses';
import { apiJson, integrationKeys, integrationUrl } from '@/components/integrations/api';

export function useIntegrationStatuses(org: string, enabled: boolean) {
  return useQuery({
    queryKey: integrationKeys.statuses(org),
    queryFn: () => apiJson<RemoteStatuses>(integrationUrl(org, 'statuses')),
    enabled,
    staleTime: 5 * 60_000,
  });
}
