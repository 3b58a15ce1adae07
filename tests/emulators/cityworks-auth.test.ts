import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCityworksEmulator, type CityworksEmulator } from '@/emulators/cityworks/server';
import { cwCall, cwFetch, cwLogin } from '@/emulators/cityworks/testing';

const API = { LoginName: 'api311', Password: 'Springfield!311' };

let emu: CityworksEmulator;
beforeAll(async () => {
  emu = await startCityworksEmulator();
});
afterAll(() => emu.close());

function decode(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, unknown>;
}

describe('authentication, 2014 – 15.8', () => {
  it('returns a token in the FIX-WO envelope and the token decodes to the published shape', async () => {
    emu.setVersion('15.8');
    const env = await cwCall<{ Token: string }>(emu.url, 'General/Authentication/Authenticate', API);
    expect(Object.keys(env)).toEqual(['Value', 'Status', 'Message', 'ErrorMessages', 'WarningMessages', 'SuccessMessages']);
    expect(env.Status).toBe(0);
    const t = decode(env.Value.Token);
    expect(Object.keys(t).sort()).toEqual(['EmployeeSid', 'Expires', 'IssuedTime', 'LoginName', 'Signature', 'Token']);
    expect(t).toMatchObject({ EmployeeSid: 5, LoginName: 'API311', Expires: null });
  });

  it('ignores token=undefined on Authenticate, as the SDK sends it', async () => {
    const env = await cwCall(emu.url, 'General/Authentication/Authenticate', API, { token: 'undefined' });
    expect(env.Status).toBe(0);
  });

  it('accepts the token as a query parameter and as a form field, and refuses a bad one with Status 2', async () => {
    const token = await cwLogin(emu.url, API.LoginName, API.Password);
    const q = await cwCall(emu.url, 'Ams/ServiceRequest/Statuses', {}, { token });
    const f = await cwCall(emu.url, 'Ams/ServiceRequest/Statuses', {}, { token, via: 'form' });
    const bad = await cwCall(emu.url, 'Ams/ServiceRequest/Statuses', {}, { token: `${token}x` });
    const none = await cwCall(emu.url, 'Ams/ServiceRequest/Statuses', {});
    expect([q.Status, f.Status, bad.Status, none.Status]).toEqual([0, 0, 2, 2]);
    expect(bad.Value).toBeNull();
  });

  it('refuses bad logins with Status 3 and the SDK codes', async () => {
    const wrong = await cwCall(emu.url, 'General/Authentication/Authenticate', { LoginName: 'api311', Password: 'nope' });
    const unknown = await cwCall(emu.url, 'General/Authentication/Authenticate', { LoginName: 'ghost', Password: 'x' });
    const inactive = await cwCall(emu.url, 'General/Authentication/Authenticate', { LoginName: 'jdoe', Password: 'Spring2019!' });
    expect([wrong.Status, unknown.Status, inactive.Status]).toEqual([3, 3, 3]);
    expect(wrong.ErrorMessages?.[0]).toMatchObject({ Code: 4, Name: 'InvalidCredentials', MessageType: 2, Service: 'Authentication' });
    expect(unknown.ErrorMessages?.[0]?.Code).toBe(2);
    expect(inactive.ErrorMessages?.[0]).toMatchObject({ Code: 3, Name: 'InactiveUser' });
    expect(Object.keys(wrong.ErrorMessages?.[0] ?? {}).sort()).toEqual(['Code', 'DebugDetails', 'DisplayText', 'InnerMessage', 'MessageType', 'Name', 'Service']);
  });

  it('logs Windows users in with either slash, returning the upper-case name without the domain', async () => {
    for (const login of ['SPRINGFIELD/cwsoa', 'SPRINGFIELD\\cwsoa', 'springfield/CWSOA']) {
      const token = await cwLogin(emu.url, login, 'Cw$oa2024');
      expect(decode(token)).toMatchObject({ LoginName: 'CWSOA', EmployeeSid: 12 });
    }
    const noDomain = await cwCall(emu.url, 'General/Authentication/Authenticate', { LoginName: 'cwsoa', Password: 'Cw$oa2024' });
    expect(noDomain.Status).toBe(3);
  });

  it('answers Validate, User and Version', async () => {
    const token = await cwLogin(emu.url, API.LoginName, API.Password);
    expect((await cwCall<boolean>(emu.url, 'General/Authentication/Validate', { Token: token })).Value).toBe(true);
    expect((await cwCall<boolean>(emu.url, 'General/Authentication/Validate', { Token: 'garbage' })).Value).toBe(false);
    const user = await cwCall<Record<string, unknown>>(emu.url, 'General/Authentication/User', {}, { token });
    expect(user.Value).toMatchObject({ EmployeeSid: 5, LoginName: 'api311', FullName: 'API, 311' });
    expect((await cwCall<string>(emu.url, 'General/Authentication/Version', {})).Value).toMatch(/^15\.8\./);
  });

  it('honours the Expires lifetime a client asks for', async () => {
    const env = await cwCall<{ Token: string }>(emu.url, 'General/Authentication/Authenticate', { ...API, Expires: 1 });
    const token = env.Value.Token;
    const deadline = Date.now() + 2000;
    let status = 0;
    while (Date.now() < deadline && status !== 2) status = (await cwCall(emu.url, 'Ams/ServiceRequest/Statuses', {}, { token })).Status;
    expect(status).toBe(2);
  });

  it('does not serve the 2013 path on 2014+', async () => {
    const res = await cwFetch(emu.url, 'AMS/Authentication/Authenticate', API);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('404 - File or directory not found');
  });
});

