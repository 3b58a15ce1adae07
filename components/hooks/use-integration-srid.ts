'use client';

import { useQuery } from '@tanstack/react-query';
import type { SridInfo } from '@/lib/integrations/connection-server-schema';
import { integrationKeys, integrationUrl } from '@/components/integrations/api';
import { apiFetch } from '@/components/api/client';

/** What the EPSG index says about an SRID, for feedback while typing. */
export function useIntegrationSrid(org: string, srid: number | null) {
  return useQuery({
    queryKey: integrationKeys.srid(org, srid ?? 0),
    queryFn: () => apiFetch<SridInfo>(`${integrationUrl(org, 'srid')}?srid=${srid}`),
    enabled: srid !== null && Number.isInteger(srid) && srid > 0,
    staleTime: Infinity,
  });
}
