import { apiFetch } from '@/components/api/client';

export interface OfferedCategory {
  id: string;
  name: string;
}

export async function fetchCategoriesAt(org: string, lat: number, lng: number, signal?: AbortSignal): Promise<OfferedCategory[]> {
  const q = new URLSearchParams({ lat: String(lat), lng: String(lng) });
  return (await apiFetch<{ categories: OfferedCategory[] }>(`/api/public/orgs/${encodeURIComponent(org)}/categories?${q}`, signal ? { signal } : {})).categories;
}
