import { db } from '@/lib/db';
import { publicRoute } from '@/lib/http/route';
import { handleOpen311 } from '@/lib/open311/handle';
import { errorResponse, splitFormat } from '@/lib/open311/respond';
import { jobSender } from '@/lib/jobs/sender';

type Params = { org: string; path: string[] };

/**
 * Open311 GeoReport v2 per organization (lib/open311/handle.ts). Public: third-party 311 apps
 * report here. Its POST is the one state-changing route that takes cross-site requests and
 * form-encoded bodies: GeoReport v2 clients are other sites' apps and servers that send
 * `application/x-www-form-urlencoded` (the spec's format) with an api_key, and the route reads no
 * session, so a forged cross-site request could do nothing a direct one could not. Its body limit
 * and rate limits still hold.
 */
const OPEN311 = {
  allowCrossSite: true,
  contentTypes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
  // Edge refusals (413, 415) in the spec's error shape and the format the client asked for.
  renderError: (err: { status: number; message: string }, req: Request) =>
    errorResponse(splitFormat(new URL(req.url).pathname.split('/').pop() ?? '')?.format ?? 'json', err.status, err.message),
} as const;

export const GET = publicRoute<Params>(async (req, { params }) => handleOpen311(db, jobSender, req, params.org, params.path), OPEN311);
export const POST = publicRoute<Params>(async (req, { params }) => handleOpen311(db, jobSender, req, params.org, params.path), OPEN311);
