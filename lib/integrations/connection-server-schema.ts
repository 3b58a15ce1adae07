import { describeSrid, isKnownSrid } from '@/lib/geo/projection';
import { connectionSchema } from './connection-schema';

/** The connection form as the server accepts it: the browser rules plus the EPSG and Esri definitions. */
export const serverConnectionSchema = connectionSchema.superRefine((c, ctx) => {
  if (!isKnownSrid(c.srid)) {
    ctx.addIssue({ code: 'custom', path: ['srid'], message: `SRID ${c.srid} is neither an EPSG code nor an Esri WKID we know. Check the code with your GIS team.` });
  }
});

export interface SridInfo {
  srid: number;
  known: boolean;
  name?: string;
  units?: string;
  area?: string;
}

export function sridInfo(srid: number): SridInfo {
  if (!Number.isInteger(srid) || srid <= 0 || !isKnownSrid(srid)) return { srid, known: false };
  const d = describeSrid(srid);
  return { srid, known: true, name: d.name, units: d.units, ...(d.area ? { area: d.area } : {}) };
}
