import { badRequest } from '@/lib/http/errors';

/** The request body as JSON; a body that is not JSON is the client's mistake (400), not ours. */
export async function readJson(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw badRequest('The request body must be JSON.');
  }
}
