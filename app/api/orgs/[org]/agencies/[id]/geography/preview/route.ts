import { NextResponse } from 'next/server';
import { findAgency } from '@/lib/agencies/agencies';
import { previewGeography } from '@/lib/agencies/geography';
import { readUploadedFile, UPLOAD_EDGE } from '@/lib/agencies/upload-body';
import { parseUploadOptions } from '@/lib/agencies/upload-options';
import { canEditAgencies } from '@/lib/auth/permissions';
import { authedRoute, authorize } from '@/lib/http/route';
import { resolveOrganization } from '@/lib/organizations/resolve';

/** The WGS84 geometry, bbox, ingest report and overlaps of an uploaded file; nothing is saved. */
export const POST = authedRoute<{ org: string; id: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canEditAgencies(actor, org.id));
  await findAgency(org.id, params.id);
  const file = await readUploadedFile(req);
  return NextResponse.json({ preview: await previewGeography(org.id, params.id, file.name, file.bytes, parseUploadOptions(file.fields)) });
}, UPLOAD_EDGE);
