/**
 * Every message between the extension and the question page webview (question page and mock interview),
 * as discriminated unions, plus the guard the extension runs on whatever the webview posts.
 *
 * Browser- and Node-safe: types, and one pure validation function.
 */
import type { Bilingual, BilingualList, DisplayLanguage } from '../../core/i18n';
import type { Category, Difficulty } from '../../core/questions/bank';
import type { Readiness } from '../../core/questions/mock';
import type { ProgressStatus, ReviewRating } from '../../core/questions/review';

export type { DisplayLanguage } from '../../core/i18n';

export interface ProgressView {
  status: ProgressStatus;
  /** Due for review now. */
  due: boolean;
  /** When the next review is, in words ("in 3 days"), for the page's language; absent for new questions. */
  next?: Bilingual;
  reps: number;
}

export interface QuestionView {
  id: string;
  category: Category;
  categoryLabel: Bilingual;
  difficulty: Difficulty;
  difficultyLabel: Bilingual;
  /** Tags with their vocabulary labels. */
  tags: Array<{ tag: string; label: Bilingual }>;
  /** Markdown (question, answer, explanation, key points). */
  question: Bilingual;
  answer: Bilingual;
  explanation: Bilingual;
  keyPoints: BilingualList;
  /** What an interviewer asks next, each with its short answer (Markdown); empty when the entry has none. */
  followUps: FollowUpView[];
  related: Array<{ id: string; question: Bilingual }>;
  /** The entry has a practice notebook (`mlnb.practiceQuestion`). */
  practice: boolean;
  /** The learner's progress on that practice exercise, in words (`✓ practice · 3 attempts · 12 min`), when there is any. */
  practiceProgress?: { short: string; lines: string[] };
  progress: ProgressView;
  /** This is today's daily question. */
  daily?: boolean;
}

export interface FollowUpView {
  question: Bilingual;
  answer: Bilingual;
}

export interface MockQuestionView {
  /**
   * Which interview this is (a new one per start). A draft (answer, time so far) belongs to one interview: the
   * next one may ask the same question first, and must not resume the clock of the one it replaced.
   */
  interview: number;
  /** 0-based position and the number of questions. */
  index: number;
  total: number;
  question: QuestionView;
  /** Indices into question.followUps that the interviewer asks after the main question, in order. */
  followUps: number[];
  suggestedSeconds: number;
}

export interface MockSummaryView {
  readiness: Readiness;
  categoryLabels: Partial<Record<Category, Bilingual>>;
  items: Array<{
    id: string;
    question: Bilingual;
    category: Category;
    difficulty: Difficulty;
    difficultyLabel: Bilingual;
    hit: number;
    total: number;
    rating: ReviewRating;
    elapsedMs: number;
  }>;
}

/** Extension → webview. */
export type ToWebview =
  /** Show a question (answer hidden unless the page already revealed this id). */
  | { type: 'question'; language: DisplayLanguage; question: QuestionView }
  /** The question's progress changed (after a rating here or elsewhere). */
  | { type: 'progress'; id: string; progress: ProgressView; dueRemaining: number }
  /** Ask the current mock-interview question. */
  | { type: 'mockQuestion'; language: DisplayLanguage; mock: MockQuestionView }
  /** The mock interview is over: readiness per category. */
  | { type: 'mockSummary'; language: DisplayLanguage; summary: MockSummaryView };

/** Webview → extension. */
export type FromWebview =
  /** The page's script is running; (re)send what it should show. */
  | { type: 'ready' }
  /** "I knew it" (good) / "Review again" (again). */
  | { type: 'rate'; id: string; rating: 'good' | 'again' }
  /** A related question was clicked. */
  | { type: 'open'; id: string }
  /** "Practice in a notebook". */
  | { type: 'practice'; id: string }
  /** "Next due" after rating. */
  | { type: 'nextDue' }
  /** A link in the markdown was clicked (http/https only). */
  | { type: 'openLink'; url: string }
  /** The learner graded the current mock question. `hits` has one flag per key point. */
  | { type: 'mockGrade'; index: number; id: string; answer: string; hits: boolean[]; elapsedMs: number }
  /** "New mock interview" on the summary. */
  | { type: 'mockRestart' };

export const MAX_ANSWER_CHARS = 20_000;

/** True for absolute http(s) URLs only: no javascript:, data:, file:, vscode:, relative or protocol-relative. */
export function isSafeExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > 2048 || !/^https?:\/\//i.test(url)) return false;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

const isId = (v: unknown): v is string => typeof v === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v) && v.length <= 64;

/** The message if it is a well-formed FromWebview, else undefined. The extension trusts nothing else. */
export function parseFromWebview(value: unknown): FromWebview | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'nextDue':
    case 'mockRestart':
      return { type: m.type };
    case 'rate':
      return isId(m.id) && (m.rating === 'good' || m.rating === 'again') ? { type: 'rate', id: m.id, rating: m.rating } : undefined;
    case 'open':
    case 'practice':
      return isId(m.id) ? { type: m.type, id: m.id } : undefined;
    case 'openLink':
      return isSafeExternalUrl(m.url) ? { type: 'openLink', url: m.url } : undefined;
    case 'mockGrade': {
      const ok =
        Number.isInteger(m.index) &&
        (m.index as number) >= 0 &&
        isId(m.id) &&
        typeof m.answer === 'string' &&
        Array.isArray(m.hits) &&
        m.hits.length <= 10 &&
        m.hits.every((h) => typeof h === 'boolean') &&
        typeof m.elapsedMs === 'number' &&
        Number.isFinite(m.elapsedMs) &&
        m.elapsedMs >= 0;
      return ok
        ? {
            type: 'mockGrade',
            index: m.index as number,
            id: m.id as string,
            answer: (m.answer as string).slice(0, MAX_ANSWER_CHARS),
            hits: m.hits as boolean[],
            elapsedMs: m.elapsedMs as number,
          }
        : undefined;
    }
    default:
      return undefined;
  }
}
