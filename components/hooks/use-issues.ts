'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import type { IssueListRow } from '@/lib/crm/issue-queries';

export interface IssueListFilters {
  status: string;
  category: string;
  agency: string;
  sync: string;
}

export function useIssues(org: string, filters: IssueListFilters) {
  const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
  return useQuery({
    queryKey: ['issues', org, filters],
    queryFn: async () => (await apiFetch<{ issues: IssueListRow[] }>(`/api/orgs/${encodeURIComponent(org)}/issues?${q}`)).issues,
    refetchInterval: 10_000,
  });
}
