'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { apiResult, type ApiError } from '@/components/api/client';
import { LinkNotice, type LinkResult } from './LinkNotice';

import type { Role } from '@/generated/prisma/enums';
import type { MemberRow } from '@/lib/organizations/members';

/** A member as the members API lists it (lib/organizations/members.ts). */
export type MemberView = MemberRow;

interface Props {
  org: string;
  organizationTitle: string;
  members: MemberView[];
  roleLabels: Record<Role, string>;
  // Roles the signed-in member may give (never above their own); empty when they may only look.
  grantable: Role[];
}

export function MembersManager({ org, organizationTitle, members, roleLabels, grantable }: Props) {
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<{ who: string; link: LinkResult } | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const manage = grantable.length > 0;
  const api = `/api/orgs/${org}/members`;

  async function run<T>(what: string, call: () => Promise<{ ok: true; data: T } | { ok: false; error: ApiError }>, after?: (data: T) => void) {
    setBusy(true);
    setError(null);
    setNotice(null);
    setStatus('');
    const res = await call();
    setBusy(false);
    if (!res.ok) {
      setError(res.error);
      return;
    }
    setStatus(what);
    after?.(res.data);
    router.refresh();
  }

  async function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const body = { name: String(data.get('name') ?? ''), email: String(data.get('email') ?? ''), role: String(data.get('role') ?? '') };
    await run('Member added.', () => apiResult<LinkResult>(api, { method: 'POST', body }), (link) => {
      setNotice({ who: body.email, link });
      form.reset();
    });
  }

  return (
    <>
      <p role="alert" className="error">{error ? error.message : null}</p>
      <p role="status" className="muted" aria-live="polite">{status}</p>
      {notice ? <LinkNotice who={notice.who} link={notice.link} /> : null}
      <table>
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th>{manage ? <th scope="col">Actions</th> : null}</tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id} data-testid={`member-${m.bot ? 'bot' : m.email}`}>
              <td>
                {m.bot ? (
                  <>
                    {m.displayName ?? organizationTitle} <span className="badge">Integration bot</span>
                    <p className="hint">Signs acknowledgment, closing, cancel and activity messages. Never signs in.</p>
                  </>
                ) : (
                  m.displayName ?? m.name
                )}
              </td>
              <td>{m.bot ? '—' : m.email}</td>
              <td>{m.bot ? '—' : roleLabels[m.role]}</td>
              <td>{m.bot ? 'Bot' : !m.active ? 'Deactivated' : m.passwordSet ? 'Active' : 'Invited (no password yet)'}</td>
              {manage ? (
                <td className="actions">
                  {m.bot ? (
                    <BotNameForm current={m.displayName} placeholder={organizationTitle} disabled={busy} onSave={(displayName) => run('Bot display name saved.', () => apiResult(`${api}/${m.id}`, { method: 'PATCH', body: { displayName } }))} />
                  ) : grantable.includes(m.role) ? (
                    <>
                      <label htmlFor={`role-${m.id}`} className="visually-hidden">Role of {m.email}</label>
                      <select id={`role-${m.id}`} value={m.role} disabled={busy} onChange={(e) => run(`Role of ${m.email} changed.`, () => apiResult(`${api}/${m.id}`, { method: 'PATCH', body: { role: e.target.value } }))}>
                        {grantable.map((r) => <option key={r} value={r}>{roleLabels[r]}</option>)}
                      </select>{' '}
                      <button type="button" className="secondary" disabled={busy} onClick={() => run(`${m.email} ${m.active ? 'deactivated' : 'reactivated'}.`, () => apiResult(`${api}/${m.id}`, { method: 'PATCH', body: { active: !m.active } }))}>
                        {m.active ? 'Deactivate' : 'Reactivate'}<span className="visually-hidden"> {m.email}</span>
                      </button>{' '}
                      <button type="button" className="secondary" disabled={busy} onClick={() => run(`New link for ${m.email}.`, () => apiResult<LinkResult>(`${api}/${m.id}/password-link`, { method: 'POST' }), (link) => setNotice({ who: m.email, link }))}>
                        Send set-password link<span className="visually-hidden"> to {m.email}</span>
                      </button>
                    </>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {manage ? (
        <form className="card" onSubmit={onAdd} aria-labelledby="add-member-heading">
          <h2 id="add-member-heading">Add a member</h2>
          <label htmlFor="member-name">Name</label>
          <input id="member-name" name="name" required maxLength={100} aria-invalid={!!error?.fields.name} />
          {error?.fields.name ? <p className="error">{error.fields.name}</p> : null}
          <label htmlFor="member-email">Email</label>
          <input id="member-email" name="email" type="email" required aria-invalid={!!error?.fields.email} />
          {error?.fields.email ? <p className="error">{error.fields.email}</p> : null}
          <label htmlFor="member-role">Role</label>
          <select id="member-role" name="role" defaultValue="STAFF">
            {grantable.map((r) => <option key={r} value={r}>{roleLabels[r]}</option>)}
          </select>
          <div className="actions"><button type="submit" disabled={busy}>Add member</button></div>
        </form>
      ) : null}
    </>
  );
}

function BotNameForm({ current, placeholder, disabled, onSave }: { current: string | null; placeholder: string; disabled: boolean; onSave: (name: string | null) => void }) {
  const [value, setValue] = useState(current ?? '');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSave(value.trim() === '' ? null : value);
      }}
    >
      <label htmlFor="bot-display-name">Bot display name</label>
      <input id="bot-display-name" value={value} placeholder={placeholder} maxLength={100} onChange={(e) => setValue(e.target.value)} />{' '}
      <button type="submit" className="secondary" disabled={disabled}>Save bot name</button>
    </form>
  );
}
