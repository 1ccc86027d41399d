/**
 * Mock interviews: choosing the questions, scoring a self-graded answer against the key points, the
 * rating that score feeds into the review schedule, and the readiness summary per category.
 *
 * Pure: no 'vscode', no 'node:*'. Randomness comes in as a function so tests can seed it.
 */
import { shuffle } from '../random';
import { CATEGORIES, DIFFICULTIES, type Category, type Difficulty, type QuestionEntry } from './bank';
import type { ReviewRating } from './review';

/** How the questions' difficulties are mixed. */
export type DifficultyMix = 'interview' | 'balanced' | Difficulty;
export const DIFFICULTY_MIXES: readonly DifficultyMix[] = ['interview', 'balanced', 'easy', 'medium', 'hard'];

/** Share of each difficulty in a mix. `interview` is 1 easy : 2 medium : 1 hard. */
export const MIX_WEIGHTS: Readonly<Record<DifficultyMix, Readonly<Record<Difficulty, number>>>> = {
  interview: { easy: 1, medium: 2, hard: 1 },
  balanced: { easy: 1, medium: 1, hard: 1 },
  easy: { easy: 1, medium: 0, hard: 0 },
  medium: { easy: 0, medium: 1, hard: 0 },
  hard: { easy: 0, medium: 0, hard: 1 },
};

export const DEFAULT_MOCK_COUNT = 5;
/** Suggested time per question (seconds) by difficulty, shown next to the timer. */
export const SUGGESTED_SECONDS: Readonly<Record<Difficulty, number>> = { easy: 120, medium: 180, hard: 300 };

/**
 * How many follow-ups the interviewer asks after the main question: one after an easy question, two after
 * a medium or hard one (an interviewer drills further where there is more to drill).
 */
export const FOLLOW_UPS_ASKED: Readonly<Record<Difficulty, number>> = { easy: 1, medium: 2, hard: 2 };

/**
 * Which of the entry's follow-ups to ask (indices into followUps.en, in their written order): as many as
 * FOLLOW_UPS_ASKED says, at most as many as it has, chosen at random so a repeated question drills differently.
 */
export function pickFollowUps(entry: QuestionEntry, random: () => number = Math.random): number[] {
  const available = Math.min(entry.followUps.en.length, entry.followUps.zh.length);
  const want = Math.min(FOLLOW_UPS_ASKED[entry.difficulty], available);
  const indices = Array.from({ length: available }, (_, i) => i);
  return shuffle(indices, random)
    .slice(0, want)
    .sort((a, b) => a - b);
}

export interface MockOptions {
  count: number;
  /** Categories to draw from; empty or undefined = all. */
  categories?: readonly Category[];
  mix?: DifficultyMix;
  /** Lower = preferred (e.g. 0 for questions not yet known, 1 for known ones). */
  priority?: (entry: QuestionEntry) => number;
}

/** How many questions of each difficulty `count` asks for under `mix` (largest-remainder rounding). */
export function difficultyTargets(count: number, mix: DifficultyMix): Record<Difficulty, number> {
  const w = MIX_WEIGHTS[mix];
  const total = DIFFICULTIES.reduce((s, d) => s + w[d], 0);
  const exact = DIFFICULTIES.map((d) => ({ d, x: (count * w[d]) / total }));
  const out = Object.fromEntries(exact.map(({ d, x }) => [d, Math.floor(x)])) as Record<Difficulty, number>;
  let left = count - DIFFICULTIES.reduce((s, d) => s + out[d], 0);
  // Remainders largest first; ties go to the harder-weighted middle (medium), then in DIFFICULTIES order.
  const order = [...exact].sort((a, b) => b.x - Math.floor(b.x) - (a.x - Math.floor(a.x)) || w[b.d] - w[a.d]);
  for (const { d } of order) {
    if (left <= 0) break;
    if (w[d] > 0) {
      out[d]++;
      left--;
    }
  }
  return out;
}

/**
 * Choose up to `count` questions: difficulties as the mix asks (topped up from other difficulties when one
 * runs short), categories spread as evenly as the pool allows, preferred (lower priority) questions first,
 * otherwise random. Returned easiest first, like an interview that warms up.
 */
