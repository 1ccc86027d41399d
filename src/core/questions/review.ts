/**
 * Review progress and spaced repetition for the question bank, scheduled by FSRS (ts-fsrs).
 *
 * Scheduling is day-grained, which suits interview questions better than flash-card minutes: with no
 * (re)learning steps FSRS schedules every rating in days — "Review again" (Again) brings a question back
 * tomorrow, "I knew it" (Good) on a new question in about two days, then ever longer.
 *
 * Status of a question:
 *   new       never rated;
 *   learning  rated, but its memory is not yet stable;
 *   known     last rated Hard/Good/Easy and FSRS stability ≥ KNOWN_STABILITY_DAYS (it would most likely
 *             still be recalled a week from now). Good on a new question → learning (stability ≈ 2.3 d);
 *             Good again when due → known (≈ 11 d); Easy, or every key point in a mock interview → known
 *             at once (≈ 8.3 d). Again always → learning.
 *
 * The state is a plain JSON object (dates as ISO strings) so it can live in VS Code's globalState and be
 * exported; `ReviewScheduler.fromJSON` accepts anything and keeps only well-formed cards.
 *
 * Pure: no 'vscode', no 'node:*'. (Importing ts-fsrs adds helper methods to Date.prototype — another
 * reason the extension imports this module lazily.)
 */
import { createEmptyCard, fsrs, generatorParameters, Rating, State, type Card, type FSRS, type Grade } from 'ts-fsrs';
import type { ProgressStatus } from './search';
import type { Bilingual } from '../i18n';

export type { ProgressStatus } from './search';

/** Ratings as the UI names them. "I knew it" = good, "Review again" = again. */
export type ReviewRating = 'again' | 'hard' | 'good' | 'easy';
export const REVIEW_RATINGS: readonly ReviewRating[] = ['again', 'hard', 'good', 'easy'];
const TO_FSRS: Record<ReviewRating, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

/** Stability (days) from which a question counts as known. */
export const KNOWN_STABILITY_DAYS = 7;
/** Review log entries kept per question (the newest). */
export const MAX_LOG = 50;
export const PROGRESS_VERSION = 1;

export interface ReviewLogEntry {
  /** ISO time of the review. */
  at: string;
  rating: ReviewRating;
  /** Where the rating came from, e.g. 'page' or 'mock'. */
  source?: string;
}

/** One question's FSRS memory state, JSON-safe. Field meanings follow ts-fsrs's Card. */
export interface CardRecord {
  due: string;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  /** ts-fsrs State: 0 New, 1 Learning, 2 Review, 3 Relearning. */
  state: number;
  lastReview?: string;
  log: ReviewLogEntry[];
}

export interface ProgressState {
  version: typeof PROGRESS_VERSION;
  cards: Record<string, CardRecord>;
}

export interface QuestionProgress {
  status: ProgressStatus;
  /** Rated before and its due time has come. */
  due: boolean;
  /** Next review time (undefined for new questions). */
  dueAt?: Date;
  reps: number;
  lapses: number;
  lastRating?: ReviewRating;
  stability?: number;
}

export interface ProgressCounts {
  new: number;
  learning: number;
  known: number;
  due: number;
}

function emptyState(): ProgressState {
  return { version: PROGRESS_VERSION, cards: {} };
}

let scheduler: FSRS | undefined;
/** FSRS with default weights, 90 % target retention, day-grained (no short learning steps), no fuzz. */
function fsrsInstance(): FSRS {
  scheduler ??= fsrs(generatorParameters({ learning_steps: [], relearning_steps: [], enable_fuzz: false }));
  return scheduler;
}

function toCard(r: CardRecord): Card {
  return {
    due: new Date(r.due),
    stability: r.stability,
    difficulty: r.difficulty,
    elapsed_days: 0,
    scheduled_days: r.scheduledDays,
    learning_steps: r.learningSteps,
    reps: r.reps,
    lapses: r.lapses,
    state: r.state as State,
    last_review: r.lastReview ? new Date(r.lastReview) : undefined,
  };
}

