/**
 * A small seeded street set around downtown Springfield, IL (about -89.65, 39.80), spaced roughly
 * 170 m apart so that a 100 m search radius finds at most one of them and a point between blocks
 * finds none.
 */
export interface SeededAddress {
  addNum: string;
  street: string;
  lon: number;
  lat: number;
}

const EAST_WEST: { name: string; lat: number; prefix: (lon: number) => string }[] = [
  { name: 'Washington St', lat: 39.8014, prefix: (lon) => (lon < -89.6501 ? 'W' : 'E') },
  { name: 'Adams St', lat: 39.7999, prefix: (lon) => (lon < -89.6501 ? 'W' : 'E') },
  { name: 'Monroe St', lat: 39.7984, prefix: (lon) => (lon < -89.6501 ? 'W' : 'E') },
  { name: 'Capitol Ave', lat: 39.7969, prefix: (lon) => (lon < -89.6501 ? 'W' : 'E') },
  { name: 'Jackson St', lat: 39.7954, prefix: (lon) => (lon < -89.6501 ? 'W' : 'E') },
];
const LONS = [-89.6545, -89.6525, -89.6485, -89.6465, -89.6445];

function build(): SeededAddress[] {
  const out: SeededAddress[] = [];
  for (const street of EAST_WEST) {
    for (const lon of LONS) {
      // US-style numbering: 100 per block away from the 6th St meridian, odd on one side.
      const blocks = Math.round(Math.abs(lon + 89.6501) / 0.002) + 1;
      out.push({ addNum: String(blocks * 100 + 1), street: `${street.prefix(lon)} ${street.name}`, lon, lat: street.lat });
    }
  }
  const sixth = [39.8022, 39.8007, 39.7992, 39.7977, 39.7962];
  sixth.forEach((lat, i) => out.push({ addNum: String(500 + i * 100), street: 'S 6th St', lon: -89.6501, lat }));
  return out;
}

export const SPRINGFIELD_ADDRESSES: readonly SeededAddress[] = build();

export const CITY = { city: 'Springfield', region: 'Illinois', regionAbbr: 'IL', postal: '62701', countryCode: 'USA' } as const;
