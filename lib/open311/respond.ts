import { toXml, type XmlValue } from './xml';

export type Open311Format = 'json' | 'xml';

/** An Open311 error: answered as `[{"code":400,"description":"..."}]` or `<errors><error>`. */
export class Open311Error extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'Open311Error';
  }
}

/** `services.json` -> ['services', 'json']; no or another extension is a 404 in the spec's format. */
export function splitFormat(segment: string): { name: string; format: Open311Format } | null {
  const m = /^(.*)\.(json|xml)$/i.exec(segment);
  return m ? { name: m[1]!, format: m[2]!.toLowerCase() as Open311Format } : null;
}

export function respond(format: Open311Format, root: string, body: XmlValue, status = 200): Response {
  if (format === 'xml') return new Response(toXml(root, body), { status, headers: { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-store' } });
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

export function errorResponse(format: Open311Format, status: number, description: string): Response {
  return respond(format, 'errors', [{ code: status, description }], status);
}
