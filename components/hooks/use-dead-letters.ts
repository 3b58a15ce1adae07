'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch, type ApiError } from '@/components/api/client';
import { syncHealthKeys, syncHealthUrl } from '@/components/operations/api';
import type { DeadLetter } from '@/lib/operations/dead-letters';
import type { FailedJob } from '@/lib/operations/failed-jobs';

export function useDeadLetters(org: string, integrationId: string) {
  return useQuery<{ total: number; items: DeadLetter[]; otherJobs: FailedJob[] }, ApiError>({
    queryKey: syncHealthKeys.deadLetters(org, integrationId),
    queryFn: () => apiFetch(syncHealthUrl(org, integrationId, 'dead-letters')),
    refetchInterval: 5_000,
  });
}
