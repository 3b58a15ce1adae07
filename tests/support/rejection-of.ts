import { expect } from 'vitest';

/** The error a promise rejects with, asserted to be of the given class (fails if it resolves). */
export async function rejectionOf<E extends Error>(p: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const err = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  return err as E;
}
