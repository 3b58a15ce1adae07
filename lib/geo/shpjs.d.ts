// shpjs 6.2.0 ships no types (and @types/shpjs describes 3.x); only the entry points this library uses.
declare module 'shpjs' {
  import type { FeatureCollection, Geometry } from 'geojson';
  type ShpInput = ArrayBuffer | ArrayBufferView | DataView;
  export function parseDbf(dbf: ShpInput, cpg?: string): Array<Record<string, unknown>>;
  export function parseShp(shp: ShpInput, prj?: string): Array<(Geometry & { bbox?: number[] }) | null>;
  export function parseZip(
    zip: ShpInput,
  ): Promise<(FeatureCollection & { fileName?: string }) | Array<FeatureCollection & { fileName?: string }>>;
  const getShapefile: (input: ShpInput) => ReturnType<typeof parseZip>;
  export default getShapefile;
}
