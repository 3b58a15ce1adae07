'use client';

import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { GeoMap } from '@/components/map/GeoMap';
import type { LatLng } from '@/components/map/types';
import { AddressSearch } from './AddressSearch';
import type { FoundAddress } from './address-search-api';
import { fetchCategoriesAt, type OfferedCategory } from './categories-at';

type Lookup = { state: 'none' } | { state: 'loading' } | { state: 'done'; categories: OfferedCategory[] } | { state: 'error'; message: string };

const NO_LAYERS = [] as const;

/**
 * Where is the problem, and which categories may be reported there. A click on the map drops the pin;
 * typing the latitude and longitude does the same for keyboard and screen reader users, and so does
 * choosing a result of the address search where the organization has a geocoder. The chosen
 * category is kept in `value` for the citizen report form to build on.
 */
export interface ReportPlace {
  pin: LatLng | null;
  category: OfferedCategory | null;
}

export function ReportLocationPicker({
  org,
  initialBbox,
  addressSearch = false,
  onChange,
  onAddress,
  locationError,
  categoryError,
}: {
  /** The report form's "no location" / "no category" errors, shown and announced with their controls. */
  locationError?: string;
  categoryError?: string;
  org: string;
  initialBbox: [number, number, number, number] | null;
  /** Whether the organization has a geocoder to search addresses with. */
  addressSearch?: boolean;
  onChange?: (place: ReportPlace) => void;
  /** The address of a chosen search result, for the report's address field. */
  onAddress?: (address: string) => void;
}) {
  const [pin, setPin] = useState<LatLng | null>(null);
  const [latText, setLatText] = useState('');
  const [lngText, setLngText] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const [lookup, setLookup] = useState<Lookup>({ state: 'none' });
  const [category, setCategory] = useState<string | null>(null);
  const [focus, setFocus] = useState<LatLng | null>(null);

  const inflight = useRef<AbortController | null>(null);
  const notify = useRef(onChange);
  useEffect(() => {
    notify.current = onChange;
  }, [onChange]);
  useEffect(() => {
    const offered = lookup.state === 'done' ? lookup.categories.find((c) => c.id === category) ?? null : null;
    notify.current?.({ pin, category: offered });
  }, [pin, category, lookup]);

  // The newest location wins: an answer for a pin that has since moved is dropped.
  const choose = useCallback(
    (p: LatLng) => {
      inflight.current?.abort();
      const abort = new AbortController();
      inflight.current = abort;
      setPin(p);
      setCategory(null);
      setLookup({ state: 'loading' });
      fetchCategoriesAt(org, p.lat, p.lng, abort.signal).then(
        (categories) => {
          if (!abort.signal.aborted) setLookup({ state: 'done', categories });
        },
        (err: unknown) => {
          if (!abort.signal.aborted) setLookup({ state: 'error', message: err instanceof Error ? err.message : String(err) });
        },
      );
    },
    [org],
  );

  useEffect(() => () => inflight.current?.abort(), []);

  const onPick = useCallback(
    (p: LatLng) => {
      setInputError(null);
      setLatText(p.lat.toFixed(6));
      setLngText(p.lng.toFixed(6));
      choose(p);
    },
    [choose],
  );

  // A search result is a pin like any other (same category lookup); the map also moves to it,
  // since the place may be far from what the map shows.
  const onFound = useCallback(
    (found: FoundAddress) => {
      const p = { lat: found.lat, lng: found.lng };
      onPick(p);
      setFocus(p);
      onAddress?.(found.address);
    },
    [onPick, onAddress],
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const lat = Number(latText);
    const lng = Number(lngText);
    if (latText.trim() === '' || !Number.isFinite(lat) || lat < -90 || lat > 90) return setInputError('Enter a latitude between -90 and 90.');
    if (lngText.trim() === '' || !Number.isFinite(lng) || lng < -180 || lng > 180) return setInputError('Enter a longitude between -180 and 180.');
    setInputError(null);
    choose({ lat, lng });
  }

  return (
    <>
      <section className="card">
        <h2>1. Where is it?</h2>
        <p className="hint">
          {addressSearch ? 'Search an address, click the map to drop a pin, or type the coordinates.' : 'Click the map to drop a pin, or type the coordinates.'}
        </p>
        {addressSearch ? <AddressSearch org={org} pin={pin} onChoose={onFound} /> : null}
        <GeoMap label="Map: click to place the problem" layers={NO_LAYERS} pin={pin} focus={focus} onPick={onPick} initialBbox={initialBbox} testId="report-map" />
        <form onSubmit={onSubmit} className="coords" noValidate>
          <div>
            <label htmlFor="report-lat">Latitude</label>
            <input
              id="report-lat"
              inputMode="decimal"
              value={latText}
              onChange={(e) => setLatText(e.target.value)}
              aria-invalid={locationError ? true : undefined}
              aria-describedby={locationError ? 'location-error' : undefined}
            />
          </div>
          <div>
            <label htmlFor="report-lng">Longitude</label>
            <input id="report-lng" inputMode="decimal" value={lngText} onChange={(e) => setLngText(e.target.value)} />
          </div>
          <button type="submit">Use this location</button>
        </form>
        {inputError ? <p role="alert" className="error">{inputError}</p> : null}
        {locationError ? <p className="error" id="location-error">{locationError}</p> : null}
      </section>
      <section className="card" aria-live="polite" data-testid="report-categories">
        <h2>2. What is it?</h2>
        {lookup.state === 'none' ? <p className="muted">Choose a location first.</p> : null}
        {categoryError && lookup.state !== 'none' ? <p className="error" id="category-error">{categoryError}</p> : null}
        {lookup.state === 'loading' ? <p aria-busy="true">Finding the categories for this location…</p> : null}
        {lookup.state === 'error' ? <p role="alert" className="error">{lookup.message}</p> : null}
        {lookup.state === 'done' && lookup.categories.length === 0 ? <p role="status">No category is available at this location.</p> : null}
        {lookup.state === 'done' && lookup.categories.length > 0 ? (
          <fieldset aria-describedby={categoryError ? 'category-error' : undefined}>
            <legend>Category</legend>
            {lookup.categories.map((c) => (
              <div key={c.id} className="choice">
                <input type="radio" id={`category-${c.id}`} name="category" value={c.id} checked={category === c.id} onChange={() => setCategory(c.id)} />
                <label htmlFor={`category-${c.id}`}>{c.name}</label>
              </div>
            ))}
          </fieldset>
        ) : null}
      </section>
    </>
  );
}
