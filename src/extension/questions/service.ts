/**
 * The question features' state: the bank (loaded once, on first use), review progress (FSRS, persisted in
 * globalState), the sidebar filters, and the derived views of a question for the webview.
 *
 * Imported lazily by ./index.ts (`await import('./service')`) so activation pays nothing for the bank,
 * fuse.js or ts-fsrs until a question feature is used.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import {
  CATEGORIES,
  type Category,
  type QuestionBank,
  type QuestionEntry,
} from '../../core/questions/bank';
import type { DisplayLanguage } from '../../core/i18n';
import { loadBankFromDir } from '../../host/questionBankFiles';
import type { PracticeExercises } from '../../core/practice/exercises';
import { loadPracticeFromDir } from '../../host/practiceContentFiles';
import {
  describePracticeProgress,
  emptyPracticeProgress,
  exerciseProgress,
  parsePracticeProgress,
  practiceProgressExport,
  practisedCount,
  resetExercise,
  type ExerciseProgress,
  type PracticeProgressState,
} from '../../core/practice/progress';
import { dailyQuestionId, localDateKey } from '../../core/questions/daily';
import { describeDue, ReviewScheduler, type QuestionProgress, type ReviewRating } from '../../core/questions/review';
import { hasFilters, matchesFilters, NO_FILTERS, QuestionSearch, type QuestionFilters } from '../../core/questions/search';
import type { ProgressView, QuestionView } from '../../webview/question/protocol';
import { Config, onSettingsChange } from '../config';
import { questionView } from './questionView';

/** globalState key of the review progress (a ProgressState). Synced across machines with Settings Sync. */
export const PROGRESS_KEY = 'mlnb.questions.progress';
/** globalState key of the practice progress per exercise (a PracticeProgressState), synced the same way. */
export const PRACTICE_PROGRESS_KEY = 'mlnb.practice.progress';

