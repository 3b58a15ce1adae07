import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { db } from '@/lib/db';
import { classifyError } from '@/lib/sync/retry-classifier';
import { rejectionOf } from '../support/rejection-of';

/** Real failures of our own database, through Prisma and through node-postgres (what pg-boss uses). */
describe('database errors in the retry classifier', () => {
  const raise = (state: string) => `DO $$ BEGIN RAISE EXCEPTION 'raised for the test' USING ERRCODE = '${state}'; END $$`;

  it('a serialization failure or deadlock is retried; a constraint or a raised exception is not', async () => {
    const serialization = classifyError(await rejectionOf(db.$transaction((tx) => tx.$executeRawUnsafe(raise('40001'))), Error));
    expect(serialization).toMatchObject({ retryable: true, errorClass: 'database.40001' });
    expect(classifyError(await rejectionOf(db.$executeRawUnsafe(raise('40P01')), Error))).toMatchObject({ retryable: true, errorClass: 'database.40P01' });
    expect(classifyError(await rejectionOf(db.$executeRawUnsafe(raise('23505')), Error))).toMatchObject({ retryable: false, errorClass: 'unknown' });
    expect(classifyError(await rejectionOf(db.$executeRawUnsafe(raise('P0001')), Error))).toMatchObject({ retryable: false, errorClass: 'unknown' });
  });

  it('reads the state from node-postgres too, and the state a server shutting down sends is retried', async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      expect(classifyError(await rejectionOf(client.query(raise('40001')), Error))).toMatchObject({ retryable: true, errorClass: 'database.40001' });
      expect(classifyError(await rejectionOf(client.query(raise('57P01')), Error))).toMatchObject({ retryable: true, errorClass: 'database.57P01' });
      expect(classifyError(await rejectionOf(client.query('SELECT * FROM no_such_table'), Error))).toMatchObject({ retryable: false });
    } finally {
      await client.end();
    }
  });
});
