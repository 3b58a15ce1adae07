import { isIP } from 'node:net';
import { env } from '@/lib/env';
import { PEER_HEADER, peerHeaderTrusted } from './peer-header';

export { PEER_HEADER, trustPeerHeader } from './peer-header';

/**
 * The address a request came from, for the public rate limits and the login limiter.
 *
 * `next start` does not hand route handlers the socket: it only fills `X-Forwarded-For` with the
 * socket address when the client sent none (next/dist/server/base-server.js, `??=`), so a client
 * that sends its own header chooses its address. The web process is therefore started by
 * scripts/web-server.ts, which writes the socket peer into PEER_HEADER on every request (replacing
 * whatever the client sent) and marks the process (lib/http/peer-header.ts). `X-Forwarded-For` is believed only when that
 * peer is a configured trusted proxy (TRUSTED_PROXIES), and then only up to the first hop, read
 * from the right, that is not itself a trusted proxy: the hops to its left are the client's to write.
 */
type HeaderSource = Headers | Record<string, unknown> | undefined;

function header(headers: HeaderSource, name: string): string | null {
  if (!headers) return null;
  if (headers instanceof Headers) return headers.get(name);
  const v = headers[name];
  if (Array.isArray(v)) return v.join(', ');
  return typeof v === 'string' ? v : null;
}

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) -> `192.0.2.1`; null when not an address. */
function normalize(address: string | null | undefined): string | null {
  const a = address?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return a && isIP(a) ? a : null;
}

function isTrustedProxy(address: string): boolean {
  return env.TRUSTED_PROXIES.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client's address; 'unknown' when the web server did not stamp the socket peer (then every
 * such request shares one bucket, which errs on the side of limiting).
 */
export function clientAddress(headers: HeaderSource): string {
  const peer = peerHeaderTrusted() ? normalize(header(headers, PEER_HEADER)) : null;
  if (!peer) return 'unknown';
  if (!isTrustedProxy(peer)) return peer;
  const hops = (header(headers, 'x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalize(hops[i]);
    // A hop that is not an address was written by someone we do not trust: stop at the last good one.
    if (!hop) break;
    client = hop;
    if (!isTrustedProxy(hop)) break;
  }
  return client;
}
