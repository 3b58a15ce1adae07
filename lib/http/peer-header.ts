/**
 * The header scripts/web-server.ts writes the socket peer's address into on every request,
 * replacing whatever a client sent under that name. lib/http/client-address.ts believes it only
 * when the marker is set, i.e. when this process's requests really come through that server.
 * Kept free of imports so the web server can use it before lib/env is loaded.
 */
export const PEER_HEADER = 'x-civic-bridge-peer';

const MARKER = Symbol.for('civic-bridge.peer-header-stamped');

/** Called by the web server once it stamps PEER_HEADER on every request (and by tests that do the same). */
export function trustPeerHeader(): void {
  (globalThis as Record<symbol, unknown>)[MARKER] = true;
}

export function peerHeaderTrusted(): boolean {
  return (globalThis as Record<symbol, unknown>)[MARKER] === true;
}
