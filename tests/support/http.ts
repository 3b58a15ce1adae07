import { PEER_HEADER, trustPeerHeader } from '@/lib/http/peer-header';

/** What a browser page of this app sends on a state-changing request: its own origin. */
export const SAME_ORIGIN = { origin: 'http://localhost' } as const;

/** A same-origin JSON request, as the app's pages send it. */
export function jsonRequest(method: string, body: unknown, url = 'http://localhost/', headers: Record<string, string> = {}): Request {
  return new Request(url, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...SAME_ORIGIN, ...headers } });
}

/** A same-origin multipart request (fetch sets the boundary). */
export function formRequest(method: string, form: FormData, url = 'http://localhost/', headers: Record<string, string> = {}): Request {
  return new Request(url, { method, body: form, headers: { ...SAME_ORIGIN, ...headers } });
}

/**
 * Headers saying the request came from `address` on the socket, as scripts/web-server.ts stamps
 * them; marks this process as one whose requests carry that stamp.
 */
export function fromPeer(address: string, headers: Record<string, string> = {}): Record<string, string> {
  trustPeerHeader();
  return { [PEER_HEADER]: address, ...headers };
}
