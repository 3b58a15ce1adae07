'use client';

import { useId, useState } from 'react';
import { TEXT_FIELDS, type IntegrationSettings } from '@/lib/integrations/settings';
import { useWorkOrderTemplates } from '@/components/hooks/use-work-order-templates';
import { Field } from './Field';

type WorkOrderPart = Pick<
  IntegrationSettings,
  'workOrderTemplates' | 'workOrderEntityType' | 'workOrderIssueNumberField' | 'workOrderReporterNameField' | 'workOrderReporterEmailField'
>;

/**
 * The work order part of the settings: the entity type, the templates to offer chosen from the list
 * Cityworks gives for it (by the names Cityworks shows), and the text fields for our issue number
 * and the reporter. A saved template Cityworks no longer lists stays visible, marked as such.
 */
export function WorkOrderSettings({ org, value, onChange, errors, canLoad }: {
  org: string;
  value: WorkOrderPart;
  onChange: (p: Partial<WorkOrderPart>) => void;
  errors: Record<string, string>;
  canLoad: boolean;
}) {
  const id = useId();
  const [typed, setTyped] = useState(value.workOrderEntityType);
  const [shown, setShown] = useState(value.workOrderEntityType);
  const list = useWorkOrderTemplates(org, shown, canLoad);
  const listed = list.data?.reachable ? list.data.templates : null;
  const listedIds = new Set((listed ?? []).map((t) => t.id));
  const gone = listed ? value.workOrderTemplates.filter((t) => !listedIds.has(t)) : [];
  const toggle = (tid: string, on: boolean) =>
    onChange({ workOrderTemplates: on ? [...value.workOrderTemplates, tid] : value.workOrderTemplates.filter((t) => t !== tid) });
  const fieldSelect = (key: 'workOrderReporterNameField' | 'workOrderReporterEmailField', label: string, hint: string) => (
    <Field label={label} hint={hint} error={errors[key]}>
      <select value={value[key] ?? ''} onChange={(e) => onChange({ [key]: e.target.value || null })}>
        <option value="">Not sent</option>
        {TEXT_FIELDS.map((f) => <option key={f} value={f}>{f}</option>)}
      </select>
    </Field>
  );

  return (
    <fieldset>
      <legend>Work orders</legend>
      <Field label="Entity type" hint="The Cityworks entity type the work orders apply to, e.g. STREET. Templates are listed per entity type." error={errors.workOrderEntityType}>
        <input
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            onChange({ workOrderEntityType: e.target.value.trim().toUpperCase() });
          }}
        />
      </Field>
      <div className="actions">
        <button type="button" className="secondary" disabled={!canLoad || typed.trim() === ''} onClick={() => setShown(typed.trim().toUpperCase())}>
          Show templates for {typed.trim().toUpperCase() || '…'}
        </button>
      </div>
      <fieldset className="statuses" aria-describedby={`${id}-templates-state`}>
        <legend>Work order templates offered to citizens</legend>
        <p className="hint" id={`${id}-templates-state`} role="status">
          {!canLoad
            ? null
            : list.isFetching
              ? `Loading the templates for ${shown} from Cityworks…`
              : list.data && !list.data.reachable
                ? `Cityworks templates unavailable (${list.data.reason}).`
                : listed
                  ? `${listed.length} templates for ${shown} in Cityworks. Cityworks has no public flag on templates: tick the ones citizens may report under.`
                  : null}
        </p>
        {listed?.map((t) => (
          <div className="check" key={t.id}>
            <input id={`${id}-t-${t.id}`} type="checkbox" checked={value.workOrderTemplates.includes(t.id)} onChange={(e) => toggle(t.id, e.target.checked)} />
            <label htmlFor={`${id}-t-${t.id}`}>{t.description} ({t.id}){t.category ? ` — ${t.category}` : ''}</label>
          </div>
        ))}
        {(listed ? gone : value.workOrderTemplates).map((tid) => (
          <div className="check" key={tid}>
            <input id={`${id}-g-${tid}`} type="checkbox" checked onChange={() => toggle(tid, false)} />
            <label htmlFor={`${id}-g-${tid}`}>
              Template {tid}
              {listed ? <strong> — no longer in Cityworks for {shown}</strong> : ' (saved)'}
            </label>
          </div>
        ))}
        {value.workOrderTemplates.length === 0 ? (
          <p className="error" role="alert">
            No template is chosen. Citizens have no work order category to report under, and category sync offers none, until you choose at least one.
          </p>
        ) : null}
        {errors.workOrderTemplates ? <p className="error">{errors.workOrderTemplates}</p> : null}
      </fieldset>
      <Field label="Issue number field" hint="The work order text field that carries our issue number (work orders have no OtherSystemId). It cannot also carry the image URL or the reporter." error={errors.workOrderIssueNumberField}>
        <select value={value.workOrderIssueNumberField} onChange={(e) => onChange({ workOrderIssueNumberField: e.target.value })}>
          {TEXT_FIELDS.map((f) => <option key={f} value={f}>{f}</option>)}
        </select>
      </Field>
      {fieldSelect('workOrderReporterNameField', 'Reporter name field', 'The work order text field that receives the reporter’s name.')}
      {fieldSelect('workOrderReporterEmailField', 'Reporter email field', 'The work order text field that receives the reporter’s email.')}
    </fieldset>
  );
}
