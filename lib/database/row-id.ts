import { randomBytes } from 'node:crypto';

let counter = randomBytes(2).readUInt16BE(0);

/**
 * A row id in the shape Prisma's `@default(cuid())` gives (25 characters: "c", time, counter,
 * randomness, base 36), for rows inserted by raw SQL, where Prisma does not fill the default in.
 * Sortable by creation time like Prisma's, and unguessable enough for ids that appear in URLs.
 */
export function newRowId(): string {
  const time = Date.now().toString(36).padStart(8, '0').slice(-8);
  counter = (counter + 1) % 1_679_616; // 36^4
  const count = counter.toString(36).padStart(4, '0');
  const random = BigInt(`0x${randomBytes(8).toString('hex')}`).toString(36).padStart(12, '0').slice(-12);
  return `c${time}${count}${random}`;
}
