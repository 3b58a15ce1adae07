'use client';

import { useMutation } from '@tanstack/react-query';
import type { DryRun } from '@/lib/integrations/dry-run';
import { integrationUrl } from '@/components/integrations/api';
import { apiFetch, type ApiError } from '@/components/api/client';

export function useIntegrationDryRun(org: string) {
  return useMutation<DryRun, ApiError, void>({ mutationFn: () => apiFetch<DryRun>(integrationUrl(org, 'dry-run'), { method: 'POST', body: {} }) });
}
