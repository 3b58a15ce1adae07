import type { Actor, PlatformRole, Role } from './roles';

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
  // The category page: display name, hidden, agency, question sync and question overrides.
  editCategories: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER'],
  viewIssues: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER', 'STAFF'],
  workIssues: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER', 'STAFF'],
  viewAuditLog: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER'],
  viewMembers: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER'],
  // Basemap and other map settings of the organization.
  editMapSettings: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER'],
  // Add members, change roles, (de)activate, resend links, rename the integration bot: never
  // beyond one's own rank (ROLE_RANK below), so a manager cannot make anyone a customer admin.
  manageMembers: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER'],
  // Platform-wide: create organizations and their first customer admin.
  createOrganizations: ['OPERATOR'],
} as const satisfies Record<string, readonly (Role | PlatformRole)[]>;

/**
 * Who may grant what: a member may give (or take away) a role only up to their own rank. A customer
 * admin answers for the organization's people; an implementation manager may add staff and managers.
 */
export const ROLE_RANK: Record<Role, number> = { STAFF: 1, IMPLEMENTATION_MANAGER: 2, CUSTOMER_ADMIN: 3 };

export function mayGrantRole(actor: Actor, organizationId: string, role: Role): boolean {
  if (actor.operator) return true;
  const own = roleIn(actor, organizationId);
  return own !== null && ROLE_RANK[role] <= ROLE_RANK[own];
}

export type Permission = keyof typeof PERMISSIONS;

export function roleIn(actor: Actor, organizationId: string): Role | null {
  return actor.memberships.find((m) => m.organizationId === organizationId)?.role ?? null;
}

/** False for any organization the actor is not a member of: cross-organization access is refused. */
export function hasPermission(actor: Actor | null, organizationId: string, permission: Permission): boolean {
  if (!actor) return false;
  const role = roleIn(actor, organizationId);
  return role !== null && (PERMISSIONS[permission] as readonly (Role | PlatformRole)[]).includes(role);
}

/** Platform permissions: held by operators, whatever organizations they belong to. */
export function hasPlatformPermission(actor: Actor | null, permission: Permission): boolean {
  return !!actor?.operator && (PERMISSIONS[permission] as readonly (Role | PlatformRole)[]).includes('OPERATOR');
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
export const canEditCategories = check('editCategories');
export const canViewIssues = check('viewIssues');
export const canWorkIssues = check('workIssues');
export const canViewAuditLog = check('viewAuditLog');
export const canViewMembers = check('viewMembers');
export const canManageMembers = check('manageMembers');
// Takes no organization: the check is the same everywhere (an organization role never grants it).
export const canCreateOrganizations = (actor: Actor | null): boolean => hasPlatformPermission(actor, 'createOrganizations');
export const canEditMapSettings = check('editMapSettings');
