import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { errorEnvelope, serviceError, unauthorized } from './envelope';
import { aspNetErrorPage, formsLoginPage, iisNotFoundPage } from './error-pages';
import { FaultRuleError, FaultRules, parseFaultRule } from './faults';
import { readHttpInput, type HttpInput } from './http-input';
import { dispatch, envelopeOptions, findRoute, parseData, serviceName, type SiteOptions } from './service-dispatch';
import { createStaffActions, type StaffActions } from './staff-actions';
import { handleStaff } from './staff-http';
import { StateStore } from './state-store';
import type { CityworksVersion, EmulatorState, FaultController, FaultRule, RecordedCall } from './types';

export type { CityworksVersion, EmulatorState, FaultController, FaultKind, FaultRule, RecordedCall } from './types';
export type { StaffActions, StaffAttachmentInput, StaffRecordInput } from './staff-actions';
export { SEED_AD_USER, SEED_API_USER, SEED_INACTIVE, SEED_VIEWER } from './seed';

export interface CityworksEmulatorOptions {
  /** 0 = a free port (default). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** URL path segment of the site, default 'cityworks' -> /cityworks/Services/... */
  site?: string;
  /** Default '15.8'. */
  version?: CityworksVersion;
  /** Cityworks Online behaviour (CityworksOnlineAuthenticate), default false. */
  online?: boolean;
  /** Default 3857. */
  siteWkid?: number;
  /** JSON file the state is loaded from at start and saved to after every change; omitted = memory only. */
  stateFile?: string;
  /** Token lifetime, default 8 hours. */
  tokenTtlMs?: number;
  /** Draws for fault rules with a `probability`; default Math.random. */
  faultRandom?: () => number;
}

