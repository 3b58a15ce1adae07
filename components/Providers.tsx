'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { z } from 'zod';

// In the browser, zod must not probe for eval (`new Function`) to compile its parsers: the page's
// CSP forbids eval, and the swallowed probe still raises a securitypolicyviolation on every admin
// page that validates a form. Interpreted parsing is fast enough for forms. The server keeps the
// compiled parsers (this module is also rendered there).
if (typeof window !== 'undefined') z.config({ jitless: true });

export function Providers({ children }: { children: ReactNode }) {
  // One client per browser session; created in state so a re-render does not drop the cache.
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }));
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
