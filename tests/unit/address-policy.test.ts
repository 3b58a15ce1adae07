import { describe, expect, it } from 'vitest';
import { isAllowListed, isMetadataHost, isPermitted, isPublicAddress, parseAllowList } from '@/lib/net/address-policy';

describe('outbound address policy', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.12.0.9', 'loopback'],
    ['10.20.30.40', 'RFC 1918'],
    ['172.31.255.1', 'RFC 1918'],
    ['192.168.0.10', 'RFC 1918'],
    ['100.64.0.1', 'CGNAT'],
    ['100.100.100.200', 'CGNAT (a cloud metadata service)'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fc00::1', 'unique-local'],
    ['fd00:ec2::254', 'unique-local (cloud metadata)'],
    ['fe80::1', 'IPv6 link-local'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:169.254.169.254', 'IPv4-mapped link-local'],
    ['2002:7f00:1::', '6to4 wrapping loopback'],
    ['not-an-address', 'garbage'],
  ])('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
    expect(isPermitted(address, 443, [])).toBe(false);
  });

  it.each(['8.8.8.8', '203.0.114.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('lets public %s through', (address) => {
    expect(isPermitted(address, 443, [])).toBe(true);
  });

  it('allow-lists ranges, single addresses and address:port entries', () => {
    const allow = parseAllowList(' 10.0.0.0/8 , 127.0.0.1:8110, [::1]:9000, 192.168.1.5, fd00::/8 ');
    expect(allow.map((e) => e.text)).toEqual(['10.0.0.0/8', '127.0.0.1:8110', '[::1]:9000', '192.168.1.5', 'fd00::/8']);
    expect(isAllowListed('10.9.8.7', 80, allow)).toBe(true);
    expect(isAllowListed('::ffff:10.9.8.7', 80, allow)).toBe(true);
    expect(isAllowListed('127.0.0.1', 8110, allow)).toBe(true);
    expect(isAllowListed('127.0.0.1', 8111, allow)).toBe(false);
    expect(isAllowListed('127.0.0.2', 8110, allow)).toBe(false);
    expect(isAllowListed('::1', 9000, allow)).toBe(true);
    expect(isAllowListed('::1', 9001, allow)).toBe(false);
    expect(isAllowListed('192.168.1.5', 443, allow)).toBe(true);
    expect(isAllowListed('192.168.1.6', 443, allow)).toBe(false);
    expect(isAllowListed('fd12::1', 443, allow)).toBe(true);
    expect(isAllowListed('169.254.169.254', 80, allow)).toBe(false);
    expect(parseAllowList('')).toEqual([]);
  });

  it('refuses malformed entries and host names with a readable reason', () => {
    expect(() => parseAllowList('cityworks.internal')).toThrow(/names are not accepted/);
    expect(() => parseAllowList('10.0.0.0/40')).toThrow(/not an address or CIDR/);
    expect(() => parseAllowList('127.0.0.1:99999')).toThrow(/port must be/);
  });

  it('knows the cloud metadata host names', () => {
    expect(isMetadataHost('metadata.google.internal')).toBe(true);
    expect(isMetadataHost('METADATA.google.internal.')).toBe(true);
    expect(isMetadataHost('cityworks.example.gov')).toBe(false);
  });
});
