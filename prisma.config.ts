import { defineConfig } from 'prisma/config';

// DATABASE_URL is optional here: `prisma generate` needs no database, and the app's own
// migration runner (scripts/migrate.ts) applies prisma/migrations when it starts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://placeholder@127.0.0.1:5432/placeholder' },
});
