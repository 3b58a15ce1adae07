'use client';

import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { questionPath } from '@/lib/crm/question-path';
import { isChoiceQuestion } from '@/lib/crm/report-form';
import { QuestionField } from './QuestionField';
import { ReportLocationPicker, type ReportPlace } from './ReportLocationPicker';
import { fetchReportForm, submitReportForm, type FieldProblem, type ReportForm as Form } from './report-api';

const PHOTO_TYPES = 'image/jpeg,image/png,image/webp,image/heic,image/heif';
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

type Questions = { state: 'none' } | { state: 'loading' } | { state: 'done'; form: Form } | { state: 'error'; message: string };

/**
 * The whole citizen report on one page, no account: place, category, the category's questions,
 * details and an optional photo. Required answers are checked here and again by the server.
 */
export function ReportForm({
  org,
  initialBbox,
  addressSearch = false,
}: {
  org: string;
  initialBbox: [number, number, number, number] | null;
  /** Whether the organization has a geocoder, so the citizen may search an address. */
  addressSearch?: boolean;
}) {
  const [place, setPlace] = useState<ReportPlace>({ pin: null, category: null });
  const [questions, setQuestions] = useState<Questions>({ state: 'none' });
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState('');
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const shownCategory = useRef<string | null>(null);
  const searchedAddress = useRef('');
  const inflight = useRef<AbortController | null>(null);

  // A new category brings its own questions; answers to the previous one's are dropped.
  const onPlace = useCallback(
    (p: ReportPlace) => {
      setPlace(p);
      const categoryId = p.category?.id ?? null;
      if (categoryId === shownCategory.current) return;
      shownCategory.current = categoryId;
      inflight.current?.abort();
      setAnswers({});
      if (!categoryId) return setQuestions({ state: 'none' });
      const abort = new AbortController();
      inflight.current = abort;
      setQuestions({ state: 'loading' });
      fetchReportForm(org, categoryId, abort.signal).then(
        (form) => {
          if (!abort.signal.aborted) setQuestions({ state: 'done', form });
        },
        (err: unknown) => {
          if (!abort.signal.aborted) setQuestions({ state: 'error', message: err instanceof Error ? err.message : String(err) });
        },
      );
    },
    [org],
  );
  useEffect(() => () => inflight.current?.abort(), []);

  // A chosen search result fills the address field, unless the citizen wrote something of their own there.
  const onAddressFound = useCallback((found: string) => {
    const previous = searchedAddress.current;
    searchedAddress.current = found;
    setAddress((current) => (current.trim() === '' || current === previous ? found : current));
  }, []);

  const path = useMemo(() => {
    if (questions.state !== 'done') return [];
    const chosen = new Map<string, string | null>();
    for (const q of questions.form.questions) if (isChoiceQuestion(q) && answers[q.id]) chosen.set(q.id, answers[q.id] ?? null);
    return questionPath(questions.form.questions, questions.form.branching, chosen);
  }, [questions, answers]);

  function check(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!place.pin) found.location = addressSearch ? 'Search an address, choose the location on the map or type its coordinates.' : 'Choose the location on the map or type its coordinates.';
    if (!place.category) found.category = 'Choose a category.';
    for (const q of path) if (q.isRequired && !(answers[q.id] ?? '').trim()) found[`answers.${q.id}`] = 'This question needs an answer.';
    if (!summary.trim()) found.summary = 'Say in a few words what the problem is.';
    if (email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) found.reporterEmail = 'Enter a valid email address or leave it empty.';
    if (photo && photo.size > MAX_PHOTO_BYTES) found.photo = 'The photo is larger than 10 MB.';
    return found;
  }

  // After a refused submit, keyboard and screen reader users land on the first field to fix (its
  // error is read with it through aria-describedby) rather than staying on the button.
  const focusFirstError = useRef(false);
  useEffect(() => {
    if (!focusFirstError.current) return;
    focusFirstError.current = false;
    const first = firstErrorControl(errors, path.map((q) => q.id));
    first?.focus();
  }, [errors, path]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const found = check();
    focusFirstError.current = Object.keys(found).length > 0;
    setErrors(found);
    if (Object.keys(found).length > 0) return setFailure('Please fix the fields marked below.');
    if (!place.pin || !place.category) return;
    setSending(true);
    const onPath = Object.fromEntries(path.filter((q) => (answers[q.id] ?? '').trim()).map((q) => [q.id, answers[q.id] ?? '']));
    const result = await submitReportForm(
      org,
      { requestTypeId: place.category.id, lat: place.pin.lat, lng: place.pin.lng, summary, description, address, reporterName: name, reporterEmail: email, answers: onPath },
      photo,
    ).catch((err: unknown) => ({ ok: false as const, message: err instanceof Error ? err.message : String(err), problems: [] as FieldProblem[] }));
    if (result.ok) {
      window.location.assign(result.url);
      return;
    }
    setSending(false);
    focusFirstError.current = result.problems.length > 0;
    setErrors(Object.fromEntries(result.problems.map((p) => [p.path, p.message])));
    setFailure(result.problems.length > 0 ? `${result.message} ${result.problems.map((p) => p.message).join('. ')}` : result.message);
  }

  const field = (key: string) => ({ 'aria-invalid': !!errors[key], 'aria-describedby': errors[key] ? `${key}-error` : undefined });
  const problem = (key: string) => (errors[key] ? <p className="error" id={`${key}-error`}>{errors[key]}</p> : null);

  return (
    <>
      <ReportLocationPicker
        org={org}
        initialBbox={initialBbox}
        addressSearch={addressSearch}
        onChange={onPlace}
        onAddress={onAddressFound}
        locationError={errors.location}
        categoryError={errors.category}
      />
      <form onSubmit={onSubmit} noValidate aria-label="Report" data-testid="report-form">
        <section className="card" aria-live="polite" data-testid="report-questions">
          <h2>3. Tell us more</h2>
          {questions.state === 'none' ? <p className="muted">Choose a category first.</p> : null}
          {questions.state === 'loading' ? <p aria-busy="true">Loading the questions…</p> : null}
          {questions.state === 'error' ? <p role="alert" className="error">{questions.message}</p> : null}
          {questions.state === 'done' && questions.form.questions.length === 0 ? <p className="muted">No questions for this category.</p> : null}
          {path.map((q) => (
            <QuestionField key={q.id} question={q} value={answers[q.id] ?? ''} error={errors[`answers.${q.id}`]} onChange={(v) => setAnswers((a) => ({ ...a, [q.id]: v }))} />
          ))}
        </section>
        <section className="card">
          <h2>4. Details</h2>
          <label htmlFor="report-summary">Summary<span aria-hidden="true"> *</span></label>
          <input id="report-summary" maxLength={200} required value={summary} onChange={(e) => setSummary(e.target.value)} {...field('summary')} />
          {problem('summary')}
          <label htmlFor="report-description">Description <span className="muted">(optional)</span></label>
          <textarea id="report-description" rows={3} maxLength={10_000} value={description} onChange={(e) => setDescription(e.target.value)} />
          <label htmlFor="report-address">Address or landmark <span className="muted">(optional)</span></label>
          <input id="report-address" maxLength={500} value={address} onChange={(e) => setAddress(e.target.value)} />
          <label htmlFor="report-photo">Photo <span className="muted">(optional; JPEG, PNG, WebP or HEIC, up to 10 MB)</span></label>
          <input id="report-photo" type="file" accept={PHOTO_TYPES} onChange={(e) => setPhoto(e.target.files?.[0] ?? null)} {...field('photo')} />
          {problem('photo')}
          <label htmlFor="report-name">Your name <span className="muted">(optional)</span></label>
          <input id="report-name" maxLength={200} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
          <label htmlFor="report-email">Your email <span className="muted">(optional; never shown publicly)</span></label>
          <input id="report-email" type="email" maxLength={320} autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} {...field('reporterEmail')} />
          {problem('reporterEmail')}
        </section>
        {failure ? <p role="alert" className="error" data-testid="report-error">{failure}</p> : null}
        <button type="submit" disabled={sending}>{sending ? 'Sending…' : 'Send report'}</button>
      </form>
    </>
  );
}

/** The control to focus for the first error, in the order the form is read. */
function firstErrorControl(errors: Record<string, string>, questionIds: readonly string[]): HTMLElement | null {
  const order: Array<[string, string]> = [
    ['location', '#report-lat'],
    ['category', 'input[name="category"]'],
    ...questionIds.map((id): [string, string] => [`answers.${id}`, `#question-${CSS.escape(id)}, input[name="question-${CSS.escape(id)}"]`]),
    ['summary', '#report-summary'],
    ['photo', '#report-photo'],
    ['reporterEmail', '#report-email'],
  ];
  for (const [key, selector] of order) if (errors[key]) return document.querySelector<HTMLElement>(selector);
  return null;
}
