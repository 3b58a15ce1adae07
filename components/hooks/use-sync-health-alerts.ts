'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch, type ApiError } from '@/components/api/client';
import type { SyncAlert } from '@/lib/operations/health-types';

/** The organization's sync alerts for banners and the navigation count; one request serves both. */
export function useSyncHealthAlerts(org: string) {
  return useQuery<{ alerts: SyncAlert[] }, ApiError>({
    queryKey: ['sync-health', org, 'alerts'],
    queryFn: () => apiFetch(`/api/orgs/${encodeURIComponent(org)}/sync-health`),
    refetchInterval: 30_000,
  });
}
