'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState, type DragEvent } from 'react';
import type { AgencySummary } from '@/lib/agencies/agencies';
import type { GeographyPreview } from '@/lib/agencies/geography';
import { GeoMap } from '@/components/map/GeoMap';
import type { MapLayer } from '@/components/map/types';
import { agenciesKey } from '@/components/hooks/use-agencies';
import { ApiError } from '@/components/api/client';
import { uploadWithProgress } from '@/components/api/upload-with-progress';
import { UploadReport } from './UploadReport';

interface Props {
  org: string;
  agency: AgencySummary;
  others: readonly AgencySummary[];
  onDone: () => void;
}

type Phase = { step: 'idle' } | { step: 'uploading'; action: 'preview' | 'save'; progress: number } | { step: 'previewed' } | { step: 'saved' };

interface Refused {
  feature: number;
  ring: number | null;
  reason: string;
}

/**
 * Drop (or choose) a file, see it on the map with the other agencies and the upload report, then
 * save. Saving sends the same file again: the server re-ingests it rather than trusting the preview.
 */
export function GeographyUpload({ org, agency, others, onDone }: Props) {
  const inputId = useId();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<GeographyPreview | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [error, setError] = useState<ApiError | null>(null);
  const [dragging, setDragging] = useState(false);
  const url = `/api/orgs/${encodeURIComponent(org)}/agencies/${encodeURIComponent(agency.id)}/geography`;

  // The admin's choice of DBF encoding, sent with the preview and again with the save ('' = detected).
  const [dbfEncoding, setDbfEncoding] = useState('');

  async function choose(f: File, encoding = '') {
    setFile(f);
    setDbfEncoding(encoding);
    setPreview(null);
    setError(null);
    setPhase({ step: 'uploading', action: 'preview', progress: 0 });
    try {
      const res = await uploadWithProgress<{ preview: GeographyPreview }>(
        'POST',
        `${url}/preview`,
        f,
        (progress) => setPhase({ step: 'uploading', action: 'preview', progress }),
        encoding ? { dbfEncoding: encoding } : {},
      );
      setPreview(res.preview);
      setPhase({ step: 'previewed' });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
      setPhase({ step: 'idle' });
    }
  }

  async function save() {
    if (!file) return;
    setError(null);
    setPhase({ step: 'uploading', action: 'save', progress: 0 });
    try {
      await uploadWithProgress('PUT', url, file, (progress) => setPhase({ step: 'uploading', action: 'save', progress }), dbfEncoding ? { dbfEncoding } : {});
      setPhase({ step: 'saved' });
      await queryClient.invalidateQueries({ queryKey: agenciesKey(org) });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
      setPhase({ step: 'previewed' });
    }
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer.files[0];
    if (f) void choose(f);
  }

  const layers = useMemo<MapLayer[]>(() => {
    const out: MapLayer[] = others.filter((a) => a.geography).map((a) => ({ id: a.id, kind: 'agency', label: a.name, geometry: a.geography! }));
    if (preview) {
      out.push({ id: 'preview', kind: 'preview', label: `${agency.name} (new: ${preview.fileName})`, geometry: preview.geometry });
      for (const o of preview.overlaps) if (o.geometry) out.push({ id: `overlap-${o.agencyId}`, kind: 'overlap', label: `Shared with ${o.agencyName}`, geometry: o.geometry });
      preview.report.repaired.forEach((r, i) => {
        if (r.geometry) out.push({ id: `repaired-${i}`, kind: 'repaired', label: `Repaired: feature ${r.feature}`, geometry: r.geometry });
        if (r.points?.length) out.push({ id: `repair-points-${i}`, kind: 'repair-point', label: `Repair point: feature ${r.feature}`, geometry: { type: 'MultiPoint', coordinates: r.points } });
      });
    } else if (agency.geography) {
      out.push({ id: agency.id, kind: 'preview', label: `${agency.name} (saved)`, geometry: agency.geography });
    }
    return out;
  }, [others, preview, agency]);

  const refused = ((error?.details as { refused?: Refused[] } | undefined)?.refused ?? []);
  const busy = phase.step === 'uploading';

  return (
    <section className="card" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>Geography of {agency.name}</h2>
      <p className="hint">
        {agency.geographyFileName ? `Current file: ${agency.geographyFileName}. Uploading a new file replaces it after you save.` : 'No geography yet: its categories are offered nowhere.'}
      </p>
      <div
        className={`dropzone${dragging ? ' dragging' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop a zipped shapefile (.shp, .shx, .dbf, .prj, .cpg) or a GeoJSON file here, or choose one:</p>
        <label htmlFor={inputId}>Geography file</label>
        <input id={inputId} type="file" accept=".zip,.geojson,.json,application/zip,application/geo+json" disabled={busy} onChange={(e) => { const f = e.target.files?.[0]; if (f) void choose(f); }} />
      </div>
      {phase.step === 'uploading' ? (
        <p>
          <label htmlFor={`${inputId}-progress`}>{phase.action === 'preview' ? 'Uploading for preview' : 'Saving'}</label>
          <progress id={`${inputId}-progress`} max={1} value={phase.progress} /> {Math.round(phase.progress * 100)}%
        </p>
      ) : null}
      {error ? (
        <div role="alert" className="error" data-testid="upload-error">
          <p><strong>Refused:</strong> {error.message} {error.code !== 'error' ? <span className="muted">({error.code})</span> : null}</p>
          {refused.length > 0 ? <ul>{refused.map((r, i) => <li key={i}>{r.reason}</li>)}</ul> : null}
          <p>Nothing was saved.</p>
        </div>
      ) : null}
      <GeoMap label={`Map of ${agency.name} and the other agencies`} layers={layers} testId="geography-map" />
      <p className="hint">
        Blue: {preview ? 'the uploaded geography (not saved yet)' : 'this agency'}. Grey dashed: other agencies. Red: overlap.
        {preview?.report.repaired.some((r) => r.kind === 'made-valid') ? ' Brown dashed outline: repaired polygons; orange dots: where rings crossed or touched.' : ''}
      </p>
      {preview ? (
        <UploadReport
          report={preview.report}
          overlaps={preview.overlaps}
          attributes={preview.attributes}
          encodingChoice={dbfEncoding}
          onEncodingChange={file && !busy ? (encoding) => void choose(file, encoding) : undefined}
        />
      ) : null}
      <p>
        <button type="button" onClick={() => void save()} disabled={!preview || busy || phase.step === 'saved'}>Save geography</button>{' '}
        <button type="button" className="secondary" onClick={onDone}>Close</button>
      </p>
      {phase.step === 'saved' ? <p role="status" className="ok">Geography saved for {agency.name}.</p> : null}
    </section>
  );
}
