import { NextResponse, type NextRequest } from 'next/server';
import { basemapOriginsFromEnv, newNonce, securityHeaders, servedOverHttps } from '@/lib/http/security-headers';

// Read once per process, like the rest of the configuration (validated in lib/env.ts).
const BASEMAP_ORIGINS = basemapOriginsFromEnv();
const HTTPS = servedOverHttps();
const DEV = process.env.NODE_ENV === 'development';

/**
 * Security headers on every page and API answer (lib/http/security-headers.ts). A page's policy
 * carries a fresh nonce, also set on the request's own Content-Security-Policy header: Next.js reads
 * it there while rendering and puts it on its scripts (pages are rendered per request; see
 * app/layout.tsx).
 */
export function proxy(request: NextRequest): NextResponse {
  const api = request.nextUrl.pathname.startsWith('/api/');
  const nonce = api ? undefined : newNonce();
  const headers = securityHeaders({
    kind: api ? 'api' : 'page',
    nonce,
    https: HTTPS,
    extraOrigins: BASEMAP_ORIGINS,
    dev: DEV,
  });
  const requestHeaders = new Headers(request.headers);
  if (nonce) {
    requestHeaders.set('x-nonce', nonce);
    requestHeaders.set('content-security-policy', headers['content-security-policy']!);
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but the build's immutable static files (they carry no user data and run nothing by
  // themselves; the page policy decides whether they may run).
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
