import type { z } from 'zod';
import { CityworksError } from './errors';
import type { TokenSession } from './session';
import { callBytes, callJson, type DownloadedFile, type FileUpload, type TransportContext } from './transport';

/** What every service module uses to talk to Cityworks: authenticated, validated, renewed once. */
export interface Invoker {
  /** The server's time zone for its offset-less dates. */
  readonly timeZone: string;
  json<S extends z.ZodType>(operation: string, service: string, data: unknown, schema: S, file?: FileUpload): Promise<z.output<S>>;
  bytes(operation: string, service: string, data: unknown): Promise<DownloadedFile>;
}

function validator<S extends z.ZodType>(schema: S, operation: string): (value: unknown) => z.output<S> {
  return (value) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    // Paths only: values could hold personal data and do not help the admin.
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || 'Value'}: ${i.message}`)
      .join('; ');
    throw new CityworksError({
      kind: 'not-cityworks',
      operation,
      bodyKind: 'unexpected-json',
      retryable: false,
      reason: `Cityworks answered ${operation} with an unexpected shape (${where}). Check the configured Cityworks version.`,
    });
  };
}

export function createInvoker(ctx: TransportContext, session: TokenSession, timeZone: string): Invoker {
  /**
   * Runs `attempt` with the session token; on Status 2 (expired or revoked token) renews the token
   * once and replays. A second Status 2 right after a fresh login is reported as `unauthorized`.
   */
  async function withToken<T>(run: (token: string, attempt: number) => Promise<T>): Promise<T> {
    const token = await session.current();
    try {
      return await run(token, 1);
    } catch (err) {
      if (!(err instanceof CityworksError) || err.kind !== 'unauthorized') throw err;
      const fresh = await session.renew(token);
      try {
        return await run(fresh, 2);
      } catch (again) {
        if (!(again instanceof CityworksError) || again.kind !== 'unauthorized') throw again;
        throw new CityworksError({
          kind: 'unauthorized',
          operation: again.operation,
          retryable: true,
          messages: again.messages,
          ...(again.cityworksStatus !== undefined ? { cityworksStatus: again.cityworksStatus } : {}),
          ...(again.httpStatus !== undefined ? { httpStatus: again.httpStatus } : {}),
          reason:
            'Cityworks rejected a freshly issued token. The user may lack access to this service, or the site is restarting; check the integration user in Cityworks if this persists.',
        });
      }
    }
  }

  return {
    timeZone,
    json(operation, service, data, schema, file) {
      const parse = validator(schema, operation);
      return withToken((token, attempt) =>
        callJson(ctx, { operation, service, data, token, attempt, ...(file ? { file } : {}) }, parse),
      );
    },
    bytes(operation, service, data) {
      return withToken((token, attempt) => callBytes(ctx, { operation, service, data, token, attempt }));
    },
  };
}
