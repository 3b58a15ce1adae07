import { describe, expect, it } from 'vitest';
import { basemapOriginsFromEnv, contentSecurityPolicy, cspOrigin, newNonce, securityHeaders, servedOverHttps } from '@/lib/http/security-headers';

const directive = (policy: string, name: string) => policy.split('; ').find((d) => d === name || d.startsWith(`${name} `));

describe('security headers', () => {
  it('a page policy allows scripts only with its nonce, and frames, objects and foreign forms not at all', () => {
    const policy = contentSecurityPolicy({ kind: 'page', nonce: 'abc123', https: false });
    expect(directive(policy, 'script-src')).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy).not.toContain('unsafe-eval');
    expect(directive(policy, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive(policy, 'object-src')).toBe("object-src 'none'");
    expect(directive(policy, 'base-uri')).toBe("base-uri 'self'");
    expect(directive(policy, 'form-action')).toBe("form-action 'self'");
    expect(directive(policy, 'upgrade-insecure-requests')).toBeUndefined();
  });

  it('a page policy without a nonce is refused rather than sent open', () => {
    expect(() => contentSecurityPolicy({ kind: 'page', https: false })).toThrow(/nonce/);
  });

  it('an API answer may load, run and be framed by nothing', () => {
    expect(contentSecurityPolicy({ kind: 'api', https: false })).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox");
  });

  it('HSTS and upgrade-insecure-requests only when served over https', () => {
    expect(securityHeaders({ kind: 'api', https: false })['strict-transport-security']).toBeUndefined();
    const https = securityHeaders({ kind: 'page', nonce: 'n', https: true });
    expect(https['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    expect(https['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(https['x-content-type-options']).toBe('nosniff');
    expect(https['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(servedOverHttps({ NEXTAUTH_URL: 'https://crm.example.gov' })).toBe(true);
    expect(servedOverHttps({ NEXTAUTH_URL: 'http://localhost:3000' })).toBe(false);
    expect(servedOverHttps({})).toBe(false);
  });

  it('basemap origins reach img-src and connect-src, reduced to scheme and host', () => {
    const policy = contentSecurityPolicy({ kind: 'page', nonce: 'n', https: false, extraOrigins: ['https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png', 'https://basemaps.arcgis.com/arcgis/rest/services/x/VectorTileServer'] });
    expect(directive(policy, 'img-src')).toBe("img-src 'self' data: blob: https: https://*.tile.openstreetmap.org https://basemaps.arcgis.com");
    expect(directive(policy, 'connect-src')).toBe("connect-src 'self' https://*.tile.openstreetmap.org https://basemaps.arcgis.com");
  });

  it('anything that is not a plain http(s) origin cannot widen the policy', () => {
    for (const bad of ['*', 'https://*', "https://a.example 'unsafe-inline'", 'https://a.example;script-src *', 'javascript:alert(1)', 'data:text/html,x', 'https://x{z}.example', '']) {
      expect(cspOrigin(bad)).toBeNull();
    }
    expect(cspOrigin('http://127.0.0.1:18120/arcgis/rest')).toBe('http://127.0.0.1:18120');
  });

  it('reads the deployment-wide basemap origins from BASEMAP_ORIGINS and BASEMAP_URL', () => {
    expect(basemapOriginsFromEnv({ BASEMAP_ORIGINS: 'https://a.example, https://b.example https://a.example', BASEMAP_URL: 'https://tiles.example/{z}/{x}/{y}.png' })).toEqual(['https://a.example', 'https://b.example', 'https://tiles.example']);
    expect(basemapOriginsFromEnv({})).toEqual([]);
  });

  it('nonces are fresh each time and long enough not to be guessed', () => {
    const a = newNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});