function fromCard(c: Card, log: ReviewLogEntry[]): CardRecord {
  const out: CardRecord = {
    due: c.due.toISOString(),
    stability: c.stability,
    difficulty: c.difficulty,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    log,
  };
  if (c.last_review) out.lastReview = c.last_review.toISOString();
  return out;
}

const isIsoDate = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A card record read from storage or a file, or undefined when it is not one. */
export function parseCardRecord(value: unknown): CardRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!isIsoDate(v.due)) return undefined;
  for (const k of ['stability', 'difficulty', 'scheduledDays', 'learningSteps', 'reps', 'lapses', 'state'])
    if (!isFiniteNumber(v[k])) return undefined;
  if (![0, 1, 2, 3].includes(v.state as number) || (v.reps as number) < 0) return undefined;
  if (v.lastReview !== undefined && !isIsoDate(v.lastReview)) return undefined;
  const log: ReviewLogEntry[] = Array.isArray(v.log)
    ? v.log
        .filter(
          (e): e is ReviewLogEntry =>
            typeof e === 'object' && e !== null && isIsoDate((e as ReviewLogEntry).at) && REVIEW_RATINGS.includes((e as ReviewLogEntry).rating),
        )
        .map((e) => ({ at: e.at, rating: e.rating, ...(typeof e.source === 'string' ? { source: e.source } : {}) }))
        .slice(-MAX_LOG)
    : [];
  return {
    due: new Date(v.due as string).toISOString(),
    stability: v.stability as number,
    difficulty: v.difficulty as number,
    scheduledDays: v.scheduledDays as number,
    learningSteps: v.learningSteps as number,
    reps: v.reps as number,
    lapses: v.lapses as number,
    state: v.state as number,
    ...(v.lastReview !== undefined ? { lastReview: new Date(v.lastReview as string).toISOString() } : {}),
    log,
  };
}

/** Review progress for every question, with FSRS scheduling. Mutable; serialise with toJSON(). */
export class ReviewScheduler {
  private cards: Record<string, CardRecord>;

  constructor(state: ProgressState = emptyState()) {
    this.cards = { ...state.cards };
  }

  /**
   * Progress from anything (globalState, an exported file): keeps well-formed cards and counts the rest in
   * `dropped`. Accepts the export format too (its `cards` field).
   */
  static fromJSON(value: unknown): { scheduler: ReviewScheduler; dropped: number } {
    const state = emptyState();
    let dropped = 0;
    const cards = typeof value === 'object' && value !== null ? (value as { cards?: unknown }).cards : undefined;
    if (typeof cards === 'object' && cards !== null && !Array.isArray(cards)) {
      for (const [id, raw] of Object.entries(cards)) {
        const card = parseCardRecord(raw);
        if (card) state.cards[id] = card;
        else dropped++;
      }
    } else if (value !== undefined && value !== null) dropped++;
    return { scheduler: new ReviewScheduler(state), dropped };
  }

  toJSON(): ProgressState {
    return { version: PROGRESS_VERSION, cards: structuredClone(this.cards) };
  }

  /** Ids that have progress. */
  ids(): string[] {
    return Object.keys(this.cards).sort();
  }

  card(id: string): CardRecord | undefined {
    return this.cards[id];
  }

  /** Record a review of `id` at `now` and reschedule it. Returns its new progress. */
  rate(id: string, rating: ReviewRating, now: Date = new Date(), source?: string): QuestionProgress {
    const prev = this.cards[id];
    const card = prev ? toCard(prev) : createEmptyCard(now);
    const next = fsrsInstance().next(card, now, TO_FSRS[rating]).card;
    const log = [...(prev?.log ?? []), { at: now.toISOString(), rating, ...(source ? { source } : {}) }].slice(-MAX_LOG);
    this.cards[id] = fromCard(next, log);
    return this.progress(id, now);
  }

