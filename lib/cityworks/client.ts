import { z } from 'zod';
import { toUser } from './adapters';
import { attachmentService } from './attachments';
import { commentService, customerCallService } from './comments';
import { DEFAULT_TIMEOUT_MS, normalizeBaseUrl, type CityworksClientConfig } from './config';
import { cityworksNumber } from './dates';
import type { CityworksUser } from './domain';
import { CityworksError } from './errors';
import { createInvoker } from './invoker';
import { serviceRequestService } from './service-requests';
import { authenticate, TokenSession } from './session';
import { callJson, type TransportContext } from './transport';
import * as wire from './wire';
import { workOrderService } from './work-orders';
import { guardedFetch } from '@/lib/net/guarded-fetch';

export interface SitePreferences {
  /** The site's WKID (Value.SpatialReference), the SR that X/Y default to; null if unset. */
  spatialReference: number | null;
}

export function createCityworksClient(config: CityworksClientConfig) {
  const session = new TokenSession(() => authenticate(ctx, { loginName: config.loginName, password: config.password, online: config.online ?? false }));
  const ctx: TransportContext = {
    baseUrl: normalizeBaseUrl(config.baseUrl),
    version: config.version,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: config.fetch ?? guardedFetch,
    ...(config.onCall ? { onCall: config.onCall } : {}),
    ...(config.callSlot ? { callSlot: config.callSlot } : {}),
    secrets: () => [config.password, ...session.seenTokens],
  };
  const timeZone = config.serverTimeZone ?? 'UTC';
  const cw = createInvoker(ctx, session, timeZone);

  return {
    version: config.version,
    baseUrl: ctx.baseUrl,
    /**
     * Logs in now (the other operations log in lazily). Used by "test connection": it throws the
     * same typed errors, e.g. `invalid-credentials` with which code.
     */
    async authenticate(): Promise<void> {
      await session.fresh();
    },
    /** Whether Cityworks still accepts the current token (without renewing it). */
    async validate(): Promise<boolean> {
      const token = await session.current();
      return callJson(
        ctx,
        { operation: 'Authentication/Validate', service: 'General/Authentication/Validate', data: { Token: token }, token },
        (v) => z.boolean().parse(v),
      ).catch((err: unknown) => {
        // A rejected token is the answer "no", not a failure of the question.
        if (err instanceof z.ZodError || (err instanceof CityworksError && err.kind === 'unauthorized')) return false;
        throw err;
      });
    },
    async user(loginName?: string): Promise<CityworksUser> {
      const data = loginName ? { LoginName: loginName } : {};
      return toUser(await cw.json('Authentication/User', 'General/Authentication/User', data, wire.cwUser));
    },
    async preferences(): Promise<SitePreferences> {
      const value = await cw.json('Preferences/User', 'Ams/Preferences/User', {}, wire.preferences);
      return { spatialReference: cityworksNumber(value.SpatialReference) };
    },
    serviceRequests: serviceRequestService(cw),
    workOrders: workOrderService(cw),
    comments: commentService(cw),
    customerCalls: customerCallService(cw),
    attachments: attachmentService(cw),
  };
}

export type CityworksClient = ReturnType<typeof createCityworksClient>;
