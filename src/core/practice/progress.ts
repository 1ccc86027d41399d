/**
 * Progress per practice exercise: when the learner first opened it, how many times the check ran (attempts),
 * the last report (passed / total), when the check first passed and how long that took from the first opening,
 * and how much help was used (hint steps shown, whether the solution was shown). The extension keeps one
 * PracticeProgressState in globalState, beside the questions' review progress, and the Questions view
 * describes each question's exercise with describePracticeProgress.
 *
 * Pure: functions take the state and `now` and return a new state; nothing here reads a clock or storage.
 */
import { chromeLang, shownLangs, type DisplayLanguage, type Lang } from '../i18n';

export const PRACTICE_PROGRESS_VERSION = 1;

/** What a finished check cell said. */
export interface CheckOutcome {
  /** The cell ended without an error (the check passed, as `pass()` fails the cell otherwise). */
  ok: boolean;
  /** The per-case report `pass()` showed, when the check got that far. */
  report?: { passed: number; total: number };
}

export interface ExerciseProgress {
  /** When the practice notebook was first opened for the exercise (ms since the epoch). */
  openedAt?: number;
  /** How many times the check cell finished (passed or not). */
  attempts: number;
  /** The last check's report; absent when the last check failed before reporting (an error in the code). */
  lastReport?: { passed: number; total: number };
  /** Whether the last check passed. */
  lastOk?: boolean;
  /** When the check first passed. */
  firstPassAt?: number;
  /** Attempts it took to pass, counting the passing one. */
  attemptsToPass?: number;
  /** Time from the first opening to the first pass (absent when the opening is not known). */
  timeToPassMs?: number;
  /** The first pass came after the reference solution was shown. */
  passedWithSolution?: boolean;
  /** How many hint steps the learner has revealed (the highest step shown). */
  hintsShown: number;
  /** When the reference solution was first shown. */
  solutionShownAt?: number;
}

export interface PracticeProgressState {
  version: typeof PRACTICE_PROGRESS_VERSION;
  /** By exercise (the question id of the exercise's content notebook). */
  exercises: Record<string, ExerciseProgress>;
}

export function emptyPracticeProgress(): PracticeProgressState {
  return { version: PRACTICE_PROGRESS_VERSION, exercises: {} };
}

const NO_PROGRESS: ExerciseProgress = { attempts: 0, hintsShown: 0 };

/** The progress of one exercise (all zero when it has none). */
export function exerciseProgress(state: PracticeProgressState, exerciseId: string): ExerciseProgress {
  return Object.hasOwn(state.exercises, exerciseId) ? state.exercises[exerciseId] : { ...NO_PROGRESS };
}

function update(state: PracticeProgressState, exerciseId: string, change: (p: ExerciseProgress) => ExerciseProgress): PracticeProgressState {
  return { ...state, exercises: { ...state.exercises, [exerciseId]: change(exerciseProgress(state, exerciseId)) } };
}

/** The notebook was opened for the exercise: the first opening starts the clock of "time to pass". */
export function recordOpened(state: PracticeProgressState, exerciseId: string, now: number): PracticeProgressState {
  if (exerciseProgress(state, exerciseId).openedAt !== undefined) return state;
  return update(state, exerciseId, (p) => ({ ...p, openedAt: now }));
}

/**
 * The check cell finished: one more attempt, the last report, and on the first pass its time, the attempts it
 * took, how long since the first opening, and whether the solution had been shown by then.
 */
export function recordCheck(state: PracticeProgressState, exerciseId: string, outcome: CheckOutcome, now: number): PracticeProgressState {
  return update(state, exerciseId, (p) => {
    const next: ExerciseProgress = { ...p, attempts: p.attempts + 1, lastOk: outcome.ok };
    if (outcome.report) next.lastReport = { passed: outcome.report.passed, total: outcome.report.total };
    else delete next.lastReport;
    if (outcome.ok && p.firstPassAt === undefined) {
      next.firstPassAt = now;
      next.attemptsToPass = next.attempts;
      if (p.openedAt !== undefined) next.timeToPassMs = Math.max(0, now - p.openedAt);
      if (p.solutionShownAt !== undefined) next.passedWithSolution = true;
    }
    return next;
  });
}

/** Hint step `step` (from 1) was shown. */
export function recordHint(state: PracticeProgressState, exerciseId: string, step: number): PracticeProgressState {
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`a hint step counts from 1, got ${step}`);
  return update(state, exerciseId, (p) => ({ ...p, hintsShown: Math.max(p.hintsShown, step) }));
}

/** The reference solution was shown (the first time is kept). */
export function recordSolutionShown(state: PracticeProgressState, exerciseId: string, now: number): PracticeProgressState {
  if (exerciseProgress(state, exerciseId).solutionShownAt !== undefined) return state;
  return update(state, exerciseId, (p) => ({ ...p, solutionShownAt: now }));
}

