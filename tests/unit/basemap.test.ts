import { describe, expect, it } from 'vitest';
import { basemapImageOrigins, basemapSettingSchema, deploymentBasemapSetting, tileUrlOf } from '@/lib/maps/basemap';

describe('basemap settings', () => {
  it('turns an ArcGIS MapServer into its tile cache template and keeps an XYZ template as is', () => {
    expect(tileUrlOf({ kind: 'arcgis', url: 'https://gis.example.gov/arcgis/rest/services/Base/MapServer', attribution: 'City GIS' })).toBe(
      'https://gis.example.gov/arcgis/rest/services/Base/MapServer/tile/{z}/{y}/{x}',
    );
    expect(tileUrlOf({ kind: 'xyz', url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '© OpenStreetMap contributors' })).toBe(
      'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    );
  });

  it('refuses templates without {z}/{x}/{y}, non-http schemes, credentials in the URL and a missing attribution', () => {
    const bad = [
      { kind: 'xyz', url: 'https://tile.example.org/tiles.png', attribution: 'x' },
      { kind: 'xyz', url: 'javascript:alert(1)//{z}{x}{y}', attribution: 'x' },
      { kind: 'arcgis', url: 'https://user:pw@gis.example.gov/arcgis/rest/services/Base/MapServer', attribution: 'x' },
      { kind: 'arcgis', url: 'https://gis.example.gov/arcgis/rest/services/Base/FeatureServer', attribution: 'x' },
      { kind: 'xyz', url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: ' ' },
    ];
    for (const b of bad) expect(basemapSettingSchema.safeParse(b).success, JSON.stringify(b)).toBe(false);
  });

  it('reads the deployment default from BASEMAP_URL, naming the host when no attribution is given', () => {
    expect(deploymentBasemapSetting({})).toBeNull();
    expect(deploymentBasemapSetting({ BASEMAP_URL: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', BASEMAP_ATTRIBUTION: '© OSM' })).toEqual({
      kind: 'xyz',
      url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      attribution: '© OSM',
    });
    expect(deploymentBasemapSetting({ BASEMAP_URL: 'http://127.0.0.1:8120/arcgis/rest/services/Basemaps/Springfield/MapServer' })).toMatchObject({
      kind: 'arcgis',
      attribution: '127.0.0.1:8120',
    });
  });

  it('lists the origins tiles load from, for the CSP img-src', () => {
    expect(
      basemapImageOrigins([
        { kind: 'xyz', url: 'https://{s}.tile.example.org/{z}/{x}/{y}.png', attribution: 'x' },
        { kind: 'arcgis', url: 'http://127.0.0.1:8120/arcgis/rest/services/Basemaps/Springfield/MapServer', attribution: 'x' },
        null,
      ]),
    ).toEqual(['https://0.tile.example.org', 'http://127.0.0.1:8120']);
  });
});
