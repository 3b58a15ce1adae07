import { db } from '@/lib/db';
import { mediaResponseHeaders } from '@/lib/crm/media-response';
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
      ...mediaResponseHeaders(media),
      'cache-control': 'public, max-age=3600',
      etag: `"${media.sha256}"`,
    },
  });
});
