import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const SOURCE_DIRS = ['app', 'components', 'lib', 'generated'];
const SOURCE_FILES = ['proxy.ts', 'next.config.ts', 'package.json', 'tsconfig.json'];

function newestMtime(root: string, entry: string): number {
  const p = path.join(root, entry);
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const child of readdirSync(p)) max = Math.max(max, newestMtime(p, child));
  return max;
}

/** `npm start` builds the web app when there is no build or the sources are newer than it. */
export function buildIfStale(root: string, log: (s: string) => void): void {
  const buildId = path.join(root, '.next/BUILD_ID');
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const newest = Math.max(...[...SOURCE_DIRS, ...SOURCE_FILES].map((e) => newestMtime(root, e)));
  if (built > newest) return;
  log(built ? 'sources changed since the last build: building the web app' : 'building the web app (first start only)');
  const res = spawnSync(path.join(root, 'node_modules/.bin/next'), ['build'], { cwd: root, stdio: 'inherit', env: process.env });
  if (res.status !== 0) throw new Error('next build failed');
}
