export { ArcgisError, type ArcgisErrorKind } from './errors';
export { type ArcgisConfig } from './geocode-server-call';
export { findAddressCandidates, type AddressCandidate, type FindAddressOptions, type SearchExtent } from './find-address';
export { reverseGeocode, type ReverseGeocodeQuery, type ReverseGeocodeResult } from './reverse-geocode';
