/**
 * Rules for the answers to a category's questions, shared by every way an issue is reported:
 * a required answer must contain text other than white space, and a private answer (a question
 * mentioning email, e-mail or phone) is never shown publicly.
 */

export interface AnswerQuestion {
  id: string;
  text: string;
  isRequired: boolean;
  isPrivate: boolean;
  hidden?: boolean;
}

export interface GivenAnswer {
  questionId: string;
  value: string;
}

export interface AnswerProblem {
  questionId: string;
  problem: 'required' | 'unknown-question';
  message: string;
}

const PRIVATE_WORDS = /e-?mail|phone/i;

/** SCF's rule for questions synced from Cityworks QA. */
export function isPrivateQuestionText(text: string): boolean {
  return PRIVATE_WORDS.test(text);
}

export function validateAnswers(questions: readonly AnswerQuestion[], answers: readonly GivenAnswer[]): AnswerProblem[] {
  const byQuestion = new Map(answers.map((a) => [a.questionId, a.value]));
  const known = new Set(questions.map((q) => q.id));
  const problems: AnswerProblem[] = [];
  for (const q of questions) {
    if (q.hidden || !q.isRequired) continue;
    const value = byQuestion.get(q.id);
    if (value === undefined || value.trim() === '') problems.push({ questionId: q.id, problem: 'required', message: `"${q.text}" needs an answer` });
  }
  for (const a of answers) {
    if (!known.has(a.questionId)) problems.push({ questionId: a.questionId, problem: 'unknown-question', message: 'Answer to a question this category does not ask' });
  }
  return problems;
}

/** The answers a public page (or Open311 client) may show: never the private ones. */
export function publicAnswers<A extends { question: { isPrivate: boolean } }>(answers: readonly A[]): A[] {
  return answers.filter((a) => !a.question.isPrivate);
}
