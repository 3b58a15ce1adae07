'use client';

import { useQuery } from '@tanstack/react-query';
import type { IntegrationAuditEntry } from '@/lib/integrations/integration-audit';
import { integrationKeys, integrationUrl } from '@/components/integrations/api';
import { apiFetch } from '@/components/api/client';

export function useIntegrationAudit(org: string, enabled: boolean) {
  return useQuery({
    queryKey: integrationKeys.audit(org),
    queryFn: () => apiFetch<{ entries: IntegrationAuditEntry[] }>(integrationUrl(org, 'audit')),
    enabled,
  });
}
