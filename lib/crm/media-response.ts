import { safeFileName, sniffRasterImage, DOWNLOAD_TYPE } from './media-type';

/**
 * Headers for serving a stored file (public and staff routes alike). The type is decided from the
 * bytes again at serving time, so rows stored before this rule existed are served safely too.
 * `sandbox` makes even a file a browser decides to render anyway an opaque-origin document with
 * no script; `nosniff` stops the browser guessing a type from the bytes.
 */
export function mediaResponseHeaders(media: { fileName: string; data: Uint8Array }): Record<string, string> {
  const inline = sniffRasterImage(media.data);
  const name = safeFileName(media.fileName, inline ? 'image' : 'file');
  // RFC 6266: an ASCII fallback, and the exact name percent-encoded in filename*.
  const asciiName = name.replace(/[^\x20-\x7e]/g, '_').replace(/[%\\]/g, '_');
  const disposition = `${inline ? 'inline' : 'attachment'}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
  return {
    'content-type': inline ?? DOWNLOAD_TYPE,
    'content-length': String(media.data.length),
    'content-disposition': disposition,
    'content-security-policy': "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
  };
}
