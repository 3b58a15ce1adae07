import type { z } from 'zod';
import { badRequest, HttpError, payloadTooLarge } from './errors';

/** The body limit of a route that does not set one: JSON bodies of this API are a few KB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * The request with its body capped at `limit` bytes. A declared Content-Length over the limit is
 * refused before anything is read; a chunked body (no Content-Length), or one that lies about its
 * length, fails with `tooLarge` the moment the stream passes the limit, so an oversized body is
 * never held in memory whole, whoever reads it (req.json(), req.formData() or a stream reader).
 */
export function capRequestBody(req: Request, limit: number, tooLarge: (limit: number) => HttpError = payloadTooLarge): Request {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (!req.body) return req;
  let seen = 0;
  const capped = req.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) controller.error(tooLarge(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Request(req.url, { method: req.method, headers: req.headers, body: capped, signal: req.signal, duplex: 'half' } as RequestInit);
}

/**
 * The request body as JSON, validated by `schema` when given. A body that is not JSON is the
 * client's mistake (400); a body over the route's limit stays a 413.
 */
export async function readJson(req: Request): Promise<unknown>;
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>>;
export async function readJson(req: Request, schema?: z.ZodType): Promise<unknown> {
  let value: unknown;
  try {
    value = await req.json();
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw badRequest('The request body must be JSON.');
  }
  return schema ? schema.parse(value) : value;
}

/** The request body as multipart form data; `what` names it in the error ("the report"). */
export async function readForm(req: Request, what = 'the request'): Promise<FormData> {
  try {
    return await req.formData();
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw badRequest(`Send ${what} as multipart form data.`);
  }
}
