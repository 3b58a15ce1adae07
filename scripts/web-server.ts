/**
 * The web process: Next.js behind a plain node:http server, started by scripts/run.ts. It exists
 * for one reason: `next start` does not tell route handlers the socket's address (it copies it into
 * X-Forwarded-For only when the client sent none, so a client picks its own). Here every request
 * gets the socket peer in PEER_HEADER, overwriting any value the client sent, before Next sees it;
 * lib/http/client-address.ts decides from it whether X-Forwarded-For may be believed.
 *
 * Usage: tsx scripts/web-server.ts start|dev <port>
 */
import { createServer } from 'node:http';
import path from 'node:path';
import { PEER_HEADER, trustPeerHeader } from '../lib/http/peer-header';

const dev = process.argv[2] === 'dev';
const port = Number(process.argv[3] ?? process.env.PORT ?? 3000);
const root = path.resolve(import.meta.dirname, '..');
// What `next start` / `next dev` set before loading Next.
(process.env as Record<string, string | undefined>).NODE_ENV ??= dev ? 'development' : 'production';

const { default: next } = await import('next');
const app = next({ dev, dir: root, port, hostname: 'localhost' });
const handle = app.getRequestHandler();
await app.prepare();
trustPeerHeader();

const server = createServer((req, res) => {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? '';
  handle(req, res).catch((err: unknown) => {
    console.error('request failed', err);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
server.listen(port, () => console.log(`web: listening on port ${port}${dev ? ' (dev)' : ''}`));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    // Keep-alive connections would hold close() open; they are idle between requests.
    server.closeAllConnections();
  });
}
