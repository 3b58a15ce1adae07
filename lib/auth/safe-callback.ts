/**
 * Where to send a user after sign-in: only a path of this site. An open redirect after sign-in is
 * a phishing aid (a link to the real login page that ends on a look-alike), so anything that could
 * leave the origin falls back: `//evil` and `/\evil` (browsers read both as another host),
 * absolute URLs, `javascript:` and other schemes, and control characters that browsers strip.
 */
export const DEFAULT_AFTER_LOGIN = '/admin';

const BASE = 'http://same-origin.invalid';

export function safeCallbackPath(raw: unknown, fallback = DEFAULT_AFTER_LOGIN): string {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//')) return fallback;
  // Backslashes count as slashes in browsers' URL parsing; control characters and spaces are stripped.
  if (/[\\\u0000-\u001f\u007f\s]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * next-auth's `redirect` callback: a relative path or a URL of `baseUrl`'s origin, as a path of this
 * site; anything else goes to the default page.
 */
export function safeAuthRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  let path = safeCallbackPath(url, '');
  if (!path) {
    try {
      const absolute = new URL(url);
      if (absolute.origin === new URL(baseUrl).origin) path = safeCallbackPath(`${absolute.pathname}${absolute.search}${absolute.hash}`, '');
    } catch {
      /* not a URL: the default below */
    }
  }
  return `${baseUrl.replace(/\/$/, '')}${path || DEFAULT_AFTER_LOGIN}`;
}
