import path from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * DATABASE_URL when set (production); otherwise the embedded PostgreSQL under .data/
 * (PGDATA_DIR and EMBEDDED_PG_PORT override its place, e.g. for end-to-end runs).
 */
export async function ensureDatabase(log: (line: string) => void = () => undefined): Promise<{
  databaseUrl: string;
  embedded: boolean;
  stop: () => Promise<void>;
}> {
  const url = process.env.DATABASE_URL?.trim();
  if (url) return { databaseUrl: url, embedded: false, stop: async () => undefined };
  const db = await startEmbeddedPostgres({
    dataDir: path.resolve(process.env.PGDATA_DIR || '.data/pg'),
    port: Number(process.env.EMBEDDED_PG_PORT || 54329),
    database: 'civic_bridge',
    log,
  });
  return { databaseUrl: db.databaseUrl, embedded: true, stop: db.stop };
}
