/**
 * The inbound names of the integration session (lib/sync/session.ts), kept at their first address
 * for the stream that has not moved onto runInboundStream yet (poll-updates).
 */
export { IntegrationNotReadyError, openRemote, type OpenRemoteOptions, type RemoteSession } from '../session';
