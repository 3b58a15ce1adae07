import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The project's own ESLint configuration, run on probe files placed for a moment in the folders
// whose boundaries it keeps. They are real files because import/no-cycle reads the import graph
// from disk (and fails on a file that is not there); the imports resolve against the real tree.
const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });
const tag = `zz-probe-${process.pid}`;

async function ruleIds(filePath: string, code: string, others: Record<string, string> = {}): Promise<string[]> {
  const target = path.join(root, path.dirname(filePath), `${tag}-${path.basename(filePath)}`);
  const written = [target, ...Object.keys(others).map((f) => path.join(root, f))];
  try {
    for (const [f, text] of Object.entries(others)) {
      mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      writeFileSync(path.join(root, f), text);
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, code);
    const [result] = await eslint.lintFiles([target]);
    return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
  } finally {
    for (const f of written) rmSync(f, { force: true });
  }
}

describe('module boundaries', () => {
  it('the Cityworks and ArcGIS clients may use generic helpers (lib/net, lib/geo) and nothing else of lib/', async () => {
    expect(await ruleIds('lib/cityworks/probe.ts', "import { db } from '@/lib/db';\nexport const x = db;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('lib/arcgis/probe.ts', "import { openRemote } from '@/lib/sync/session';\nexport const x = openRemote;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('lib/cityworks/probe.ts', "import { readSettings } from '../integrations/settings';\nexport const x = readSettings;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('lib/cityworks/probe.ts', "import { parseRetryAfter } from '@/lib/net/http-client';\nimport { CityworksError } from './errors';\nexport const x = [parseRetryAfter, CityworksError];\n")).toEqual([]);
    expect(await ruleIds('lib/arcgis/probe.ts', "import { projectToWgs84 } from '@/lib/geo/projection';\nexport const x = projectToWgs84;\n")).toEqual([]);
  });

  it('lib/crm may not import lib/sync', async () => {
    expect(await ruleIds('lib/crm/probe.ts', "import { openRemote } from '@/lib/sync/session';\nexport const x = openRemote;\n")).toContain('no-restricted-imports');
  });

  it('an import cycle in lib/ fails', async () => {
    const dir = `lib/${tag}`;
    try {
      const cycle = await ruleIds(`${dir}/a.ts`, `import { b } from './${tag}-b';\nexport const a = () => b;\n`, { [`${dir}/${tag}-b.ts`]: `import { a } from './${tag}-a';\nexport const b = () => a;\n` });
      expect(cycle).toContain('import/no-cycle');
      const line = await ruleIds(`${dir}/a.ts`, `import { b } from './${tag}-b';\nexport const a = () => b;\n`, { [`${dir}/${tag}-b.ts`]: 'export const b = 1;\n' });
      expect(line).toEqual([]);
    } finally {
      rmSync(path.join(root, dir), { recursive: true, force: true });
    }
  });

  it('components call the API through the one client, never a bare fetch', async () => {
    expect(await ruleIds('components/probe.ts', "export const f = () => fetch('/api/x');\n")).toContain('no-restricted-globals');
    expect(await ruleIds('components/probe.ts', "import { apiFetch } from '@/components/api/client';\nexport const f = () => apiFetch('/api/x');\n")).toEqual([]);
  });
});
