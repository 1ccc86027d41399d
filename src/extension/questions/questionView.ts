/**
 * A bank entry as the question page shows it. No vscode here: the webview tests build their pages' input
 * with this same function.
 */
import { CATEGORY_LABELS, DIFFICULTY_LABELS, splitFollowUp, type QuestionBank, type QuestionEntry } from '../../core/questions/bank';
import type { FollowUpView, ProgressView, QuestionView } from '../../webview/question/protocol';

export interface QuestionState {
  readonly progress: ProgressView;
  /** A practice notebook exists for it. */
  readonly practice: boolean;
  /** The progress on its practice exercise, in words, when there is any. */
  readonly practiceProgress?: { short: string; lines: string[] };
  /** It is today's daily question. */
  readonly daily?: boolean;
}

export function questionView(entry: QuestionEntry, bank: QuestionBank, state: QuestionState): QuestionView {
  return {
    id: entry.id,
    category: entry.category,
    categoryLabel: CATEGORY_LABELS[entry.category],
    difficulty: entry.difficulty,
    difficultyLabel: DIFFICULTY_LABELS[entry.difficulty],
    tags: entry.tags.map((tag) => ({ tag, label: bank.tagLabel(tag) })),
    question: entry.question,
    answer: entry.answer,
    explanation: entry.explanation,
    keyPoints: entry.keyPoints,
    followUps: followUpViews(entry),
    related: bank.related(entry.id).map((r) => ({ id: r.id, question: r.question })),
    practice: state.practice,
    ...(state.practiceProgress ? { practiceProgress: state.practiceProgress } : {}),
    progress: state.progress,
    ...(state.daily === undefined ? {} : { daily: state.daily }),
  };
}

/** The entry's follow-ups split into question and answer, zh and en side by side. */
export function followUpViews(entry: QuestionEntry): FollowUpView[] {
  const fu = entry.followUps;
  const n = Math.min(fu.zh.length, fu.en.length);
  return Array.from({ length: n }, (_, i) => {
    const zh = splitFollowUp(fu.zh[i]);
    const en = splitFollowUp(fu.en[i]);
    return { question: { zh: zh.question, en: en.question }, answer: { zh: zh.answer, en: en.answer } };
  });
}
