import type { IncomingMessage } from 'node:http';
import type { UploadedFile } from './context';

export interface HttpInput {
  method: string;
  path: string;
  query: Record<string, string>;
  form: Record<string, string>;
  headers: Record<string, string>;
  files: UploadedFile[];
  body: Buffer;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/**
 * Query string, urlencoded body and multipart body all feed the same fields, since Cityworks
 * clients send `data` and `token` in any of them. Multipart is parsed with the platform's own
 * (undici) FormData parser.
 */
export async function readHttpInput(req: IncomingMessage): Promise<HttpInput> {
  const url = new URL(req.url ?? '/', 'http://emulator.local');
  const body = await readBody(req);
  const headers = flatHeaders(req);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const form: Record<string, string> = {};
  const files: UploadedFile[] = [];
  const contentType = headers['content-type'] ?? '';
  if (body.length > 0 && /application\/x-www-form-urlencoded/i.test(contentType)) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) form[k] = v;
  } else if (body.length > 0 && /multipart\/form-data/i.test(contentType)) {
    const fd = await new Request('http://emulator.local/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) }).formData();
    for (const [k, v] of fd) {
      if (typeof v === 'string') form[k] = v;
      else files.push({ field: k, filename: v.name, contentType: v.type || 'application/octet-stream', bytes: Buffer.from(await v.arrayBuffer()) });
    }
  }
  return { method: req.method ?? 'GET', path: url.pathname, query, form, headers, files, body };
}

/** A field by name, case-insensitively, form body first. */
export function field(input: Pick<HttpInput, 'query' | 'form'>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const src of [input.form, input.query]) {
    for (const [k, v] of Object.entries(src)) if (k.toLowerCase() === lower) return v;
  }
  return undefined;
}
