import { describe, expect, it } from 'vitest';
import { callStep, timelineOperation } from '@/lib/sync/call-recorder';

describe('the one operation-name format of remote calls', () => {
  it('names a call by the client operation, with its HTTP status and call attempt', () => {
    expect(callStep({ operation: 'ServiceRequest/ByIds', outcome: 'error', latencyMs: 12.4, httpStatus: 503, errorKind: 'http', attempt: 2 })).toEqual({
      operation: 'ServiceRequest/ByIds',
      outcome: 'ERROR',
      latencyMs: 12,
      errorClass: 'cityworks.http',
      details: { httpStatus: 503, callAttempt: 2 },
    });
  });

  it('reads rows written with the former inbound prefix as the same operation', () => {
    expect(timelineOperation('cityworks:ServiceRequest/ByIds')).toBe('ServiceRequest/ByIds');
    expect(timelineOperation('ServiceRequest/Create')).toBe('ServiceRequest/Create');
    expect(timelineOperation('sync-categories')).toBe('sync-categories');
  });
});
