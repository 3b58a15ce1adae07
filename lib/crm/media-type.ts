/**
 * What a stored file is, decided by its bytes, never by a declared Content-Type or file name:
 * those come from citizens and from Cityworks, and a "photo" that is really HTML or SVG would run
 * script on our origin if served inline. Only the four raster formats every browser renders as a
 * plain image are ever served inline; everything else is application/octet-stream, a download.
 */

export const INLINE_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
export type InlineImageType = (typeof INLINE_IMAGE_TYPES)[number];
export const DOWNLOAD_TYPE = 'application/octet-stream';

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** JPEG, PNG, GIF or WebP by magic bytes; null for anything else (SVG, HTML, PDF, HEIC, ...). */
export function sniffRasterImage(b: Uint8Array): InlineImageType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && ascii(b, 0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return 'image/gif';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** The Content-Type a file is stored (and served) with. */
export function storedContentType(bytes: Uint8Array): InlineImageType | typeof DOWNLOAD_TYPE {
  return sniffRasterImage(bytes) ?? DOWNLOAD_TYPE;
}

/**
 * A file name fit for a Content-Disposition header and a download dialog: no path, no control
 * characters, no quotes, at most 150 characters; `fallback` when nothing is left.
 */
export function safeFileName(name: string | null | undefined, fallback = 'file'): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f"<>:|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 150);
  return cleaned || fallback;
}
