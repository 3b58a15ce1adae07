import { db } from '@/lib/db';
import { handleOpen311 } from '@/lib/open311/handle';
import { jobSender } from '@/lib/sync/inbound/job-sender';

type Ctx = { params: Promise<{ org: string; path: string[] }> };

/** Open311 GeoReport v2 per organization (lib/open311/handle.ts). Public: third-party 311 apps report here. */
export async function GET(req: Request, ctx: Ctx): Promise<Response> {
  const { org, path } = await ctx.params;
  return handleOpen311(db, jobSender, req, org, path);
}

export async function POST(req: Request, ctx: Ctx): Promise<Response> {
  const { org, path } = await ctx.params;
  return handleOpen311(db, jobSender, req, org, path);
}
