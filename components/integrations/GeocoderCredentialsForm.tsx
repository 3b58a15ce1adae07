'use client';

import { useState, type FormEvent } from 'react';
import type { ZodError } from 'zod';
import { GEOCODER_AUTH_KINDS, GEOCODER_AUTH_LABELS, geocoderCredentialsSchema, type GeocoderAuthKind } from '@/lib/integrations/geocoder-credentials-schema';
import type { IntegrationView } from '@/lib/integrations/settings-view';
import { useIntegrationSave } from '@/components/hooks/use-integration-save';
import { Field, SaveState } from './Field';
import { fieldErrors } from './zod-issues';

/**
 * How the integration signs in to a secured ArcGIS locator. The API key and password are write-only
 * like the Cityworks passwords: the page knows only when one was set; an empty field keeps it.
 */
export function GeocoderCredentialsForm({ org, view }: { org: string; view: IntegrationView }) {
  const stored = view.geocoderAuth;
  const [kind, setKind] = useState<GeocoderAuthKind>(stored.kind);
  const [username, setUsername] = useState(stored.username ?? '');
  const [secret, setSecret] = useState('');
  const [localError, setLocalError] = useState<ZodError | null>(null);
  const save = useIntegrationSave(org, 'geocoder-credentials');
  const errors = fieldErrors(localError, save.error);
  const disabled = !view.can.editCredentials;
  const keeps = stored.kind === kind && stored.secretSetAt !== null && (kind !== 'USER_PASSWORD' || stored.username === username.trim());

  function submit(e: FormEvent) {
    e.preventDefault();
    const body = kind === 'NONE' ? { kind } : kind === 'API_KEY' ? { kind, apiKey: secret } : { kind, username, password: secret };
    const parsed = geocoderCredentialsSchema.safeParse(body);
    setLocalError(parsed.success ? null : parsed.error);
    if (!parsed.success) return;
    save.mutate(body, { onSuccess: () => setSecret('') });
  }

  return (
    <form onSubmit={submit} aria-label="Geocoder credentials" noValidate>
      <fieldset disabled={disabled}>
        <legend>Geocoder sign-in</legend>
        <Field label="Geocoder credentials" hint="For a secured locator: a user name and password are exchanged for short-lived tokens, renewed before they expire." error={errors.kind}>
          <select value={kind} onChange={(e) => { setKind(e.target.value as GeocoderAuthKind); setSecret(''); setLocalError(null); }}>
            {GEOCODER_AUTH_KINDS.map((k) => <option key={k} value={k}>{GEOCODER_AUTH_LABELS[k]}</option>)}
          </select>
        </Field>
        {kind === 'USER_PASSWORD' ? (
          <Field label="Geocoder user name" hint="An ArcGIS Server or portal account that may use the locator." error={errors.username}>
            <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
          </Field>
        ) : null}
        {kind !== 'NONE' ? (
          <Field
            label={kind === 'API_KEY' ? 'Geocoder API key' : 'Geocoder password'}
            hint={keeps ? `Set ${new Date(stored.secretSetAt!).toLocaleString()}. Leave empty to keep it.` : 'Stored encrypted; never shown again.'}
            error={kind === 'API_KEY' ? errors.apiKey : errors.password}
          >
            <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" />
          </Field>
        ) : null}
        {disabled ? null : <div className="actions"><button type="submit" disabled={save.isPending}>Save geocoder credentials</button></div>}
        <SaveState pending={save.isPending} error={save.error ? save.error.message : null} success={save.isSuccess ? 'Geocoder credentials saved.' : null} />
      </fieldset>
    </form>
  );
}
