/** Small raw-HTTP helpers for tests that talk to the emulator the way a Cityworks client does. */

export interface CwMessage {
  Code: number;
  Name: string;
  DisplayText: string;
  DebugDetails: string | null;
  MessageType: number;
  Service: string;
  InnerMessage: unknown;
}

export interface CwEnvelope<T = unknown> {
  Value: T;
  Status: number;
  Message: string | null;
  ErrorMessages?: CwMessage[];
  WarningMessages?: CwMessage[];
  SuccessMessages?: CwMessage[];
  WebServiceRequestId?: string | null;
}

export interface CallOptions {
  token?: string;
  /** Where `data` and `token` go: query string (default), urlencoded form body, or the 23 header for the token. */
  via?: 'query' | 'form';
  tokenInHeader?: boolean;
  method?: 'GET' | 'POST';
  /** Sent as the `data` text verbatim instead of JSON.stringify(data). */
  rawData?: string;
}

export async function cwFetch(baseUrl: string, servicePath: string, data: unknown, o: CallOptions = {}): Promise<Response> {
  const params = new URLSearchParams();
  const dataText = o.rawData ?? (data === undefined ? undefined : JSON.stringify(data));
  if (dataText !== undefined) params.set('data', dataText);
  if (o.token !== undefined && !o.tokenInHeader) params.set('token', o.token);
  const headers: Record<string, string> = {};
  if (o.tokenInHeader && o.token) headers.authorization = `cityworks ${o.token}`;
  const url = `${baseUrl}/Services/${servicePath}`;
  if ((o.via ?? 'query') === 'form') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    return fetch(url, { method: 'POST', headers, body: params.toString() });
  }
  return fetch(`${url}?${params.toString()}`, { method: o.method ?? 'POST', headers });
}

export async function cwCall<T = unknown>(baseUrl: string, servicePath: string, data: unknown, o: CallOptions = {}): Promise<CwEnvelope<T>> {
  const res = await cwFetch(baseUrl, servicePath, data, o);
  if (res.status !== 200) throw new Error(`HTTP ${res.status} from ${servicePath}: ${(await res.text()).slice(0, 200)}`);
  return (await res.json()) as CwEnvelope<T>;
}

export async function cwLogin(baseUrl: string, loginName: string, password: string, authPath = 'General/Authentication/Authenticate'): Promise<string> {
  const env = await cwCall<{ Token: string } | null>(baseUrl, authPath, { LoginName: loginName, Password: password });
  if (env.Status !== 0 || !env.Value) throw new Error(`Login failed: ${JSON.stringify(env)}`);
  return env.Value.Token;
}
