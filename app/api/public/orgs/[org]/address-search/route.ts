import { NextResponse } from 'next/server';
import { z } from 'zod';
import { db } from '@/lib/db';
import { AddressSearchError, searchAddresses, type AddressSearchErrorCode } from '@/lib/crm/address-search';
import { rateLimitedResponse } from '@/lib/http/rate-limit';
import { clientAddress, takeAddressSearchSlot } from '@/lib/crm/report-rate-limit';
import { HttpError } from '@/lib/http/errors';
import { errorResponse } from '@/lib/http/route';

const querySchema = z.object({
  q: z.string().trim().min(3, 'Type at least 3 characters of the address.').max(200, 'Type at most 200 characters.'),
});

// 502: the organization's geocoder failed, not this server; the message never names the geocoder.
const STATUS: Record<AddressSearchErrorCode, { status: number; code: string }> = {
  UNKNOWN_ORGANIZATION: { status: 404, code: 'not_found' },
  NOT_AVAILABLE: { status: 404, code: 'address_search_unavailable' },
  GEOCODER_FAILED: { status: 502, code: 'geocoder_failed' },
};

/**
 * Public (no session): the places matching a typed address, through the organization's ArcGIS
 * geocoder, for the report form to drop its pin on. Only the address and the point of each.
 */
export async function GET(req: Request, ctx: { params: Promise<{ org: string }> }): Promise<Response> {
  try {
    const { org: slug } = await ctx.params;
    const { q } = querySchema.parse({ q: new URL(req.url).searchParams.get('q') ?? undefined });
    const wait = await takeAddressSearchSlot(db, `${slug}:${clientAddress(req)}`);
    if (wait !== null) return rateLimitedResponse(wait, `Too many address searches from this address. Try again in ${wait} seconds, or drop a pin on the map.`);
    const addresses = await searchAddresses(db, slug, q).catch((err: unknown) => {
      if (err instanceof AddressSearchError) throw new HttpError(STATUS[err.code].status, STATUS[err.code].code, err.message);
      throw err;
    });
    return NextResponse.json({ addresses }, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
