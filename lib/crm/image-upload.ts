import { MAX_IMAGE_BYTES, type ImageInput } from './media-input';

/** The photo types a report or comment takes; the bytes must say the same as the declared type. */
export const ACCEPTED_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'] as const;

function sniff(b: Uint8Array): string | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
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
  if (!kind) return { message: 'The photo must be a JPEG, PNG, WebP or HEIC image' };
  const declared = file.type === 'image/heif' ? 'image/heic' : file.type;
  return { fileName: file.name || 'photo', contentType: declared && declared === kind ? file.type : kind, bytes };
}

export function isImageProblem(x: ImageInput | ImageProblem): x is ImageProblem {
  return 'message' in x && !('bytes' in x);
}
