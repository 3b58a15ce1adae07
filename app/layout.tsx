import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Civic Bridge',
  description: '311 CRM with Cityworks AMS integration',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, never prerendered at build time: Next.js puts the request's
  // CSP nonce (set by proxy.ts) on its scripts only while rendering, and a prerendered page's
  // scripts would carry none and be blocked.
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
