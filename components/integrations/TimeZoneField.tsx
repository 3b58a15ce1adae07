'use client';

import { useMemo } from 'react';
import { ianaTimeZones } from '@/lib/integrations/time-zones';
import { Field } from './Field';

/**
 * The Cityworks server's time zone, chosen from the IANA list. The stored zone is offered even if
 * this browser's list lacks it, so opening the page never changes the setting by itself.
 */
export function TimeZoneField({ value, onChange, error }: { value: string; onChange: (tz: string) => void; error?: string | undefined }) {
  const zones = useMemo(() => {
    const list = ianaTimeZones();
    return list.includes(value) ? list : [value, ...list];
  }, [value]);
  return (
    <Field
      label="Cityworks server time zone"
      hint="Cityworks writes dates in its server's local time without a zone: dates read from Cityworks, and the window of the request import, use this zone."
      error={error}
    >
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {zones.map((z) => <option key={z} value={z}>{z.replace(/_/g, ' ')}</option>)}
      </select>
    </Field>
  );
}
