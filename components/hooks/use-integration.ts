'use client';

import { useQuery } from '@tanstack/react-query';
import type { IntegrationView } from '@/lib/integrations/settings-view';
import { apiJson, integrationKeys, integrationUrl } from '@/components/integrations/api';

export function useIntegration(org: string) {
  return useQuery({ queryKey: integrationKeys.view(org), queryFn: () => apiJson<IntegrationView>(integrationUrl(org)) });
}
