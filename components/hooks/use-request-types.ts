'use client';

import { useQuery } from '@tanstack/react-query';
import type { RequestTypeSummary } from '@/lib/agencies/request-types';
import { apiFetch } from '@/components/api/client';

export const requestTypesKey = (org: string) => ['request-types', org] as const;

export function useRequestTypes(org: string) {
  return useQuery({
    queryKey: requestTypesKey(org),
    queryFn: () => apiFetch<{ requestTypes: RequestTypeSummary[] }>(`/api/orgs/${encodeURIComponent(org)}/request-types`).then((r) => r.requestTypes),
  });
}
