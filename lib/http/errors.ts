/** Errors a route handler may throw; lib/http/route.ts turns each into one JSON error envelope. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const unauthenticated = () => new HttpError(401, 'unauthenticated', 'Sign in to continue.');
export const forbidden = () => new HttpError(403, 'forbidden', 'You do not have permission to do this.');
export const notFound = (what = 'Resource') => new HttpError(404, 'not_found', `${what} not found.`);
export const badRequest = (message: string, details?: unknown) => new HttpError(400, 'bad_request', message, details);

/** Bytes as a person reads them in an error message: "64 KB", "10 MB". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

export const payloadTooLarge = (limit: number) => new HttpError(413, 'too_large', `The request body is larger than the limit of ${formatBytes(limit)}.`);
export const unsupportedMediaType = (accepted: readonly string[]) =>
  new HttpError(415, 'unsupported_media_type', `Send the request body as ${accepted.join(' or ')}.`);
export const crossSiteRefused = () =>
  new HttpError(403, 'cross_site', 'This request did not come from a page of this site, so it was refused.');
