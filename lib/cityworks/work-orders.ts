import { z } from 'zod';
import { toCodeDescription, toTemplate, toWorkOrder } from './adapters';
import { inChunks } from './chunks';
import type { CodeDescription, RemoteWorkOrder, WorkOrderTemplate } from './domain';
import type { Invoker } from './invoker';
import { createWorkOrderData, workOrderSearchData, type CreateWorkOrderInput, type WorkOrderSearch } from './requests';
import * as wire from './wire';

const WO = 'Ams/WorkOrder';
const woIds = z
  .array(z.union([z.string(), z.number()]).transform(String))
  .nullable()
  .transform((v) => v ?? []);

export interface TemplatesQuery {
  entityType: string;
  entityTypes?: string[];
  canCreate?: boolean;
  domainId?: number;
}

export function workOrderService(cw: Invoker) {
  const tz = cw.timeZone;
  const many = async (operation: string, data: unknown): Promise<RemoteWorkOrder[]> =>
    (await cw.json(operation, `${WO}/${operation.split('/')[1]}`, data, z.array(wire.workOrderBase))).map((w) => toWorkOrder(w, tz));

  return {
    /** Cityworks answers Create with a list (one WO per entity); usually exactly one. */
    create(input: CreateWorkOrderInput): Promise<RemoteWorkOrder[]> {
      return many('WorkOrder/Create', createWorkOrderData(input, tz));
    },
    async byId(workOrderId: string): Promise<RemoteWorkOrder> {
      return toWorkOrder(await cw.json('WorkOrder/ById', `${WO}/ById`, { WorkOrderId: workOrderId }, wire.workOrderBase), tz);
    },
    byIds(workOrderIds: readonly string[]): Promise<RemoteWorkOrder[]> {
      return inChunks(workOrderIds, (part) => many('WorkOrder/ByIds', { WorkOrderIds: part }));
    },
    /** Returns WorkOrderIds (strings). A `workOrderIds` filter is chunked. */
    async search(query: WorkOrderSearch): Promise<string[]> {
      const run = (q: WorkOrderSearch) => cw.json('WorkOrder/Search', `${WO}/Search`, workOrderSearchData(q, tz), woIds);
      if (!query.workOrderIds) return run(query);
      return [...new Set(await inChunks(query.workOrderIds, (part) => run({ ...query, workOrderIds: part })))];
    },
    async templates(query: TemplatesQuery): Promise<WorkOrderTemplate[]> {
      const data: Record<string, unknown> = { EntityType: query.entityType };
      if (query.entityTypes) data.EntityTypes = query.entityTypes;
      if (query.canCreate !== undefined) data.CanCreate = query.canCreate;
      if (query.domainId !== undefined) data.DomainId = query.domainId;
      return (await cw.json('WorkOrder/Templates', `${WO}/Templates`, data, z.array(wire.woTemplateName))).map(toTemplate);
    },
    close(workOrderIds: readonly string[]): Promise<RemoteWorkOrder[]> {
      return inChunks(workOrderIds, (part) => many('WorkOrder/Close', { WorkOrderIds: part }));
    },
    cancel(workOrderIds: readonly string[], options: { cancelReason?: string } = {}): Promise<RemoteWorkOrder[]> {
      return inChunks(workOrderIds, (part) =>
        many('WorkOrder/Cancel', {
          WorkOrderIds: part,
          ...(options.cancelReason !== undefined ? { CancelReason: options.cancelReason } : {}),
        }),
      );
    },
    async addComments(target: { workOrderId?: string; workOrderSid?: number }, comments: string): Promise<void> {
      const data: Record<string, unknown> = { Comments: comments };
      if (target.workOrderId !== undefined) data.WorkOrderId = target.workOrderId;
      if (target.workOrderSid !== undefined) data.WorkOrderSid = target.workOrderSid;
      // The answer differs by version (text, record or true); only success matters here.
      await cw.json('WorkOrder/AddComments', `${WO}/AddComments`, data, z.unknown());
    },
    async statuses(): Promise<CodeDescription[]> {
      return (await cw.json('WorkOrder/Statuses', `${WO}/Statuses`, {}, z.array(wire.codeDesc))).map(toCodeDescription);
    },
  };
}

export type WorkOrderService = ReturnType<typeof workOrderService>;
