import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { authenticateUser } from '@/lib/auth/authenticate';
import { ACCOUNT_FACTOR, ADDRESS_FACTOR } from '@/lib/auth/login-rate-limit';
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

  it('stops an address after too many failures on an account, even with the right password; the owner elsewhere still gets in', async () => {
    const { users, password } = await createOrganizationWithUsers(db, 'Rate City');
    const email = users.CUSTOMER_ADMIN.email;
    for (let i = 0; i < policy.maxAttempts; i++) {
      await expect(authenticateUser(db, { email, password: `wrong-${i}`, ip: '10.1.0.1' }, policy)).resolves.toEqual({ ok: false, reason: 'invalid' });
    }
    await expect(authenticateUser(db, { email, password, ip: '10.1.0.1' }, policy)).resolves.toEqual({ ok: false, reason: 'rate-limited' });
    expect(await db.loginAttempt.count({ where: { email, succeeded: false } })).toBe(policy.maxAttempts);
    // Slowed, not locked out: the owner, at another address, signs in.
    await expect(authenticateUser(db, { email, password, ip: '10.2.0.1' }, policy)).resolves.toMatchObject({ ok: true });
  });

  it('has a softer limit per account across addresses (a botnet), which expires with its window', async () => {
    const { users, password } = await createOrganizationWithUsers(db, 'Botnet City');
    const email = users.STAFF.email;
    for (let i = 0; i < policy.maxAttempts * ACCOUNT_FACTOR; i++) {
      await expect(authenticateUser(db, { email, password: 'guess', ip: `10.3.${i}.1` }, policy)).resolves.toEqual({ ok: false, reason: 'invalid' });
    }
    await expect(authenticateUser(db, { email, password, ip: '10.4.0.1' }, policy)).resolves.toEqual({ ok: false, reason: 'rate-limited' });
    // The window passes (the attempts are moved back past it): the right password works again.
    await db.loginAttempt.updateMany({ where: { email }, data: { createdAt: new Date(Date.now() - (policy.windowSeconds + 1) * 1000) } });
    await expect(authenticateUser(db, { email, password, ip: '10.4.0.1' }, policy)).resolves.toMatchObject({ ok: true });
  });

  it('a burst of 50 parallel wrong passwords gets no more tries than the limit', async () => {
    const { users, password } = await createOrganizationWithUsers(db, 'Burst City');
    const email = users.STAFF.email;
    const ip = '198.51.100.50';
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => authenticateUser(db, { email, password: `burst-${i}`, ip }, policy)));
    expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(policy.maxAttempts);
    expect(results.filter((r) => !r.ok && r.reason === 'rate-limited')).toHaveLength(50 - policy.maxAttempts);
    expect(await db.loginAttempt.count({ where: { email } })).toBe(policy.maxAttempts);
    await expect(authenticateUser(db, { email, password, ip }, policy)).resolves.toEqual({ ok: false, reason: 'rate-limited' });
    // After the window, the same address gets in with the right password.
    await db.loginAttempt.updateMany({ where: { email }, data: { createdAt: new Date(Date.now() - (policy.windowSeconds + 1) * 1000) } });
    await expect(authenticateUser(db, { email, password, ip }, policy)).resolves.toMatchObject({ ok: true });
    expect(await db.loginAttempt.count({ where: { email, succeeded: true } })).toBe(1);
  });

  it('blocks an address that sprays many accounts', async () => {
    const ip = '203.0.113.9';
    for (let i = 0; i < policy.maxAttempts * ADDRESS_FACTOR; i++) {
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
