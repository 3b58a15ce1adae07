'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import type { PublicIssue } from '@/lib/crm/public-issue';

/** The public issue, refreshed while the sync may still move it (Open or Acknowledged). */
export function usePublicIssue(org: string, number: number, initial: PublicIssue) {
  return useQuery({
    queryKey: ['public-issue', org, number],
    queryFn: async () => (await apiFetch<{ issue: PublicIssue }>(`/api/public/orgs/${encodeURIComponent(org)}/issues/${number}`)).issue,
    initialData: initial,
    refetchInterval: (q) => (q.state.data && (q.state.data.status === 'CLOSED' || q.state.data.status === 'ARCHIVED') ? false : 3000),
  });
}
