import { OutboundError } from './outbound-error';

/**
 * Reads a response body, giving up as soon as it passes `maxBytes`: a hostile or broken server
 * cannot make us buffer an endless answer. A declared Content-Length over the cap is refused
 * before anything is read.
 */
export async function readCappedBody(res: Response, maxBytes: number, what: string): Promise<Uint8Array> {
  const tooLarge = () => new OutboundError('too-large', `${what} is larger than ${formatBytes(maxBytes)}; it was not read.`);
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${Math.round(n / 1024)} KB`;
}
