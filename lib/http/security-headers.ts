/**
 * The response headers every page and API answer carries (applied by `proxy.ts`), built in one place
 * so the policy can be read, tested and extended as a whole.
 *
 * Pages get a Content-Security-Policy whose scripts must carry the request's nonce: Next.js reads
 * the nonce from the policy on the request and puts it on its own scripts, so the only scripts that
 * run are the ones the server sent. Markup smuggled into a page (a report summary, a Cityworks
 * comment, an attribute value) cannot run even if some component were to render it as HTML.
 *
 * Map tiles: `img-src` and `connect-src` allow 'self', data: and blob: plus the basemap origins.
 * The deployment-wide ones come from the environment (`BASEMAP_ORIGINS`, and the origin of the
 * `BASEMAP_URL` tile template); callers may pass more (`extraOrigins`). Images may also come from
 * any https origin, so an organization's own basemap (chosen on its Settings page) needs no listing.
 */

export interface SecurityHeaderOptions {
  /** 'page' for HTML documents (and anything not under /api), 'api' for JSON/file answers. */
  kind: 'page' | 'api';
  /** The per-request nonce for scripts; required for pages. */
  nonce?: string;
  /** True when the app is served over https: adds HSTS and upgrade-insecure-requests. */
  https: boolean;
  /** Basemap tile, style and font origins images and fetches may come from. */
  extraOrigins?: readonly string[];
  /** Next.js development mode needs eval for its error overlay; production never does. */
  dev?: boolean;
}

/** A fresh, unguessable nonce (128 random bits, base64). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

const HOST = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i;

/**
 * The CSP source for one basemap URL or origin: scheme and host only. A tile template's leading
 * subdomain placeholder (`https://{s}.tile.example.org/{z}/{x}/{y}.png`) becomes a `*.` wildcard.
 * Anything else that is not a plain http(s) origin is refused (null), so a typo cannot widen the
 * policy with a bare `*` or a stray directive.
 */
export function cspOrigin(url: string): string | null {
  const m = /^(https?):\/\/([^/?#]+)/i.exec(url.trim());
  if (!m) return null;
  const host = m[2]!.replace(/^\{[a-z0-9_]+\}\./i, '*.');
  if (!HOST.test(host)) return null;
  return `${m[1]!.toLowerCase()}://${host.toLowerCase()}`;
}

/** The deployment-wide basemap origins: `BASEMAP_ORIGINS` (comma or space separated) and `BASEMAP_URL`'s origin. */
export function basemapOriginsFromEnv(env: Record<string, string | undefined> = process.env): string[] {
  const listed = (env.BASEMAP_ORIGINS ?? '').split(/[\s,]+/).filter((s) => s !== '');
  const fromUrl = env.BASEMAP_URL ? [env.BASEMAP_URL] : [];
  const origins = [...listed, ...fromUrl].map(cspOrigin).filter((o): o is string => o !== null);
  return [...new Set(origins)];
}

/** The Content-Security-Policy value for a page or an API answer. */
export function contentSecurityPolicy(opts: SecurityHeaderOptions): string {
  if (opts.kind === 'api') {
    // JSON and files (media included): nothing in them is ever to run, load or be framed, and one
    // opened as a document is sandboxed (no script, an opaque origin). Note: Next keeps a header the
    // proxy set and drops a route handler's own value for it (next/dist/server/send-response.js),
    // so a route cannot relax this policy, nor tighten it: tighten it here.
    return ["default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'", 'sandbox'].join('; ');
  }
  if (!opts.nonce) throw new Error('A page policy needs a nonce');
  const origins = [...new Set((opts.extraOrigins ?? []).map(cspOrigin).filter((o): o is string => o !== null))];
  const extra = origins.length > 0 ? ` ${origins.join(' ')}` : '';
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic' lets Next's nonced loader pull in its chunks; 'self' is the fallback for
    // browsers without CSP3. No 'unsafe-inline': an inline script without the nonce never runs.
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    // 'unsafe-inline' for styles only: React renders `style` props (the maps' heights) as style
    // attributes in the server HTML, which no nonce can cover, and Leaflet positions its panes the
    // same way. A style cannot run script; the script policy above is the barrier. (A nonce here
    // would make browsers ignore 'unsafe-inline', so there is none.)
    "style-src 'self' 'unsafe-inline'",
    // Any https image: an organization may choose its own basemap on its Settings page, and this
    // policy is built before the request's organization is known (the proxy reads no database). An
    // image cannot run script; fetches (connect-src) stay limited to the listed origins.
    `img-src 'self' data: blob: https:${extra}`,
    `connect-src 'self'${extra}`,
    `font-src 'self'${extra}`,
    // Vector basemap renderers run their tile decoding in blob: workers.
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (opts.https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/** Every security header for one response. */
export function securityHeaders(opts: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': contentSecurityPolicy(opts),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    // For browsers that predate frame-ancestors.
    'x-frame-options': 'DENY',
  };
  // HSTS over plain http is ignored by browsers and would be a lie in a LAN demo; only send it when
  // the app's public URL is https.
  if (opts.https) headers['strict-transport-security'] = 'max-age=63072000; includeSubDomains';
  return headers;
}

/** True when the deployment's public URL (NEXTAUTH_URL) is https. */
export function servedOverHttps(env: Record<string, string | undefined> = process.env): boolean {
  return /^https:\/\//i.test(env.NEXTAUTH_URL ?? '');
}
