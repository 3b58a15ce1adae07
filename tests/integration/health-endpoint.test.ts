import { describe, expect, it } from 'vitest';

// A database that is not there, with a user and host name that must not reach the public answer.
process.env.DATABASE_URL = 'postgresql://secret_operator:hunter2@127.0.0.1:1/civic_secret_db';
delete (globalThis as { __civicBridgePrisma?: unknown }).__civicBridgePrisma;

describe('public health endpoint', () => {
  it('says the database is down with no error text: no driver message, host, port, user or database name', async () => {
    const { GET } = await import('@/app/api/health/route');
    const res = await GET(new Request('http://localhost/api/health'), { params: Promise.resolve({}) });
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: 'down', database: 'degraded', queue: 'degraded', workers: 'degraded' });
    for (const leak of ['127.0.0.1', 'ECONNREFUSED', 'secret_operator', 'civic_secret_db', 'error', ':1']) expect(text).not.toContain(leak);
  });
});
