import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/generated/prisma/client';
import { env } from './env';

export function createPrismaClient(databaseUrl: string, poolSize = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize }) });
}

// One client per process; Next's dev server re-evaluates modules, so keep it on globalThis.
const holder = globalThis as unknown as { __civicBridgePrisma?: PrismaClient };
export const db: PrismaClient = (holder.__civicBridgePrisma ??= createPrismaClient(env.DATABASE_URL));

export type Db = PrismaClient;
export type { Prisma } from '@/generated/prisma/client';
