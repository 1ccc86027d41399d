/**
 * Searching and filtering the question bank.
 *
 * Two matchers, and a question's best score of the two counts:
 * - Fuzzy (fuse.js, Bitap) over normalised text of both languages — question, tags, id, and (unless
 *   `deep: false`) answer and key points — so a Chinese word ('过拟合'), an English fragment ('overfit'), an
 *   acronym in any case ('LoRA') or a typo ('dropuot') finds its question. It matches the query as one
 *   approximate substring, so it misses a Chinese compound whose words are apart or reworded in the text
 *   ('开发者社区' for '开发者关系与社区', '大模型评估' for '评估大语言模型'), and English words apart ('mixed bf16').
 * - Words: the query is cut into words (Intl.Segmenter for Chinese, which needs no dictionary of ours),
 *   phrases of ./searchAliases.ts become one word with their synonyms, and a question scores by how much of
 *   the query it holds, each word weighted by its rarity in the bank (idf) and by where it was found
 *   (question or id > tags, category > answer), with a little extra where they stand together. A
 *   one-word English query is left to fuse, which ranks its hits better (field lengths, typos).
 * Both are then adjusted by lexical signals: an exact id or tag match, and where in the question the query
 * appears (a question that *starts* with the topic after its boilerplate is removed — '什么是过拟合…' — is
 * about it; one that mentions it at the end — '…如何防止决策树过拟合' — is about something else).
 *
 * Pure and browser-safe: no 'vscode', no 'node:*'.
 */
import Fuse from 'fuse.js';
import { CATEGORY_LABELS, EN_STOPWORDS, normalizeQuestionText, type Difficulty, type QuestionEntry } from './bank';
import { SEARCH_ALIASES } from './searchAliases';

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
  /** Category name, zh and en. */
  category: string;
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
/** Longest query matched fuzzily in the answers; longer ones are matched there by their words only. */
const DEEP_FUZZY_MAX = 16;
/** A question found only through its answer ranks after those whose question, id or tags match well. */
const ANSWER_ONLY_PENALTY = 0.25;

export class QuestionSearch {
  /** Question text (zh, en), id and tags: short fields, cheap to search on every keystroke. */
  private readonly shallow: Fuse<SearchDoc>;
  /** Answers and key points (zh, en). */
  private readonly deep: Fuse<SearchDoc>;
  private readonly words: WordMatcher;
  private readonly entries = new Map<string, QuestionEntry>();

