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

describe('a limit counted in slices (an organization\'s hourly cap)', () => {
  const hourly = { bucket: 'test-sliced', limit: 3, windowMs: 3600_000, sliceMs: 60_000 };
  const slices = (key: string) => db.rateLimitSlice.findMany({ where: { bucket: 'test-sliced', key }, orderBy: { sliceStart: 'asc' } });

  it('keeps one row per slice, refuses over the limit, and waits until the oldest slice has counted a full window', async () => {
    const { takeRateLimitSlot } = await import('@/lib/http/rate-limit');
    const t = Date.parse('2026-11-23T12:00:00Z');
    expect(await takeRateLimitSlot(db, hourly, 'city', new Date(t + 10_000))).toBeNull();
    expect(await takeRateLimitSlot(db, hourly, 'city', new Date(t + 20_000))).toBeNull();
    expect(await takeRateLimitSlot(db, hourly, 'city', new Date(t + 70_000))).toBeNull();
    expect((await slices('city')).map((s) => [s.sliceStart.toISOString(), s.hits])).toEqual([
      ['2026-11-23T12:00:00.000Z', 2],
      ['2026-11-23T12:01:00.000Z', 1],
    ]);
    // The 12:00 slice counts until 13:01 (its end plus the hour): never less than an hour per hit.
    expect(await takeRateLimitSlot(db, hourly, 'city', new Date(t + 80_000))).toBe(3660 - 80);
    expect(await takeRateLimitSlot(db, hourly, 'city', new Date(t + 3600_000 + 59_000))).toBe(1);
    // A refused attempt is not recorded.
    expect((await slices('city')).reduce((n, s) => n + s.hits, 0)).toBe(3);
    // At 13:01 the 12:00 slice (two hits) no longer counts: one hit left in the window.
    expect(await takeRateLimitSlot(db, hourly, 'city', new Date(t + 3660_000))).toBeNull();
    expect(await takeRateLimitSlot(db, hourly, 'city', new Date(t + 3661_000))).toBeNull();
    expect(await takeRateLimitSlot(db, hourly, 'city', new Date(t + 3662_000))).toBe(3600 + 120 - 3662);
  });

  it('a parallel burst from many addresses gets no more of the sliced slot than its limit', async () => {
    const { takeRateLimitSlots } = await import('@/lib/http/rate-limit');
    const perAddress = { bucket: 'test-address', limit: 2, windowMs: 60_000 };
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => takeRateLimitSlots(db, [{ policy: perAddress, key: `sliced-burst-${i}` }, { policy: hourly, key: 'burst' }])));
    expect(results.filter((r) => r === null)).toHaveLength(hourly.limit);
    expect(results.filter((r) => r?.index === 1)).toHaveLength(30 - hourly.limit);
    expect((await slices('burst')).reduce((n, s) => n + s.hits, 0)).toBe(hourly.limit);
    // Each address's own slot was granted (the organization's was refused after it).
    expect(await db.rateLimitHit.count({ where: { bucket: 'test-address', key: { startsWith: 'sliced-burst-' } } })).toBe(30);
  });

  it('an anonymous report takes the organization\'s slot in slices', async () => {
    const { takeAnonymousReportSlots } = await import('@/lib/crm/report-rate-limit');
    expect(await takeAnonymousReportSlots(db, 'org-sliced', '203.0.113.9')).toBeNull();
    expect(await db.rateLimitSlice.count({ where: { bucket: 'report-organization', key: 'org-sliced' } })).toBe(1);
    expect(await db.rateLimitHit.count({ where: { bucket: 'report-organization' } })).toBe(0);
  });
});

describe('the rate limit\'s own commit', () => {
  it('does not wait for the WAL flush, and leaves every pooled connection committing durably afterwards', async () => {
    const { poolOf } = await import('@/lib/db');
    const { takeRateLimitSlot } = await import('@/lib/http/rate-limit');
    const pool = poolOf(db);
    // In a transaction of its own (as takeRateLimitSlots calls it), the setting lasts for that commit only.
    const inside = await pool.query<{ v: string }>(`WITH taken AS MATERIALIZED (SELECT count(*) FROM take_rate_limit_slots('[]'::json, now(), true))
      SELECT current_setting('synchronous_commit') AS v FROM taken`);
    expect(inside.rows.map((r) => r.v)).toEqual(['off']);
    await Promise.all(Array.from({ length: 30 }, (_, i) => takeRateLimitSlot(db, { bucket: 'test-commit', limit: 100, windowMs: 60_000 }, `k${i}`)));
    // Every connection of the pool (all checked out at once): an issue committed on any of them waits for the flush.
    const clients = await Promise.all(Array.from({ length: pool.options.max ?? 10 }, () => pool.connect()));
    try {
      const settings = await Promise.all(clients.map(async (c) => (await c.query<{ v: string }>(`SELECT current_setting('synchronous_commit') AS v`)).rows[0]?.v));
      expect(new Set(settings)).toEqual(new Set(['on']));
    } finally {
      for (const c of clients) c.release();
    }
  });
});

describe('pruning attempts', () => {
  it('drops sign-in attempts and rate-limit hits older than a day, keeps recent ones', async () => {
    const { pruneAttempts } = await import('@/lib/operations/prune-attempts');
    const now = new Date('2026-11-24T12:00:00Z');
    const old = new Date(now.getTime() - 25 * 3600_000);
    await db.loginAttempt.createMany({ data: [{ email: 'a@x.org', ip: '1', succeeded: false, createdAt: old }, { email: 'a@x.org', ip: '1', succeeded: false, createdAt: now }] });
    await db.rateLimitHit.createMany({ data: [{ bucket: 'report', key: 'k', createdAt: old }, { bucket: 'report', key: 'k', createdAt: now }] });
    await db.rateLimitSlice.createMany({ data: [{ bucket: 'report-organization', key: 'k', sliceStart: old, hits: 5 }, { bucket: 'report-organization', key: 'k', sliceStart: now, hits: 2 }] });
    const before = { login: await db.loginAttempt.count(), hits: await db.rateLimitHit.count() };
    expect(await pruneAttempts(db, now)).toEqual({ loginAttempts: 1, rateLimitHits: expect.any(Number) as number, rateLimitSlices: expect.any(Number) as number });
    expect(await db.rateLimitSlice.findMany({ where: { key: 'k' }, select: { hits: true } })).toEqual([{ hits: 2 }]);
    expect(await db.loginAttempt.count()).toBe(before.login - 1);
    expect(await db.rateLimitHit.count({ where: { createdAt: { lt: new Date(now.getTime() - 24 * 3600_000) } } })).toBe(0);
    expect(await db.rateLimitHit.count({ where: { createdAt: now } })).toBe(1);
  });
});
