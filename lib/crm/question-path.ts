/**
 * Which of a category's questions a reporter must see, in order. Pure: the report form runs it in
 * the browser as answers change, and the server runs it again to decide which answers are required.
 *
 * Without branching every visible question is asked, by QuestionSequence. With branching (Cityworks
 * QA where an answer names the next question) the path starts at the first question and follows the
 * chosen answer's `nextRemoteQuestionId`; an answer that names none goes on to the next question by
 * sequence. A loop in the remote data ends the path instead of hanging the form.
 */

export interface PathOption {
  id: string;
  nextRemoteQuestionId: string | null;
}

export interface PathQuestion {
  id: string;
  remoteQuestionId: string | null;
  sequence: number;
  hidden?: boolean;
  options: readonly PathOption[];
}

export function questionPath<Q extends PathQuestion>(questions: readonly Q[], branching: boolean, chosenOption: ReadonlyMap<string, string | null>): Q[] {
  const ordered = questions.filter((q) => !q.hidden).sort((a, b) => a.sequence - b.sequence);
  if (!branching) return ordered;
  const byRemote = new Map(ordered.filter((q) => q.remoteQuestionId !== null).map((q) => [q.remoteQuestionId, q]));
  const path: Q[] = [];
  const seen = new Set<string>();
  let current: Q | undefined = ordered[0];
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.push(current);
    const optionId = chosenOption.get(current.id) ?? null;
    const option = optionId ? current.options.find((o) => o.id === optionId) : undefined;
    if (current.options.length > 1 && !option) break; // a choice not made yet: the path stops here
    const named = option?.nextRemoteQuestionId ? byRemote.get(option.nextRemoteQuestionId) : undefined;
    const after: Q | undefined = ordered[ordered.indexOf(current) + 1];
    current = named ?? after;
  }
  return path;
}
