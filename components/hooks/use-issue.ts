'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import type { IssueDetail } from '@/lib/crm/issue-queries';

export interface StaffIssueResponse {
  issue: IssueDetail;
  canWork: boolean;
  actions: { action: 'close' | 'reopen'; allowed: boolean; reason: string | null }[];
  categories: { id: string; name: string; integrated: boolean }[];
}

const base = (org: string, number: number) => `/api/orgs/${encodeURIComponent(org)}/issues/${number}`;

/** The staff issue with its timeline, refreshed while the sync moves it. */
export function useIssue(org: string, number: number) {
  return useQuery({
    queryKey: ['issue', org, number],
    queryFn: () => apiFetch<StaffIssueResponse>(base(org, number)),
    refetchInterval: 5000,
  });
}

export function useIssueStatusAction(org: string, number: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: 'close' | 'reopen') => apiFetch<{ status: string }>(`${base(org, number)}/status`, { method: 'POST', body: { action } }),
    onSettled: () => client.invalidateQueries({ queryKey: ['issue', org, number] }),
  });
}

export function useIssueRecategorize(org: string, number: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (requestTypeId: string) => apiFetch<{ decision: string; note: string }>(`${base(org, number)}/category`, { method: 'POST', body: { requestTypeId } }),
    onSettled: () => client.invalidateQueries({ queryKey: ['issue', org, number] }),
  });
}

export function useIssueComment(org: string, number: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { body: string; visibility: 'PUBLIC' | 'INTERNAL'; image: File | null }) => {
      const data = new FormData();
      data.set('body', input.body);
      data.set('visibility', input.visibility);
      if (input.image) data.set('image', input.image);
      return apiFetch<unknown>(`${base(org, number)}/comments`, { method: 'POST', form: data });
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['issue', org, number] }),
  });
}
