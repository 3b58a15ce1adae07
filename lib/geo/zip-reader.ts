import * as yauzl from 'yauzl';
import { GeoIngestError } from './errors';

/**
 * Reads the few files a shapefile needs out of an uploaded zip, refusing zip bombs before inflating.
 *
 * The central directory is read in full first and its declared sizes are checked against the limits.
 * Declared sizes can lie, so while inflating every entry is also counted byte by byte and cut off the
 * moment it exceeds what it declared; the total inflated is capped too. Nothing is inflated for entries
 * the caller does not want (.shx, .xml, thumbnails...).
 */

export interface ZipLimits {
  /** Sum of declared uncompressed sizes of all entries. */
  maxUncompressedBytes: number;
  /** Largest uncompressed/compressed ratio allowed for an entry above `ratioCheckMinBytes`. */
  maxCompressionRatio: number;
  ratioCheckMinBytes: number;
  maxEntries: number;
}

export interface ZipEntryInfo {
  fileName: string;
  compressedSize: number;
  uncompressedSize: number;
}

export async function listZip(buf: Buffer, limits: ZipLimits): Promise<{ zip: yauzl.ZipFile; entries: Array<ZipEntryInfo & { entry: yauzl.Entry }> }> {
  let zip: yauzl.ZipFile;
  try {
    // validateEntrySizes is off because we enforce declared sizes ourselves with a typed error.
    zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true, validateEntrySizes: false, strictFileNames: false });
  } catch (error) {
    throw new GeoIngestError('ZIP_CORRUPT', `The zip file could not be read: ${messageOf(error)}`);
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new GeoIngestError('ZIP_BOMB', `The zip lists ${zip.entryCount} files; at most ${limits.maxEntries} are accepted`);
  }
  const entries: Array<ZipEntryInfo & { entry: yauzl.Entry }> = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.push({ fileName: entry.fileName, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize, entry });
        zip.readEntry();
      });
      zip.once('end', () => resolve());
      zip.once('error', reject);
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    throw new GeoIngestError('ZIP_CORRUPT', `The zip file's directory is corrupt: ${messageOf(error)}`);
  }
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    const ratio = e.compressedSize > 0 ? e.uncompressedSize / e.compressedSize : e.uncompressedSize > 0 ? Infinity : 1;
    if (e.uncompressedSize >= limits.ratioCheckMinBytes && ratio > limits.maxCompressionRatio) {
      zip.close();
      throw new GeoIngestError(
        'ZIP_BOMB',
        `${e.fileName} would inflate ${Math.round(ratio)}x (${e.uncompressedSize} bytes from ${e.compressedSize}); at most ${limits.maxCompressionRatio}x is accepted`,
      );
    }
  }
  if (total > limits.maxUncompressedBytes) {
    zip.close();
    throw new GeoIngestError(
      'ZIP_BOMB',
      `The zip would inflate to ${total} bytes; at most ${limits.maxUncompressedBytes} bytes are accepted`,
    );
  }
  return { zip, entries };
}

export async function readEntry(
  zip: yauzl.ZipFile,
  info: ZipEntryInfo & { entry: yauzl.Entry },
  budget: { remainingBytes: number },
): Promise<Buffer> {
  if (info.entry.isEncrypted()) {
    throw new GeoIngestError('ZIP_CORRUPT', `${info.fileName} is encrypted; upload an unencrypted zip`);
  }
  let stream: NodeJS.ReadableStream & { destroy(error?: Error): void };
  try {
    stream = await zip.openReadStreamPromise(info.entry);
  } catch (error) {
    throw new GeoIngestError('ZIP_CORRUPT', `${info.fileName} could not be opened: ${messageOf(error)}`);
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const fail = (error: GeoIngestError): void => {
      if (failed) return;
      failed = true;
      stream.destroy();
      reject(error);
    };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      budget.remainingBytes -= chunk.length;
      if (size > info.uncompressedSize || budget.remainingBytes < 0) {
        fail(
          new GeoIngestError(
            'ZIP_BOMB',
            `${info.fileName} inflates past its declared ${info.uncompressedSize} bytes; the zip is malformed or a zip bomb`,
          ),
        );
        return;
      }
      chunks.push(chunk);
    });
    stream.on('error', (error: unknown) => fail(new GeoIngestError('ZIP_CORRUPT', `${info.fileName} could not be inflated: ${messageOf(error)}`)));
    stream.on('end', () => {
      if (failed) return;
      if (size !== info.uncompressedSize) {
        fail(new GeoIngestError('ZIP_CORRUPT', `${info.fileName} inflated to ${size} bytes, not the ${info.uncompressedSize} it declares`));
        return;
      }
      resolve(Buffer.concat(chunks, size));
    });
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
