import { z } from 'zod';
import { ROLES } from '@/lib/auth/roles';
import type { Role } from '@/generated/prisma/enums';

const role = z.enum(ROLES as [Role, ...Role[]], { error: 'Choose a role.' });
export const personName = z.string().trim().min(1, 'Enter a name.').max(100, 'At most 100 characters.');
export const emailAddress = z.string().trim().toLowerCase().email('Enter a valid email address.').max(254);

export const addMemberSchema = z.object({ name: personName, email: emailAddress, role });

// One change per request: the member list edits one thing at a time, and each is audited on its own.
export const updateMemberSchema = z.union([
  z.object({ role }).strict(),
  z.object({ active: z.boolean() }).strict(),
  z.object({ displayName: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), z.string().trim().max(100).nullable()) }).strict(),
]);
