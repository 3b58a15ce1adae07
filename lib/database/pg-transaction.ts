import type pg from 'pg';
import type { Db as BossDb } from 'pg-boss';
import { statementName } from '@/lib/db';

/** A statement on the pool or a client, named (prepared) like Prisma's (lib/db.ts statementName). */
export function namedQuery<R extends pg.QueryResultRow>(on: pg.Pool | pg.PoolClient, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
  return on.query<R>({ name: statementName(text), text, values });
}

/**
 * pg-boss's database interface over the transaction's client: a job sent through it commits with
 * the rows. `named: false` leaves pg-boss's statements unnamed, so PostgreSQL plans each with its
 * values: as a named statement, pg-boss's fetch settled in some runs on a generic plan that cost
 * 9-10 ms a call against a backlog of thousands (0.3 ms planned afresh; pg_stat_statements,
 * BENCHMARKS.md).
 */
export function bossDatabase(client: pg.PoolClient, opts: { named?: boolean } = {}): BossDb {
  if (opts.named === false) return { executeSql: (text, values) => client.query(text, values ?? []) };
  return { executeSql: (text, values) => namedQuery(client, text, values ?? []) };
}

/**
 * Runs `work` in a transaction on one client of the pool: BEGIN, the work, COMMIT; ROLLBACK and
 * rethrow on any error, so nothing is half-written. The client goes back to the pool either way
 * (destroyed when even the rollback failed, its state being unknown).
 */
export async function inPgTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
      broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
    });
    throw err;
  } finally {
    client.release(broken);
  }
}
