import type { SiteContext } from './context';
import { ErrorCodes, serviceError } from './envelope';
import { employeeName } from './records';
import type { CommentRecord, UserRecord } from './types';
import { localNow } from './wire-dates';

export const ActivityType = { Request: 1, WorkOrder: 2 } as const;

export function activityExists(ctx: SiteContext, activityType: number, sid: number): string | undefined {
  const s = ctx.store.state;
  if (activityType === ActivityType.Request) return s.requests.some((r) => r.RequestId === sid) ? String(sid) : undefined;
  if (activityType === ActivityType.WorkOrder) return s.workOrders.find((w) => w.WorkOrderSid === sid)?.WorkOrderId;
  return undefined;
}

export function addComment(ctx: SiteContext, activityType: number, sid: number, text: string, author: UserRecord): CommentRecord {
  if (text.trim() === '') throw serviceError('Comment', ErrorCodes.comment.MissingComments, 'MissingComments', 'Comments are required');
  const activityId = activityExists(ctx, activityType, sid);
  if (activityId === undefined) throw serviceError('Comment', ErrorCodes.comment.InvalidActivityId, 'InvalidActivityId', `No activity ${sid} of type ${activityType}`);
  const now = localNow();
  const c: CommentRecord = {
    CommentId: ctx.store.nextId('comment'), ActivityType: activityType, ActivitySid: sid, ActivityId: activityId, Comments: text,
    AuthorSid: author.EmployeeSid, AuthorName: employeeName(author), DateCreated: now, LastModified: now, LastModifiedBySid: author.EmployeeSid,
  };
  ctx.store.state.comments.push(c);
  return c;
}

export function commentsFor(ctx: SiteContext, activityType: number, sid: number): CommentRecord[] {
  return ctx.store.state.comments
    .filter((c) => c.ActivityType === activityType && c.ActivitySid === sid)
    .sort((a, b) => a.CommentId - b.CommentId);
}

/** The string form of ServiceRequest/Comments: every comment, oldest first, one per line. */
export function commentsAsText(ctx: SiteContext, activityType: number, sid: number): string {
  return commentsFor(ctx, activityType, sid).map((c) => c.Comments).join('\r\n');
}
