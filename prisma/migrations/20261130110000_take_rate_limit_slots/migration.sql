-- Rate-limit slots in one round trip (lib/http/rate-limit.ts, takeRateLimitSlots). Called as a
-- statement of its own, outside any transaction: the locks are taken and released inside
-- PostgreSQL, so no lock is ever held while a client round trip is under way (before, the
-- organization's lock, which every report takes, was held across two round trips and a commit).
--
-- VOLATILE on purpose: in READ COMMITTED each statement of a volatile function takes a fresh
-- snapshot, so the count below runs after the locks are held and sees the hits committed by the
-- callers it waited for (in one statement, the snapshot would predate the wait).
--
-- slots: [{i, bucket, key, lim, since}] (since: the window's start, timestamptz); the advisory
-- locks are taken in i order, so two callers never wait on each other in a cycle. A later slot is
-- recorded only when every earlier one was granted. Returns each slot's count in its window before
-- this hit and its oldest hit (ms since the epoch).
CREATE FUNCTION "take_rate_limit_slots"(slots json, now_utc timestamptz)
RETURNS TABLE (i int, n int, "oldestMs" float8)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  lock_key text;
BEGIN
  FOR lock_key IN
    SELECT 'rate:' || s.bucket || ':' || s.key FROM json_to_recordset(slots) AS s(i int, bucket text, key text) ORDER BY s.i
  LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended(lock_key, 0));
  END LOOP;
  RETURN QUERY
    WITH slot AS (
      SELECT * FROM json_to_recordset(slots) AS s(i int, bucket text, key text, lim int, since timestamptz)),
    window_hits AS (
      SELECT slot.i, slot.lim, w.n, w.oldest
        FROM slot CROSS JOIN LATERAL (
          SELECT count(*)::int AS n, min(h."createdAt") AS oldest FROM (
            SELECT "createdAt" FROM "RateLimitHit"
             WHERE bucket = slot.bucket AND key = slot.key AND "createdAt" >= (slot.since AT TIME ZONE 'UTC')
             ORDER BY "createdAt" LIMIT slot.lim) h) w),
    first_refused AS (SELECT min(window_hits.i) AS i FROM window_hits WHERE window_hits.n >= window_hits.lim),
    granted AS (
      INSERT INTO "RateLimitHit" (bucket, key, "createdAt")
      SELECT slot.bucket, slot.key, (now_utc AT TIME ZONE 'UTC')
        FROM slot, first_refused WHERE first_refused.i IS NULL OR slot.i < first_refused.i
      RETURNING 1)
    SELECT w.i, w.n, (extract(epoch FROM (w.oldest AT TIME ZONE 'UTC')) * 1000)::float8
      FROM window_hits w ORDER BY w.i;
END;
$$;
