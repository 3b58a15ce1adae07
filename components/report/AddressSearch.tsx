'use client';

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '@/components/api/client';
import type { LatLng } from '@/components/map/types';
import { fetchAddresses, type FoundAddress } from './address-search-api';

const MIN_CHARS = 3;
const MAX_CHARS = 200;

type Search =
  | { state: 'idle' }
  | { state: 'searching'; text: string }
  | { state: 'done'; text: string; addresses: FoundAddress[] }
  | { state: 'error'; message: string };

/**
 * "Search an address" beside the map: the organization's geocoder lists the places matching the
 * text and choosing one places the pin there. Its own form, so Enter searches instead of sending
 * the report; the results are plain buttons, reachable with Tab, and every state is announced.
 */
export function AddressSearch({ org, pin, onChoose }: { org: string; pin: LatLng | null; onChoose: (found: FoundAddress) => void }) {
  const id = useId();
  const [text, setText] = useState('');
  const [search, setSearch] = useState<Search>({ state: 'idle' });
  const [chosen, setChosen] = useState<FoundAddress | null>(null);
  const inflight = useRef<AbortController | null>(null);

  useEffect(() => () => inflight.current?.abort(), []);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    // The newest search wins: an answer to an earlier one is dropped.
    inflight.current?.abort();
    const typed = text.trim();
    if (typed.length < MIN_CHARS) return setSearch({ state: 'error', message: `Type at least ${MIN_CHARS} characters of the address.` });
    const abort = new AbortController();
    inflight.current = abort;
    setChosen(null);
    setSearch({ state: 'searching', text: typed });
    fetchAddresses(org, typed, abort.signal).then(
      (addresses) => {
        if (!abort.signal.aborted) setSearch({ state: 'done', text: typed, addresses });
      },
      (err: unknown) => {
        if (abort.signal.aborted) return;
        const message = err instanceof ApiError && err.status > 0 ? err.message : 'The address search could not be reached. Drop a pin on the map or type the coordinates instead.';
        setSearch({ state: 'error', message });
      },
    );
  }

  // Once the pin moves elsewhere (a click on the map, typed coordinates) no result is the chosen one.
  const placed = chosen && pin && pin.lat === chosen.lat && pin.lng === chosen.lng ? chosen : null;

  function choose(found: FoundAddress) {
    setChosen(found);
    onChoose(found);
  }

  return (
    <div className="address-search">
      <form role="search" aria-label="Address search" onSubmit={onSubmit} className="inline-form" noValidate>
        <div>
          <label htmlFor={`${id}-text`}>Search an address</label>
          <input
            id={`${id}-text`}
            type="search"
            autoComplete="street-address"
            maxLength={MAX_CHARS}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-describedby={`${id}-hint`}
          />
        </div>
        <button type="submit">Find address</button>
      </form>
      <p className="hint" id={`${id}-hint`}>
        The house number and street, e.g. “100 Main St”. Choose one of the results to place the pin there.
      </p>
      <div aria-live="polite" data-testid="address-results">
        {search.state === 'searching' ? <p aria-busy="true">Searching for “{search.text}”…</p> : null}
        {search.state === 'error' ? <p role="alert" className="error">{search.message}</p> : null}
        {search.state === 'done' && search.addresses.length === 0 ? (
          <p role="status">No address found for “{search.text}”. Check the spelling, or drop a pin on the map.</p>
        ) : null}
        {search.state === 'done' && search.addresses.length > 0 ? (
          <>
            <p id={`${id}-results`}>
              {search.addresses.length === 1 ? '1 address found' : `${search.addresses.length} addresses found`} for “{search.text}”:
            </p>
            <ul className="address-results" aria-labelledby={`${id}-results`}>
              {search.addresses.map((a) => (
                <li key={`${a.address}|${a.lat}|${a.lng}`}>
                  <button type="button" className="secondary" aria-current={placed === a ? 'true' : undefined} onClick={() => choose(a)}>
                    {a.address}
                  </button>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {placed ? <p role="status" className="ok">Pin placed at {placed.address}.</p> : null}
      </div>
    </div>
  );
}