/** Whether the exercise has any progress to show (or to reset): opened, checked, a hint or the solution shown. */
export function hasPracticeProgress(p: ExerciseProgress): boolean {
  return p.attempts > 0 || p.openedAt !== undefined || p.hintsShown > 0 || p.solutionShownAt !== undefined;
}

/** How many exercises have progress (what a reset of all progress would clear). */
export function practisedCount(state: PracticeProgressState): number {
  return Object.values(state.exercises).filter(hasPracticeProgress).length;
}

/** The exercise starts over: its progress is forgotten (a question's reset resets its exercise too). */
export function resetExercise(state: PracticeProgressState, exerciseId: string): PracticeProgressState {
  if (!Object.hasOwn(state.exercises, exerciseId)) return state;
  const exercises = { ...state.exercises };
  delete exercises[exerciseId];
  return { ...state, exercises };
}

/** The format name of the practice section in the progress export file. */
export const PRACTICE_EXPORT_FORMAT = 'mlnb-practice-progress';

/**
 * The practice section of the progress export file: the stored state under its own format name and version (so
 * parsePracticeProgress reads the section back), with what the store held that could not be read (`notRead`) so
 * an export never hides it.
 */
export function practiceProgressExport(state: PracticeProgressState, notRead: readonly string[] = []) {
  return {
    format: PRACTICE_EXPORT_FORMAT,
    version: state.version,
    practised: practisedCount(state),
    passed: Object.values(state.exercises).filter((p) => p.firstPassAt !== undefined).length,
    exercises: state.exercises,
    ...(notRead.length > 0 ? { notRead: [...notRead] } : {}),
  };
}

/**
 * Reads a stored state. Whatever is not a well-formed entry is left out (with its reason in `dropped`), so a
 * hand-edited or newer store never breaks the view; an unknown version reads as empty.
 */
export function parsePracticeProgress(json: unknown): { state: PracticeProgressState; dropped: string[] } {
  const state = emptyPracticeProgress();
  const dropped: string[] = [];
  if (json === undefined || json === null) return { state, dropped };
  const raw = json as Partial<PracticeProgressState>;
  if (typeof raw !== 'object' || raw.version !== PRACTICE_PROGRESS_VERSION || typeof raw.exercises !== 'object' || raw.exercises === null) {
    dropped.push(`not a practice progress store of version ${PRACTICE_PROGRESS_VERSION}`);
    return { state, dropped };
  }
  for (const [id, value] of Object.entries(raw.exercises as Record<string, unknown>)) {
    const problem = progressProblem(value);
    if (problem) dropped.push(`${id}: ${problem}`);
    else state.exercises[id] = cleanProgress(value as ExerciseProgress);
  }
  return { state, dropped };
}

const TIMES = ['openedAt', 'firstPassAt', 'timeToPassMs', 'solutionShownAt', 'attemptsToPass'] as const;

function progressProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const p = value as Record<string, unknown>;
  const count = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (!count(p.attempts)) return 'attempts must be a whole number ≥ 0';
  if (!count(p.hintsShown)) return 'hintsShown must be a whole number ≥ 0';
  for (const key of TIMES) if (p[key] !== undefined && !(typeof p[key] === 'number' && Number.isFinite(p[key]) && (p[key] as number) >= 0)) return `${key} must be a number ≥ 0`;
  const r = p.lastReport as Record<string, unknown> | undefined;
  if (r !== undefined && !(typeof r === 'object' && r !== null && count(r.passed) && count(r.total) && (r.passed as number) <= (r.total as number))) return 'lastReport must be { passed, total } with passed ≤ total';
  if (p.lastOk !== undefined && typeof p.lastOk !== 'boolean') return 'lastOk must be true or false';
  if (p.passedWithSolution !== undefined && typeof p.passedWithSolution !== 'boolean') return 'passedWithSolution must be true or false';
  return undefined;
}

/** Only the known fields (a store written by a newer version may carry more). */
function cleanProgress(p: ExerciseProgress): ExerciseProgress {
  const out: ExerciseProgress = { attempts: p.attempts, hintsShown: p.hintsShown };
  for (const key of TIMES) if (p[key] !== undefined) out[key] = p[key];
  if (p.lastReport) out.lastReport = { passed: p.lastReport.passed, total: p.lastReport.total };
  if (p.lastOk !== undefined) out.lastOk = p.lastOk;
  if (p.passedWithSolution) out.passedWithSolution = true;
  return out;
}

