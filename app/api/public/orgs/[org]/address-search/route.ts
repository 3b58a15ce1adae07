import { NextResponse } from 'next/server';
import { z } from 'zod';
import { db } from '@/lib/db';
import { searchAddresses } from '@/lib/crm/address-search';
import { takeAddressSearchSlot } from '@/lib/crm/report-rate-limit';
import { clientAddress } from '@/lib/http/client-address';
import { rateLimitedResponse } from '@/lib/http/rate-limit';
import { publicRoute } from '@/lib/http/route';

const querySchema = z.object({
  q: z.string().trim().min(3, 'Type at least 3 characters of the address.').max(200, 'Type at most 200 characters.'),
});

/**
 * Public (no session): the places matching a typed address, through the organization's ArcGIS
 * geocoder, for the report form to drop its pin on. Only the address and the point of each.
 */
export const GET = publicRoute<{ org: string }>(async (req, { params }) => {
  const { q } = querySchema.parse({ q: new URL(req.url).searchParams.get('q') ?? undefined });
  const wait = await takeAddressSearchSlot(db, `${params.org}:${clientAddress(req.headers)}`);
  if (wait !== null) return rateLimitedResponse(wait, `Too many address searches from this address. Try again in ${wait} seconds, or drop a pin on the map.`);
  const addresses = await searchAddresses(db, params.org, q);
  return NextResponse.json({ addresses }, { headers: { 'cache-control': 'no-store' } });
});
