import { describe, expect, it } from 'vitest';
import { ArcgisError } from '@/lib/arcgis';
import { CityworksError, type CityworksErrorKind } from '@/lib/cityworks';
import { classifyError } from '@/lib/sync/retry-classifier';

function systemError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

/** What undici's fetch throws: TypeError('fetch failed') with the system error as cause. */
function fetchFailed(code: string): TypeError {
  return new TypeError('fetch failed', { cause: systemError(code) });
}

describe('classifyError', () => {
  const cw = (kind: CityworksErrorKind, retryable: boolean, extra = {}) =>
    new CityworksError({ kind, operation: 'ServiceRequest/Create', reason: `because ${kind}`, retryable, ...extra });

  it.each([
    ['network', true],
    ['timeout', true],
    ['http', true],
    ['unauthorized', true],
    ['validation', false],
    ['permission', false],
    ['invalid-credentials', false],
    ['not-found', false],
    ['tls', false],
  ] as [CityworksErrorKind, boolean][])('CityworksError %s -> retryable %s, with its reason', (kind, retryable) => {
    expect(classifyError(cw(kind, retryable))).toEqual({ retryable, errorClass: `cityworks.${kind}`, reason: `because ${kind}` });
  });

  it('keeps Retry-After and names the body kind of not-cityworks', () => {
    expect(classifyError(cw('http', true, { httpStatus: 429, retryAfterMs: 30_000 }))).toMatchObject({ retryable: true, retryAfterMs: 30_000 });
    expect(classifyError(cw('not-cityworks', false, { bodyKind: 'login-redirect' })).errorClass).toBe('cityworks.not-cityworks.login-redirect');
  });

  it('ArcgisError keeps its own decision', () => {
    expect(classifyError(new ArcgisError({ kind: 'token', reason: 'token please', retryable: false, arcgisCode: 499 }))).toEqual({
      retryable: false,
      errorClass: 'arcgis.token',
      reason: 'token please',
    });
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'EHOSTUNREACH'])('raw fetch failure %s -> network, retry', (code) => {
    expect(classifyError(fetchFailed(code))).toMatchObject({ retryable: true, errorClass: 'network' });
    expect(classifyError(fetchFailed(code)).reason).toContain(code);
  });

  it.each(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'ETIMEDOUT'])('raw %s -> timeout, retry', (code) => {
    expect(classifyError(fetchFailed(code))).toMatchObject({ retryable: true, errorClass: 'timeout' });
  });

  it.each(['CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID'])('raw %s -> tls, dead letter', (code) => {
    expect(classifyError(fetchFailed(code))).toMatchObject({ retryable: false, errorClass: 'tls' });
  });

  it('AbortSignal.timeout -> timeout, retry; a deliberate abort -> no retry', async () => {
    // What fetch rejects with when AbortSignal.timeout fires.
    const timedOut = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(classifyError(timedOut)).toMatchObject({ retryable: true, errorClass: 'timeout' });
    const controller = new AbortController();
    controller.abort();
    const aborted = await fetch('http://127.0.0.1:9/', { signal: controller.signal }).catch((e: unknown) => e);
    expect(classifyError(aborted)).toMatchObject({ retryable: false, errorClass: 'aborted' });
  });

  it('a real refused connection from fetch', async () => {
    const err = await fetch('http://127.0.0.1:9/').catch((e: unknown) => e);
    expect(classifyError(err)).toMatchObject({ retryable: true, errorClass: 'network' });
  });

  it('unknown errors are not retried and say what they were', () => {
    expect(classifyError(new RangeError('index 7 out of range'))).toEqual({
      retryable: false,
      errorClass: 'unknown',
      reason: 'Unexpected error, not retried (it would fail the same way): RangeError: index 7 out of range',
    });
    expect(classifyError('plain string')).toMatchObject({ retryable: false, errorClass: 'unknown' });
    expect(classifyError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toMatchObject({ retryable: false, errorClass: 'unknown' });
    expect(classifyError(undefined)).toMatchObject({ retryable: false, errorClass: 'unknown' });
  });
});
