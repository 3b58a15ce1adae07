'use client';

import { useQuery } from '@tanstack/react-query';
import type { IntegrationAuditEntry } from '@/lib/integrations/integration-audit';
import { apiJson, integrationKeys, integrationUrl } from '@/components/integrations/api';

export function useIntegrationAudit(org: string, enabled: boolean) {
  return useQuery({
    queryKey: integrationKeys.audit(org),
    queryFn: () => apiJson<{ entries: IntegrationAuditEntry[] }>(integrationUrl(org, 'audit')),
    enabled,
  });
}
