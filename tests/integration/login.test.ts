import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { authenticateUser } from '@/lib/auth/authenticate';
import { createOrganizationWithUsers } from '../support/fixtures';

const policy = { maxAttempts: 5, windowSeconds: 900 };

describe('credentials login', () => {
  it('accepts the right password (any email case) and refuses a wrong one or an unknown user', async () => {
    const { users, password } = await createOrganizationWithUsers(db, 'Login City');
    const email = users.STAFF.email;
    await expect(authenticateUser(db, { email: email.toUpperCase(), password, ip: '10.0.0.1' }, policy)).resolves.toMatchObject({ ok: true, user: { id: users.STAFF.id } });
    await expect(authenticateUser(db, { email, password: 'nope', ip: '10.0.0.1' }, policy)).resolves.toEqual({ ok: false, reason: 'invalid' });
    await expect(authenticateUser(db, { email: 'ghost@example.org', password, ip: '10.0.0.1' }, policy)).resolves.toEqual({ ok: false, reason: 'invalid' });
  });

  it('blocks an account after too many failures, even with the right password, and records each attempt', async () => {
    const { users, password } = await createOrganizationWithUsers(db, 'Rate City');
    const email = users.CUSTOMER_ADMIN.email;
    for (let i = 0; i < policy.maxAttempts; i++) {
      await expect(authenticateUser(db, { email, password: `wrong-${i}`, ip: `10.1.0.${i}` }, policy)).resolves.toEqual({ ok: false, reason: 'invalid' });
    }
    await expect(authenticateUser(db, { email, password, ip: '10.1.1.1' }, policy)).resolves.toEqual({ ok: false, reason: 'rate-limited' });
    expect(await db.loginAttempt.count({ where: { email, succeeded: false } })).toBe(policy.maxAttempts);
    // Another account from a different address is unaffected.
    await expect(authenticateUser(db, { email: users.STAFF.email, password, ip: '10.2.0.1' }, policy)).resolves.toMatchObject({ ok: true });
  });

  it('blocks an address that sprays many accounts', async () => {
    const ip = '203.0.113.9';
    for (let i = 0; i < policy.maxAttempts * 4; i++) {
      await authenticateUser(db, { email: `user${i}@spray.example`, password: 'x', ip }, policy);
    }
    const { users, password } = await createOrganizationWithUsers(db, 'Spray City');
    await expect(authenticateUser(db, { email: users.STAFF.email, password, ip }, policy)).resolves.toEqual({ ok: false, reason: 'rate-limited' });
  });

  it('ignores failures older than the window', async () => {
    const { users, password } = await createOrganizationWithUsers(db, 'Window City');
    const email = users.STAFF.email;
    const old = new Date(Date.now() - (policy.windowSeconds + 60) * 1000);
    await db.loginAttempt.createMany({ data: Array.from({ length: 10 }, () => ({ email, ip: '10.9.9.9', succeeded: false, createdAt: old })) });
    await expect(authenticateUser(db, { email, password, ip: '10.9.9.9' }, policy)).resolves.toMatchObject({ ok: true });
  });
});
