import ipaddr from 'ipaddr.js';

/**
 * Which addresses a server-side request to a configured URL may reach. Integration and geocoder
 * URLs are typed by tenants' admins; without this, one could point "test connection" or a sync at
 * the cloud metadata service, the database, or any host inside our network. Only public unicast
 * addresses pass, unless the operator allow-lists a range (OUTBOUND_ALLOW): a LAN deployment whose
 * Cityworks is at 10.x, or the demo's own emulators on loopback.
 */

export interface AllowEntry {
  range: [ipaddr.IPv4 | ipaddr.IPv6, number];
  /** Only this port of the range, when given ("127.0.0.1:8110"). */
  port?: number;
  text: string;
}

// Names that reach a cloud provider's instance metadata (credentials) whatever DNS answers.
const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.internal',
  'instance-data',
  'instance-data.ec2.internal',
]);

export function isMetadataHost(hostname: string): boolean {
  return METADATA_HOSTS.has(hostname.toLowerCase().replace(/\.$/, ''));
}

/** The address as IPv4 when it is an IPv4-mapped IPv6 one (::ffff:10.0.0.1 is 10.0.0.1). */
function canonical(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) return (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed;
}

/**
 * Public unicast only. ipaddr.js names every special range (loopback, private, carrierGradeNat,
 * linkLocal, uniqueLocal, unspecified, multicast, reserved, 6to4/teredo tunnels that embed an IPv4
 * address, ...); anything not plain 'unicast' is refused.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return canonical(address).range() === 'unicast';
}

function parseEntry(raw: string): AllowEntry {
  const text = raw.trim();
  let addressPart = text;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    addressPart = bracketed[1]!;
    if (bracketed[2]) port = Number(bracketed[2]);
  } else if (/^[\d./]+:\d+$/.test(text)) {
    const at = text.lastIndexOf(':');
    addressPart = text.slice(0, at);
    port = Number(text.slice(at + 1));
  }
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new Error(`"${text}": the port must be 1-65535`);
  }
  let range: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    if (addressPart.includes('/')) range = ipaddr.parseCIDR(addressPart);
    else {
      const ip = ipaddr.parse(addressPart);
      range = [ip, ip.kind() === 'ipv4' ? 32 : 128];
    }
  } catch {
    throw new Error(`"${text}" is not an address or CIDR range (names are not accepted: what a name resolves to can change)`);
  }
  if (range[0].kind() === 'ipv6' && (range[0] as ipaddr.IPv6).isIPv4MappedAddress() && range[1] >= 96) {
    range = [(range[0] as ipaddr.IPv6).toIPv4Address(), range[1] - 96];
  }
  return { range, ...(port !== undefined ? { port } : {}), text };
}

/** "127.0.0.1/32,10.0.0.0/8,[::1]:8110,192.168.1.5:443" -> entries; throws on a malformed one. */
export function parseAllowList(value: string): AllowEntry[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseEntry);
}

export function isAllowListed(address: string, port: number, allow: readonly AllowEntry[]): boolean {
  if (!ipaddr.isValid(address)) return false;
  const ip = canonical(address);
  return allow.some((e) => e.range[0].kind() === ip.kind() && ip.match(e.range) && (e.port === undefined || e.port === port));
}

/** Whether a request to `address`:`port` may be made. */
export function isPermitted(address: string, port: number, allow: readonly AllowEntry[]): boolean {
  return isPublicAddress(address) || isAllowListed(address, port, allow);
}
