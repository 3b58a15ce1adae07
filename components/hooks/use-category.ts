'use client';

import { useQuery } from '@tanstack/react-query';
import type { CategoryDetail } from '@/lib/categories/category-settings';
import { apiFetch } from '@/components/api/client';

export const categoryKey = (org: string, id: string) => ['category', org, id] as const;
export const categoryUrl = (org: string, id: string, part = 'settings') => `/api/orgs/${encodeURIComponent(org)}/request-types/${encodeURIComponent(id)}/${part}`;

/** `pollUntil` (epoch ms): re-read every 2 s until then, e.g. while a requested question sync runs. */
export function useCategory(org: string, id: string, pollUntil = 0) {
  return useQuery({
    queryKey: categoryKey(org, id),
    queryFn: () => apiFetch<CategoryDetail>(categoryUrl(org, id)),
    refetchInterval: () => (Date.now() < pollUntil ? 2000 : false),
  });
}
