import { apiFetch } from '@/components/api/client';
import type { FoundAddress } from '@/lib/crm/address-search';

export type { FoundAddress } from '@/lib/crm/address-search';

export async function fetchAddresses(org: string, text: string, signal?: AbortSignal): Promise<FoundAddress[]> {
  const q = new URLSearchParams({ q: text });
  return (await apiFetch<{ addresses: FoundAddress[] }>(`/api/public/orgs/${encodeURIComponent(org)}/address-search?${q}`, signal ? { signal } : {})).addresses;
}
