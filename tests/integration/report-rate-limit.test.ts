import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { REPORT_WINDOW_MS, REPORTS_PER_WINDOW, takeReportSlot } from '@/lib/crm/report-rate-limit';

describe('anonymous report rate limit', () => {
  it('allows the window quota per address, then says how long to wait; other addresses are unaffected', async () => {
    const now = new Date('2026-11-23T12:00:00Z');
    for (let i = 0; i < REPORTS_PER_WINDOW; i++) expect(await takeReportSlot(db, 'org:203.0.113.5', new Date(now.getTime() + i * 1000))).toBeNull();
    const wait = await takeReportSlot(db, 'org:203.0.113.5', new Date(now.getTime() + REPORTS_PER_WINDOW * 1000));
    // The oldest of the window leaves it 10 minutes after it came: 600 s - 20 s.
    expect(wait).toBe(REPORT_WINDOW_MS / 1000 - REPORTS_PER_WINDOW);
    expect(await takeReportSlot(db, 'org:198.51.100.7', now)).toBeNull();
    // A refused attempt is not recorded, so it does not extend the wait.
    expect(await db.rateLimitHit.count({ where: { key: 'org:203.0.113.5' } })).toBe(REPORTS_PER_WINDOW);
    expect(await takeReportSlot(db, 'org:203.0.113.5', new Date(now.getTime() + REPORT_WINDOW_MS + 1000))).toBeNull();
  });
});

describe('rate-limit slots under a burst', () => {
  it('a parallel burst gets no more slots than the limit: counting and recording are one step', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => takeReportSlot(db, 'org:192.0.2.40')));
    expect(results.filter((r) => r === null)).toHaveLength(REPORTS_PER_WINDOW);
    expect(await db.rateLimitHit.count({ where: { key: 'org:192.0.2.40' } })).toBe(REPORTS_PER_WINDOW);
  });
});

describe('several slots taken together', () => {
  const perAddress = { bucket: 'test-address', limit: 2, windowMs: 60_000 };
  const perOrganization = { bucket: 'test-organization', limit: 3, windowMs: 3600_000 };
  const hits = (bucket: string, key: string) => db.rateLimitHit.count({ where: { bucket, key } });

  it('takes a later slot only when every earlier one was granted, and names the first refused', async () => {
    const { takeRateLimitSlots } = await import('@/lib/http/rate-limit');
    const now = new Date('2026-11-23T12:00:00Z');
    const slots = (address: string) => [{ policy: perAddress, key: address }, { policy: perOrganization, key: 'org-a' }];
    expect(await takeRateLimitSlots(db, slots('a1'), now)).toBeNull();
    expect(await takeRateLimitSlots(db, slots('a1'), new Date(now.getTime() + 1000))).toBeNull();
    // The address is over its limit: refused as the address, and the organization's slot is not spent.
    expect(await takeRateLimitSlots(db, slots('a1'), new Date(now.getTime() + 2000))).toEqual({ index: 0, waitSeconds: 58 });
    expect(await hits('test-organization', 'org-a')).toBe(2);
    expect(await takeRateLimitSlots(db, slots('a2'), new Date(now.getTime() + 3000))).toBeNull();
    // The organization's cap is reached: refused as the organization; the address's own slot was granted.
    expect(await takeRateLimitSlots(db, slots('a3'), new Date(now.getTime() + 4000))).toEqual({ index: 1, waitSeconds: 3596 });
    expect(await hits('test-address', 'a3')).toBe(1);
    expect(await hits('test-organization', 'org-a')).toBe(3);
  });

  it('a parallel burst from many addresses gets no more of the shared slot than its limit', async () => {
    const { takeRateLimitSlots } = await import('@/lib/http/rate-limit');
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => takeRateLimitSlots(db, [{ policy: perAddress, key: `burst-${i}` }, { policy: perOrganization, key: 'org-b' }])),
    );
    expect(results.filter((r) => r === null)).toHaveLength(perOrganization.limit);
    expect(results.filter((r) => r?.index === 1)).toHaveLength(30 - perOrganization.limit);
    expect(await hits('test-organization', 'org-b')).toBe(perOrganization.limit);
  });
});

describe('pruning attempts', () => {
  it('drops sign-in attempts and rate-limit hits older than a day, keeps recent ones', async () => {
    const { pruneAttempts } = await import('@/lib/operations/prune-attempts');
    const now = new Date('2026-11-24T12:00:00Z');
    const old = new Date(now.getTime() - 25 * 3600_000);
    await db.loginAttempt.createMany({ data: [{ email: 'a@x.org', ip: '1', succeeded: false, createdAt: old }, { email: 'a@x.org', ip: '1', succeeded: false, createdAt: now }] });
    await db.rateLimitHit.createMany({ data: [{ bucket: 'report', key: 'k', createdAt: old }, { bucket: 'report', key: 'k', createdAt: now }] });
    const before = { login: await db.loginAttempt.count(), hits: await db.rateLimitHit.count() };
    expect(await pruneAttempts(db, now)).toEqual({ loginAttempts: 1, rateLimitHits: expect.any(Number) as number });
    expect(await db.loginAttempt.count()).toBe(before.login - 1);
    expect(await db.rateLimitHit.count({ where: { createdAt: { lt: new Date(now.getTime() - 24 * 3600_000) } } })).toBe(0);
    expect(await db.rateLimitHit.count({ where: { createdAt: now } })).toBe(1);
  });
});
