'use client';

import { useState, type FormEvent } from 'react';
import type { ZodError } from 'zod';
import { connectionSchema, DEPLOYMENT_LABELS, DEPLOYMENTS, ENVIRONMENT_LABELS, ENVIRONMENTS, MODE_LABELS, MODES, type ConnectionInput } from '@/lib/integrations/connection-schema';
import type { IntegrationView } from '@/lib/integrations/settings-view';
import { requiredSridReason, VERSION_OPTIONS } from '@/lib/integrations/versions';
import { useIntegrationSave } from '@/components/hooks/use-integration-save';
import { useIntegrationSrid } from '@/components/hooks/use-integration-srid';
import { Field, SaveState } from './Field';
import { fieldErrors } from './zod-issues';

/** Version, deployment, mode, active environment, GIS and the bot's name (implementation managers). */
export function ConnectionForm({ org, view }: { org: string; view: IntegrationView }) {
  const [form, setForm] = useState<ConnectionInput>(view.connection);
  const [sridText, setSridText] = useState(String(view.connection.srid));
  const [localError, setLocalError] = useState<ZodError | null>(null);
  const save = useIntegrationSave(org, 'connection');
  const srid = /^\d+$/.test(sridText) ? Number(sridText) : null;
  const sridInfo = useIntegrationSrid(org, srid);
  const errors = fieldErrors(localError, save.error);
  const fixedReason = requiredSridReason(form.version);
  const set = <K extends keyof ConnectionInput>(k: K, v: ConnectionInput[K]) => setForm((f) => ({ ...f, [k]: v }));

  function submit(e: FormEvent) {
    e.preventDefault();
    const body = { ...form, srid: srid ?? Number.NaN };
    const parsed = connectionSchema.safeParse(body);
    setLocalError(parsed.success ? null : parsed.error);
    if (parsed.success) save.mutate(body);
  }

  const sridHint = fixedReason
    ? fixedReason
    : sridInfo.data?.known
      ? `${sridInfo.data.name} (${sridInfo.data.units})${sridInfo.data.area ? ` — ${sridInfo.data.area}` : ''}`
      : 'The spatial reference Cityworks stores X/Y in, e.g. 2249 (Massachusetts state plane, US feet).';
  // The live EPSG answer is about the SRID as typed now, so it wins over an error from the last submit.
  const sridError = (srid !== null && sridInfo.data && !sridInfo.data.known ? `SRID ${srid} is neither an EPSG code nor an Esri WKID we know.` : undefined) ?? errors.srid;

  return (
    <form onSubmit={submit} aria-label="Connection" noValidate>
      <fieldset disabled={!view.can.editSettings}>
        <legend>Cityworks server</legend>
        <Field label="Cityworks version" error={errors.version}>
          <select value={form.version} onChange={(e) => {
            const version = e.target.value as ConnectionInput['version'];
            set('version', version);
            if (requiredSridReason(version)) setSridText('3857');
          }}>
            {VERSION_OPTIONS.map((v) => <option key={v.value} value={v.value}>{v.label}</option>)}
          </select>
        </Field>
        <Field label="Deployment" error={errors.deployment}>
          <select value={form.deployment} onChange={(e) => set('deployment', e.target.value as ConnectionInput['deployment'])}>
            {DEPLOYMENTS.map((d) => <option key={d} value={d}>{DEPLOYMENT_LABELS[d]}</option>)}
          </select>
        </Field>
        <Field label="Mode" hint="What issues become in Cityworks." error={errors.mode}>
          <select value={form.mode} onChange={(e) => set('mode', e.target.value as ConnectionInput['mode'])}>
            {MODES.map((m) => <option key={m} value={m}>{MODE_LABELS[m]}</option>)}
          </select>
        </Field>
        <Field label="Active environment" hint="The environment the sync engine uses." error={errors.environment}>
          <select value={form.environment} onChange={(e) => set('environment', e.target.value as ConnectionInput['environment'])}>
            {ENVIRONMENTS.map((m) => <option key={m} value={m}>{ENVIRONMENT_LABELS[m]}</option>)}
          </select>
        </Field>
      </fieldset>
      <fieldset disabled={!view.can.editSettings}>
        <legend>GIS</legend>
        <Field label="SRID" hint={sridHint} error={sridError}>
          <input inputMode="numeric" value={sridText} onChange={(e) => { setSridText(e.target.value.trim()); setLocalError(null); }} />
        </Field>
        <Field label="ArcGIS geocoder URL" hint="The city's ArcGIS GeocodeServer, used to validate addresses." error={errors.geocoderUrl}>
          <input type="url" value={form.geocoderUrl ?? ''} onChange={(e) => set('geocoderUrl', e.target.value || null)} />
        </Field>
        <div className="check">
          <input id="validate-address" type="checkbox" checked={form.validateAddress} onChange={(e) => set('validateAddress', e.target.checked)} />
          <label htmlFor="validate-address">Validate addresses with the geocoder</label>
        </div>
        <p className="hint">
          The integration bot&apos;s name on acknowledgment, closing and cancel messages is its display name in <a href={`/admin/${org}/members`}>Members</a> (default: {view.organizationTitle}).
        </p>
        {view.can.editSettings ? <div className="actions"><button type="submit" disabled={save.isPending}>Save connection</button></div> : null}
        <SaveState pending={save.isPending} error={save.error ? save.error.message : null} success={save.isSuccess ? 'Connection saved.' : null} />
      </fieldset>
    </form>
  );
}
