import { DEFAULT_INGEST_LIMITS } from '@/lib/geo/ingest';
import { badRequest, HttpError } from '@/lib/http/errors';
import type { EdgeOptions } from '@/lib/http/route';
import { readStreamCapped } from '@/lib/net/http-client';

export interface UploadedFile {
  name: string;
  bytes: Buffer;
  /** The form's text fields besides the file (e.g. an encoding override), for the route to parse. */
  fields: Record<string, string>;
}

// Multipart framing (boundaries, part headers) on top of the file itself.
const MULTIPART_OVERHEAD = 64 * 1024;

/** The geography upload routes' edge options: the file's limit plus framing, enforced while the body streams. */
export const UPLOAD_EDGE: EdgeOptions = {
  maxBodyBytes: DEFAULT_INGEST_LIMITS.maxUploadBytes + MULTIPART_OVERHEAD,
  contentTypes: ['multipart/form-data'],
  tooLarge: () => tooLarge(DEFAULT_INGEST_LIMITS.maxUploadBytes),
};

export function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'UPLOAD_TOO_LARGE', `The upload is larger than the limit of ${limit} bytes.`);
}

/**
 * The `file` part of a multipart upload. The size limit is enforced before the body is read when the
 * client declares Content-Length, and while streaming otherwise, so an oversized upload never sits in
 * memory whole.
 */
export async function readUploadedFile(req: Request, maxFileBytes = DEFAULT_INGEST_LIMITS.maxUploadBytes): Promise<UploadedFile> {
  const contentType = req.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) throw badRequest('Send the file as multipart/form-data in a field named "file".');
  const maxBody = maxFileBytes + MULTIPART_OVERHEAD;
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBody) throw tooLarge(maxFileBytes);
  const body = await readCapped(req, maxBody, maxFileBytes);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw badRequest('The upload is not a readable multipart form.');
  }
  const file = form.get('file');
  if (!file || typeof file === 'string') throw badRequest('No file was uploaded (expected a form field named "file").');
  if (file.size > maxFileBytes) throw tooLarge(maxFileBytes);
  if (file.size === 0) throw badRequest(`${file.name || 'The file'} is empty.`);
  const fields: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === 'string') fields[key] = value;
  return { name: file.name || 'upload', bytes: Buffer.from(await file.arrayBuffer()), fields };
}

async function readCapped(req: Request, maxBody: number, maxFileBytes: number): Promise<Uint8Array> {
  if (!req.body) throw badRequest('The upload is empty.');
  return readStreamCapped(req.body, maxBody, () => tooLarge(maxFileBytes));
}
