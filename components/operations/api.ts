/** URLs and query keys of the sync health API (app/api/orgs/[org]/sync-health). */
export const syncHealthUrl = (org: string, integrationId: string, part = '') =>
  `/api/orgs/${encodeURIComponent(org)}/sync-health/${encodeURIComponent(integrationId)}${part ? `/${part}` : ''}`;

export const syncHealthKeys = {
  health: (org: string, id: string) => ['sync-health', org, id] as const,
  deadLetters: (org: string, id: string) => ['sync-health', org, id, 'dead-letters'] as const,
  all: (org: string, id: string) => ['sync-health', org, id] as const,
};
