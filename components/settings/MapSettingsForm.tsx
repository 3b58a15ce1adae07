'use client';

import { useRouter } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { Basemap, BasemapSetting } from '@/lib/maps/basemap';
import { GeoMap } from '@/components/map/GeoMap';
import { BasemapProvider } from '@/components/map/BasemapContext';
import { ApiError, apiFetch } from '@/components/api/client';

type Choice = 'default' | 'xyz' | 'arcgis';
const NO_LAYERS: [] = [];

/**
 * The basemap under every map of the organization: the deployment default, an XYZ tile template,
 * or the city's ArcGIS tiled MapServer. A preview map shows the choice before it is saved.
 */
export function MapSettingsForm({ org, initial, deploymentDefault, current, extent }: {
  org: string;
  /** The organization's agency areas, for the preview map's view. */
  extent: [number, number, number, number] | null;
  initial: BasemapSetting | null;
  deploymentDefault: BasemapSetting | null;
  current: Basemap | null;
}) {
  const id = useId();
  const router = useRouter();
  const [choice, setChoice] = useState<Choice>(initial?.kind ?? 'default');
  const [url, setUrl] = useState(initial?.url ?? '');
  const [attribution, setAttribution] = useState(initial?.attribution ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const urlRef = useRef<HTMLInputElement>(null);
  const attributionRef = useRef<HTMLInputElement>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setErrors({});
    setMessage(null);
    const basemap = choice === 'default' ? null : { kind: choice, url: url.trim(), attribution: attribution.trim() };
    try {
      await apiFetch(`/api/orgs/${encodeURIComponent(org)}/basemap`, { method: 'PUT', body: { basemap } });
      setMessage({ ok: true, text: 'Basemap saved. Every map of the organization now uses it.' });
      router.refresh();
    } catch (err) {
      const fieldErrors: Record<string, string> = {};
      if (err instanceof ApiError) {
        for (const d of err.fieldMessages) {
          const field = d.path.split('.').at(-1);
          if (field && !fieldErrors[field]) fieldErrors[field] = d.message;
        }
      }
      setErrors(fieldErrors);
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
      // Focus the first field in error, so a screen reader user hears what to fix.
      (fieldErrors.url ? urlRef : fieldErrors.attribution ? attributionRef : null)?.current?.focus();
    } finally {
      setSaving(false);
    }
  }

  const describeDefault = deploymentDefault ? `${deploymentDefault.url} (${deploymentDefault.attribution})` : 'none: maps show no basemap';
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Basemap</h2>
      <p className="hint">The street map drawn under the agency areas, the report form’s map and the issues map.</p>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <fieldset>
          <legend>Source</legend>
          <p><label><input type="radio" name="kind" value="default" checked={choice === 'default'} onChange={() => setChoice('default')} /> Deployment default: {describeDefault}</label></p>
          <p><label><input type="radio" name="kind" value="xyz" checked={choice === 'xyz'} onChange={() => setChoice('xyz')} /> Tile server (XYZ template, e.g. OpenStreetMap)</label></p>
          <p><label><input type="radio" name="kind" value="arcgis" checked={choice === 'arcgis'} onChange={() => setChoice('arcgis')} /> The city’s ArcGIS tiled basemap (MapServer)</label></p>
        </fieldset>
        {choice !== 'default' ? (
          <>
            <p>
              <label htmlFor={`${id}-url`}>{choice === 'xyz' ? 'Tile URL template' : 'MapServer address'}</label>
              <input
                ref={urlRef}
                id={`${id}-url`}
                type="url"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                aria-invalid={errors.url ? true : undefined}
                aria-describedby={`${id}-url-hint${errors.url ? ` ${id}-url-error` : ''}`}
                required
              />
              <span id={`${id}-url-hint`} className="hint">
                {choice === 'xyz' ? 'With {z}, {x} and {y}, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png' : 'e.g. https://gis.example.gov/arcgis/rest/services/Basemap/MapServer'}
              </span>
              {errors.url ? <span id={`${id}-url-error`} className="error">{errors.url}</span> : null}
            </p>
            <p>
              <label htmlFor={`${id}-attribution`}>Attribution</label>
              <input
                ref={attributionRef}
                id={`${id}-attribution`}
                value={attribution}
                onChange={(e) => setAttribution(e.target.value)}
                aria-invalid={errors.attribution ? true : undefined}
                aria-describedby={errors.attribution ? `${id}-attribution-error` : undefined}
                required
              />
              {errors.attribution ? <span id={`${id}-attribution-error`} className="error">{errors.attribution}</span> : null}
            </p>
          </>
        ) : null}
        <p><button type="submit" disabled={saving}>Save basemap</button></p>
        <div role="status" aria-live="polite" data-testid="basemap-saved">{message?.ok ? <p className="ok">{message.text}</p> : null}</div>
        {message && !message.ok ? <p role="alert" className="error" data-testid="basemap-error">{message.text}</p> : null}
      </form>
      <h3>Current map</h3>
      <BasemapProvider value={current}>
        <GeoMap label="Preview of the current basemap" layers={NO_LAYERS} initialBbox={extent} height={300} testId="settings-map" />
      </BasemapProvider>
    </section>
  );
}
