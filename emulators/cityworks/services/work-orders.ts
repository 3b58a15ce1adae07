import { ActivityType, addComment } from '../comment-ops';
import { requireWriter, type RouteDef } from '../context';
import { ErrorCodes, serviceError } from '../envelope';
import {
  cancelWorkOrders, closeWorkOrders, createWorkOrder, getWorkOrder, moveWorkOrder, reopenWorkOrders, searchWorkOrders,
} from '../work-order-ops';

const SVC = 'WorkOrder';

export const workOrderRoutes: RouteDef[] = [
  // "Verified" service: the Value is an array and the envelope carries WebServiceRequestId.
  { path: 'Ams/WorkOrder/Create', auth: true, verified: true, handler: (c) => ({ value: [createWorkOrder(c, c.args, c.user)] }) },
  { path: 'Ams/WorkOrder/ById', auth: true, handler: (c) => ({ value: getWorkOrder(c, c.args.str('WorkOrderId'), c.args.num('WorkOrderSid')) }) },
  {
    path: 'Ams/WorkOrder/ByIds', auth: true,
    handler: (c) => {
      const ids = new Set(c.args.strList('WorkOrderIds') ?? []);
      const sids = new Set(c.args.numList('WorkOrderSids') ?? []);
      return { value: c.store.state.workOrders.filter((w) => ids.has(w.WorkOrderId) || sids.has(w.WorkOrderSid)) };
    },
  },
  { path: 'Ams/WorkOrder/Search', auth: true, handler: (c) => ({ value: searchWorkOrders(c, c.args) }) },
  { path: 'Ams/WorkOrder/Move', auth: true, handler: (c) => ({ value: moveWorkOrder(c, c.args, c.user) }) },
  { path: 'Ams/WorkOrder/Close', auth: true, handler: (c) => ({ value: closeWorkOrders(c, c.args, c.user) }) },
  { path: 'Ams/WorkOrder/Cancel', auth: true, handler: (c) => ({ value: cancelWorkOrders(c, c.args, c.user) }) },
  { path: 'Ams/WorkOrder/ReOpen', auth: true, handler: (c) => ({ value: reopenWorkOrders(c, c.args, c.user) }) },
  { path: 'Ams/WorkOrder/Statuses', auth: true, handler: (c) => ({ value: c.store.state.workOrderStatuses }) },
  {
    path: 'Ams/WorkOrder/Templates', auth: true,
    handler: (c) => {
      const types = [...(c.args.strList('EntityType') ?? []), ...(c.args.strList('EntityTypes') ?? [])].map((t) => t.toUpperCase());
      if (types.length === 0) throw serviceError(SVC, ErrorCodes.request.ErrorRequiredFields, 'ErrorRequiredFields', 'EntityType is required');
      // CanCreate: only the templates the signed-in user may create work orders from (none for a
      // read-only user): how an integration checks create permission without creating anything.
      if (c.args.bool('CanCreate') === true && !c.user?.CanCreate) return { value: [] };
      return {
        value: c.store.state.woTemplates
          .filter((t) => types.includes(t.ApplyToEntity.toUpperCase()))
          .map(({ WOTemplateId, Description, ApplyToEntity, WOCategory, DomainId, IsTemplateClass }) => ({ WOTemplateId, Description, ApplyToEntity, WOCategory, DomainId, IsTemplateClass })),
      };
    },
  },
  {
    path: 'Ams/WorkOrder/AddComments', auth: true,
    handler: (c) => {
      const user = requireWriter(c.user, SVC, ErrorCodes.request.NotAuthorizedToCreateRequest, 'NotAuthorized');
      const w = getWorkOrder(c, c.args.str('WorkOrderId'), c.args.num('WorkOrderSid'));
      return { value: addComment(c, ActivityType.WorkOrder, w.WorkOrderSid, c.args.str('Comments') ?? '', user).Comments };
    },
  },
];