export class QuestionsService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<'progress' | 'filters' | 'language' | 'time'>();
  /** Fires when progress, filters or the language change, or when time made questions due / a new day begin. */
  readonly onDidChange = this.changed.event;
  private filters: QuestionFilters = NO_FILTERS;
  private searchIndex: QuestionSearch | undefined;
  private clock: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  readonly loadMs: number;

  private constructor(
    private readonly context: vscode.ExtensionContext,
    readonly bank: QuestionBank,
    /** The practice exercises (the content notebooks under content/practice). */
    readonly practice: PracticeExercises,
    loadMs: number,
  ) {
    this.loadMs = loadMs;
    context.globalState.setKeysForSync([PROGRESS_KEY, PRACTICE_PROGRESS_KEY]);
    this.disposables.push(
      this.changed,
      onSettingsChange(['language'], () => this.changed.fire('language')),
    );
    this.scheduleClock();
  }

  static create(context: vscode.ExtensionContext): QuestionsService {
    const started = performance.now();
    const bank = loadBankFromDir(path.join(context.extensionPath, 'questions'));
    const practice = loadPracticeFromDir(path.join(context.extensionPath, 'content', 'practice'));
    return new QuestionsService(context, bank, practice, performance.now() - started);
  }

  dispose(): void {
    if (this.clock) clearTimeout(this.clock);
    for (const d of this.disposables) d.dispose();
  }

  language(): DisplayLanguage {
    return Config.language();
  }

  // -------------------------------------------------------------------------------------------------
  // Progress
  // -------------------------------------------------------------------------------------------------

  /** The stored progress, read fresh each time: another window may have written it. */
  private scheduler(): ReviewScheduler {
    return ReviewScheduler.fromJSON(this.context.globalState.get(PROGRESS_KEY)).scheduler;
  }

  private cache: { at: number; scheduler: ReviewScheduler } | undefined;
  /** A read-only snapshot for rendering (re-read at most every 500 ms while the tree paints). */
  private snapshot(): ReviewScheduler {
    const now = Date.now();
    if (!this.cache || now - this.cache.at > 500) this.cache = { at: now, scheduler: this.scheduler() };
    return this.cache.scheduler;
  }

  progress(id: string, now = new Date()): QuestionProgress {
    return this.snapshot().progress(id, now);
  }

  async rate(id: string, rating: ReviewRating, source: 'page' | 'mock'): Promise<QuestionProgress> {
    if (!this.bank.has(id)) throw new Error(`unknown question: ${id}`);
    const s = this.scheduler();
    const p = s.rate(id, rating, new Date(), source);
    await this.save(s);
    return p;
  }

  /**
   * Forgets all progress: the review schedule and the practice progress. The practice store goes first, as it is
   * the one that can refuse (a store this version cannot read is left alone, with an error): then nothing is reset.
   */
  async resetAll(): Promise<void> {
    await this.updatePracticeProgress(() => emptyPracticeProgress());
    await this.save(new ReviewScheduler());
  }

  /** Forgets one question's progress, its practice exercise's included (shown on every question that borrows it). */
  async resetOne(id: string): Promise<void> {
    const entry = this.bank.byId(id);
    const exercise = entry ? this.practice.forEntry(entry) : undefined;
    if (exercise) await this.updatePracticeProgress((state) => resetExercise(state, exercise.questionId));
    const s = this.scheduler();
    s.resetOne(id);
    await this.save(s);
  }

  private async save(s: ReviewScheduler): Promise<void> {
    await this.context.globalState.update(PROGRESS_KEY, s.toJSON());
    this.cache = undefined;
    this.scheduleClock();
    this.changed.fire('progress');
  }

  /** The practice progress of an exercise (by the exercise's question id), read fresh: another window may have written it. */
  practiceProgress(exerciseId: string): ExerciseProgress {
    return exerciseProgress(this.practiceProgressState(), exerciseId);
  }

  private practiceProgressState(): PracticeProgressState {
    const { state, dropped } = parsePracticeProgress(this.context.globalState.get(PRACTICE_PROGRESS_KEY));
    if (dropped.length > 0 && !this.reportedDropped) {
      this.reportedDropped = true;
      this.log?.(`practice progress: left out what could not be read: ${dropped.join('; ')}`);
    }
    return state;
  }
  private reportedDropped = false;
  /** Where problems with stored state are reported (the mlnb log), set by the feature. */
  log: ((message: string) => void) | undefined;

  /**
   * Changes the practice progress (one of core/practice/progress.ts's record functions) and saves it. Entries it
   * could not read are written back as they were; a store it cannot read at all (a newer version) is not
   * overwritten: the change is refused with an error.
   */
  async updatePracticeProgress(change: (state: PracticeProgressState) => PracticeProgressState): Promise<void> {
    const raw = this.context.globalState.get<unknown>(PRACTICE_PROGRESS_KEY);
    const { state, dropped } = parsePracticeProgress(raw);
    const readable = raw === undefined || raw === null || (typeof raw === 'object' && (raw as { version?: unknown }).version === state.version && typeof (raw as { exercises?: unknown }).exercises === 'object');
    if (!readable) throw new Error(`the stored practice progress (${PRACTICE_PROGRESS_KEY}) is not one this version reads (${dropped.join('; ')}); it was left unchanged`);
    const next = change(state);
    const unreadable = Object.fromEntries(Object.entries(((raw as { exercises?: Record<string, unknown> } | undefined)?.exercises) ?? {}).filter(([id]) => !Object.hasOwn(state.exercises, id)));
    await this.context.globalState.update(PRACTICE_PROGRESS_KEY, { ...next, exercises: { ...unreadable, ...next.exercises } });
    this.changed.fire('progress');
  }

  /** Number of exercises with any practice progress. */
  practisedCount(): number {
    return practisedCount(this.practiceProgressState());
  }

  /** Number of questions with any progress. */
  reviewedCount(): number {
    return this.snapshot().ids().filter((id) => this.bank.has(id)).length;
  }

  dueQueue(now = new Date()): string[] {
    return this.snapshot().dueQueue(now, this.bank.all.map((e) => e.id));
  }

  nextDue(now = new Date()): { id: string; at: Date } | undefined {
    return this.snapshot().nextDue(now, this.bank.all.map((e) => e.id));
  }

  counts(entries: readonly QuestionEntry[], now = new Date()) {
    return this.snapshot().counts(
      entries.map((e) => e.id),
      now,
    );
  }

  /**
   * The export file's content: review progress plus a readable summary per question, and the practice progress
   * per exercise in its own versioned section (`practice`). Readers of the review part (`cards`, see
   * ReviewScheduler.fromJSON) are unaffected by the added section.
   */
  exportJson(now = new Date()): string {
    const s = this.scheduler();
    const questions = s
      .ids()
      .filter((id) => this.bank.has(id))
      .map((id) => {
        const p = s.progress(id, now);
        return { id, status: p.status, due: p.dueAt?.toISOString(), reps: p.reps, lapses: p.lapses, lastRating: p.lastRating };
      });
    const json = s.toJSON();
    const practice = parsePracticeProgress(this.context.globalState.get(PRACTICE_PROGRESS_KEY));
    return `${JSON.stringify(
      {
        format: 'mlnb-question-progress',
        version: json.version,
        exportedAt: now.toISOString(),
        scheduler: 'FSRS (ts-fsrs), default weights, 90% retention, day-grained',
        counts: this.counts(this.bank.all, now),
        questions,
        cards: json.cards,
        practice: practiceProgressExport(practice.state, practice.dropped),
      },
      null,
      2,
    )}\n`;
  }

  /**
   * Wake up when the next question becomes due or the day changes (new daily question), whichever comes
   * first, so the tree and the badge stay current without polling.
   */
  private scheduleClock(): void {
    if (this.clock) clearTimeout(this.clock);
    const now = new Date();
    const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 0, 0, 1);
    const next = this.nextDue(now)?.at;
    const at = next && next < midnight ? next : midnight;
    const ms = Math.min(Math.max(1000, at.getTime() - now.getTime() + 500), 2 ** 31 - 1);
    this.clock = setTimeout(() => {
      this.cache = undefined;
      this.changed.fire('time');
      this.scheduleClock();
    }, ms);
    this.clock.unref?.();
  }

  // -------------------------------------------------------------------------------------------------
  // Filters, search, picks
  // -------------------------------------------------------------------------------------------------

  getFilters(): QuestionFilters {
    return this.filters;
  }

  setFilters(filters: Partial<QuestionFilters>): void {
    this.filters = { ...this.filters, ...filters };
    this.changed.fire('filters');
  }

  clearFilters(): void {
    this.filters = NO_FILTERS;
    this.changed.fire('filters');
  }

  filtered(): boolean {
    return hasFilters(this.filters);
  }

  /** Entries of `category` (or all) that pass the sidebar filters. */
  visible(category?: Category, now = new Date()): QuestionEntry[] {
    const entries = category ? this.bank.byCategory(category) : this.bank.all;
    if (!this.filtered()) return [...entries];
    const s = this.snapshot();
    return entries.filter((e) => matchesFilters(e, this.filters, (id) => s.progress(id, now)));
  }

  search(): QuestionSearch {
    this.searchIndex ??= new QuestionSearch(this.bank.all);
    return this.searchIndex;
  }

  daily(date = new Date()): QuestionEntry {
    return this.bank.byId(dailyQuestionId(this.bank.all.map((e) => e.id), date)!)!;
  }

  dailyKey(date = new Date()): string {
    return localDateKey(date);
  }

  random(pool: readonly QuestionEntry[] = this.visible(), exclude?: string): QuestionEntry | undefined {
    const candidates = pool.length > 1 && exclude ? pool.filter((e) => e.id !== exclude) : pool;
    return candidates[Math.floor(Math.random() * candidates.length)];
  }

  // -------------------------------------------------------------------------------------------------
  // Views
  // -------------------------------------------------------------------------------------------------

  progressView(id: string, now = new Date()): ProgressView {
    const p = this.progress(id, now);
    return {
      status: p.status,
      due: p.due,
      reps: p.reps,
      ...(p.dueAt && !p.due ? { next: describeDue(p.dueAt, now) } : {}),
    };
  }

  /** The progress on the entry's practice exercise in words (the tree and the question page), when there is any. */
  practiceProgressText(entry: QuestionEntry): ReturnType<typeof describePracticeProgress> {
    const exercise = this.practice.forEntry(entry);
    if (!exercise) return undefined;
    // Dates in the tooltip's language: the host's locale may be English under a Chinese display language.
    return describePracticeProgress(this.practiceProgress(exercise.questionId), this.language(), (ms, lang) => new Date(ms).toLocaleString(lang === 'zh' ? 'zh-CN' : undefined));
  }

  questionView(entry: QuestionEntry, now = new Date()): QuestionView {
    const practiceProgress = this.practiceProgressText(entry);
    return questionView(entry, this.bank, { practice: this.practice.canPractice(entry), progress: this.progressView(entry.id, now), daily: this.daily(now).id === entry.id, ...(practiceProgress ? { practiceProgress } : {}) });
  }

  categories(): readonly Category[] {
    return CATEGORIES;
  }
}
