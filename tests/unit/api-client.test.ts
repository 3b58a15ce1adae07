import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFetch, apiResult, ApiError } from '@/components/api/client';

// A real HTTP server standing in for the API: it records what each request carried and answers
// with the app's error envelope where the path asks for one.
const seen: { method: string; contentType: string | undefined; body: string }[] = [];
let base = '';
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    seen.push({ method: req.method ?? '', contentType: req.headers['content-type'], body });
    if (req.url === '/invalid') {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'invalid', message: 'Check the fields.', details: [{ path: 'name', message: 'Too long' }, { path: 'name', message: 'Second' }, { path: 'email', message: 'Not an email' }] } }));
    } else if (req.url === '/empty') {
      res.writeHead(204).end();
    } else if (req.url === '/html') {
      res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
    }
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the browser API client', () => {
  it('sends JSON with its type on every request, a bare DELETE included (the edge refuses other state-changing bodies)', async () => {
    seen.length = 0;
    await apiFetch(`${base}/x`, { method: 'POST', body: { name: 'A' } });
    await apiFetch(`${base}/x`, { method: 'DELETE' });
    expect(seen).toEqual([
      { method: 'POST', contentType: 'application/json', body: '{"name":"A"}' },
      { method: 'DELETE', contentType: 'application/json', body: '' },
    ]);
  });

  it('sends a form as multipart', async () => {
    seen.length = 0;
    const form = new FormData();
    form.set('body', 'hello');
    await apiFetch(`${base}/x`, { method: 'POST', form });
    expect(seen[0]!.contentType).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('keeps the code, the message and the first message of each field of an error', async () => {
    const err = await apiFetch(`${base}/invalid`, { method: 'PUT', body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect([e.status, e.code, e.message]).toEqual([400, 'invalid', 'Check the fields.']);
    expect(e.fields).toEqual({ name: 'Too long', email: 'Not an email' });
    expect(e.fieldMessage('email')).toBe('Not an email');
    expect(e.fieldMessages).toHaveLength(3);
  });

  it('an answer that is not the envelope still fails with its status; 204 is no content', async () => {
    await expect(apiFetch(`${base}/html`)).rejects.toMatchObject({ status: 502, code: 'error', message: 'Request failed (HTTP 502).' });
    await expect(apiFetch(`${base}/empty`, { method: 'DELETE' })).resolves.toBeUndefined();
  });

  it('a server that cannot be reached is an ApiError with status 0; apiResult returns it instead of throwing', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/x`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const res = await apiResult(url, { method: 'POST', body: {} });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error).toMatchObject({ status: 0, code: 'network' });
  });
});
