import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEdgeRoute } from '@/lib/http/route';

const root = path.resolve(import.meta.dirname, '../..');
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Every route.ts under app/, but next-auth's own (it has its CSRF token and its own limits). */
function routeFiles(): string[] {
  return (readdirSync(path.join(root, 'app'), { recursive: true }) as string[])
    .filter((f) => path.basename(f) === 'route.ts')
    .filter((f) => !f.split(path.sep).join('/').startsWith('api/auth/'))
    .map((f) => path.join('app', f));
}

describe('every route goes through the HTTP edge', () => {
  it('finds the routes', () => {
    expect(routeFiles().length).toBeGreaterThan(30);
  });

  it.each(routeFiles())('%s exports only handlers built by authedRoute or publicRoute', async (file) => {
    const mod = (await import(path.join(root, file))) as Record<string, unknown>;
    const handlers = METHODS.filter((m) => m in mod);
    expect(handlers.length).toBeGreaterThan(0);
    for (const m of handlers) expect(isEdgeRoute(mod[m]), `${file} ${m}`).toBe(true);
  });
});
