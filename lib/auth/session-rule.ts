/**
 * Who may be signed in at all: not a disabled account, never the integration bot, and someone with
 * a place to go (an operator, or an active member of some organization). Sign-in and every request
 * apply the same rule.
 */
export function mayHaveSession(user: { disabled: boolean; bot: boolean; operator: boolean }, activeMemberships: number): boolean {
  return !user.disabled && !user.bot && (user.operator || activeMemberships > 0);
}
