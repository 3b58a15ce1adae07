import { db } from '@/lib/db';
import { publicMedia } from '@/lib/crm/public-issue';
import { notFound } from '@/lib/http/errors';
import { publicRoute } from '@/lib/http/route';

/**
 * Public: an issue's photo or a public comment's image (Cityworks staff open this link too). An
 * internal comment's image answers 404 like an unknown id, so its existence is not revealed.
 */
export const GET = publicRoute<{ id: string }>(async (_req, { params }) => {
  const media = await publicMedia(db, params.id);
  if (!media) throw notFound('Image');
  return new Response(Buffer.from(media.data), {
    headers: {
      'content-type': media.contentType,
      'content-length': String(media.data.length),
      'content-disposition': `inline; filename="${media.fileName.replace(/[^\w.\- ]/g, '_')}"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'public, max-age=3600',
      etag: `"${media.sha256}"`,
    },
  });
});
