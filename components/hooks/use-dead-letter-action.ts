'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch, type ApiError } from '@/components/api/client';
import { syncHealthKeys, syncHealthUrl } from '@/components/operations/api';
import type { DeadLetterEdit } from '@/lib/operations/dead-letters';

export type DeadLetterAction =
  | { submissionId: string; action: 'retry' }
  | { submissionId: string; action: 'skip'; reason: string | null }
  | { submissionId: string; action: 'edit-and-retry'; edits: DeadLetterEdit }
  | { submissionId: null; action: 'retry-all' };

/** Retry one, retry all, skip, or edit-and-retry; refreshes the dead letters and the health. */
export function useDeadLetterAction(org: string, integrationId: string) {
  const qc = useQueryClient();
  return useMutation<unknown, ApiError, DeadLetterAction>({
    mutationFn: ({ submissionId, ...body }) =>
      apiFetch(syncHealthUrl(org, integrationId, submissionId ? `dead-letters/${encodeURIComponent(submissionId)}` : 'dead-letters'), { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: syncHealthKeys.all(org, integrationId) }),
  });
}
