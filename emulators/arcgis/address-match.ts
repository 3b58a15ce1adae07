import { CITY, SPRINGFIELD_ADDRESSES, type SeededAddress } from './addresses';

/**
 * Single-line address matching for findAddressCandidates, enough to behave like a city locator on
 * the seeded streets: the house number and the street words are compared case-insensitively, with
 * the usual abbreviations. Every address on a matching street is a candidate; the one with the typed
 * house number is a point match (100 when every street word was typed), the others street matches
 * scored lower, so "E Adams" alone lists the whole street and a number that does not exist still
 * finds its street.
 */

export interface AddressMatch {
  address: SeededAddress;
  score: number;
  /** Esri's Addr_type of the candidate. */
  addrType: 'PointAddress' | 'StreetName';
}

export const POINT_SCORE = 100;
export const STREET_SCORE = 80;
/** Per street word of the candidate the text did not have (the directional, the suffix). */
const MISSING_WORD_PENALTY = 2;

const ABBREVIATIONS: Record<string, string> = {
  east: 'e',
  west: 'w',
  north: 'n',
  south: 's',
  street: 'st',
  avenue: 'ave',
  av: 'ave',
};

// The city, state, ZIP and country add nothing in a one-city locator; they neither match nor hurt.
const CITY_WORDS = new Set([CITY.city, CITY.region, CITY.regionAbbr, CITY.postal, CITY.countryCode, 'US'].map((w) => w.toLowerCase()));

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s,.#]+/)
    .filter(Boolean)
    .map((w) => ABBREVIATIONS[w] ?? w);
}

interface ParsedText {
  houseNumber: string | null;
  street: string[];
}

function parse(text: string): ParsedText {
  const all = words(text).filter((w) => !CITY_WORDS.has(w));
  const houseNumber = all[0] && /^\d+$/.test(all[0]) ? all[0] : null;
  return { houseNumber, street: houseNumber ? all.slice(1) : all };
}

/** Best first: score, then house numbers nearest the typed one, then street and number order. */
export function matchAddresses(text: string): AddressMatch[] {
  const q = parse(text);
  if (q.street.length === 0) return [];
  const matches: AddressMatch[] = [];
  for (const a of SPRINGFIELD_ADDRESSES) {
    const streetWords = words(a.street);
    if (!q.street.every((w) => streetWords.includes(w))) continue;
    const missing = streetWords.filter((w) => !q.street.includes(w)).length;
    const point = q.houseNumber === a.addNum;
    matches.push({
      address: a,
      score: (point ? POINT_SCORE : STREET_SCORE) - missing * MISSING_WORD_PENALTY,
      addrType: point ? 'PointAddress' : 'StreetName',
    });
  }
  const typed = q.houseNumber ? Number(q.houseNumber) : 0;
  return matches.sort(
    (x, y) =>
      y.score - x.score ||
      Math.abs(Number(x.address.addNum) - typed) - Math.abs(Number(y.address.addNum) - typed) ||
      x.address.street.localeCompare(y.address.street) ||
      Number(x.address.addNum) - Number(y.address.addNum),
  );
}
