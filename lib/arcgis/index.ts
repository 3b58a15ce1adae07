export { ArcgisError, type ArcgisErrorKind } from './errors';
export { reverseGeocode, type ArcgisConfig, type ReverseGeocodeQuery, type ReverseGeocodeResult } from './reverse-geocode';
