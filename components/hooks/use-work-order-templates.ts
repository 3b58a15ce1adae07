'use client';

import { useQuery } from '@tanstack/react-query';
import type { WorkOrderTemplateList } from '@/lib/integrations/work-order-templates';
import { integrationKeys, integrationUrl } from '@/components/integrations/api';
import { apiFetch } from '@/components/api/client';

/** The templates Cityworks lists for one entity type (the picker asks for the type it shows). */
export function useWorkOrderTemplates(org: string, entityType: string, enabled: boolean) {
  return useQuery({
    queryKey: [...integrationKeys.all(org), 'work-order-templates', entityType] as const,
    queryFn: () => apiFetch<WorkOrderTemplateList>(`${integrationUrl(org, 'work-order-templates')}?entityType=${encodeURIComponent(entityType)}`),
    enabled: enabled && entityType.trim() !== '',
    staleTime: 5 * 60_000,
  });
}
