import { MAX_IMAGE_BYTES, type ImageInput } from './media-input';
import { sniffRasterImage } from './media-type';

/**
 * The photo types a report or comment takes, recognised by their bytes. HEIC (phones) is taken
 * but, as browsers do not render it, stored and served as a download (lib/crm/media-type.ts).
 */
export const ACCEPTED_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/heic', 'image/heif'] as const;

function sniff(b: Uint8Array): string | null {
  const raster = sniffRasterImage(b);
  if (raster) return raster;
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 12 && ascii(4, 8) === 'ftyp' && /^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(ascii(8, 12))) return 'image/heic';
  return null;
}

export type ImageProblem = { message: string };

/** A browser File (multipart) as an ImageInput, or the reason it is refused. */
export async function imageFromFile(file: File): Promise<ImageInput | ImageProblem> {
  if (file.size === 0) return { message: 'The photo is empty' };
  if (file.size > MAX_IMAGE_BYTES) return { message: 'The photo is larger than 10 MB' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const kind = sniff(bytes);
  if (!kind) return { message: 'The photo must be a JPEG, PNG, GIF, WebP or HEIC image' };
  const declared = file.type === 'image/heif' ? 'image/heic' : file.type;
  return { fileName: file.name || 'photo', contentType: declared && declared === kind ? file.type : kind, bytes };
}

export function isImageProblem(x: ImageInput | ImageProblem): x is ImageProblem {
  return 'message' in x && !('bytes' in x);
}
