import { z } from 'zod';
import { STORED_VERSIONS, requiredSridReason, WEB_MERCATOR } from './versions';

/**
 * Forms for the connection (implementation managers) and the credentials (customer admins too).
 * Shared by the browser form and the route handlers; the server adds the EPSG / Esri WKID check
 * (lib/integrations/connection-server-schema.ts) because those definitions are not shipped to browsers.
 */

export const ENVIRONMENTS = ['TEST', 'PRODUCTION'] as const;
export const DEPLOYMENTS = ['ON_PREMISE', 'ONLINE'] as const;
export const MODES = ['SERVICE_REQUESTS', 'WORK_ORDERS', 'BOTH'] as const;

export const ENVIRONMENT_LABELS: Record<(typeof ENVIRONMENTS)[number], string> = { TEST: 'Test', PRODUCTION: 'Production' };
export const DEPLOYMENT_LABELS: Record<(typeof DEPLOYMENTS)[number], string> = { ON_PREMISE: 'On-premise', ONLINE: 'Cityworks Online' };
export const MODE_LABELS: Record<(typeof MODES)[number], string> = {
  SERVICE_REQUESTS: 'Service Requests',
  WORK_ORDERS: 'Work Orders',
  BOTH: 'Service Requests and Work Orders',
};

export const httpUrl = z
  .string()
  .trim()
  .max(500)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'an http(s) URL without a user or password in it, such as https://cityworks.example.gov/Cityworks/Services/AMS');

/**
 * A geocoder URL names the service only. Its query and fragment are dropped when saved: a pasted
 * `?token=...` would otherwise be stored in clear text and shown back, and parameters are ours to set.
 */
const geocoderUrl = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
  httpUrl
    .transform((s) => {
      const u = new URL(s);
      u.search = '';
      u.hash = '';
      return u.toString();
    })
    .nullable(),
);

export const connectionSchema = z
  .object({
    version: z.enum(STORED_VERSIONS),
    deployment: z.enum(DEPLOYMENTS),
    mode: z.enum(MODES),
    environment: z.enum(ENVIRONMENTS),
    srid: z.number({ error: 'a whole number, e.g. 2249' }).int('a whole number').positive('a positive number'),
    geocoderUrl,
    validateAddress: z.boolean(),
  })
  .superRefine((c, ctx) => {
    const reason = requiredSridReason(c.version);
    if (reason && c.srid !== WEB_MERCATOR) ctx.addIssue({ code: 'custom', path: ['srid'], message: reason });
    if (c.validateAddress && !c.geocoderUrl) {
      ctx.addIssue({ code: 'custom', path: ['geocoderUrl'], message: 'Address validation needs an ArcGIS geocoder URL.' });
    }
  });

export type ConnectionInput = z.infer<typeof connectionSchema>;

/**
 * Windows (AD) logins are `domain/username` (a backslash is accepted too); otherwise a plain
 * Cityworks login name.
 */
export const loginNameSchema = z
  .string()
  .trim()
  .min(1, 'the Cityworks user name')
  .max(100)
  .regex(/^[^\s/\\]+([/\\][^\s/\\]+)?$/, 'a user name, or domain/username for Windows authentication');

export const credentialsSchema = z.object({
  environment: z.enum(ENVIRONMENTS),
  endpointUrl: httpUrl,
  loginName: loginNameSchema,
  // Absent or empty: keep the stored password. Never echoed back.
  password: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).max(200).optional()),
});

export type CredentialsInput = z.infer<typeof credentialsSchema>;

export const testConnectionSchema = z.object({ environment: z.enum(ENVIRONMENTS) });
