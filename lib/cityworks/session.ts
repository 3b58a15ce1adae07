import { z } from 'zod';
import { CityworksError } from './errors';
import { callJson, type TransportContext } from './transport';

const tokenValue = z.looseObject({ Token: z.string().min(1) });

export interface Credentials {
  loginName: string;
  password: string;
  online: boolean;
}

const parseToken = (operation: string) => (value: unknown): string => {
  const parsed = tokenValue.safeParse(value);
  if (!parsed.success) {
    throw new CityworksError({
      kind: 'not-cityworks',
      operation,
      bodyKind: 'unexpected-json',
      retryable: false,
      reason: 'Cityworks accepted the login but returned no token.',
    });
  }
  return parsed.data.Token;
};

/** Performs the login exchange for the configured flavour and returns a session token. */
export async function authenticate(ctx: TransportContext, creds: Credentials): Promise<string> {
  let password = creds.password;
  if (creds.online) {
    // Cityworks Online: the portal token stands in for the password at the site's Authenticate.
    const portal = await callJson(ctx, {
      operation: 'Authentication/CityworksOnlineAuthenticate',
      service: 'General/Authentication/CityworksOnlineAuthenticate',
      data: { LoginName: creds.loginName, Password: creds.password },
      isAuthentication: true,
    }, parseToken('Authentication/CityworksOnlineAuthenticate'));
    password = portal;
  }
  return callJson(ctx, {
    operation: 'Authentication/Authenticate',
    service: 'General/Authentication/Authenticate',
    data: { LoginName: creds.loginName, Password: password },
    isAuthentication: true,
  }, parseToken('Authentication/Authenticate'));
}

/**
 * Holds the token for one client. At most one login is in flight: concurrent callers share its
 * promise, and a renewal only happens if the token that failed is still the current one (another
 * caller may already have renewed it).
 */
export class TokenSession {
  private token: string | undefined;
  private pending: Promise<string> | undefined;
  /** Every token this session has held, so that none can leak through a server message. */
  readonly seenTokens = new Set<string>();

  constructor(private readonly login: () => Promise<string>) {}

  current(): Promise<string> {
    if (this.token) return Promise.resolve(this.token);
    return this.start();
  }

  renew(stale: string): Promise<string> {
    if (this.token && this.token !== stale) return Promise.resolve(this.token);
    this.token = undefined;
    return this.start();
  }

  /** Forces a new login (joining one already in flight). */
  fresh(): Promise<string> {
    if (this.pending) return this.pending;
    this.token = undefined;
    return this.start();
  }

  private start(): Promise<string> {
    if (!this.pending) {
      this.pending = this.login()
        .then((token) => {
          this.token = token;
          this.seenTokens.add(token);
          return token;
        })
        .finally(() => {
          this.pending = undefined;
        });
    }
    return this.pending;
  }
}
