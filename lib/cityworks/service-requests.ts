import { z } from 'zod';
import { toCodeDescription, toProblem, toProblemQa, toServiceRequest } from './adapters';
import { inChunks } from './chunks';
import type { CodeDescription, Problem, ProblemQa, RemoteServiceRequest } from './domain';
import type { Invoker } from './invoker';
import {
  createServiceRequestData,
  serviceRequestSearchData,
  updateServiceRequestData,
  type CreateServiceRequestInput,
  type ServiceRequestSearch,
  type UpdateServiceRequestInput,
} from './requests';
import * as wire from './wire';

const SR = 'Ams/ServiceRequest';

/** Some servers answer a single record where the SDK types a list (ByOtherSystemId); accept both. */
const oneOrMany = z.union([z.array(wire.requestBase), wire.requestBase.transform((r) => [r]), z.null().transform(() => [])]);

export interface ProblemsQuery {
  forPublicOnly?: boolean;
  domainId?: number;
  onlyActiveTemplates?: boolean;
}

export function serviceRequestService(cw: Invoker) {
  const tz = cw.timeZone;
  const toDomain = (w: wire.WireRequest) => toServiceRequest(w, tz);
  const many = async (operation: string, data: unknown) =>
    (await cw.json(operation, `${SR}/${operation.split('/')[1]}`, data, z.array(wire.requestBase))).map(toDomain);

  return {
    async create(input: CreateServiceRequestInput): Promise<RemoteServiceRequest> {
      return toDomain(await cw.json('ServiceRequest/Create', `${SR}/Create`, createServiceRequestData(input, tz), wire.requestBase));
    },
    async byId(requestId: number): Promise<RemoteServiceRequest> {
      return toDomain(await cw.json('ServiceRequest/ById', `${SR}/ById`, { RequestId: requestId }, wire.requestBase));
    },
    byIds(requestIds: readonly number[]): Promise<RemoteServiceRequest[]> {
      return inChunks(requestIds, (part) => many('ServiceRequest/ByIds', { RequestIds: part }));
    },
    /** Returns RequestIds only; read the records with byIds. A `requestIds` filter is chunked. */
    async search(query: ServiceRequestSearch): Promise<number[]> {
      const run = (q: ServiceRequestSearch) =>
        cw.json('ServiceRequest/Search', `${SR}/Search`, serviceRequestSearchData(q, tz), z.array(wire.id).nullable().transform((v) => v ?? []));
      if (!query.requestIds) return run(query);
      const ids = await inChunks(query.requestIds, (part) => run({ ...query, requestIds: part }));
      return [...new Set(ids)];
    },
    async update(input: UpdateServiceRequestInput): Promise<RemoteServiceRequest> {
      return toDomain(await cw.json('ServiceRequest/Update', `${SR}/Update`, updateServiceRequestData(input, tz), wire.requestBase));
    },
    close(requestIds: readonly number[]): Promise<RemoteServiceRequest[]> {
      return inChunks(requestIds, (part) => many('ServiceRequest/Close', { RequestIds: part }));
    },
    cancel(requestIds: readonly number[], options: { cancelReason?: string; dateCancelled?: Date } = {}): Promise<RemoteServiceRequest[]> {
      return inChunks(requestIds, (part) =>
        many('ServiceRequest/Cancel', {
          RequestIds: part,
          ...(options.cancelReason !== undefined ? { CancelReason: options.cancelReason } : {}),
          ...(options.dateCancelled ? { DateCancelled: options.dateCancelled.toISOString() } : {}),
        }),
      );
    },
    async problems(query: ProblemsQuery = {}): Promise<Problem[]> {
      const data: Record<string, unknown> = {};
      if (query.forPublicOnly !== undefined) data.ForPublicOnly = query.forPublicOnly;
      if (query.domainId !== undefined) data.DomainId = query.domainId;
      if (query.onlyActiveTemplates !== undefined) data.OnlyActiveTemplates = query.onlyActiveTemplates;
      return (await cw.json('ServiceRequest/Problems', `${SR}/Problems`, data, z.array(wire.problemName))).map(toProblem);
    },
    async qa(problemSid: number): Promise<ProblemQa> {
      return toProblemQa(await cw.json('ServiceRequest/QA', `${SR}/QA`, { ProblemSid: problemSid }, wire.problemQa));
    },
    async statuses(): Promise<CodeDescription[]> {
      return (await cw.json('ServiceRequest/Statuses', `${SR}/Statuses`, {}, z.array(wire.codeDesc))).map(toCodeDescription);
    },
    /** Finds the SRs carrying our id: the lookup that makes a retried create idempotent. */
    async byOtherSystemId(otherSystemId: string): Promise<RemoteServiceRequest[]> {
      return (await cw.json('ServiceRequest/ByOtherSystemId', `${SR}/ByOtherSystemId`, { OtherSystemId: otherSystemId }, oneOrMany)).map(toDomain);
    },
    async addComments(requestId: number, comments: string): Promise<string> {
      return cw.json('ServiceRequest/AddComments', `${SR}/AddComments`, { RequestId: requestId, Comments: comments }, wire.text);
    },
    /** All comments of one SR as the single text Cityworks keeps them in. */
    async comments(requestId: number): Promise<string> {
      return cw.json('ServiceRequest/Comments', `${SR}/Comments`, { RequestId: requestId }, wire.text);
    },
    async commentsByRequestIds(requestIds: readonly number[]): Promise<Map<number, string>> {
      const out = new Map<number, string>();
      const parts = await inChunks(requestIds, async (part) => [
        await cw.json('ServiceRequest/CommentsByRequestIds', `${SR}/CommentsByRequestIds`, { RequestIds: part }, z.record(z.string(), wire.text).nullable()),
      ]);
      for (const part of parts) for (const [key, value] of Object.entries(part ?? {})) out.set(Number(key), value);
      return out;
    },
  };
}

export type ServiceRequestService = ReturnType<typeof serviceRequestService>;

