/** Where the integration API lives, and the query keys of what it answers. */
export const integrationUrl = (org: string, part = '') => `/api/orgs/${encodeURIComponent(org)}/integrations${part ? `/${part}` : ''}`;
export const integrationKeys = {
  all: (org: string) => ['integration', org] as const,
  view: (org: string) => ['integration', org, 'view'] as const,
  audit: (org: string) => ['integration', org, 'audit'] as const,
  statuses: (org: string) => ['integration', org, 'statuses'] as const,
  srid: (org: string, srid: number) => ['integration', org, 'srid', srid] as const,
};
