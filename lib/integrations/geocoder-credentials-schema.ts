import { z } from 'zod';

/**
 * How the integration signs in to a secured ArcGIS locator. Shared by the browser form and the
 * server. Secrets are write-only: an empty API key or password keeps the stored one.
 */
export const GEOCODER_AUTH_KINDS = ['NONE', 'API_KEY', 'USER_PASSWORD'] as const;
export type GeocoderAuthKind = (typeof GEOCODER_AUTH_KINDS)[number];

export const GEOCODER_AUTH_LABELS: Record<GeocoderAuthKind, string> = {
  NONE: 'None (a public locator)',
  API_KEY: 'API key or long-lived token',
  USER_PASSWORD: 'ArcGIS user name and password',
};

const keepIfEmpty = (inner: z.ZodString) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), inner.optional());

export const geocoderCredentialsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('NONE') }),
  z.object({ kind: z.literal('API_KEY'), apiKey: keepIfEmpty(z.string().trim().max(2000)) }),
  z.object({
    kind: z.literal('USER_PASSWORD'),
    username: z.string().trim().min(1, 'the ArcGIS user name').max(200),
    password: keepIfEmpty(z.string().max(200)),
  }),
]);

export type GeocoderCredentialsInput = z.infer<typeof geocoderCredentialsSchema>;
