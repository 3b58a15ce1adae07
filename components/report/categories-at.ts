import { apiErrorFrom } from '@/components/agencies/fetch-json';

export interface OfferedCategory {
  id: string;
  name: string;
}

export async function fetchCategoriesAt(org: string, lat: number, lng: number, signal?: AbortSignal): Promise<OfferedCategory[]> {
  const q = new URLSearchParams({ lat: String(lat), lng: String(lng) });
  const res = await fetch(`/api/public/orgs/${encodeURIComponent(org)}/categories?${q}`, { signal });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw apiErrorFrom(res.status, body);
  return (body as { categories: OfferedCategory[] }).categories;
}
