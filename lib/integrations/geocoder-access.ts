import type { ArcgisConfig } from '@/lib/arcgis';
import { tokenFor } from '@/lib/arcgis/token';
import type { Db } from '@/lib/db';
import { readIntegrationSecret } from '@/lib/secrets/integration-secrets';

/**
 * How a GeocodeServer call authenticates for an integration: nothing (a public locator), the stored
 * API key, or a token generated from the stored login (renewed before expiry, and once more when
 * the locator refuses it). Server-side only. Throws ArcgisError when the token service refuses the
 * login, with Esri's reason: callers treat it like any other geocoder failure.
 */
export async function geocoderAccess(
  db: Pick<Db, 'integrationSecret'>,
  integrationId: string,
  geocoderUrl: string,
  deps: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<Pick<ArcgisConfig, 'token' | 'renewToken'>> {
  const [username, password] = await Promise.all([
    readIntegrationSecret(db, integrationId, 'GEOCODER_USERNAME'),
    readIntegrationSecret(db, integrationId, 'GEOCODER_PASSWORD'),
  ]);
  if (username && password) {
    const login = { username, password };
    const opts = { ...(deps.fetch ? { fetch: deps.fetch } : {}), ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) };
    return {
      token: await tokenFor(geocoderUrl, login, opts),
      renewToken: () => tokenFor(geocoderUrl, login, { ...opts, force: true }),
    };
  }
  const token = await readIntegrationSecret(db, integrationId, 'GEOCODER_TOKEN');
  return token ? { token } : {};
}
