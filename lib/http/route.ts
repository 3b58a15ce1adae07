import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { currentActor } from '@/lib/auth/session';
import type { Actor } from '@/lib/auth/roles';
import { forbidden, HttpError, unauthenticated } from './errors';

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown };
}

export function errorResponse(err: unknown): NextResponse<ErrorEnvelope> {
  if (err instanceof HttpError) {
    return NextResponse.json({ error: { code: err.code, message: err.message, details: err.details } }, { status: err.status });
  }
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return NextResponse.json({ error: { code: 'invalid_input', message: 'Some fields are not valid.', details } }, { status: 400 });
  }
  console.error('unhandled route error', err);
  return NextResponse.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, { status: 500 });
}

type Ctx<P> = { params: Promise<P> };

/**
 * parse -> authorize -> use case -> respond, with one error envelope. `handler` receives the
 * signed-in actor; it must call a `can<Action><Entity>` check through `authorize` before any query.
 */
export function authedRoute<P = Record<string, string>>(
  handler: (req: Request, ctx: { params: P; actor: Actor }) => Promise<Response>,
) {
  return async (req: Request, ctx: Ctx<P>): Promise<Response> => {
    try {
      const actor = await currentActor();
      if (!actor) throw unauthenticated();
      return await handler(req, { params: await ctx.params, actor });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function authorize(allowed: boolean): void {
  if (!allowed) throw forbidden();
}
