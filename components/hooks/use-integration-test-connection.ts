'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ConnectionTestResult } from '@/lib/integrations/test-connection';
import { apiJson, integrationKeys, integrationUrl, type ApiError } from '@/components/integrations/api';

export function useIntegrationTestConnection(org: string) {
  const qc = useQueryClient();
  return useMutation<ConnectionTestResult, ApiError, { environment: 'TEST' | 'PRODUCTION' }>({
    mutationFn: (body) => apiJson<ConnectionTestResult>(integrationUrl(org, 'test-connection'), { method: 'POST', body }),
    onSettled: () => qc.invalidateQueries({ queryKey: integrationKeys.audit(org) }),
  });
}
