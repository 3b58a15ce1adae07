import { apiFetch, apiResult, type FieldMessage } from '@/components/api/client';
import type { ReportForm } from '@/lib/crm/report-form';

export type { ReportForm, ReportFormQuestion } from '@/lib/crm/report-form';

export async function fetchReportForm(org: string, category: string, signal?: AbortSignal): Promise<ReportForm> {
  const body = await apiFetch<{ form: ReportForm }>(`/api/public/orgs/${encodeURIComponent(org)}/issues/form?category=${encodeURIComponent(category)}`, signal ? { signal } : {});
  return body.form;
}

export type FieldProblem = FieldMessage;

export type SubmitResult = { ok: true; number: number; url: string } | { ok: false; message: string; problems: FieldProblem[] };

export async function submitReportForm(org: string, report: object, photo: File | null): Promise<SubmitResult> {
  const data = new FormData();
  data.set('report', JSON.stringify(report));
  if (photo) data.set('photo', photo);
  const res = await apiResult<{ issue?: { number: number; url: string } }>(`/api/public/orgs/${encodeURIComponent(org)}/issues`, { method: 'POST', form: data });
  if (res.ok && res.data?.issue) return { ok: true, ...res.data.issue };
  if (res.ok) return { ok: false, message: 'The report could not be sent (the server did not say which issue it became).', problems: [] };
  return { ok: false, message: res.error.message, problems: res.error.fieldMessages };
}
