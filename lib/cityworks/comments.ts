import { z } from 'zod';
import { toComment, toCustomerCall } from './adapters';
import { inChunks } from './chunks';
import type { ActivityType, CommentRecord, CustomerCall } from './domain';
import type { Invoker } from './invoker';
import { activityTypeCode } from './requests';
import * as wire from './wire';

/** Structured comments (Ams/Comment) on requests, work orders and inspections. */
export function commentService(cw: Invoker) {
  const tz = cw.timeZone;
  return {
    async add(activityType: ActivityType, activitySid: number, comments: string): Promise<CommentRecord> {
      const value = await cw.json(
        'Comment/Add',
        'Ams/Comment/Add',
        { ActivityType: activityTypeCode(activityType), ActivitySid: activitySid, Comments: comments },
        wire.commentRecord,
      );
      return toComment(value, tz);
    },
    async byActivitySids(activityType: ActivityType, activitySids: readonly number[]): Promise<Map<number, CommentRecord[]>> {
      const out = new Map<number, CommentRecord[]>();
      const parts = await inChunks(activitySids, async (part) => [
        await cw.json(
          'Comment/ByActivitySids',
          'Ams/Comment/ByActivitySids',
          { ActivityType: activityTypeCode(activityType), ActivitySids: part },
          z.record(z.string(), z.array(wire.commentRecord).nullable()).nullable(),
        ),
      ]);
      for (const part of parts) {
        for (const [sid, list] of Object.entries(part ?? {})) out.set(Number(sid), (list ?? []).map((c) => toComment(c, tz)));
      }
      return out;
    },
  };
}

/** Caller records; Cityworks keeps caller data apart from the request. */
export function customerCallService(cw: Invoker) {
  const tz = cw.timeZone;
  return {
    byRequestIds(requestIds: readonly number[]): Promise<CustomerCall[]> {
      return inChunks(requestIds, async (part) =>
        (
          await cw.json('CustomerCall/ByRequestIds', 'Ams/CustomerCall/ByRequestIds', { RequestIds: part }, z.array(wire.customerCall).nullable())
        )?.map((c) => toCustomerCall(c, tz)) ?? [],
      );
    },
  };
}
