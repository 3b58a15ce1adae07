import type { Role } from '@/generated/prisma/enums';

export type { Role };

export const ROLE_LABELS: Record<Role, string> = {
  CUSTOMER_ADMIN: 'Customer admin',
  IMPLEMENTATION_MANAGER: 'Implementation manager',
  STAFF: 'Staff',
};

/** The signed-in user with their memberships, loaded fresh per request so role changes apply at once. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  memberships: { organizationId: string; organizationSlug: string; role: Role }[];
}
