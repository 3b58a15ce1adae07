import { describe, expect, it } from 'vitest';
import { safeAuthRedirect, safeCallbackPath } from '@/lib/auth/safe-callback';

const HOSTILE = [
  '//evil.example',
  '//evil.example/admin',
  '/\\evil.example',
  '/\\/evil.example',
  '\\\\evil.example',
  'https://evil.example',
  'http://evil.example/admin',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  '/\tjavascript:alert(1)',
  '/\n/evil.example',
  ' /admin',
  'data:text/html,<script>alert(1)</script>',
  'evil.example',
  '',
];

describe('callbackUrl after sign-in (login page)', () => {
  it('keeps same-origin paths, with their query and fragment', () => {
    expect(safeCallbackPath('/admin/springfield/issues?status=OPEN#list')).toBe('/admin/springfield/issues?status=OPEN#list');
    expect(safeCallbackPath('/admin')).toBe('/admin');
  });

  it.each(HOSTILE)('sends %j to /admin instead', (raw) => {
    expect(safeCallbackPath(raw)).toBe('/admin');
  });

  it('refuses what is not a string (a repeated query parameter)', () => {
    expect(safeCallbackPath(['/admin', '//evil.example'])).toBe('/admin');
    expect(safeCallbackPath(undefined)).toBe('/admin');
  });
});

describe("next-auth's redirect callback", () => {
  const baseUrl = 'http://localhost:3000';

  it('is the one the auth options use', async () => {
    const { authOptions } = await import('@/lib/auth/options');
    expect(authOptions.callbacks?.redirect).toBe(safeAuthRedirect);
  });

  it('keeps relative paths and URLs of its own origin', () => {
    expect(safeAuthRedirect({ url: '/admin/springfield', baseUrl })).toBe('http://localhost:3000/admin/springfield');
    expect(safeAuthRedirect({ url: 'http://localhost:3000/admin/x?y=1', baseUrl })).toBe('http://localhost:3000/admin/x?y=1');
  });

  it.each([...HOSTILE, 'http://localhost:3001/admin', 'http://localhost:3000.evil.example/'])('sends %j to the default page of this origin', (url) => {
    expect(safeAuthRedirect({ url, baseUrl })).toBe('http://localhost:3000/admin');
  });
});
