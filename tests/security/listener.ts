import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A plain HTTP server that records every TCP connection and request body it receives, to prove
 * that a refused request never reached it (or that a password never did).
 */
export interface Listener {
  url: string;
  port: number;
  connections: number;
  bodies: string[];
  close: () => Promise<void>;
}

export async function startListener(
  host: string,
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void = (_q, res) => res.end('{}'),
): Promise<Listener> {
  const state = { connections: 0, bodies: [] as string[] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      state.bodies.push(body);
      handle(req, res, body);
    });
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    get connections() {
      return state.connections;
    },
    get bodies() {
      return state.bodies;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
