'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { Basemap } from '@/lib/maps/basemap';

/**
 * The organization's basemap, given once by the page's layout (server side) and read by every map
 * below it, so map call sites do not each have to pass it.
 */
const BasemapContext = createContext<Basemap | null>(null);

export function BasemapProvider({ value, children }: { value: Basemap | null; children: ReactNode }) {
  return <BasemapContext.Provider value={value}>{children}</BasemapContext.Provider>;
}

export function useBasemap(): Basemap | null {
  return useContext(BasemapContext);
}