const WORDS = {
  en: {
    practice: 'practice',
    attempts: (n: number) => `${n} attempt${n === 1 ? '' : 's'}`,
    withSolution: 'with the solution',
    opened: 'opened, not checked yet',
    passed: (when: string, attempts: number, took?: string) => `Practice passed ${when}, at attempt ${attempts}${took ? `, ${took} after first opening it` : ''}.`,
    notPassed: 'Practice: not passed yet.',
    last: (r?: { passed: number; total: number }, ok?: boolean) => (r ? `Last check: ${r.passed}/${r.total} test cases passed.` : ok === false ? 'Last check: failed before its report (an error in the code).' : ''),
    attemptsLine: (n: number) => `Attempts: ${n}.`,
    hints: (n: number) => `Hints shown: ${n}.`,
    solutionShown: 'Solution shown.',
    passedWithSolution: 'The pass came after the solution was shown.',
  },
  zh: {
    practice: '练习',
    attempts: (n: number) => `${n} 次尝试`,
    withSolution: '看过答案',
    opened: '已打开，尚未检查',
    passed: (when: string, attempts: number, took?: string) => `练习已于 ${when} 通过，第 ${attempts} 次尝试${took ? `，距首次打开 ${took}` : ''}。`,
    notPassed: '练习：尚未通过。',
    last: (r?: { passed: number; total: number }, ok?: boolean) => (r ? `上次检查：通过 ${r.passed}/${r.total} 个测试用例。` : ok === false ? '上次检查：在报告前出错（代码有错误）。' : ''),
    attemptsLine: (n: number) => `尝试次数：${n}。`,
    hints: (n: number) => `已看提示：${n} 步。`,
    solutionShown: '已查看答案。',
    passedWithSolution: '通过发生在查看答案之后。',
  },
};

/** A duration in words: `45 s`, `12 min`, `2 h 5 min`, `3 d`. */
export function formatDuration(ms: number, language: DisplayLanguage): string {
  const zh = language === 'zh';
  const s = Math.round(ms / 1000);
  if (s < 60) return zh ? `${s} 秒` : `${s} s`;
  const min = Math.round(ms / 60_000);
  if (min < 60) return zh ? `${min} 分钟` : `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return zh ? `${h} 小时${min % 60 ? ` ${min % 60} 分钟` : ''}` : `${h} h${min % 60 ? ` ${min % 60} min` : ''}`;
  const d = Math.round(h / 24);
  return zh ? `${d} 天` : `${d} d`;
}

/**
 * The exercise's progress in a few words for the Questions view (`✓ practice · 3 attempts · 12 min`,
 * `practice 2/5 · 4 attempts`), and as full sentences for its tooltip. Undefined when there is none.
 * The few words follow the interface language (English for 'both', as the row's other words do); the sentences
 * follow the display language like the rest of the tooltip: for 'both', the Chinese ones, an empty line, the English ones.
 * `formatDate` gets the language the date is written in.
 */
export function describePracticeProgress(
  p: ExerciseProgress,
  language: DisplayLanguage,
  formatDate: (ms: number, lang: Lang) => string = (ms) => new Date(ms).toISOString().slice(0, 16).replace('T', ' '),
): { short: string; lines: string[] } | undefined {
  if (!hasPracticeProgress(p)) return undefined;
  // For 'both', an empty line between the two languages parts them as the question's two texts are parted.
  const lines = shownLangs(language).flatMap((lang, i) => [...(i > 0 ? [''] : []), ...progressLines(p, lang, formatDate)]);
  return { short: shortProgress(p, chromeLang(language)), lines };
}

function shortProgress(p: ExerciseProgress, lang: Lang): string {
  const w = WORDS[lang];
  const parts: string[] = [];
  if (p.firstPassAt !== undefined) {
    parts.push(`✓ ${w.practice}`, w.attempts(p.attemptsToPass ?? p.attempts));
    if (p.timeToPassMs !== undefined) parts.push(formatDuration(p.timeToPassMs, lang));
    if (p.passedWithSolution) parts.push(w.withSolution);
  } else if (p.attempts === 0) {
    parts.push(`${w.practice} · ${w.opened}`);
  } else {
    parts.push(p.lastReport ? `${w.practice} ${p.lastReport.passed}/${p.lastReport.total}` : `${w.practice} ✗`, w.attempts(p.attempts));
  }
  return parts.join(' · ');
}

function progressLines(p: ExerciseProgress, lang: Lang, formatDate: (ms: number, lang: Lang) => string): string[] {
  const w = WORDS[lang];
  const lines: string[] = [];
  if (p.firstPassAt !== undefined) {
    lines.push(w.passed(formatDate(p.firstPassAt, lang), p.attemptsToPass ?? p.attempts, p.timeToPassMs !== undefined ? formatDuration(p.timeToPassMs, lang) : undefined));
  } else lines.push(w.notPassed);
  const last = w.last(p.lastReport, p.lastOk);
  if (last) lines.push(last);
  lines.push(w.attemptsLine(p.attempts), w.hints(p.hintsShown));
  if (p.solutionShownAt !== undefined) lines.push(w.solutionShown);
  if (p.passedWithSolution) lines.push(w.passedWithSolution);
  return lines;
}
