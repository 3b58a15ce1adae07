import { NextResponse } from 'next/server';
import { z } from 'zod';
import { canWorkIssues } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { imageFromFile, isImageProblem } from '@/lib/crm/image-upload';
import { MAX_IMAGE_BYTES } from '@/lib/crm/media-input';
import { staffComment } from '@/lib/crm/staff-actions';
import { issueIdFor } from '@/lib/crm/staff-issue-ref';
import { readForm } from '@/lib/http/body';
import { badRequest, HttpError } from '@/lib/http/errors';
import { authedRoute, authorize } from '@/lib/http/route';
import { resolveOrganization } from '@/lib/organizations/resolve';
import { jobSender } from '@/lib/jobs/sender';

const fieldsSchema = z.object({ body: z.string().trim().min(1, 'Write a comment').max(10_000), visibility: z.enum(['PUBLIC', 'INTERNAL']) });

/**
 * Multipart `body`, `visibility` (PUBLIC goes to Cityworks and the public page; INTERNAL never
 * leaves staff) and an optional `image`.
 */
export const POST = authedRoute<{ org: string; number: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canWorkIssues(actor, org.id));
  const issueId = await issueIdFor(db, org.id, params.number);
  const form = await readForm(req, 'the comment');
  const fields = fieldsSchema.parse({ body: form.get('body') ?? undefined, visibility: form.get('visibility') ?? undefined });
  const file = form.get('image');
  let image = null;
  if (file instanceof File && file.size > 0) {
    const read = await imageFromFile(file);
    if (isImageProblem(read)) throw badRequest(read.message, [{ path: 'image', message: read.message }]);
    image = read;
  }
  const created = await staffComment(db, await jobSender(), actor, org.id, issueId, { ...fields, image });
  return NextResponse.json({ comment: created }, { status: 201 });
}, {
  // The image plus the text fields and the multipart framing.
  maxBodyBytes: MAX_IMAGE_BYTES + 64 * 1024,
  contentTypes: ['multipart/form-data'],
  tooLarge: () => new HttpError(413, 'too_large', 'The image may be at most 10 MB.'),
});
