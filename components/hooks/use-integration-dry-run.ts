'use client';

import { useMutation } from '@tanstack/react-query';
import type { DryRun } from '@/lib/integrations/dry-run';
import { apiJson, integrationUrl, type ApiError } from '@/components/integrations/api';

export function useIntegrationDryRun(org: string) {
  return useMutation<DryRun, ApiError, void>({ mutationFn: () => apiJson<DryRun>(integrationUrl(org, 'dry-run'), { method: 'POST', body: {} }) });
}
