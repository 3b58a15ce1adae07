import type { RemoteKind } from '@/generated/prisma/enums';
import { remoteFieldValue, type RemoteServiceRequest, type RemoteWorkOrder } from '@/lib/cityworks';
import type { IntegrationSettings } from '@/lib/integrations/settings';

/** What poll-updates needs of an SR or a WO, whichever it is. */
export interface RemoteState {
  kind: RemoteKind;
  remoteId: string;
  /** ActivitySid for structured comments: RequestId, or WorkOrderSid. */
  activitySid: number | null;
  status: string;
  isClosed: boolean;
  cancelled: boolean;
  raw: Record<string, unknown>;
}

export function fromServiceRequest(r: RemoteServiceRequest): RemoteState {
  return { kind: 'SERVICE_REQUEST', remoteId: String(r.requestId), activitySid: r.requestId, status: r.status, isClosed: r.isClosed, cancelled: r.cancelled, raw: r.raw };
}

export function fromWorkOrder(w: RemoteWorkOrder): RemoteState {
  return { kind: 'WORK_ORDER', remoteId: w.workOrderId, activitySid: w.workOrderSid, status: w.status, isClosed: w.isClosed, cancelled: w.cancelled, raw: w.raw };
}

export type Outcome = { kind: 'closed'; status: string } | { kind: 'canceled'; status: string } | { kind: 'open'; status: string };

const inList = (list: readonly string[], status: string) => list.some((s) => s.toUpperCase() === status.trim().toUpperCase());

/**
 * The status mapping. A cancel wins over a close (Cityworks can mark a canceled record closed too),
 * unless cancel handling is switched off: then a cancel is only a status, closed or open by the
 * closing rule like any other. Closing is decided by the configured closed statuses; Cityworks' own
 * IsClosed flag decides only when none are configured, so a city whose "closed" records are still
 * being worked (IsClosed set by a workflow step, say) keeps its issues open until its own status.
 */
export function outcomeOf(state: RemoteState, settings: IntegrationSettings): Outcome {
  const status = state.status.trim();
  if (settings.switches.handleCancel && (state.cancelled || inList(settings.canceledStatuses, status))) return { kind: 'canceled', status };
  const closed = settings.closedStatuses.length > 0 ? inList(settings.closedStatuses, status) : state.isClosed;
  if (closed) return { kind: 'closed', status };
  return { kind: 'open', status };
}

/** The observed field's value as text; null when Cityworks holds its "no value" sentinel. */
export function observedValue(state: RemoteState, field: string): string | null {
  const v = remoteFieldValue(state.raw, field);
  if (v === null) return null;
  const text = String(v).trim();
  return text === '' ? null : text;
}
