import type { CityworksError } from '@/lib/cityworks/errors';
import { REFUSED_ADDRESS_CODE } from '@/lib/cityworks/transport';

/**
 * The one place that turns a Cityworks client error into what "Test connection" tells an admin:
 * which class of problem it is and what to do about it. `detail` is the client's own reason,
 * already scrubbed of the password and tokens.
 */

export type ConnectionOutcome =
  | 'success'
  | 'unreachable'
  | 'tls'
  | 'timeout'
  | 'not-cityworks'
  | 'wrong-credentials'
  | 'permission'
  | 'session-refused'
  | 'server-error'
  | 'refused';

export interface ConnectionFailure {
  outcome: Exclude<ConnectionOutcome, 'success'>;
  title: string;
  advice: string;
  detail: string;
}

const WINDOWS_HINT = 'Windows (Active Directory) users sign in as domain/username.';

// One text for every failure to connect. Which one it was (refused, reset, unreachable) tells
// whoever can type a URL here which hosts and ports exist behind it: test connection would be a
// port scanner. A DNS failure says nothing about ports and keeps its own advice.
const COULD_NOT_CONNECT = 'Could not connect to a server at this URL.';
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);

export function describeConnectionFailure(err: CityworksError): ConnectionFailure {
  const detail = err.reason;
  // An HTTP 404 means nothing answers at this path: a wrong URL, whatever the client calls it.
  if (err.httpStatus === 404) {
    return {
      outcome: 'not-cityworks',
      title: 'This URL does not answer like a Cityworks endpoint',
      advice: 'Nothing answers at this path. Use the Cityworks site URL, e.g. https://host/Cityworks (a URL ending in /Services/AMS also works), and check the version setting.',
      detail,
    };
  }
  switch (err.kind) {
    case 'network':
      return {
        outcome: 'unreachable',
        title: 'The Cityworks server could not be reached',
        advice:
          err.causeCode && DNS_CODES.has(err.causeCode)
            ? 'The host name does not resolve. Check the endpoint URL for typos, and that the name is published in public DNS.'
            : 'Check the endpoint URL and port, that the server is running on a public address, and that your firewall allows our addresses to connect.',
        // A refused address is decided from DNS alone, before any connection: its reason is safe to show.
        detail: err.causeCode === REFUSED_ADDRESS_CODE || (err.causeCode && DNS_CODES.has(err.causeCode)) ? detail : COULD_NOT_CONNECT,
      };
    case 'timeout':
      return {
        outcome: 'timeout',
        title: 'The Cityworks server did not answer in time',
        advice: 'The server or a firewall in front of it is holding the connection. Check that the server is up and not overloaded, and that our addresses are allowed through.',
        detail,
      };
    case 'tls':
      return {
        outcome: 'tls',
        title: 'The secure connection (TLS) failed',
        advice:
          'The server certificate was not accepted: it may be expired, self-signed, issued for another host name, or the URL says https:// where the server speaks plain http. Install a certificate from a public authority that matches the host name, or correct the URL.',
        detail,
      };
    case 'not-cityworks':
      return {
        outcome: 'not-cityworks',
        title: 'This URL does not answer like a Cityworks endpoint',
        advice:
          err.bodyKind === 'login-redirect'
            ? 'The server sent a sign-in page: the web services are behind Forms or single sign-on authentication. Use the Cityworks site URL whose Services/AMS answers without a browser login.'
            : 'We received a web page instead of Cityworks JSON. Use the Cityworks site URL, e.g. https://host/Cityworks (a URL ending in /Services/AMS also works), and check that it is not a proxy or error page.',
        detail,
      };
    case 'invalid-credentials':
      return {
        outcome: 'wrong-credentials',
        title: 'Cityworks rejected the user name or password',
        advice:
          err.credentialProblem === 'inactive-user'
            ? 'The Cityworks user is inactive. Ask your Cityworks administrator to reactivate it, then test again.'
            : `Re-enter the user name and password (replace the stored password). ${WINDOWS_HINT}`,
        detail,
      };
    case 'permission':
      return {
        outcome: 'permission',
        title: 'The Cityworks user lacks permission',
        advice: 'The user signed in but may not do what the integration needs. Give it the right to read and to create and update service requests (or work orders) in Cityworks.',
        detail,
      };
    case 'unauthorized':
      return {
        outcome: 'session-refused',
        title: 'Cityworks refused the session it had just issued',
        advice: 'This usually means the Cityworks version is set wrong (23 and later send the token differently). Check the version setting with your Cityworks administrator.',
        detail,
      };
    case 'http':
      return {
        outcome: 'server-error',
        title: `The server answered with HTTP ${err.httpStatus ?? 'error'}`,
        advice: 'The server had a problem answering. Try again later; if it persists, check the Cityworks server logs.',
        detail,
      };
    case 'validation':
    case 'not-found':
      return {
        outcome: 'refused',
        title: 'Cityworks refused a request',
        advice: 'Signing in worked, but Cityworks refused a read. Check the version setting and the user\'s rights in Cityworks.',
        detail,
      };
  }
}
