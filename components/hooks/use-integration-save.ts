'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UpdateResult } from '@/lib/integrations/update-integration';
import { integrationKeys, integrationUrl } from '@/components/integrations/api';
import { apiFetch, type ApiError } from '@/components/api/client';

export type IntegrationPart = 'credentials' | 'connection' | 'settings' | 'geocoder-credentials';

/** Saves one part of the integration, then refreshes the view and its audit trail. */
export function useIntegrationSave(org: string, part: IntegrationPart) {
  const qc = useQueryClient();
  return useMutation<UpdateResult, ApiError, unknown>({
    mutationFn: (body) => apiFetch<UpdateResult>(integrationUrl(org, part), { method: 'PUT', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: integrationKeys.all(org) }),
  });
}
