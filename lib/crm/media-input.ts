import { createHash } from 'node:crypto';
import { z } from 'zod';
import { env } from '@/lib/env';
import { safeFileName, storedContentType } from './media-type';

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export const imageInputSchema = z.object({
  fileName: z.string().trim().min(1).max(200),
  contentType: z.string().regex(/^image\/[a-z0-9.+-]+$/i, 'an image'),
  bytes: z.instanceof(Uint8Array).refine((b) => b.length > 0 && b.length <= MAX_IMAGE_BYTES, 'between 1 byte and 10 MB'),
});

export type ImageInput = z.infer<typeof imageInputSchema>;

/** The Media row for an upload; its type comes from the bytes (lib/crm/media-type.ts), not the declared one. */
export function mediaRow(organizationId: string, image: ImageInput) {
  return {
    organizationId,
    fileName: safeFileName(image.fileName, 'photo'),
    contentType: storedContentType(image.bytes),
    byteSize: image.bytes.length,
    sha256: createHash('sha256').update(image.bytes).digest('hex'),
    data: Buffer.from(image.bytes),
  };
}

/** Where Cityworks staff can open an issue's image (mapped into a Text field when configured). */
export function publicMediaUrl(mediaId: string): string {
  const base = (env.NEXTAUTH_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  return `${base}/api/media/${mediaId}`;
}
