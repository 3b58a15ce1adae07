import { describe, expect, it } from 'vitest';
import { alertsFor, isLate } from '@/lib/operations/alerts-rules';

const MIN = 60_000;
const integration = { id: 'i1', name: 'Cityworks', enabled: true, pausedAt: null, authFailingSince: null, authFailureReason: null };

describe('alert rules', () => {
  it('a stream is late only past its own interval plus the threshold, and never when off or never run', () => {
    expect(isLate({ enabled: true, currentLagMs: 16 * MIN, expectedIntervalMs: 0 }, 15 * MIN)).toBe(true);
    expect(isLate({ enabled: true, currentLagMs: 15 * MIN, expectedIntervalMs: 0 }, 15 * MIN)).toBe(false);
    expect(isLate({ enabled: true, currentLagMs: 70 * MIN, expectedIntervalMs: 60 * MIN }, 15 * MIN)).toBe(false);
    expect(isLate({ enabled: true, currentLagMs: 76 * MIN, expectedIntervalMs: 60 * MIN }, 15 * MIN)).toBe(true);
    expect(isLate({ enabled: false, currentLagMs: 999 * MIN, expectedIntervalMs: 0 }, 15 * MIN)).toBe(false);
    expect(isLate({ enabled: true, currentLagMs: null, expectedIntervalMs: 0 }, 15 * MIN)).toBe(false);
  });

  it('says what is wrong: auth failing, late streams, dead letters; a pause replaces lag alerts', () => {
    const late = [{ stream: 'poll-updates' as const, enabled: true, currentLagMs: 40 * MIN, expectedIntervalMs: MIN, late: true }];
    const failing = { ...integration, authFailingSince: new Date('2026-01-01T00:00:00Z'), authFailureReason: 'Password refused.' };
    const alerts = alertsFor(failing, late, 2);
    expect(alerts.map((a) => a.kind)).toEqual(['auth-failing', 'lag', 'dead-letters']);
    expect(alerts[0]!.message).toContain('Password refused.');
    expect(alerts[1]!.message).toBe('Polling for updates is 40 min behind.');
    expect(alerts[2]!.message).toBe('2 dead letters waiting: retry, edit or skip them.');
    expect(alertsFor({ ...integration, pausedAt: new Date() }, late, 1).map((a) => a.kind)).toEqual(['paused', 'dead-letters']);
    expect(alertsFor(integration, [], 0)).toEqual([]);
  });
});
