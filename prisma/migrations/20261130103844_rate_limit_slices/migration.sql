-- CreateTable
CREATE TABLE "RateLimitSlice" (
    "bucket" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "sliceStart" TIMESTAMP(3) NOT NULL,
    "hits" INTEGER NOT NULL,

    CONSTRAINT "RateLimitSlice_pkey" PRIMARY KEY ("bucket","key","sliceStart")
);

-- CreateIndex
CREATE INDEX "RateLimitSlice_sliceStart_idx" ON "RateLimitSlice"("sliceStart");

-- Rate-limit slots in one round trip (lib/http/rate-limit.ts, takeRateLimitSlots). Called as a
-- statement of its own, outside any transaction: the locks are taken and released inside
-- PostgreSQL, so no lock is ever held while a client round trip is under way (before, the
-- organization's lock, which every report takes, was held across two round trips and a commit).
--
-- slots: [{i, bucket, key, lim, since, slice_ms}] (since: the window's start, timestamptz;
-- slice_ms: null for a log of every hit in "RateLimitHit", else the slice length of the counters in
-- "RateLimitSlice"). In i order, each slot is locked (a transaction-scoped advisory lock on its
-- bucket and key), counted, and, when under its limit, recorded; the first refused one ends the
-- call, so a later slot is taken only when every earlier one was granted, and the earlier ones'
-- hits stay recorded. Locks are always taken in i order, so two callers never wait on each other in
-- a cycle, and each lock is taken as late as it can be: the organization's, which every report
-- takes, is held only for its own count, its own write and the commit.
--
-- VOLATILE on purpose: in READ COMMITTED each statement of a volatile function takes a fresh
-- snapshot, so each count runs after its lock is held and sees the hits committed by the callers
-- it waited for (in one statement, the snapshot would predate the wait).
--
-- Returns, for each slot counted, its count in its window before this hit and the time (ms since
-- the epoch) from which its oldest counted hit stops counting, minus the window: for a log, the
-- oldest hit; for slices, the end of the oldest slice.
CREATE FUNCTION "take_rate_limit_slots"(slots json, now_utc timestamptz, own_transaction boolean)
RETURNS TABLE (i int, n int, "oldestMs" float8)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  s record;
  since_at timestamp;
  oldest timestamp;
BEGIN
  -- The hits only have to outlive a crash as much as a flood has to: a caller whose statement is
  -- its own transaction (own_transaction) has its commit not wait for the WAL flush, so the
  -- organization's lock is not held through one. In a caller's transaction the setting would last
  -- until that transaction's commit, so the caller says which it is (PostgreSQL's timestamps cannot
  -- tell under the extended protocol: the transaction starts at Bind, the statement at Execute).
  IF own_transaction THEN
    PERFORM set_config('synchronous_commit', 'off', true);
  END IF;
  FOR s IN SELECT * FROM json_to_recordset(slots) AS x(i int, bucket text, key text, lim int, since timestamptz, slice_ms int) ORDER BY x.i LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended('rate:' || s.bucket || ':' || s.key, 0));
    since_at := s.since AT TIME ZONE 'UTC';
    IF s.slice_ms IS NULL THEN
      SELECT count(*)::int, min(h."createdAt") INTO n, oldest FROM (
        SELECT "createdAt" FROM "RateLimitHit"
         WHERE bucket = s.bucket AND key = s.key AND "createdAt" >= since_at
         ORDER BY "createdAt" LIMIT s.lim) h;
    ELSE
      -- The slice holding the window's start counts whole: a hit counts for one window at least.
      SELECT coalesce(sum(hits), 0)::int, min("sliceStart") + make_interval(secs => s.slice_ms / 1000.0) INTO n, oldest
        FROM "RateLimitSlice"
       WHERE bucket = s.bucket AND key = s.key
         AND "sliceStart" >= to_timestamp(floor(extract(epoch FROM s.since) * 1000 / s.slice_ms) * s.slice_ms / 1000.0) AT TIME ZONE 'UTC';
    END IF;
    i := s.i;
    "oldestMs" := extract(epoch FROM (oldest AT TIME ZONE 'UTC')) * 1000;
    RETURN NEXT;
    EXIT WHEN n >= s.lim;
    IF s.slice_ms IS NULL THEN
      INSERT INTO "RateLimitHit" (bucket, key, "createdAt") VALUES (s.bucket, s.key, now_utc AT TIME ZONE 'UTC');
    ELSE
      INSERT INTO "RateLimitSlice" AS r (bucket, key, "sliceStart", hits)
      VALUES (s.bucket, s.key, to_timestamp(floor(extract(epoch FROM now_utc) * 1000 / s.slice_ms) * s.slice_ms / 1000.0) AT TIME ZONE 'UTC', 1)
      ON CONFLICT (bucket, key, "sliceStart") DO UPDATE SET hits = r.hits + 1;
    END IF;
  END LOOP;
END;
$$;
