/**
 * The public report route, the Open311 route and the health route of app/, served by node:http
 * without Next's server, for bench/create-api.ts: what is measured is our handlers (parsing, rate
 * limit, validation, the issue and its submission and job in one transaction), not the framework.
 * PORT and DATABASE_URL come from the environment.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import * as health from '@/app/api/health/route';
import { PEER_HEADER, trustPeerHeader } from '@/lib/http/peer-header';
import * as open311 from '@/app/open311/v2/[org]/[...path]/route';
import * as reports from '@/app/api/public/orgs/[org]/issues/route';

function toRequest(req: IncomingMessage, port: number): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  // As scripts/web-server.ts does: the socket peer, whatever the client sent under that name.
  headers.set(PEER_HEADER, req.socket.remoteAddress ?? '');
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? null : (Readable.toWeb(req) as ReadableStream<Uint8Array>);
  return new Request(`http://127.0.0.1:${port}${req.url ?? '/'}`, { method, headers, body, duplex: 'half' } as RequestInit);
}

async function route(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  let m: RegExpExecArray | null;
  if (path === '/api/health' && req.method === 'GET') return health.GET(req, { params: Promise.resolve({}) });
  if ((m = /^\/api\/public\/orgs\/([^/]+)\/issues$/.exec(path)) && req.method === 'POST') return reports.POST(req, { params: Promise.resolve({ org: m[1]! }) });
  if ((m = /^\/open311\/v2\/([^/]+)\/(.+)$/.exec(path)) && req.method === 'POST') return open311.POST(req, { params: Promise.resolve({ org: m[1]!, path: m[2]!.split('/') }) });
  return new Response('not found', { status: 404 });
}

trustPeerHeader();
const port = Number(process.env.PORT);
const server = createServer((req, res) => {
  route(toRequest(req, port))
    .then(async (r) => {
      const body = Buffer.from(await r.arrayBuffer());
      res.writeHead(r.status, Object.fromEntries(r.headers.entries()));
      res.end(body);
    })
    .catch((err: unknown) => {
      console.error(err);
      res.writeHead(500).end();
    });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => console.log(`listening ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
