export { ArcgisError, type ArcgisErrorKind } from './errors';
export { type ArcgisConfig } from './geocode-server-call';
export { reverseGeocode, type ReverseGeocodeQuery, type ReverseGeocodeResult } from './reverse-geocode';
