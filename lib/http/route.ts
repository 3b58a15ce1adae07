import { NextResponse } from 'next/server';
import { currentActor } from '@/lib/auth/session';
import type { Actor } from '@/lib/auth/roles';
import { capRequestBody, DEFAULT_MAX_BODY_BYTES } from './body';
import { toHttpError } from './domain-errors';
import { forbidden, HttpError, unauthenticated } from './errors';
import { assertContentType, assertSameOrigin, JSON_OR_MULTIPART, STATE_CHANGING } from './request-guard';

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown };
}

export function errorResponse(err: unknown): NextResponse<ErrorEnvelope> {
  const http = toHttpError(err);
  if (http) return NextResponse.json({ error: { code: http.code, message: http.message, details: http.details } }, { status: http.status });
  console.error('unhandled route error', err);
  return NextResponse.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, { status: 500 });
}

/** What a route may change about the checks every request passes at the edge. */
export interface EdgeOptions {
  /** Largest body accepted, enforced while it streams; DEFAULT_MAX_BODY_BYTES (64 KB) when unset. */
  maxBodyBytes?: number;
  /** The 413 to answer when the body passes the limit (an upload route names its file limit). */
  tooLarge?: (limit: number) => HttpError;
  /** Body types a state-changing request may have; JSON or multipart when unset. */
  contentTypes?: readonly string[];
  /**
   * Accept state-changing requests from other sites. Only for a public API made for third-party
   * clients that carries no session (Open311 POST): there is no cookie for a forged request to use.
   */
  allowCrossSite?: boolean;
  /** Renders an edge or domain error in the route's own format (Open311 answers its spec's error shape). */
  renderError?: (err: HttpError, req: Request) => Response;
}

type Ctx<P> = { params: Promise<P> };

/** Marks a handler built by the wrappers below, so a test can check that every route is one. */
const AT_THE_EDGE = Symbol.for('civic-bridge.route-at-the-edge');

function marked<F extends object>(handler: F): F {
  Object.defineProperty(handler, AT_THE_EDGE, { value: true });
  return handler;
}

export function isEdgeRoute(handler: unknown): boolean {
  return typeof handler === 'function' && (handler as unknown as Record<symbol, unknown>)[AT_THE_EDGE] === true;
}

/** The checks every request passes before its handler runs; returns the request with its body capped. */
function atTheEdge(req: Request, options: EdgeOptions): Request {
  if (STATE_CHANGING.has(req.method.toUpperCase())) {
    if (!options.allowCrossSite) assertSameOrigin(req);
    assertContentType(req, options.contentTypes ?? JSON_OR_MULTIPART);
  }
  return capRequestBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, options.tooLarge);
}

function failure(err: unknown, req: Request, options: EdgeOptions): Response {
  const http = options.renderError ? toHttpError(err) : null;
  if (http && options.renderError) return options.renderError(http, req);
  return errorResponse(err);
}

/**
 * A route anyone may call (no session): the edge checks, then `handler`, with one error mapping.
 * Every public route under app/ is one of these, so none forgets a body limit or an origin check.
 */
export function publicRoute<P = Record<string, string>>(handler: (req: Request, ctx: { params: P }) => Promise<Response>, options: EdgeOptions = {}) {
  return marked(async (req: Request, ctx: Ctx<P>): Promise<Response> => {
    try {
      const capped = atTheEdge(req, options);
      return await handler(capped, { params: await ctx.params });
    } catch (err) {
      return failure(err, req, options);
    }
  });
}

/**
 * parse -> authorize -> use case -> respond, with one error envelope. `handler` receives the
 * signed-in actor; it must call a `can<Action><Entity>` check through `authorize` before any query.
 */
export function authedRoute<P = Record<string, string>>(
  handler: (req: Request, ctx: { params: P; actor: Actor }) => Promise<Response>,
  options: Omit<EdgeOptions, 'allowCrossSite'> = {},
) {
  return marked(async (req: Request, ctx: Ctx<P>): Promise<Response> => {
    try {
      const capped = atTheEdge(req, options);
      const actor = await currentActor();
      if (!actor) throw unauthenticated();
      return await handler(capped, { params: await ctx.params, actor });
    } catch (err) {
      return failure(err, req, options);
    }
  });
}

export function authorize(allowed: boolean): void {
  if (!allowed) throw forbidden();
}