  constructor(entries: readonly QuestionEntry[]) {
    const docs = entries.map((e): SearchDoc => {
      this.entries.set(e.id, e);
      const category = CATEGORY_LABELS[e.category];
      return {
        id: e.id,
        idText: normalizeForSearch(e.id),
        questionZh: normalizeForSearch(e.question.zh),
        questionEn: normalizeForSearch(e.question.en),
        tags: normalizeForSearch(e.tags.join(' ; ')),
        // Follow-ups are part of what an entry teaches: "why divide by √d_k" finds self-attention.
        answer: normalizeForSearch([e.answer.zh, ...e.keyPoints.zh, ...e.followUps.zh, e.answer.en, ...e.keyPoints.en, ...e.followUps.en].join('\n')),
        topicZh: normalizeForSearch(normalizeQuestionText(e.question.zh)),
        topicEn: normalizeForSearch(normalizeQuestionText(e.question.en)),
        tagSet: new Set(e.tags.map(normalizeForSearch)),
        category: normalizeForSearch(`${category.zh} ; ${category.en}`),
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
    this.words = new WordMatcher(docs);
  }

  /** Best matches first. An empty query returns nothing (callers list everything themselves). */
  search(query: string, options: SearchOptions = {}): SearchResult[] {
    const q = normalizeForSearch(query);
    if (q === '') return [];
    const limit = options.limit ?? 50;
    const deep = options.deep ?? true;
    // Ask fuse for more than we return: the lexical bonuses below may reorder its tail.
    const want = Math.max(limit * 2, 40);
    const scores = new Map<string, number>();
    // Beyond Bitap's 32-character word fuse matches the query in pieces, ten times slower (half a second in
    // the answers), and a query that long is a sentence — a pasted question — which its words match better.
    const fuzzy = q.length <= 32;
    if (fuzzy) for (const hit of this.shallow.search(q, { limit: want })) scores.set(hit.item.id, (hit.score ?? 1) - bonus(hit.item, q));
    // In the answers (most of the bank's text) Bitap's cost grows with the query: a phrase longer than a few
    // words is matched by its words below instead, at a fraction of the cost (1–3 s → tens of ms, 300 entries).
    if (q.length <= DEEP_FUZZY_MAX && deep) {
      for (const hit of this.deep.search(q, { limit: want })) {
        const d = hit.score ?? 1;
        const s = scores.get(hit.item.id);
        // Found in both: the answer confirms the question match a little; answer only: after good question matches.
        scores.set(hit.item.id, s === undefined ? ANSWER_ONLY_PENALTY + d : s - 0.1 * (1 - d));
      }
    }
    for (const { doc, score } of this.words.match(q, deep)) {
      const s = score - bonus(doc, q);
      const f = scores.get(doc.id);
      if (f === undefined || s < f) scores.set(doc.id, s);
    }
    return [...scores]
      .map(([id, score]) => ({ entry: this.entries.get(id)!, score }))
      .sort((a, b) => a.score - b.score || a.entry.id.localeCompare(b.entry.id))
      .slice(0, limit);
  }

  /**
   * For a query that finds nothing: a shorter one that finds something, keeping as much of it as it can —
   * without the words no question uses ('量子' of '量子模型压缩' → '模型压缩'), else its most telling word
   * alone. Undefined when no part of the query finds anything.
   */
  suggest(query: string): string | undefined {
    const q = normalizeForSearch(query);
    const words = this.words.analyse(q);
    const known = words.filter((w) => w.df > 0);
    const tries = [...(known.length < words.length && known.length > 1 ? [known] : []), ...[...known].sort((a, b) => b.idf - a.idf).map((w) => [w])];
    for (const t of tries) {
      const s = joinWords(t.map((w) => w.text));
      if (s !== q && this.search(s, { limit: 1, deep: false }).length > 0) return s;
    }
    return undefined;
  }
}

/** Words back into a query: Chinese words side by side, as one types them, others with a space. */
function joinWords(words: readonly string[]): string {
  return words.reduce((out, w) => (out === '' ? w : HAN.test(out.slice(-1)) && HAN.test(w[0]) ? out + w : `${out} ${w}`), '');
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
// Word matching
// ---------------------------------------------------------------------------------------------------

/** Where a query word was found, and how much that says about the question. */
const WORD_FIELDS: ReadonlyArray<{ field: 'questionZh' | 'questionEn' | 'idText' | 'tags' | 'category' | 'answer'; weight: number }> = [
  { field: 'questionZh', weight: 1 },
  { field: 'questionEn', weight: 1 },
  { field: 'idText', weight: 1 },
  { field: 'tags', weight: 0.8 },
  { field: 'category', weight: 0.8 },
  { field: 'answer', weight: 0.6 },
];
/**
 * Questions holding less of the query than this (idf-weighted, field-weighted) are not word matches:
 * half the query's information in a question, or all of it in the answer.
 */
const MIN_COVERAGE = 0.5;
/**
 * Score reduction for a question holding all the query's words close together, as a phrase
 * ('如何评估大语言模型' for '大模型评估'), over one that has them far apart ('用大模型当评审…评估生成质量').
 */
const PROXIMITY = 0.1;
/** Single characters that only glue Chinese together ('开发者关系与社区'): not words of a query. */
const ZH_FUNCTION_CHARS = new Set('的了呢吗吧啊与和及或是在把被'.split(''));
const HAN = /\p{Script=Han}/u;
const segmenter = typeof Intl === 'object' && typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('zh', { granularity: 'word' }) : undefined;
/** Every alias phrase with its group, longest first (so '大语言模型' is taken before '模型…' parts). */
const ALIAS_PHRASES = SEARCH_ALIASES.flatMap((group) => group.map((phrase) => ({ phrase, group }))).sort((a, b) => b.phrase.length - a.phrase.length);

/** A word of the query as typed, and the texts it matches (itself, or every phrase of its alias group). */
export interface QueryWord {
  text: string;
  forms: readonly string[];
}

/** A query word with its weight: in how many questions it occurs (df), and the idf that follows. */
interface WeightedWord extends QueryWord {
  df: number;
  idf: number;
}

class WordMatcher {
  /** All of a question's searchable text, for document frequencies. */
  private readonly all: string[];
  /** Document frequencies already counted: typing a query asks for the same words keystroke after keystroke. */
  private readonly dfs = new Map<string, number>();

  constructor(private readonly docs: readonly SearchDoc[]) {
    this.all = docs.map((d) => WORD_FIELDS.map(({ field }) => d[field]).join(' ; '));
  }

  /** In how many questions any of `forms` occurs. */
  private df(forms: readonly string[]): number {
    const key = forms.join('|');
    let df = this.dfs.get(key);
    if (df === undefined) {
      if (this.dfs.size >= 10_000) this.dfs.clear();
      df = this.all.filter((text) => forms.some((f) => containsWord(text, f))).length;
      this.dfs.set(key, df);
    }
    return df;
  }

  /** The query's words with their weights. */
  analyse(q: string): WeightedWord[] {
    const n = this.docs.length;
    const words: WeightedWord[] = [];
    const seen = new Set<string>();
    const add = (word: QueryWord, backOff: boolean) => {
      const key = word.forms.join('|');
      if (seen.has(key)) return;
      seen.add(key);
      const df = this.df(word.forms);
      // A Chinese word the bank never uses (a typo, a rarer wording) still shares its character pairs with the text.
      if (df === 0 && backOff && word.forms.length === 1 && HAN.test(word.text) && [...word.text].length >= 3) {
        for (const pair of bigrams(word.text)) add({ text: pair, forms: [pair] }, false);
        return;
      }
      // BM25's idf: a word in every question weighs almost nothing, so stop words need no list.
      words.push({ ...word, df, idf: Math.log(1 + (n - df + 0.5) / (df + 0.5)) });
    };
    for (const word of queryWords(q, (text) => this.df([text]) > 0)) add(word, true);
    return words;
  }

  /** Questions holding enough of the query, scored 1 − coverage (0 = every word, in the question). */
  match(q: string, deep: boolean): Array<{ doc: SearchDoc; score: number }> {
    const words = this.analyse(q);
    // One English word is one substring: fuse matches it, and ranks its hits better (field lengths, typos).
    if (!HAN.test(q) && words.length < 2 && q.length <= 32) return [];
    const total = words.reduce((sum, w) => sum + w.idf, 0);
    if (total === 0) return [];
    const fields = deep ? WORD_FIELDS : WORD_FIELDS.filter((f) => f.field !== 'answer');
    const out: Array<{ doc: SearchDoc; score: number }> = [];
    for (const doc of this.docs) {
      let held = 0;
      for (const w of words) {
        let best = 0;
        for (const { field, weight } of fields) if (weight > best && w.forms.some((f) => containsWord(doc[field], f))) best = weight;
        held += w.idf * best;
      }
      const coverage = held / total;
      if (coverage < MIN_COVERAGE) continue;
      const near = words.length < 2 ? 0 : Math.max(tightness(doc.questionZh, words), tightness(doc.questionEn, words));
      out.push({ doc, score: 1 - coverage - PROXIMITY * near });
    }
    return out;
  }
}

/**
 * The words of a normalised query: alias phrases first (each with its synonyms), then the rest as
 * Intl.Segmenter cuts it. The segmenter splits words its dictionary lacks into single characters ('过拟合'
 * → 过|拟|合, '开发者' → 开发|者), so a single character is joined to its neighbour when the bank has the two
 * together (`occurs`); glue characters ('与', '的') and English stop words are dropped.
 */
export function queryWords(q: string, occurs: (text: string) => boolean): QueryWord[] {
  const out: QueryWord[] = [];
  let rest = q;
  for (const { phrase, group } of ALIAS_PHRASES) {
    if (!containsWord(rest, phrase)) continue;
    out.push({ text: phrase, forms: group });
    rest = rest.split(phrase).join(' ; ');
  }
  const single = (w: string) => HAN.test(w) && [...w].length === 1;
  let word = '';
  const flush = (next: string) => {
    if (word !== '') out.push({ text: word, forms: [word] });
    word = next;
  };
  for (const piece of segments(rest)) {
    if ((single(piece) && ZH_FUNCTION_CHARS.has(piece)) || EN_STOPWORDS.has(piece)) flush('');
    else if (word !== '' && HAN.test(word) && HAN.test(piece) && (single(word) || single(piece)) && occurs(word + piece)) word += piece;
    else flush(piece);
  }
  flush('');
  return out;
}

/**
 * How close together `text` holds all the words: their length over that of the shortest stretch of text
 * with one of each (1 = adjacent; 0 when a word is missing).
 */
function tightness(text: string, words: readonly QueryWord[]): number {
  const hits: Array<{ at: number; end: number; word: number }> = [];
  words.forEach(({ forms }, word) => {
    for (const f of forms) for (let at = text.indexOf(f); at >= 0; at = text.indexOf(f, at + 1)) hits.push({ at, end: at + f.length, word });
  });
  hits.sort((a, b) => a.at - b.at);
  // Shortest window with every word: slide over the hits in text order, keeping the latest hit of each word.
  const latest = new Map<number, { at: number; end: number }>();
  let best = 0;
  for (const h of hits) {
    latest.set(h.word, h);
    if (latest.size < words.length) continue;
    const spans = [...latest.values()];
    const start = Math.min(...spans.map((x) => x.at));
    const end = Math.max(...spans.map((x) => x.end));
    const length = spans.reduce((sum, x) => sum + (x.end - x.at), 0);
    best = Math.max(best, Math.min(1, length / (end - start)));
  }
  return best;
}

/** Word-like segments: Intl.Segmenter's, or (where a runtime lacks it) Chinese character pairs and other words. */
function segments(text: string): string[] {
  if (segmenter) return [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
  return (text.match(/\p{Script=Han}+|[\p{L}\p{N}]+/gu) ?? []).flatMap((w) => (HAN.test(w) && [...w].length > 2 ? bigrams(w) : [w]));
}

function bigrams(word: string): string[] {
  const chars = [...word];
  return chars.slice(1).map((c, i) => chars[i] + c);
}

/**
 * Whether `text` holds `word`. A Latin word must start a word of the text ('norm' is in 'batch normalization',
 * 'lr' is not in 'world'); Chinese has no word boundaries, so any occurrence counts.
 */
function containsWord(text: string, word: string): boolean {
  if (!/^[a-z0-9]/.test(word)) return text.includes(word);
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) if (at === 0 || !/[\p{L}\p{N}]/u.test(text[at - 1])) return true;
  return false;
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
export function describeFilters(f: QuestionFilters, label: (kind: 'difficulty' | 'status' | 'tag', value: string) => string = (_k, v) => v): string {
  const parts: string[] = [];
  if (f.difficulties.length > 0) parts.push(f.difficulties.map((d) => label('difficulty', d)).join(', '));
  if (f.tags.length > 0) parts.push(f.tags.map((t) => `#${label('tag', t)}`).join(', '));
  if (f.statuses.length > 0) parts.push(f.statuses.map((s) => label('status', s)).join(', '));
  return parts.join(' · ');
}
