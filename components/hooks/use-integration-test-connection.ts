'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ConnectionTestResult } from '@/lib/integrations/test-connection';
import { integrationKeys, integrationUrl } from '@/components/integrations/api';
import { apiFetch, type ApiError } from '@/components/api/client';

export function useIntegrationTestConnection(org: string) {
  const qc = useQueryClient();
  return useMutation<ConnectionTestResult, ApiError, { environment: 'TEST' | 'PRODUCTION' }>({
    mutationFn: (body) => apiFetch<ConnectionTestResult>(integrationUrl(org, 'test-connection'), { method: 'POST', body }),
    onSettled: () => qc.invalidateQueries({ queryKey: integrationKeys.audit(org) }),
  });
}
