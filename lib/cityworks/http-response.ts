import { parseRetryAfter } from '@/lib/net/http-client';
import { CityworksError, redactSecrets, type NotCityworksBody } from './errors';

const LOGIN_HINTS = /Object moved to|login\.aspx|logon|sign[ -]?in|type=["']?password/i;
const ASPNET_HINTS = /Server Error in|Runtime Error|Errors\.axd|YSOD|ASP\.NET|aspxerrorpath|Internal Server Error/i;

export function looksLikeHtml(body: string, contentType: string | null): boolean {
  return /html/i.test(contentType ?? '') || /^\s*</.test(body);
}

/** Says which non-Cityworks HTML page this is, so the reason can name the misconfiguration. */
export function classifyHtml(body: string): NotCityworksBody {
  if (LOGIN_HINTS.test(body)) return 'login-redirect';
  if (ASPNET_HINTS.test(body)) return 'aspnet-error';
  return 'html';
}

function htmlTitle(body: string): string | undefined {
  const match = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(body);
  return match?.[1]?.trim() || undefined;
}

const BODY_REASONS: Record<NotCityworksBody, string> = {
  'login-redirect':
    'The server answered with a login page instead of the Cityworks API (Forms authentication redirect). Check that the URL points at the Cityworks site and that the web services allow anonymous access to /Services.',
  'aspnet-error':
    'The Cityworks web application answered with an ASP.NET error page; it is failing on the server side. Ask the Cityworks administrator to check the server event log.',
  html: 'The URL answered with a web page, not the Cityworks API. Check the Cityworks URL (up to the site, e.g. https://host/cityworks).',
  'truncated-json': 'The Cityworks answer was cut off part way (truncated JSON); the connection or a proxy dropped it.',
  'non-json': 'The URL did not answer with JSON. Check the Cityworks URL and that nothing between us rewrites the answer.',
  'unexpected-json': 'Cityworks answered with JSON that does not have the expected shape for this operation.',
};

/** Builds the error for a body that is not a Cityworks envelope. */
export function notCityworksError(
  operation: string,
  bodyKind: NotCityworksBody,
  httpStatus: number,
  secrets: readonly string[],
  extra?: string,
): CityworksError {
  // A crash page or a cut-off answer is a passing server condition; a login page or a wrong URL is configuration.
  const retryable = bodyKind === 'aspnet-error' || bodyKind === 'truncated-json' || httpStatus >= 500;
  const detail = extra ? ` (${redactSecrets(extra, secrets)})` : '';
  return new CityworksError({
    kind: 'not-cityworks',
    operation,
    bodyKind,
    httpStatus,
    retryable,
    reason: `${BODY_REASONS[bodyKind]}${detail}`,
  });
}

export function htmlError(operation: string, body: string, httpStatus: number, secrets: readonly string[]): CityworksError {
  return notCityworksError(operation, classifyHtml(body), httpStatus, secrets, htmlTitle(body));
}

/** A body that fails JSON.parse: cut off if it started like JSON, else simply not JSON. */
export function unparsableBodyKind(body: string): NotCityworksBody {
  return /^\s*[[{]/.test(body) ? 'truncated-json' : 'non-json';
}

const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Error for an HTTP status that is not 2xx (bodies of these are never trusted as envelopes). */
export function httpStatusError(
  operation: string,
  status: number,
  retryAfter: string | null,
  body: string,
  contentType: string | null,
  secrets: readonly string[],
): CityworksError {
  const retryAfterMs = parseRetryAfter(retryAfter);
  if (status === 404) {
    return new CityworksError({
      kind: 'not-found',
      operation,
      httpStatus: status,
      retryable: false,
      reason: 'No Cityworks service at this address (HTTP 404). Check the Cityworks URL and the configured version.',
    });
  }
  if (status === 401) {
    // Cityworks 23 behind some gateways answers 401 for a stale token; treat it like Status 2 so it is renewed.
    return new CityworksError({
      kind: 'unauthorized',
      operation,
      httpStatus: status,
      retryable: true,
      reason: 'The server refused our session (HTTP 401).',
    });
  }
  if (status === 403) {
    return new CityworksError({
      kind: 'permission',
      operation,
      httpStatus: status,
      retryable: false,
      reason: 'The server refused access (HTTP 403). Check that our address is allowed through the firewall and that the user has rights.',
    });
  }
  // A crash page is worth naming as such; overload answers (502-504, 429) are plain HTTP whatever the body.
  if (status === 500 && looksLikeHtml(body, contentType)) return htmlError(operation, body, status, secrets);
  const retryable = RETRYABLE_STATUSES.has(status);
  const wait = retryAfterMs !== undefined ? ` Cityworks asked us to wait ${Math.ceil(retryAfterMs / 1000)} s.` : '';
  return new CityworksError({
    kind: 'http',
    operation,
    httpStatus: status,
    retryable,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    reason: retryable
      ? `The Cityworks server is unavailable or overloaded (HTTP ${status}).${wait}`
      : `The Cityworks server rejected the call (HTTP ${status}).`,
  });
}
