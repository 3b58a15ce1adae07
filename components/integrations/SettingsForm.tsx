'use client';

import { useState, type FormEvent } from 'react';
import type { ZodError } from 'zod';
import { CUSTOM_FIELD_PLACEHOLDERS, integrationSettingsSchema, TEXT_FIELDS, workOrderFieldConflicts, type IntegrationSettings } from '@/lib/integrations/settings';
import type { IntegrationView } from '@/lib/integrations/settings-view';
import { useIntegrationSave } from '@/components/hooks/use-integration-save';
import { useIntegrationStatuses } from '@/components/hooks/use-integration-statuses';
import { Field, SaveState } from './Field';
import { MessageField, StatusMessages } from './MessageField';
import { StatusPicker } from './StatusPicker';
import { TimeZoneField } from './TimeZoneField';
import { WorkOrderSettings } from './WorkOrderSettings';
import { fieldErrors } from './zod-issues';

/** Mappings, messages, schedules and switches: Integration.settings, validated by the shared schema. */
export function SettingsForm({ org, view }: { org: string; view: IntegrationView }) {
  const [s, setS] = useState<IntegrationSettings>(view.settings);
  const [localError, setLocalError] = useState<ZodError | null>(null);
  const [conflicts, setConflicts] = useState<Record<string, string>>({});
  const usesWorkOrders = view.connection.mode !== 'SERVICE_REQUESTS';
  const save = useIntegrationSave(org, 'settings');
  const statuses = useIntegrationStatuses(org, view.can.editSettings && view.exists);
  const remote = statuses.data?.reachable ? statuses.data.statuses : null;
  const errors = { ...fieldErrors(localError, save.error), ...conflicts };
  const remoteKind = view.connection.mode === 'WORK_ORDERS' ? 'Work Order' : 'Service Request';
  const sample = { remoteId: remoteKind === 'Work Order' ? '250002' : '10004', remoteKind, issueNumber: 1042, organization: view.organizationTitle, category: 'Pothole', status: 'CLOSED', field: s.observedField?.field ?? 'Status', value: 'Crew assigned' };
  const patch = (p: Partial<IntegrationSettings>) => setS((cur) => ({ ...cur, ...p }));
  const messages = s.messages;
  const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));

  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = integrationSettingsSchema.safeParse(s);
    setLocalError(parsed.success ? null : parsed.error);
    // The same check the server makes for a city that creates work orders (update-integration.ts).
    const found: Record<string, string> = {};
    if (parsed.success && usesWorkOrders) {
      for (const c of workOrderFieldConflicts(parsed.data)) found[c.path.join('.')] ??= c.message;
      if (view.connection.mode === 'WORK_ORDERS' && parsed.data.workOrderTemplates.length === 0) found.workOrderTemplates = 'Choose at least one work order template: without one, citizens have no category to report under.';
    }
    setConflicts(found);
    if (parsed.success && Object.keys(found).length === 0) save.mutate(parsed.data);
  }

  return (
    <form onSubmit={submit} aria-label="Settings" noValidate>
      <fieldset disabled={!view.can.editSettings}>
        <legend>Mappings</legend>
        {view.can.editSettings ? (
          <p className="hint" role="status">
            {statuses.isFetching ? 'Loading statuses from Cityworks…' : remote ? 'Statuses read from Cityworks.' : statuses.data && !statuses.data.reachable ? `Cityworks statuses unavailable (${statuses.data.reason}); type them.` : null}
          </p>
        ) : null}
        <StatusPicker
          label="Closed statuses"
          hint="An issue is closed when its Cityworks record reaches one of these statuses. Cityworks' own closed flag (IsClosed) is used only when none is chosen."
          value={s.closedStatuses} onChange={(v) => patch({ closedStatuses: v })} remote={remote} error={errors.closedStatuses}
        />
        <StatusPicker
          label="Canceled statuses"
          hint={s.switches.handleCancel ? 'A record canceled in Cityworks (flag or one of these statuses) reopens the issue with the cancel message and is no longer polled.' : 'Cancel handling is off (see the switches below): these statuses are recorded like any other.'}
          value={s.canceledStatuses} onChange={(v) => patch({ canceledStatuses: v })} remote={remote} error={errors.canceledStatuses}
        />
        <Field label="Observed activity field" hint="A Cityworks field watched while the request is open, e.g. Status or Text3. Leave empty for none." error={errors['observedField.field']}>
          <input value={s.observedField?.field ?? ''} onChange={(e) => patch({ observedField: e.target.value ? { field: e.target.value, message: s.observedField?.message ?? 'Update: {field} is now {value}.' } : null })} />
        </Field>
        {s.observedField ? (
          <MessageField label="Activity message" value={s.observedField.message} onChange={(m) => patch({ observedField: { field: s.observedField!.field, message: m } })} sample={sample} error={errors['observedField.message']} />
        ) : null}
        {view.connection.mode !== 'WORK_ORDERS' ? (
          <Field label="Caller first name" hint="Sent as CallerFirstName on every service request we create, so Cityworks staff see where it came from. The reporter's name goes to CallerLastName." error={errors.callerFirstName}>
            <input value={s.callerFirstName} maxLength={50} onChange={(e) => patch({ callerFirstName: e.target.value })} />
          </Field>
        ) : null}
        <Field label="Image URL field" hint="The Cityworks text field that receives the issue's image URL." error={errors.imageUrlField}>
          <select value={s.imageUrlField ?? ''} onChange={(e) => patch({ imageUrlField: e.target.value || null })}>
            <option value="">Not sent</option>
            {TEXT_FIELDS.map((f) => <option key={f} value={f}>{f}</option>)}
          </select>
        </Field>
        {usesWorkOrders ? <WorkOrderSettings org={org} value={s} onChange={patch} errors={errors} canLoad={view.can.editSettings && view.exists} /> : null}
        <fieldset>
          <legend>Custom fields</legend>
          <p className="hint" id="custom-field-variables">
            A template can use {CUSTOM_FIELD_PLACEHOLDERS.map((p, i) => <span key={p}>{i > 0 ? ', ' : ''}<code>{`{${p}}`}</code></span>)}.
            {' '}<code>{'{address}'}</code> is the verified address when the geocoder found one, <code>{'{answers}'}</code> the answers in question order separated by “; ”, <code>{'{lat}'}</code> and <code>{'{lng}'}</code> the reported point (WGS84). A value the report lacks is sent as empty text.
          </p>
          {s.customFields.map((cf, i) => {
            const set = (p: Partial<typeof cf>) => patch({ customFields: s.customFields.map((c, j) => (j === i ? { ...c, ...p } : c)) });
            return (
              <div className="row" key={i}>
                <Field label={`Custom field ${i + 1} name`} hint="e.g. Text5, or cf:123 for a custom field id." error={errors[`customFields.${i}.field`]}>
                  <input value={cf.field} onChange={(e) => set({ field: e.target.value })} />
                </Field>
                <Field label={`Custom field ${i + 1} kind`}>
                  <select value={cf.kind} onChange={(e) => set({ kind: e.target.value as 'fixed' | 'template' })}>
                    <option value="fixed">Fixed value</option>
                    <option value="template">Template over issue fields</option>
                  </select>
                </Field>
                <Field label={`Custom field ${i + 1} value`} hint={cf.kind === 'template' ? 'e.g. {issueNumber}: {summary} ({reporterEmail}); variables listed above' : undefined} error={errors[`customFields.${i}.value`]}>
                  <input value={cf.value} onChange={(e) => set({ value: e.target.value })} />
                </Field>
                <button type="button" className="secondary" onClick={() => patch({ customFields: s.customFields.filter((_, j) => j !== i) })}>Remove custom field {i + 1}</button>
              </div>
            );
          })}
          <button type="button" className="secondary" onClick={() => patch({ customFields: [...s.customFields, { field: '', kind: 'fixed', value: '' }] })}>Add a custom field</button>
        </fieldset>
      </fieldset>

      <fieldset disabled={!view.can.editSettings}>
        <legend>Messages</legend>
        <MessageField label="Acknowledgment message" value={messages.acknowledgment} onChange={(v) => patch({ messages: { ...messages, acknowledgment: v } })} sample={sample} error={errors['messages.acknowledgment']} />
        <MessageField label="Closing message (default)" value={messages.closing.default} onChange={(v) => patch({ messages: { ...messages, closing: { ...messages.closing, default: v } } })} sample={sample} error={errors['messages.closing.default']} />
        <StatusMessages label="Closing message by remote status" value={messages.closing.byStatus} onChange={(v) => patch({ messages: { ...messages, closing: { ...messages.closing, byStatus: v } } })} sample={sample} />
        <MessageField label="Cancel message (default)" value={messages.cancel.default} onChange={(v) => patch({ messages: { ...messages, cancel: { ...messages.cancel, default: v } } })} sample={{ ...sample, status: 'CANCEL' }} error={errors['messages.cancel.default']} />
        <StatusMessages label="Cancel message by remote status" value={messages.cancel.byStatus} onChange={(v) => patch({ messages: { ...messages, cancel: { ...messages.cancel, byStatus: v } } })} sample={{ ...sample, status: 'CANCEL' }} />
      </fieldset>

      <fieldset disabled={!view.can.editSettings}>
        <legend>Schedules and switches</legend>
        <TimeZoneField value={s.serverTimeZone} onChange={(serverTimeZone) => patch({ serverTimeZone })} error={errors.serverTimeZone} />
        <Field label="Category sync (minutes)" error={errors['schedules.categorySyncMinutes']}>
          <input type="number" min={5} value={Number.isNaN(s.schedules.categorySyncMinutes) ? '' : s.schedules.categorySyncMinutes} onChange={(e) => patch({ schedules: { ...s.schedules, categorySyncMinutes: num(e.target.value) } })} />
        </Field>
        <Field label="Question sync (minutes)" error={errors['schedules.questionSyncMinutes']}>
          <input type="number" min={5} value={Number.isNaN(s.schedules.questionSyncMinutes) ? '' : s.schedules.questionSyncMinutes} onChange={(e) => patch({ schedules: { ...s.schedules, questionSyncMinutes: num(e.target.value) } })} />
        </Field>
        <Field label="Poll interval (seconds)" hint="How often open requests are checked for changes (at least 15)." error={errors['schedules.pollIntervalSeconds']}>
          <input type="number" min={15} value={Number.isNaN(s.schedules.pollIntervalSeconds) ? '' : s.schedules.pollIntervalSeconds} onChange={(e) => patch({ schedules: { ...s.schedules, pollIntervalSeconds: num(e.target.value) } })} />
        </Field>
        <Field label="Request import interval (minutes)" error={errors['schedules.requestImportMinutes']}>
          <input type="number" min={1} value={Number.isNaN(s.schedules.requestImportMinutes) ? '' : s.schedules.requestImportMinutes} onChange={(e) => patch({ schedules: { ...s.schedules, requestImportMinutes: num(e.target.value) } })} />
        </Field>
        <Field label="Calls to Cityworks at once" hint="The most calls this integration makes at the same time, submissions, comments, polls and imports together (1 to 20). Lower it for a server that throttles." error={errors.maxConcurrentCalls}>
          <input type="number" min={1} max={20} value={Number.isNaN(s.maxConcurrentCalls) ? '' : s.maxConcurrentCalls} onChange={(e) => patch({ maxConcurrentCalls: num(e.target.value) })} />
        </Field>
        {([
          ['importRequests', 'Import requests created in Cityworks'],
          ['importComments', 'Import public comments from Cityworks'],
          ['importImages', 'Import images from Cityworks'],
          ['autoSyncQuestions', 'Keep secondary questions in sync automatically'],
          ['handleCancel', 'Handle cancels from Cityworks: reopen the issue with the cancel message and stop polling it (off: a cancel is only a status)'],
        ] as const).map(([key, text]) => (
          <div className="check" key={key}>
            <input id={`switch-${key}`} type="checkbox" checked={s.switches[key]} onChange={(e) => patch({ switches: { ...s.switches, [key]: e.target.checked } })} />
            <label htmlFor={`switch-${key}`}>{text}</label>
          </div>
        ))}
        <Field label="Public comment prefix" hint="Only Cityworks comments starting with this text are brought back to the issue." error={errors.publicCommentPrefix}>
          <input value={s.publicCommentPrefix} onChange={(e) => patch({ publicCommentPrefix: e.target.value })} />
        </Field>
        {view.can.editSettings ? <div className="actions"><button type="submit" disabled={save.isPending}>Save settings</button></div> : null}
        <SaveState pending={save.isPending} error={save.error ? save.error.message : localError || Object.keys(conflicts).length > 0 ? 'Some fields are not valid.' : null} success={save.isSuccess ? 'Settings saved.' : null} />
      </fieldset>
    </form>
  );
}
