import type pg from 'pg';
import type { Db as BossDb } from 'pg-boss';
import { statementName } from '@/lib/db';

/** A statement on the pool or a client, named (prepared) like Prisma's (lib/db.ts statementName). */
export function namedQuery<R extends pg.QueryResultRow>(on: pg.Pool | pg.PoolClient, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
  return on.query<R>({ name: statementName(text), text, values });
}

/** pg-boss's database interface over the transaction's client: a job sent through it commits with the rows. */
export function bossDatabase(client: pg.PoolClient): BossDb {
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
