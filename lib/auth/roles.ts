import type { Role } from '@/generated/prisma/enums';

export type { Role };

/** Not a role in an organization: a flag on the user (User.operator) for the whole platform. */
export type PlatformRole = 'OPERATOR';

export const ROLE_LABELS: Record<Role, string> = {
  CUSTOMER_ADMIN: 'Customer admin',
  IMPLEMENTATION_MANAGER: 'Implementation manager',
  STAFF: 'Staff',
};

export const ROLES: readonly Role[] = ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER', 'STAFF'];

/**
 * The signed-in user with their active memberships, loaded fresh per request so role changes and
 * deactivations apply at once.
 */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  operator: boolean;
  memberships: { organizationId: string; organizationSlug: string; organizationTitle: string; role: Role }[];
}