describe('authentication, 2013', () => {
  it('uses Services/AMS/Authentication/Authenticate and the short envelope everywhere', async () => {
    emu.setVersion('2013');
    try {
      const env = await cwCall<{ Token: string }>(emu.url, 'AMS/Authentication/Authenticate', API);
      expect(Object.keys(env)).toEqual(['Status', 'Message', 'Value']);
      const token = env.Value.Token;
      const statuses = await cwCall<unknown[]>(emu.url, 'Ams/ServiceRequest/Statuses', {}, { token });
      expect(Object.keys(statuses)).toEqual(['Status', 'Message', 'Value']);
      expect(statuses.Value.length).toBeGreaterThan(3);
      const bad = await cwCall(emu.url, 'AMS/Authentication/Authenticate', { LoginName: 'api311', Password: 'x' });
      expect(bad).toEqual({ Status: 3, Message: 'Invalid login name or password', Value: null });
      expect((await cwFetch(emu.url, 'General/Authentication/Authenticate', API)).status).toBe(404);
    } finally {
      emu.setVersion('15.8');
    }
  });
});

describe('authentication, 23', () => {
  it('takes the token only from Authorization: cityworks <token>', async () => {
    emu.setVersion('23');
    try {
      const token = await cwLogin(emu.url, API.LoginName, API.Password);
      const header = await cwCall(emu.url, 'Ams/ServiceRequest/Statuses', {}, { token, tokenInHeader: true });
      const param = await cwCall(emu.url, 'Ams/ServiceRequest/Statuses', {}, { token });
      const form = await cwCall(emu.url, 'Ams/ServiceRequest/Statuses', {}, { token, via: 'form' });
      expect([header.Status, param.Status, form.Status]).toEqual([0, 2, 2]);
      expect(emu.calls.at(-3)?.headers.authorization).toBe(`cityworks ${token}`);
    } finally {
      emu.setVersion('15.8');
    }
  });
});

describe('Cityworks Online', () => {
  it('exchanges an Online token, then uses it as the Password of the site Authenticate', async () => {
    const online = await startCityworksEmulator({ online: true, version: '23' });
    try {
      const o = await cwCall<{ Token: string }>(online.url, 'General/Authentication/CityworksOnlineAuthenticate', { LoginName: 'api311@springfield.example.gov', Password: 'Springfield!311' });
      expect(o.Status).toBe(0);
      const site = await cwCall<{ Token: string }>(online.url, 'General/Authentication/Authenticate', { LoginName: 'api311', Password: o.Value.Token });
      expect(site.Status).toBe(0);
      const ok = await cwCall(online.url, 'Ams/ServiceRequest/Statuses', {}, { token: site.Value.Token, tokenInHeader: true });
      expect(ok.Status).toBe(0);
      const wrongOnline = await cwCall(online.url, 'General/Authentication/Authenticate', { LoginName: 'viewer', Password: o.Value.Token });
      expect(wrongOnline.Status).toBe(3);
    } finally {
      await online.close();
    }
    expect((await cwFetch(emu.url, 'General/Authentication/CityworksOnlineAuthenticate', API)).status).toBe(404);
  });
});
