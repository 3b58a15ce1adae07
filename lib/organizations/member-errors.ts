import { HttpError } from '@/lib/http/errors';

export const memberNotFound = () => new HttpError(404, 'not_found', 'Member not found.');
export const beyondOwnRole = () => new HttpError(403, 'beyond_own_role', 'You cannot give or change a role above your own.');
export const lastCustomerAdmin = () =>
  new HttpError(409, 'last_customer_admin', 'This is the last active customer admin of the organization. Make someone else a customer admin first.');
export const duplicateMember = (email: string) => new HttpError(409, 'duplicate_email', `${email} is already a member of this organization.`);
export const botNotAPerson = () => new HttpError(400, 'bot_member', 'The integration bot never signs in: only its display name can be changed.');
