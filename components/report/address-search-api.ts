import { apiErrorFrom } from '@/components/agencies/fetch-json';
import type { FoundAddress } from '@/lib/crm/address-search';

export type { FoundAddress } from '@/lib/crm/address-search';

export async function fetchAddresses(org: string, text: string, signal?: AbortSignal): Promise<FoundAddress[]> {
  const q = new URLSearchParams({ q: text });
  const res = await fetch(`/api/public/orgs/${encodeURIComponent(org)}/address-search?${q}`, { signal });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw apiErrorFrom(res.status, body);
  return (body as { addresses: FoundAddress[] }).addresses;
}
