'use client';

import { useQuery } from '@tanstack/react-query';
import type { AgencySummary } from '@/lib/agencies/agencies';
import { apiFetch } from '@/components/api/client';

export const agenciesKey = (org: string) => ['agencies', org] as const;

export function useAgencies(org: string) {
  return useQuery({
    queryKey: agenciesKey(org),
    queryFn: () => apiFetch<{ agencies: AgencySummary[] }>(`/api/orgs/${encodeURIComponent(org)}/agencies`).then((r) => r.agencies),
  });
}
