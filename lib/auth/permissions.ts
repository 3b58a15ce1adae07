import type { Actor, Role } from './roles';

/**
 * Every permission in one table. Handlers call the named `can<Action><Entity>` checks below, all of
 * which go through `hasRole`, so the matrix in this file is the whole access policy (and is tested
 * as a whole in tests/integration/permissions.test.ts).
 */
export const PERMISSIONS = {
  viewOrganization: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER', 'STAFF'],
  viewIntegration: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER', 'STAFF'],
  editIntegrationCredentials: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER'],
  testIntegrationConnection: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER'],
  editIntegrationSettings: ['IMPLEMENTATION_MANAGER'],
  operateIntegration: ['IMPLEMENTATION_MANAGER'],
  viewAgencies: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER', 'STAFF'],
  editAgencies: ['IMPLEMENTATION_MANAGER'],
  viewIssues: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER', 'STAFF'],
  workIssues: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER', 'STAFF'],
  viewAuditLog: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER'],
  viewMembers: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER'],
  editMapSettings: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleIn(actor: Actor, organizationId: string): Role | null {
  return actor.memberships.find((m) => m.organizationId === organizationId)?.role ?? null;
}

/** False for any organization the actor is not a member of: cross-organization access is refused. */
export function hasPermission(actor: Actor | null, organizationId: string, permission: Permission): boolean {
  if (!actor) return false;
  const role = roleIn(actor, organizationId);
  return role !== null && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

type Check = (actor: Actor | null, organizationId: string) => boolean;
const check = (p: Permission): Check => (actor, organizationId) => hasPermission(actor, organizationId, p);

export const canViewOrganization = check('viewOrganization');
export const canViewIntegration = check('viewIntegration');
export const canEditIntegrationCredentials = check('editIntegrationCredentials');
export const canTestIntegrationConnection = check('testIntegrationConnection');
export const canEditIntegrationSettings = check('editIntegrationSettings');
export const canOperateIntegration = check('operateIntegration');
export const canViewAgencies = check('viewAgencies');
export const canEditAgencies = check('editAgencies');
export const canViewIssues = check('viewIssues');
export const canWorkIssues = check('workIssues');
export const canViewAuditLog = check('viewAuditLog');
export const canViewMembers = check('viewMembers');
export const canEditMapSettings = check('editMapSettings');
