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
