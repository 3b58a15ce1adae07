import { NextResponse } from 'next/server';
import { findAgency } from '@/lib/agencies/agencies';
import { saveGeography } from '@/lib/agencies/geography';
import { readUploadedFile, UPLOAD_EDGE } from '@/lib/agencies/upload-body';
import { parseUploadOptions } from '@/lib/agencies/upload-options';
import { canEditAgencies } from '@/lib/auth/permissions';
import { authedRoute, authorize } from '@/lib/http/route';
import { resolveOrganization } from '@/lib/organizations/resolve';

/** Sets or replaces the geography by ingesting the uploaded file again on the server. */
export const PUT = authedRoute<{ org: string; id: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canEditAgencies(actor, org.id));
  await findAgency(org.id, params.id);
  const file = await readUploadedFile(req);
  const saved = await saveGeography(actor, org.id, params.id, file.name, file.bytes, parseUploadOptions(file.fields));
  return NextResponse.json({ geography: { fileName: saved.fileName, bbox: saved.bbox, report: saved.report, overlaps: saved.overlaps.map(({ geometry: _g, ...o }) => o) } });
}, UPLOAD_EDGE);
