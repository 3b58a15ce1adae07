'use client';

import { useState, type FormEvent } from 'react';
import { apiResult, type ApiError } from '@/components/api/client';
import { LinkNotice, type LinkResult } from '@/components/members/LinkNotice';

type Created = LinkResult & { slug: string };

export function CreateOrganizationForm({ timeZones }: { timeZones: string[] }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<{ admin: string; result: Created } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const d = new FormData(form);
    const s = (k: string) => String(d.get(k) ?? '');
    const body = {
      name: s('name'),
      slug: s('slug'),
      timeZone: s('timeZone'),
      mapCenter: { lat: Number(s('lat')), lng: Number(s('lng')) },
      admin: { name: s('adminName'), email: s('adminEmail') },
    };
    setBusy(true);
    setError(null);
    setCreated(null);
    const res = await apiResult<Created>('/api/operator/organizations', { method: 'POST', body });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setCreated({ admin: body.admin.email, result: res.data });
    form.reset();
  }

  const field = (id: string, label: string, path: string, props: Record<string, unknown> = {}) => (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} name={id} required aria-invalid={!!error?.fields[path]} aria-describedby={error?.fields[path] ? `${id}-error` : undefined} {...props} />
      {error?.fields[path] ? <p id={`${id}-error`} className="error">{error.fields[path]}</p> : null}
    </>
  );

  return (
    <>
      <form className="card" onSubmit={onSubmit} noValidate>
        {field('name', 'Organization name', 'name', { placeholder: 'City of New Haven' })}
        {field('slug', 'URL slug', 'slug', { placeholder: 'new-haven', pattern: '[a-z0-9]+(-[a-z0-9]+)*' })}
        <label htmlFor="timeZone">Time zone</label>
        <select id="timeZone" name="timeZone" defaultValue="America/New_York">
          {timeZones.map((z) => <option key={z} value={z}>{z}</option>)}
        </select>
        {error?.fields.timeZone ? <p className="error">{error.fields.timeZone}</p> : null}
        <fieldset>
          <legend>Map centre</legend>
          {field('lat', 'Latitude', 'mapCenter.lat', { inputMode: 'decimal', placeholder: '41.3083' })}
          {field('lng', 'Longitude', 'mapCenter.lng', { inputMode: 'decimal', placeholder: '-72.9279' })}
        </fieldset>
        <fieldset>
          <legend>First customer admin</legend>
          {field('adminName', 'Name', 'admin.name')}
          {field('adminEmail', 'Email', 'admin.email', { type: 'email' })}
        </fieldset>
        <p role="alert" className="error">{error ? error.message : null}</p>
        <div className="actions"><button type="submit" disabled={busy}>Create organization</button></div>
      </form>
      {created ? (
        <div className="card">
          <p role="status">Organization {created.result.slug} created: its address is /admin/{created.result.slug}.</p>
          <LinkNotice who={created.admin} link={created.result} />
        </div>
      ) : null}
    </>
  );
}
