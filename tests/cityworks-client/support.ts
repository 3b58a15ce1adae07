import { expect } from 'vitest';
import type { CityworksEmulator } from '@/emulators/cityworks/server';
import { CityworksError, createCityworksClient, type CallEvent, type CityworksClientConfig, type CityworksVersion } from '@/lib/cityworks';

export const API_USER = { loginName: 'api311', password: 'Springfield!311' } as const;
export const AD_USER = { loginName: 'SPRINGFIELD/cwsoa', password: 'Cw$oa2024' } as const;
export const VIEWER = { loginName: 'viewer', password: 'viewer' } as const;

export interface Flavor {
  name: string;
  version: CityworksVersion;
  online: boolean;
  user: { loginName: string; password: string };
}

export const FLAVORS: Flavor[] = [
  ...(['2013', '2014', '2015', '15.0', '15.8', '23'] as const).map((version) => ({ name: version, version, online: false, user: API_USER })),
  { name: 'Cityworks Online (15.8)', version: '15.8', online: true, user: API_USER },
  { name: 'Cityworks Online (23)', version: '23', online: true, user: API_USER },
  { name: 'Windows login (15.8)', version: '15.8', online: false, user: AD_USER },
  { name: 'Windows login (23)', version: '23', online: false, user: AD_USER },
];

export function makeClient(
  emu: CityworksEmulator,
  flavor: Pick<Flavor, 'version' | 'online' | 'user'>,
  extra: Partial<CityworksClientConfig> = {},
): { client: ReturnType<typeof createCityworksClient>; events: CallEvent[] } {
  const events: CallEvent[] = [];
  const client = createCityworksClient({
    baseUrl: emu.url,
    version: flavor.version,
    online: flavor.online,
    loginName: flavor.user.loginName,
    password: flavor.user.password,
    onCall: (e) => events.push(e),
    ...extra,
  });
  return { client, events };
}

/** Awaits a promise that must reject with a CityworksError and returns that error. */
export async function rejection(p: Promise<unknown>): Promise<CityworksError> {
  const outcome = await p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected a CityworksError, got a value: ${JSON.stringify(outcome.value)?.slice(0, 200)}`);
  expect(outcome.error).toBeInstanceOf(CityworksError);
  return outcome.error as CityworksError;
}

/** The token a call carried, wherever this dialect puts it. */
export function tokenOf(call: { form: Record<string, string>; query: Record<string, string>; headers: Record<string, string> }): string | undefined {
  const header = /^cityworks\s+(.+)$/i.exec(call.headers.authorization ?? '')?.[1];
  return header ?? call.form.token ?? call.query.token;
}

export function callsTo(emu: CityworksEmulator, service: string) {
  return emu.calls.filter((c) => c.service.toLowerCase() === service.toLowerCase());
}

/** Every token the emulator issued and we sent back, for leak checks. */
export function tokensSeen(emu: CityworksEmulator): string[] {
  return [...new Set(emu.calls.map(tokenOf).filter((t): t is string => typeof t === 'string' && t.length > 0))];
}