export interface CityworksEmulator {
  /** e.g. http://127.0.0.1:PORT/cityworks; services are under url + '/Services/...'. */
  url: string;
  port: number;
  version: CityworksVersion;
  /** Every request received, in order. */
  calls: RecordedCall[];
  /** Service calls being answered right now, and the most at once since start (benchmarks check a concurrency limit with it). */
  readonly inFlight: { current: number; peak: number };
  faults: FaultController;
  staff: StaffActions;
  /** Read access for assertions. */
  state: EmulatorState;
  setVersion(v: CityworksVersion): void;
  /** Back to seed data; clears calls and faults. */
  reset(): void;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';

export async function startCityworksEmulator(opts: CityworksEmulatorOptions = {}): Promise<CityworksEmulator> {
  const site = opts.site ?? 'cityworks';
  const host = opts.host ?? '127.0.0.1';
  const siteWkid = opts.siteWkid ?? 3857;
  const store = new StateStore(siteWkid, opts.stateFile);
  const siteOpts: SiteOptions = {
    store, siteWkid, version: opts.version ?? '15.8', online: opts.online ?? false, tokenTtlMs: opts.tokenTtlMs ?? 8 * 3600_000,
    onlineSessions: new Map(),
  };
  const calls: RecordedCall[] = [];
  const inFlight = { current: 0, peak: 0 };
  const faults = new FaultRules(opts.faultRandom);
  const staff = createStaffActions(() => siteOpts);
  const sitePrefix = `/${site.toLowerCase()}/`;

  const send = (res: ServerResponse, call: RecordedCall | null, status: number, contentType: string, body: string | Buffer, extra: Record<string, string> = {}): void => {
    if (call) call.status = status;
    res.writeHead(status, { 'content-type': contentType, ...extra });
    res.end(body);
  };

  async function handleService(input: HttpInput, servicePath: string, res: ServerResponse): Promise<void> {
    const route = findRoute(servicePath, siteOpts);
    const { data, error: dataError } = parseData(input);
    const call: RecordedCall = {
      at: new Date().toISOString(), method: input.method, path: input.path, service: route ? serviceName(route) : servicePath,
      query: input.query, form: input.form, headers: input.headers, data, status: 0,
      ...(input.files.length > 0 ? { files: input.files.map((f) => ({ field: f.field, filename: f.filename, size: f.bytes.length, contentType: f.contentType })) } : {}),
    };
    calls.push(call);
    if (!route) return send(res, call, 404, HTML_TYPE, iisNotFoundPage(input.path));

    const fault = faults.take(call.service);
    if (fault) call.fault = fault.kind;
    const env = envelopeOptions(route, siteOpts);
    const service = route.path.split('/')[1] ?? '';
    switch (fault?.kind) {
      case 'latency':
        await new Promise((r) => setTimeout(r, fault.latencyMs ?? 1000));
        break;
      case 'http500':
        return send(res, call, 500, 'text/plain; charset=utf-8', 'Internal Server Error');
      case 'http503':
        return send(res, call, 503, HTML_TYPE, '<h1>Service Unavailable</h1>', { 'retry-after': '1' });
      case 'hang':
        // Never answered; close() destroys the socket.
        return;
      case 'html-login':
        return send(res, call, 200, HTML_TYPE, formsLoginPage(site, input.path));
      case 'html-error':
        return send(res, call, 500, HTML_TYPE, aspNetErrorPage(site));
      case 'status1':
        return send(res, call, 200, JSON_TYPE, JSON.stringify(errorEnvelope(serviceError(service, 1, 'Error', 'An unexpected error occurred'), env)));
      case 'status2':
        return send(res, call, 200, JSON_TYPE, JSON.stringify(errorEnvelope(unauthorized(service), env)));
      case 'token-expired':
        store.state.tokensNotBefore = Date.now();
        store.save();
        break;
      default:
        break;
    }

    const outcome = dispatch(route, input, data, dataError, siteOpts);
    if (fault?.kind === 'lost-response') {
      // The change is applied and saved; the client never hears about it.
      res.socket?.destroy();
      return;
    }
    if (outcome.kind === 'raw') {
      return send(res, call, 200, outcome.contentType, outcome.body, { 'content-disposition': contentDisposition(outcome.filename, fault?.kind === 'bad-filename-star') });
    }
    const text = JSON.stringify(outcome.body);
    if (fault?.kind === 'truncated') {
      call.status = 200;
      res.writeHead(200, { 'content-type': JSON_TYPE });
      res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
      return;
    }
    send(res, call, 200, JSON_TYPE, text);
  }

  function handleEmulatorApi(input: HttpInput, res: ServerResponse): void {
    const json = (status: number, v: unknown): void => send(res, null, status, JSON_TYPE, JSON.stringify(v));
    const p = input.path.toLowerCase().replace(/\/+$/, '');
    if (p === '/_emulator/faults' && input.method === 'POST') {
      let rule: FaultRule;
      try {
        rule = parseFaultRule(JSON.parse(input.body.toString('utf8') || 'null'));
      } catch (e) {
        if (e instanceof FaultRuleError || e instanceof SyntaxError) return json(400, { error: e.message });
        throw e;
      }
      faults.set(rule);
      return json(200, faults.list());
    }
    if (p === '/_emulator/faults' && input.method === 'DELETE') {
      faults.clear();
      return json(200, []);
    }
    if (p === '/_emulator/faults' && input.method === 'GET') return json(200, faults.list());
    if (p === '/_emulator/calls' && input.method === 'GET') return json(200, calls);
    if (p === '/_emulator/reset' && input.method === 'POST') {
      emulator.reset();
      return json(200, { ok: true });
    }
    if (p === '/_emulator/version' && input.method === 'POST') {
      const v = (JSON.parse(input.body.toString('utf8') || '{}') as { version?: CityworksVersion }).version;
      if (v) emulator.setVersion(v);
      return json(200, { version: siteOpts.version });
    }
    json(404, { error: 'Not found' });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const input = await readHttpInput(req);
    const lower = input.path.toLowerCase();
    if (lower.startsWith('/_emulator/')) return handleEmulatorApi(input, res);
    if (lower === `${sitePrefix}_staff` || lower.startsWith(`${sitePrefix}_staff/`)) {
      return handleStaff(input, input.path.slice(sitePrefix.length + '_staff'.length), site, staff, res);
    }
    if (lower.startsWith(`${sitePrefix}services/`)) {
      // Counted until the answer is written or the connection drops (a hang or a lost response).
      inFlight.current++;
      inFlight.peak = Math.max(inFlight.peak, inFlight.current);
      res.once('close', () => inFlight.current--);
      return handleService(input, input.path.slice(sitePrefix.length + 'services/'.length), res);
    }
    send(res, null, 404, HTML_TYPE, iisNotFoundPage(input.path));
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A bug in the emulator surfaces the way an unhandled .NET exception would.
      console.error('[cityworks-emulator]', e);
      if (!res.headersSent) send(res, null, 500, HTML_TYPE, aspNetErrorPage(site));
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const emulator: CityworksEmulator = {
    url: `http://${host}:${port}/${site}`,
    port,
    get version() {
      return siteOpts.version;
    },
    calls,
    inFlight,
    faults,
    staff,
    get state() {
      return store.state;
    },
    setVersion(v) {
      siteOpts.version = v;
    },
    reset() {
      store.reset();
      calls.length = 0;
      faults.clear();
      siteOpts.onlineSessions.clear();
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        for (const s of sockets) s.destroy();
      });
    },
  };
  return emulator;
}

/**
 * As ASP.NET writes it (RFC 6266): an ASCII `filename`, plus `filename*` in UTF-8 when the name is
 * not ASCII. `latin1Star` mislabels Windows-1252 bytes as UTF-8, as a broken server would.
 */
function contentDisposition(filename: string, latin1Star: boolean): string {
  const plain = `attachment; filename="${filename.replace(/"/g, '').replace(/[^\x20-\x7e]/g, '_')}"`;
  if (latin1Star) {
    const bytes = Buffer.from(filename, 'latin1');
    return `${plain}; filename*=UTF-8''${[...bytes].map((b) => (/[\w.-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('')}`;
  }
  return /^[\x20-\x7e]*$/.test(filename) ? plain : `${plain}; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
