export { createCityworksClient, type CityworksClient, type SitePreferences } from './client';
export {
  CITYWORKS_VERSIONS,
  DEFAULT_TIMEOUT_MS,
  normalizeBaseUrl,
  type CallEvent,
  type CityworksClientConfig,
  type CityworksVersion,
} from './config';
export { MAX_IDS_PER_CALL } from './chunks';
export { formatCityworksDate, parseCityworksDate } from './dates';
export { remoteFieldValue } from './adapters';
export type * from './domain';
export {
  CityworksError,
  isCityworksError,
  type CityworksErrorKind,
  type CityworksMessage,
  type CredentialProblem,
  type NotCityworksBody,
} from './errors';
export type {
  CreateServiceRequestInput,
  CreateWorkOrderInput,
  ServiceRequestSearch,
  UpdateServiceRequestInput,
  WorkOrderSearch,
} from './requests';
export type { DownloadedFile } from './transport';