  progress(id: string, now: Date = new Date()): QuestionProgress {
    const c = this.cards[id];
    if (!c || c.reps === 0) return { status: 'new', due: false, reps: 0, lapses: 0 };
    const dueAt = new Date(c.due);
    const lastRating = c.log.at(-1)?.rating;
    const known = c.state === State.Review && c.stability >= KNOWN_STABILITY_DAYS && lastRating !== 'again';
    return {
      status: known ? 'known' : 'learning',
      due: dueAt.getTime() <= now.getTime(),
      dueAt,
      reps: c.reps,
      lapses: c.lapses,
      lastRating,
      stability: c.stability,
    };
  }

  status(id: string, now: Date = new Date()): ProgressStatus {
    return this.progress(id, now).status;
  }

  isDue(id: string, now: Date = new Date()): boolean {
    return this.progress(id, now).due;
  }

  /**
   * Questions due for review at `now`, restricted to `ids` when given (e.g. the bank, so removed questions
   * never show): most overdue first, ties broken by lower stability (weaker memory first), then id.
   */
  dueQueue(now: Date = new Date(), ids?: Iterable<string>): string[] {
    const allowed = ids ? new Set(ids) : undefined;
    const t = now.getTime();
    return Object.entries(this.cards)
      .filter(([id, c]) => (!allowed || allowed.has(id)) && c.reps > 0 && Date.parse(c.due) <= t)
      .sort(([a, x], [b, y]) => Date.parse(x.due) - Date.parse(y.due) || x.stability - y.stability || a.localeCompare(b))
      .map(([id]) => id);
  }

  /** The earliest review after `now` (what to wait for when nothing is due). */
  nextDue(now: Date = new Date(), ids?: Iterable<string>): { id: string; at: Date } | undefined {
    const allowed = ids ? new Set(ids) : undefined;
    let best: { id: string; at: Date } | undefined;
    for (const [id, c] of Object.entries(this.cards)) {
      if ((allowed && !allowed.has(id)) || c.reps === 0) continue;
      const at = Date.parse(c.due);
      if (at > now.getTime() && (!best || at < best.at.getTime())) best = { id, at: new Date(at) };
    }
    return best;
  }

  counts(ids: Iterable<string>, now: Date = new Date()): ProgressCounts {
    const out: ProgressCounts = { new: 0, learning: 0, known: 0, due: 0 };
    for (const id of ids) {
      const p = this.progress(id, now);
      out[p.status]++;
      if (p.due) out.due++;
    }
    return out;
  }

  /** Forget one question's progress (it becomes new). */
  resetOne(id: string): void {
    delete this.cards[id];
  }

  /** Forget all progress. */
  reset(): void {
    this.cards = {};
  }
}

/**
 * When `at` comes, from `now`, in words of both languages: "in 5 min" / "5 分钟后", "in 3 h", "tomorrow",
 * "in 12 days", "in 3 months"; "now" once it has come.
 */
export function describeDue(at: Date, now: Date = new Date()): Bilingual {
  const ms = at.getTime() - now.getTime();
  if (ms <= 0) return { en: 'now', zh: '现在' };
  const min = ms / 60_000;
  if (min < 60) {
    const n = Math.max(1, Math.round(min));
    return { en: `in ${n} min`, zh: `${n} 分钟后` };
  }
  const h = min / 60;
  if (h < 20) return { en: `in ${Math.round(h)} h`, zh: `${Math.round(h)} 小时后` };
  const d = Math.round(h / 24);
  if (d <= 1) return { en: 'tomorrow', zh: '明天' };
  if (d < 60) return { en: `in ${d} days`, zh: `${d} 天后` };
  const months = Math.round(d / 30);
  return { en: `in ${months} months`, zh: `${months} 个月后` };
}
