import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { isMetadataHost, isPermitted, type AllowEntry } from './address-policy';
import { outboundAllowList } from './outbound-config';
import { OutboundError } from './outbound-error';

/**
 * The one way server code reaches a URL that someone configured (Cityworks endpoints, ArcGIS
 * geocoders): it resolves the host, refuses any answer that is not a public address (unless the
 * operator allow-listed it) before a connection is opened, then connects to exactly the address it
 * checked, so a DNS answer that changes between the check and the connection (rebinding) cannot
 * redirect the request inside our network. Redirects are never followed: the caller gets the 3xx
 * and treats it as an error. Bodies are read with readCappedBody (lib/net/http-client.ts).
 *
 * Node 20's global fetch is undici 6.24.1; the `dispatcher` is an Agent from the same undici
 * version (package.json pins it) whose `connect.lookup` answers with the checked address.
 */

export const REFUSED_ADDRESS_REASON =
  'The URL resolves to an address that outbound calls may not reach (loopback, private, link-local or cloud metadata). ' +
  'Use the server\'s public address; an operator can allow a private range with OUTBOUND_ALLOW.';

interface Resolved {
  address: string;
  family: 4 | 6;
}

function defaultPort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

type Resolver = (hostname: string) => Promise<Resolved[]>;

const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family as 4 | 6 }));

/**
 * DNS as fetch would do it, but every answer must pass: a name that resolves to both a public and
 * a private address is refused outright rather than trusting whichever one gets picked.
 */
export async function resolvePermitted(url: URL, allow: readonly AllowEntry[] = outboundAllowList(), resolve: Resolver = systemResolver): Promise<Resolved> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundError('unsupported-url', `Only http and https URLs are called (got ${url.protocol}).`);
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (isMetadataHost(hostname)) throw new OutboundError('refused-address', REFUSED_ADDRESS_REASON);
  let answers: Resolved[];
  if (isIP(hostname)) {
    answers = [{ address: hostname, family: isIP(hostname) as 4 | 6 }];
  } else {
    try {
      answers = await resolve(hostname);
    } catch (err) {
      // Shaped like fetch's own failure, so the clients report "the host name does not resolve".
      throw new TypeError('fetch failed', { cause: err });
    }
  }
  const port = defaultPort(url);
  if (answers.length === 0 || answers.some((a) => !isPermitted(a.address, port, allow))) {
    throw new OutboundError('refused-address', REFUSED_ADDRESS_REASON);
  }
  return answers[0]!;
}

function pinnedLookup(target: Resolved): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

// One Agent per (host, checked address), so keep-alive connections are reused across calls while
// each stays bound to the address that was checked. Bounded: the oldest is closed past the limit.
const MAX_AGENTS = 64;
const agents = new Map<string, Agent>();

function agentFor(hostname: string, target: Resolved): Agent {
  const key = `${hostname}|${target.address}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({ connect: { lookup: pinnedLookup(target) } });
    agents.set(key, agent);
    if (agents.size > MAX_AGENTS) {
      const [oldestKey, oldest] = agents.entries().next().value as [string, Agent];
      agents.delete(oldestKey);
      void oldest.close().catch(() => undefined);
    }
  }
  return agent;
}

type GuardedInit = RequestInit & { dispatcher?: Dispatcher };

/**
 * `fetch` with the guard. `resolve` replaces DNS for tests that need a name to answer with a
 * chosen address (and so prove that the connection goes to the checked answer, not a new lookup).
 */
export function createGuardedFetch(opts: { resolve?: Resolver } = {}): typeof fetch {
  return async (input, init) => {
    // A Request object would carry its own method and body past `init`; callers pass a URL.
    if (input instanceof Request) throw new TypeError('guardedFetch takes a URL and an init, not a Request');
    const url = new URL(String(input));
    const target = await resolvePermitted(url, outboundAllowList(), opts.resolve);
    const guarded: GuardedInit = { ...init, redirect: 'manual', dispatcher: agentFor(url.hostname, target) };
    return fetch(url, guarded as RequestInit);
  };
}

/** The default `fetch` of the Cityworks and ArcGIS clients. */
export const guardedFetch: typeof fetch = createGuardedFetch();
