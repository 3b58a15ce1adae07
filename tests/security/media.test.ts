import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getPublicMedia } from '@/app/api/media/[id]/route';
import { db } from '@/lib/db';
import { imageFromFile, isImageProblem } from '@/lib/crm/image-upload';
import { mediaRow } from '@/lib/crm/media-input';
import { pollUpdates } from '@/lib/sync/poll-updates';
import { acknowledgedIssue, commentsOf, setUp, type Fixture } from '../sync-inbound/support';

/**
 * Media from citizens and from Cityworks is served from our own origin, so only raster images
 * recognised by their bytes are shown inline; everything else (HTML, SVG, scripts dressed as
 * photos) is stored as application/octet-stream and served as a sandboxed download.
 */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
const HEIC = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(12)]);
const HTML = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');

async function serve(mediaId: string): Promise<Response> {
  return getPublicMedia(new Request(`http://localhost/api/media/${mediaId}`), { params: Promise.resolve({ id: mediaId }) });
}

function expectDownload(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/octet-stream');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"/\\]+"; filename\*=UTF-8''/);
  expect(res.headers.get('content-security-policy')).toMatch(/^sandbox/);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
}

describe('media imported from Cityworks', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setUp('Media City');
  });
  afterAll(() => f.emulator.close());

  it('keeps a declared text/html or SVG attachment as a download, and serves a real PNG inline', async () => {
    const { issueId, requestId } = await acknowledgedIssue(f);
    const attach = (filename: string, contentType: string, bytes: Buffer, comment: string) =>
      f.staff(`requests/${requestId}/attachments`, { filename, contentType, base64: bytes.toString('base64'), comment });
    await attach('report.html', 'text/html', HTML, 'To SCF: see report');
    await attach('diagram.svg', 'image/svg+xml', SVG, 'To SCF: diagram');
    await attach('photo.png', 'text/html', PNG, 'To SCF: photo');
    await pollUpdates(db, f.integrationId);

    const media = (await commentsOf(issueId)).flatMap((c) => c.media);
    const byName = Object.fromEntries(media.map((m) => [m.fileName, m]));
    expect(byName['report.html']!.contentType).toBe('application/octet-stream');
    expect(byName['diagram.svg']!.contentType).toBe('application/octet-stream');
    expect(byName['photo.png']!.contentType).toBe('image/png');

    for (const name of ['report.html', 'diagram.svg']) {
      const res = await serve(byName[name]!.id);
      expectDownload(res);
      expect(res.headers.get('content-disposition')).toContain(`filename="${name}"`);
    }
    const png = await serve(byName['photo.png']!.id);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('content-disposition')).toMatch(/^inline; filename="photo.png"/);
    expect(png.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(png.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await png.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('a row stored with a declared HTML type before this rule is still served as a download', async () => {
    const { issueId } = await acknowledgedIssue(f);
    const row = await db.media.create({
      data: { ...mediaRow(f.organizationId, { fileName: 'old.html', contentType: 'image/png', bytes: HTML }), contentType: 'text/html', issueId },
    });
    expectDownload(await serve(row.id));
  });

  it('an attachment over the download cap is imported once as a comment without the file', async () => {
    const { issueId, requestId } = await acknowledgedIssue(f);
    const huge = Buffer.concat([PNG, Buffer.alloc(26 * 1024 * 1024)]);
    await f.staff(`requests/${requestId}/attachments`, { filename: 'scan.png', contentType: 'image/png', base64: huge.toString('base64'), comment: 'To SCF: full scan' });
    const before = f.emulator.calls.length;
    const first = await pollUpdates(db, f.integrationId);
    expect(first.images).toBe(0);
    await pollUpdates(db, f.integrationId);
    const comments = await commentsOf(issueId);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toBe('full scan\n(The attachment scan.png is too large to import; open it in Cityworks.)');
    expect(comments[0]!.media).toHaveLength(0);
    // Downloaded (and given up on) once, not on every poll.
    expect(f.emulator.calls.slice(before).filter((c) => c.service === 'Attachments/DownloadRequestAttachment')).toHaveLength(1);
  });

  it('reads a UTF-8 filename*, and a malformed filename* does not fail the poll', async () => {
    const { issueId, requestId } = await acknowledgedIssue(f);
    await f.staff(`requests/${requestId}/attachments`, { filename: 'façade.png', contentType: 'image/png', base64: PNG.toString('base64'), comment: 'To SCF: front' });
    await pollUpdates(db, f.integrationId);
    expect((await commentsOf(issueId)).flatMap((c) => c.media).map((m) => m.fileName)).toEqual(['façade.png']);

    const other = await acknowledgedIssue(f);
    await f.staff(`requests/${other.requestId}/attachments`, { filename: 'café.png', contentType: 'image/png', base64: PNG.toString('base64'), comment: 'To SCF: after' });
    f.emulator.faults.set({ service: 'Attachments/DownloadRequestAttachment', kind: 'bad-filename-star' });
    try {
      const result = await pollUpdates(db, f.integrationId);
      expect(result.images).toBe(1);
    } finally {
      f.emulator.faults.clear();
    }
    const downloads = f.emulator.calls.filter((c) => c.service === 'Attachments/DownloadRequestAttachment' && c.fault === 'bad-filename-star');
    expect(downloads).toHaveLength(1);
    const media = (await commentsOf(other.issueId)).flatMap((c) => c.media);
    // The plain filename (ASCII fallback) is used instead.
    expect(media.map((m) => m.fileName)).toEqual(['caf_.png']);
  });
});

describe('citizen uploads', () => {
  const file = (bytes: Buffer, name: string, type: string) => new File([new Uint8Array(bytes)], name, { type });

  it('refuses SVG and HTML whatever they are called', async () => {
    for (const f of [file(SVG, 'photo.png', 'image/png'), file(SVG, 'photo.svg', 'image/svg+xml'), file(HTML, 'photo.jpg', 'image/jpeg')]) {
      const read = await imageFromFile(f);
      expect(isImageProblem(read)).toBe(true);
    }
  });

  it.each([
    ['JPEG', JPEG, 'image/jpeg'],
    ['PNG', PNG, 'image/png'],
    ['GIF', GIF, 'image/gif'],
    ['WebP', WEBP, 'image/webp'],
  ])('stores a %s as itself, served inline', async (_label, bytes, type) => {
    const read = await imageFromFile(file(bytes, 'x.bin', 'application/octet-stream'));
    expect(isImageProblem(read)).toBe(false);
    if (isImageProblem(read)) return;
    expect(mediaRow('org', read).contentType).toBe(type);
  });

  it('takes a HEIC photo but stores it as a download (browsers do not render it inline)', async () => {
    const read = await imageFromFile(file(HEIC, 'IMG_0001.HEIC', 'image/heic'));
    expect(isImageProblem(read)).toBe(false);
    if (isImageProblem(read)) return;
    const row = mediaRow('org', read);
    expect(row.contentType).toBe('application/octet-stream');
    expect(row.fileName).toBe('IMG_0001.HEIC');
  });

  it('a file name cannot carry a path or break the header', async () => {
    const read = await imageFromFile(file(PNG, '../../etc/"evil"\r\n.png', 'image/png'));
    if (isImageProblem(read)) throw new Error(read.message);
    expect(mediaRow('org', read).fileName).toBe('_evil___.png');
  });
});
