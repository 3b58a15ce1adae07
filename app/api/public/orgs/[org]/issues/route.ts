import { NextResponse } from 'next/server';
import { z } from 'zod';
import { db } from '@/lib/db';
import { imageFromFile, isImageProblem } from '@/lib/crm/image-upload';
import { MAX_IMAGE_BYTES } from '@/lib/crm/media-input';
import { organizationIdBySlug } from '@/lib/crm/report-lookups';
import { reportRefusalMessage, takeAnonymousReportSlots } from '@/lib/crm/report-rate-limit';
import { submitReport } from '@/lib/crm/submit-report';
import { readForm } from '@/lib/http/body';
import { clientAddress } from '@/lib/http/client-address';
import { badRequest, HttpError, notFound } from '@/lib/http/errors';
import { rateLimitedResponse } from '@/lib/http/rate-limit';
import { publicRoute } from '@/lib/http/route';
import { jobSender } from '@/lib/jobs/sender';

// The photo plus the text fields and the multipart framing.
const MAX_BODY_BYTES = MAX_IMAGE_BYTES + 256 * 1024;

const fieldsSchema = z.object({
  requestTypeId: z.string().min(1, 'Choose a category'),
  lat: z.coerce.number().min(-90).max(90),
  lng: z.coerce.number().min(-180).max(180),
  summary: z.string(),
  description: z.string().default(''),
  address: z.string().nullable().default(null),
  reporterName: z.string().nullable().default(null),
  reporterEmail: z.string().nullable().default(null),
  answers: z.record(z.string(), z.string()).default({}),
});

const blankToNull = (s: string | null) => (s === null || s.trim() === '' ? null : s);

/**
 * Public (no session): a citizen files a report. Multipart: `report` (JSON of the fields) and an
 * optional `photo`. Answers keyed by question id; a choice question's answer is the option id.
 */
export const POST = publicRoute<{ org: string }>(
  async (req, { params }) => {
    const organizationId = await organizationIdBySlug(db, params.org);
    if (!organizationId) throw notFound('Organization');
    const refused = await takeAnonymousReportSlots(db, organizationId, clientAddress(req.headers));
    if (refused) return rateLimitedResponse(refused.waitSeconds, reportRefusalMessage(refused));
    const form = await readForm(req, 'the report');
    const reportText = form.get('report');
    if (typeof reportText !== 'string') throw badRequest('The report is missing.');
    let json: unknown;
    try {
      json = JSON.parse(reportText);
    } catch {
      throw badRequest('The report is not valid JSON.');
    }
    const fields = fieldsSchema.parse(json);
    const photo = form.get('photo');
    let image = null;
    if (photo instanceof File && photo.size > 0) {
      const read = await imageFromFile(photo);
      if (isImageProblem(read)) throw badRequest(read.message, [{ path: 'photo', message: read.message }]);
      image = read;
    }
    const created = await submitReport(db, await jobSender(), organizationId, 'WEB', {
      ...fields,
      address: blankToNull(fields.address),
      reporterName: blankToNull(fields.reporterName),
      reporterEmail: blankToNull(fields.reporterEmail),
      image,
    });
    return NextResponse.json({ issue: { number: created.number, url: `/report/${params.org}/issues/${created.number}?new=1` } }, { status: 201 });
  },
  {
    maxBodyBytes: MAX_BODY_BYTES,
    contentTypes: ['multipart/form-data'],
    tooLarge: () => new HttpError(413, 'too_large', 'The report is too large: the photo may be at most 10 MB.'),
  },
);
