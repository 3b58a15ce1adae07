'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UpdateResult } from '@/lib/integrations/update-integration';
import { apiJson, integrationKeys, integrationUrl, type ApiError } from '@/components/integrations/api';

export type IntegrationPart = 'credentials' | 'connection' | 'settings' | 'geocoder-credentials';

/** Saves one part of the integration, then refreshes the view and its audit trail. */
export function useIntegrationSave(org: string, part: IntegrationPart) {
  const qc = useQueryClient();
  return useMutation<UpdateResult, ApiError, unknown>({
    mutationFn: (body) => apiJson<UpdateResult>(integrationUrl(org, part), { method: 'PUT', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: integrationKeys.all(org) }),
  });
}
