import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ['.next/**', 'generated/**', 'node_modules/**', '.data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
  {
    // Untrusted text (citizens, Cityworks, uploads, admins) is rendered as text only: no raw HTML
    // sinks in the UI, and Leaflet content only through components/map/text-content.ts.
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render text as React children; never as HTML.' },
        { selector: "AssignmentExpression > MemberExpression.left[property.name=/^(innerHTML|outerHTML)$/]", message: 'Set textContent instead of HTML.' },
        { selector: "CallExpression[callee.property.name=/^(insertAdjacentHTML|write|writeln)$/]", message: 'No HTML string sinks; build DOM nodes with textContent.' },
        {
          selector: "CallExpression[callee.property.name=/^(bindTooltip|bindPopup|setContent|setTooltipContent|setPopupContent)$/]:not([arguments.0.callee.name='textContent'])",
          message: 'Leaflet treats a string as HTML: pass textContent(text) from components/map/text-content.ts.',
        },
        { selector: "CallExpression[callee.property.name='divIcon'] Property[key.name='html']", message: 'A divIcon html string is HTML: build the icon without untrusted text.' },
      ],
    },
  },
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
  {
    // The Cityworks and ArcGIS clients are protocol code: they know HTTP and their wire formats,
    // never the product's database, domain or sync engine. Only generic helpers are open to them.
    files: ['lib/cityworks/**/*.ts', 'lib/arcgis/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/lib/*', '!@/lib/net', '!@/lib/net/*', '!@/lib/geo', '!@/lib/geo/*', '!@/lib/cityworks', '!@/lib/cityworks/*', '!@/lib/arcgis', '!@/lib/arcgis/*', '../*'],
              message: 'lib/cityworks and lib/arcgis are clients: they may use generic helpers (lib/net, lib/geo) and nothing else of lib/.',
            },
            { group: ['@/generated/*'], message: 'lib/cityworks and lib/arcgis do not know the database.' },
          ],
        },
      ],
    },
  },
  {
    // One browser client of the API (components/api/client.ts): same-origin, JSON or multipart,
    // and one error type that keeps the server's field messages.
    files: ['components/**/*.{ts,tsx}', 'app/**/*.tsx'],
    ignores: ['components/api/**'],
    rules: { 'no-restricted-globals': ['error', { name: 'fetch', message: 'Call the API through apiFetch/apiResult (components/api/client.ts).' }] },
  },
  {
    // No import cycles in the product: a cycle makes module load order (and so a half-initialised
    // export) depend on which file is imported first. (About a minute over the whole tree.)
    files: ['lib/**/*.ts', 'app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'workers/**/*.ts', 'emulators/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { 'import/no-cycle': ['error', { ignoreExternal: true }] },
  },
];

export default config;
