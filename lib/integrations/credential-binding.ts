import type { z } from 'zod';
import type { credentialsSchema } from './connection-schema';

/**
 * A stored Cityworks password is bound to the endpoint and the login it was entered with.
 * Changing either (test or production) clears it until it is typed again, so an admin who can
 * edit the URL cannot redirect the city's password to a host of their choosing.
 */

export const CLEARED_PASSWORD = 'cleared: the endpoint URL or user changed; enter the password again';
export const CLEARED_TOKEN = 'cleared: the geocoder URL changed; enter the token again';

interface Binding {
  endpointUrl: string | null;
  loginName: string | null;
}

/** Whether an existing endpoint or login is replaced (a first entry binds nothing yet). */
export function credentialBindingChanged(before: Binding, after: Binding): boolean {
  const changed = (a: string | null, b: string | null) => a !== null && a !== '' && a.trim() !== (b ?? '').trim();
  // Compared exactly: whether another spelling reaches the same account is the server's business.
  return changed(before.endpointUrl, after.endpointUrl) || changed(before.loginName, after.loginName);
}

/**
 * The server's credentials rules on top of the browser form: a production endpoint is https,
 * unless the operator allows plain http for a LAN deployment (ALLOW_HTTP_ENDPOINTS=1).
 */
export function serverCredentialsSchema(schema: typeof credentialsSchema, opts: { allowHttp: boolean }) {
  return schema.superRefine((c: z.infer<typeof credentialsSchema>, ctx) => {
    if (c.environment === 'PRODUCTION' && !opts.allowHttp && !/^https:/i.test(c.endpointUrl)) {
      ctx.addIssue({
        code: 'custom',
        path: ['endpointUrl'],
        message: 'The production endpoint must be an https:// URL (the password travels with every sign-in).',
      });
    }
  });
}
