import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ['.next/**', 'generated/**', 'node_modules/**', '.data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Boundaries (docs: design.md): crm is the domain; the sync engine calls it, never the reverse.
    files: ['lib/crm/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@/lib/sync', '@/lib/sync/*', '../sync', '../sync/*'], message: 'lib/crm must not import lib/sync: put the rule in lib/crm (or lib/jobs for job senders).' }] }],
    },
  },
];

export default config;
