import { z } from 'zod';
import { DBF_ENCODING_CHOICES } from '@/lib/geo/dbf-encodings';
import type { IngestOptions } from '@/lib/geo/ingest';
import { badRequest } from '@/lib/http/errors';

const UploadOptions = z.object({
  // Empty means "use the detected encoding": the form sends the field even when nothing was chosen.
  dbfEncoding: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || DBF_ENCODING_CHOICES.includes(v), { message: `dbfEncoding must be one of ${DBF_ENCODING_CHOICES.join(', ')}` }),
});

/** The ingest options carried as text fields beside the uploaded file. */
export function parseUploadOptions(fields: Record<string, string>): IngestOptions {
  const parsed = UploadOptions.safeParse(fields);
  if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data.dbfEncoding ? { dbfEncoding: parsed.data.dbfEncoding } : {};
}
