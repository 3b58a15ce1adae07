import { apiErrorFrom } from '@/components/agencies/fetch-json';
import type { ReportForm } from '@/lib/crm/report-form';

export type { ReportForm, ReportFormQuestion } from '@/lib/crm/report-form';

export async function fetchReportForm(org: string, category: string, signal?: AbortSignal): Promise<ReportForm> {
  const res = await fetch(`/api/public/orgs/${encodeURIComponent(org)}/issues/form?category=${encodeURIComponent(category)}`, { signal });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw apiErrorFrom(res.status, body);
  return (body as { form: ReportForm }).form;
}

export interface FieldProblem {
  path: string;
  message: string;
}

export type SubmitResult = { ok: true; number: number; url: string } | { ok: false; message: string; problems: FieldProblem[] };

export async function submitReportForm(org: string, report: object, photo: File | null): Promise<SubmitResult> {
  const data = new FormData();
  data.set('report', JSON.stringify(report));
  if (photo) data.set('photo', photo);
  const res = await fetch(`/api/public/orgs/${encodeURIComponent(org)}/issues`, { method: 'POST', body: data });
  const body = (await res.json().catch(() => null)) as
    | { issue?: { number: number; url: string }; error?: { message?: string; details?: unknown } }
    | null;
  if (res.ok && body?.issue) return { ok: true, ...body.issue };
  const details = Array.isArray(body?.error?.details) ? (body.error.details as FieldProblem[]) : [];
  return { ok: false, message: body?.error?.message ?? `The report could not be sent (HTTP ${res.status}).`, problems: details };
}