export function pickMockQuestions(entries: readonly QuestionEntry[], options: MockOptions, random: () => number = Math.random): QuestionEntry[] {
  const categories = options.categories && options.categories.length > 0 ? new Set(options.categories) : undefined;
  const pool = shuffle(
    entries.filter((e) => !categories || categories.has(e.category)),
    random,
  );
  const count = Math.max(0, Math.min(Math.floor(options.count), pool.length));
  const targets = difficultyTargets(count, options.mix ?? 'interview');
  const priority = options.priority ?? (() => 0);
  const perCategory = new Map<Category, number>();
  const chosen: QuestionEntry[] = [];
  const taken = new Set<string>();

  const takeOne = (allowed: (e: QuestionEntry) => boolean): boolean => {
    let best: QuestionEntry | undefined;
    let bestKey: [number, number] | undefined;
    for (const e of pool) {
      if (taken.has(e.id) || !allowed(e)) continue;
      const key: [number, number] = [priority(e), perCategory.get(e.category) ?? 0];
      // Spread categories first, then prefer by priority; pool order (shuffled) breaks ties.
      if (!bestKey || key[1] < bestKey[1] || (key[1] === bestKey[1] && key[0] < bestKey[0])) {
        best = e;
        bestKey = key;
      }
    }
    if (!best) return false;
    taken.add(best.id);
    chosen.push(best);
    perCategory.set(best.category, (perCategory.get(best.category) ?? 0) + 1);
    return true;
  };

  for (const d of DIFFICULTIES) for (let i = 0; i < targets[d]; i++) if (!takeOne((e) => e.difficulty === d)) break;
  while (chosen.length < count && takeOne(() => true));

  const rank = (d: Difficulty) => DIFFICULTIES.indexOf(d);
  return chosen.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e.difficulty) - rank(b.e.difficulty) || a.i - b.i).map(({ e }) => e);
}

/** Fraction of key points hit, in [0, 1] (0 when there are none). */
export function scoreHits(hits: readonly boolean[]): number {
  return hits.length === 0 ? 0 : hits.filter(Boolean).length / hits.length;
}

/**
 * The review rating a mock-interview score stands for: under half the key points → again; under three
 * quarters → hard; short of all → good; all → easy.
 */
export function ratingForScore(score: number): ReviewRating {
  if (score < 0.5) return 'again';
  if (score < 0.75) return 'hard';
  if (score < 1) return 'good';
  return 'easy';
}

export interface MockResult {
  id: string;
  category: Category;
  difficulty: Difficulty;
  /** One flag per key point: did the answer cover it? */
  hits: boolean[];
  /** What the learner wrote (may be empty). */
  answer: string;
  elapsedMs: number;
  rating: ReviewRating;
}

export interface ReadinessRow {
  category: Category;
  questions: number;
  hit: number;
  total: number;
  /** Percent of key points hit, 0–100, rounded. */
  percent: number;
}

export interface Readiness {
  rows: ReadinessRow[];
  overall: { questions: number; hit: number; total: number; percent: number };
  totalMs: number;
}

const percent = (hit: number, total: number) => (total === 0 ? 0 : Math.round((100 * hit) / total));

/** Readiness per category (percent of key points hit), in CATEGORIES order, weakest first among equals. */
export function readiness(results: readonly MockResult[]): Readiness {
  const rows = new Map<Category, ReadinessRow>();
  for (const r of results) {
    const row = rows.get(r.category) ?? { category: r.category, questions: 0, hit: 0, total: 0, percent: 0 };
    row.questions++;
    row.hit += r.hits.filter(Boolean).length;
    row.total += r.hits.length;
    rows.set(r.category, row);
  }
  const list = [...rows.values()].map((r) => ({ ...r, percent: percent(r.hit, r.total) }));
  list.sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category));
  const hit = list.reduce((s, r) => s + r.hit, 0);
  const total = list.reduce((s, r) => s + r.total, 0);
  return {
    rows: list,
    overall: { questions: results.length, hit, total, percent: percent(hit, total) },
    totalMs: results.reduce((s, r) => s + r.elapsedMs, 0),
  };
}

/** One mock interview in progress: the chosen questions, the follow-ups asked after each, and the results so far. */
export class MockSession {
  readonly results: MockResult[] = [];
  /** For question i, the indices of the follow-ups the interviewer asks after it (see pickFollowUps). */
  readonly followUps: readonly number[][];

  constructor(
    readonly questions: readonly QuestionEntry[],
    random: () => number = Math.random,
  ) {
    this.followUps = questions.map((q) => pickFollowUps(q, random));
  }

  /** Index of the question being asked, or questions.length when finished. */
  get index(): number {
    return this.results.length;
  }

  get current(): QuestionEntry | undefined {
    return this.questions[this.index];
  }

  get finished(): boolean {
    return this.index >= this.questions.length;
  }

  /**
   * Grade the current question. `hits` must have one flag per key point (extra flags are ignored, missing
   * ones count as missed). Returns the result, whose rating feeds the review schedule.
   */
  grade(id: string, hits: readonly boolean[], answer: string, elapsedMs: number): MockResult {
    const q = this.current;
    if (!q || q.id !== id) throw new Error(`mock interview: expected a grade for ${q?.id ?? 'nothing (finished)'}, got ${id}`);
    const n = q.keyPoints.en.length;
    const flags = Array.from({ length: n }, (_, i) => hits[i] === true);
    const result: MockResult = {
      id,
      category: q.category,
      difficulty: q.difficulty,
      hits: flags,
      answer,
      elapsedMs: Math.max(0, Math.round(elapsedMs)),
      rating: ratingForScore(scoreHits(flags)),
    };
    this.results.push(result);
    return result;
  }

  readiness(): Readiness {
    return readiness(this.results);
  }
}
