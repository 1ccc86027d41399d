/**
 * Searching and filtering the question bank.
 *
 * Search is fuzzy (fuse.js, Bitap) over normalised text of both languages — question, tags, id, and
 * (unless `deep: false`) answer and key points — so a Chinese query ('过拟合'), an English fragment ('overfit'), an acronym in any case ('LoRA')
 * or a typo ('dropuot') all find their question. Fuse's score is then adjusted by a few lexical signals
 * that fuzzy matching cannot see: an exact id or tag match, and where in the question the query appears
 * (a question that *starts* with the topic after its boilerplate is removed — '什么是过拟合…' — is about it;
 * one that mentions it at the end — '…如何防止决策树过拟合' — is about something else).
 *
 * Pure and browser-safe: no 'vscode', no 'node:*'.
 */
import Fuse from 'fuse.js';
import { normalizeQuestionText, type Difficulty, type QuestionEntry } from './bank';

/** Lower case, NFKC (full-width → ASCII), markdown punctuation and hyphens to spaces, whitespace collapsed. */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[*_`#>|~[\](){}\\-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface SearchDoc {
  id: string;
  idText: string;
  questionZh: string;
  questionEn: string;
  tags: string;
  /** Answer and key points, zh and en. */
  answer: string;
  /** Topic-focused question text (boilerplate and stop words removed), zh and en. */
  topicZh: string;
  topicEn: string;
  tagSet: ReadonlySet<string>;
}

export interface SearchResult {
  entry: QuestionEntry;
  /** Lower is better; may be negative after the lexical bonuses. */
  score: number;
}

export interface SearchOptions {
  /** At most this many results (default 50). */
  limit?: number;
  /**
   * Also search answers and key points (default true). That is most of the text, so it costs about ten
   * times more (tens of ms); a quick pick shows the shallow results on each keystroke and the deep ones
   * once typing pauses.
   */
  deep?: boolean;
}

/** Fuse scores above this are dropped (0 = exact, 1 = anything). */
const THRESHOLD = 0.35;
/** A question found only through its answer ranks after those whose question, id or tags match well. */
const ANSWER_ONLY_PENALTY = 0.25;

export class QuestionSearch {
  /** Question text (zh, en), id and tags: short fields, cheap to search on every keystroke. */
  private readonly shallow: Fuse<SearchDoc>;
  /** Answers and key points (zh, en). */
  private readonly deep: Fuse<SearchDoc>;
  private readonly entries = new Map<string, QuestionEntry>();

  constructor(entries: readonly QuestionEntry[]) {
    const docs = entries.map((e): SearchDoc => {
      this.entries.set(e.id, e);
      return {
        id: e.id,
        idText: normalizeForSearch(e.id),
        questionZh: normalizeForSearch(e.question.zh),
        questionEn: normalizeForSearch(e.question.en),
        tags: normalizeForSearch(e.tags.join(' ; ')),
        answer: normalizeForSearch([e.answer.zh, ...e.keyPoints.zh, e.answer.en, ...e.keyPoints.en].join('\n')),
        topicZh: normalizeForSearch(normalizeQuestionText(e.question.zh)),
        topicEn: normalizeForSearch(normalizeQuestionText(e.question.en)),
        tagSet: new Set(e.tags.map(normalizeForSearch)),
      };
    });
    const common = { includeScore: true, ignoreLocation: true, threshold: THRESHOLD, minMatchCharLength: 1 };
    this.shallow = new Fuse(docs, {
      ...common,
      keys: [
        { name: 'questionZh', weight: 3 },
        { name: 'questionEn', weight: 3 },
        { name: 'idText', weight: 2 },
        { name: 'tags', weight: 2 },
      ],
    });
    this.deep = new Fuse(docs, { ...common, keys: ['answer'] });
  }

  /** Best matches first. An empty query returns nothing (callers list everything themselves). */
  search(query: string, options: SearchOptions = {}): SearchResult[] {
    const q = normalizeForSearch(query);
    if (q === '') return [];
    const limit = options.limit ?? 50;
    // Ask fuse for more than we return: the lexical bonuses below may reorder its tail.
    const want = Math.max(limit * 2, 40);
    const scores = new Map<string, number>();
    for (const hit of this.shallow.search(q, { limit: want })) scores.set(hit.item.id, (hit.score ?? 1) - bonus(hit.item, q));
    if (options.deep ?? true) {
      for (const hit of this.deep.search(q, { limit: want })) {
        const d = hit.score ?? 1;
        const s = scores.get(hit.item.id);
        // Found in both: the answer confirms the question match a little; answer only: after good question matches.
        scores.set(hit.item.id, s === undefined ? ANSWER_ONLY_PENALTY + d : s - 0.1 * (1 - d));
      }
    }
    return [...scores]
      .map(([id, score]) => ({ entry: this.entries.get(id)!, score }))
      .sort((a, b) => a.score - b.score || a.entry.id.localeCompare(b.entry.id))
      .slice(0, limit);
  }
}

/** Lexical evidence that fuzzy matching does not weigh, as a score reduction. */
function bonus(doc: SearchDoc, q: string): number {
  let b = 0;
  if (doc.idText === q) b += 1;
  else if (doc.tagSet.has(q)) b += 0.3;
  let best = 0;
  for (const [topic, full] of [
    [doc.topicZh, doc.questionZh],
    [doc.topicEn, doc.questionEn],
  ] as const) {
    const at = topic.indexOf(q);
    if (at >= 0) best = Math.max(best, 0.3 + 0.2 * (1 - at / Math.max(1, topic.length)));
    else if (full.includes(q)) best = Math.max(best, 0.25);
  }
  return b + best;
}

// ---------------------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------------------

/** Progress of one question: never reviewed, being learnt, or known (stable memory, see review.ts). */
export type ProgressStatus = 'new' | 'learning' | 'known';
/** What the status filter can select: a progress status, or "due for review now". */
export type StatusFilter = ProgressStatus | 'due';
export const STATUS_FILTERS: readonly StatusFilter[] = ['new', 'learning', 'known', 'due'];

export interface QuestionFilters {
  difficulties: readonly Difficulty[];
  tags: readonly string[];
  statuses: readonly StatusFilter[];
}

export const NO_FILTERS: QuestionFilters = Object.freeze({ difficulties: [], tags: [], statuses: [] });

export function hasFilters(f: QuestionFilters): boolean {
  return f.difficulties.length > 0 || f.tags.length > 0 || f.statuses.length > 0;
}

/**
 * True when the entry passes every active filter. Values within one filter are alternatives (easy OR
 * medium); different filters must all hold (easy AND tagged attention).
 */
export function matchesFilters(
  entry: QuestionEntry,
  filters: QuestionFilters,
  progress: (id: string) => { status: ProgressStatus; due: boolean },
): boolean {
  if (filters.difficulties.length > 0 && !filters.difficulties.includes(entry.difficulty)) return false;
  if (filters.tags.length > 0 && !entry.tags.some((t) => filters.tags.includes(t))) return false;
  if (filters.statuses.length > 0) {
    const p = progress(entry.id);
    if (!filters.statuses.some((s) => (s === 'due' ? p.due : s === p.status))) return false;
  }
  return true;
}

/** A short description of the active filters, e.g. `easy, medium · #attention · due`; '' when none. */
export function describeFilters(f: QuestionFilters, label: (kind: 'difficulty' | 'status', value: string) => string = (_k, v) => v): string {
  const parts: string[] = [];
  if (f.difficulties.length > 0) parts.push(f.difficulties.map((d) => label('difficulty', d)).join(', '));
  if (f.tags.length > 0) parts.push(f.tags.map((t) => `#${t}`).join(', '));
  if (f.statuses.length > 0) parts.push(f.statuses.map((s) => label('status', s)).join(', '));
  return parts.join(' · ');
}
