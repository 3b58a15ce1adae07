'use client';

import { useQuery } from '@tanstack/react-query';
import type { IntegrationView } from '@/lib/integrations/settings-view';
import { integrationKeys, integrationUrl } from '@/components/integrations/api';
import { apiFetch } from '@/components/api/client';

export function useIntegration(org: string) {
  return useQuery({ queryKey: integrationKeys.view(org), queryFn: () => apiFetch<IntegrationView>(integrationUrl(org)) });
}
