import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '@/generated/prisma/client';
import { env } from './env';

/**
 * Distinct statement texts that get a name (a prepared statement on each connection); past that,
 * statements go unnamed as before, so a process that builds many texts (IN lists of every length)
 * keeps a bounded number of prepared statements per connection.
 */
export const MAX_NAMED_STATEMENTS = 500;
const statementNames = new Map<string, string>();

/**
 * Named statements let PostgreSQL keep each one's plan per connection instead of planning it on
 * every call: a report's two writes (the statement and pg-boss's job insert) spent more
 * time in planning than in execution (pg_stat_statements with track_planning, BENCHMARKS.md). The
 * name is a digest of the text, so one text is one name in every process; '' is pg's unnamed one.
 */
export function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    if (statementNames.size >= MAX_NAMED_STATEMENTS) return '';
    name = `s${createHash('sha1').update(sql).digest('hex')}`;
    statementNames.set(sql, name);
  }
  return name;
}

// On globalThis with the client below: Next's dev server re-evaluates this module and keeps the client.
const pools = ((globalThis as unknown as { __civicBridgePools?: WeakMap<PrismaClient, pg.Pool> }).__civicBridgePools ??= new WeakMap());

export function createPrismaClient(databaseUrl: string, poolSize = 10): PrismaClient {
  // Our pool, handed to the adapter, so the few statements that skip Prisma (poolOf) share its
  // connections; $disconnect still ends it.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  // An idle connection dropped by the server must not crash the process before Prisma's first query
  // attaches its own listener (the pool is used directly too).
  pool.on('error', (err) => console.error(`[db] idle connection: ${err.message}`));
  const client = new PrismaClient({
    adapter: new PrismaPg(pool, { statementNameGenerator: (query) => statementName(query.sql), disposeExternalPool: true }),
  });
  pools.set(client, pool);
  return client;
}

/**
 * The pg pool under a client made by createPrismaClient, for the statements of a report (rate
 * limit, the transaction) that run hundreds of times a second: Prisma's own work per query
 * was several times the driver's (an interactive transaction of two statements cost 430 µs of CPU
 * against 70 µs on the pool; BENCHMARKS.md). Everything else goes through Prisma.
 */
export function poolOf(db: PrismaClient): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('poolOf: this client was not made by createPrismaClient');
  return pool;
}

// One client per process; Next's dev server re-evaluates modules, so keep it on globalThis.
const holder = globalThis as unknown as { __civicBridgePrisma?: PrismaClient };
export const db: PrismaClient = (holder.__civicBridgePrisma ??= createPrismaClient(env.DATABASE_URL));

export type Db = PrismaClient;
export type { Prisma } from '@/generated/prisma/client';
