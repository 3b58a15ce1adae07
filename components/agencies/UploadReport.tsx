import { useId } from 'react';
import { DBF_ENCODING_CHOICES } from '@/lib/geo/dbf-encodings';
import type { IngestReport } from '@/lib/geo/ingest';
import type { AgencyOverlapShape } from '@/lib/agencies/overlaps';

type Overlap = Omit<AgencyOverlapShape, 'geometry'>;

/** What the ingest changed or found, in the words an implementation manager checks a file with. */
export function UploadReport({
  report,
  overlaps,
  attributes = [],
  encodingChoice = '',
  onEncodingChange,
}: {
  /** A few features' attribute values as read, so a wrong encoding shows. */
  attributes?: ReadonlyArray<Record<string, string | number | boolean | null>>;
  report: IngestReport;
  overlaps: readonly Overlap[];
  /** The admin's encoding override ('' = detected); with onEncodingChange, the file is read again. */
  encodingChoice?: string;
  onEncodingChange?: (encoding: string) => void;
}) {
  const encodingId = useId();
  return (
    <section className="card upload-report" aria-label="Upload report" data-testid="upload-report">
      <h3>Upload report</h3>
      <ul>
        <li data-testid="report-summary">
          {report.featureCount} feature(s), {report.partCount} polygon part(s), {report.holeCount} hole(s), {report.vertexCount} vertices
        </li>
        <li>Coordinate system: {report.coordinateSystem.name}{report.coordinateSystem.epsg ? ` (EPSG:${report.coordinateSystem.epsg})` : ''}, reprojected to WGS84</li>
        {report.dbfEncoding ? (
          <li data-testid="report-encoding">
            Attribute text encoding: {describeEncoding(report.dbfEncoding)}
            {onEncodingChange ? (
              <>
                {' '}
                <label htmlFor={encodingId}>Read the attributes as</label>{' '}
                <select id={encodingId} value={encodingChoice} onChange={(e) => onEncodingChange(e.target.value)}>
                  <option value="">detected ({report.dbfEncoding.source === 'override' ? 'as found in the file' : report.dbfEncoding.label})</option>
                  {DBF_ENCODING_CHOICES.map((label) => <option key={label} value={label}>{label}</option>)}
                </select>
              </>
            ) : null}
          </li>
        ) : null}
        {attributes.length > 0 ? (
          <li data-testid="report-attributes">
            Attributes as read: {attributes.map((row) => Object.values(row).filter((v) => typeof v === 'string' && v.trim()).join(' · ')).filter(Boolean).join('; ') || 'no text values'}
          </li>
        ) : null}
        <li data-testid="report-rewound">Rings rewound: {report.ringsRewound}</li>
        <li data-testid="report-empty">Empty features dropped: {report.emptyFeaturesDropped}</li>
      </ul>
      {report.repaired.length > 0 ? (
        <>
          <h4>Repaired</h4>
          <ul data-testid="report-repaired">{report.repaired.map((r, i) => <li key={i} data-kind={r.kind}>{r.message}</li>)}</ul>
        </>
      ) : <p className="muted" data-testid="report-repaired">No ring needed repair.</p>}
      {report.warnings.length > 0 ? (
        <>
          <h4>Warnings</h4>
          <ul>{report.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
        </>
      ) : null}
      <h4>Overlap with other agencies</h4>
      {overlaps.length === 0 ? <p className="muted" data-testid="report-overlaps">No overlap with the organization’s other agencies.</p> : (
        <ul data-testid="report-overlaps">
          {overlaps.map((o) => (
            <li key={o.agencyId}>
              {o.agencyName}: {o.areaKm2.toFixed(2)} km² ({(o.fractionOfNew * 100).toFixed(1)}% of this geography), shown in red on the map; both agencies’ categories are offered there.
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const ENCODING_SOURCE: Record<NonNullable<IngestReport['dbfEncoding']>['source'], string> = {
  cpg: 'from the .cpg file',
  'utf8-validation': 'no .cpg; the text is valid UTF-8',
  ascii: 'plain ASCII',
  'language-driver': 'no .cpg; from the .dbf language driver',
  default: 'no .cpg and no hint; assumed',
  override: 'chosen by you',
};

function describeEncoding(e: NonNullable<IngestReport['dbfEncoding']>): string {
  return `${e.label} (${ENCODING_SOURCE[e.source]})`;
}
