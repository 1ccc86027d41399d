#!/usr/bin/env node
// `node --import tsx scripts/nearDuplicates.ts [questions-dir]`: lists the pairs of question-bank entries whose zh or
// en questions say the same thing in other words, most similar first, and exits 1 if there are any. An authoring
// tool (the extension never needs it): test/unit/nearDuplicates.test.ts runs it over the bank, so a reworded
// duplicate fails the unit tier.
import { resolve } from 'node:path';
import { normalizeQuestionText, type QuestionEntry } from '../src/core/questions/bank';
import { LANGS, type Lang } from '../src/core/i18n';
import { loadBankFromDir } from '../src/host/questionBankFiles';

/**
 * Shingles of normalised text: character bigrams inside each Chinese run (a one-character run counts as
 * itself), whole words for everything else.
 */
function shingles(normalized: string): Set<string> {
  const out = new Set<string>();
  for (const tok of normalized.split(' ')) {
    if (tok === '') continue;
    if (/\p{Script=Han}/u.test(tok)) {
      const chars = [...tok];
      if (chars.length === 1) out.add(chars[0]);
      for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
    } else out.add(tok);
  }
  return out;
}

/** Jaccard similarity of two sets (1 for two empty sets). */
function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Similarity in [0, 1] of two question texts in the same language. */
export function questionSimilarity(a: string, b: string): number {
  return jaccard(shingles(normalizeQuestionText(a)), shingles(normalizeQuestionText(b)));
}

/** Fraction of the smaller set contained in the larger (0 when either is empty). */
function containment<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  return inter / small.size;
}

/** How much of the shorter question's text (normalised) appears in the longer one, in [0, 1]. */
export function questionContainment(a: string, b: string): number {
  return containment(shingles(normalizeQuestionText(a)), shingles(normalizeQuestionText(b)));
}

/**
 * Jaccard similarity at or above which two question texts (same language) are near-duplicates.
 *
 * Calibration: '什么是迁移学习' vs '迁移学习是什么' → 1.0 and 'What is transfer learning?' vs 'Explain transfer
 * learning.' → 1.0 (boilerplate is normalised away); different topics sharing a word ('什么是迁移学习' vs
 * '什么是强化学习') → 0.2. The most similar pair of distinct entries in the bank is two deliberately parallel
 * questions (image vs text classification with large models, en) at 0.56, so 0.6 sits between
 * "same template, different topic" and "same question reworded".
 */
export const NEAR_DUPLICATE_THRESHOLD = 0.6;

/**
 * A short question almost wholly contained in a longer one is also a near-duplicate ('迁移学习是什么' inside
 * '什么是迁移学习？实践中如何做？' has Jaccard 0.5 but containment 1.0) — provided the short one has at least
 * CONTAINMENT_MIN_SHINGLES shingles, so one-word questions don't match everything that mentions the word.
 * The highest containment between distinct bank entries is 0.8.
 */
export const CONTAINMENT_THRESHOLD = 0.9;
const CONTAINMENT_MIN_SHINGLES = 3;

export interface NearDuplicate {
  a: string;
  b: string;
  lang: Lang;
  /** Jaccard similarity of the two normalised texts. */
  similarity: number;
  /** Fraction of the shorter text's shingles found in the longer one. */
  containment: number;
}

/** True when two shingle sets are near-duplicates under the rules above. */
function isNearDuplicate(a: ReadonlySet<string>, b: ReadonlySet<string>, threshold = NEAR_DUPLICATE_THRESHOLD): boolean {
  return (
    jaccard(a, b) >= threshold ||
    (Math.min(a.size, b.size) >= CONTAINMENT_MIN_SHINGLES && containment(a, b) >= CONTAINMENT_THRESHOLD)
  );
}

/** Every pair of entries whose zh or en question texts are near-duplicates (most similar first). */
export function findNearDuplicates(
  entries: ReadonlyArray<Pick<QuestionEntry, 'id' | 'question'>>,
  threshold = NEAR_DUPLICATE_THRESHOLD,
): NearDuplicate[] {
  const prepared = entries.map((e) => ({
    id: e.id,
    zh: shingles(normalizeQuestionText(e.question.zh)),
    en: shingles(normalizeQuestionText(e.question.en)),
  }));
  const out: NearDuplicate[] = [];
  for (let i = 0; i < prepared.length; i++)
    for (let j = i + 1; j < prepared.length; j++) {
      let best: NearDuplicate | undefined;
      for (const lang of LANGS) {
        const [x, y] = [prepared[i][lang], prepared[j][lang]];
        if (!isNearDuplicate(x, y, threshold)) continue;
        const found = { a: prepared[i].id, b: prepared[j].id, lang, similarity: jaccard(x, y), containment: containment(x, y) };
        if (!best || found.similarity + found.containment > best.similarity + best.containment) best = found;
      }
      if (best) out.push(best);
    }
  return out.sort((x, y) => y.similarity + y.containment - (x.similarity + x.containment));
}

if (require.main === module) {
  const dir = resolve(process.argv[2] ?? 'questions');
  const pairs = findNearDuplicates(loadBankFromDir(dir).all);
  for (const d of pairs) console.log(`${d.a} ~ ${d.b} (${d.lang}: jaccard ${d.similarity.toFixed(2)}, containment ${d.containment.toFixed(2)})`);
  console.log(pairs.length ? `${pairs.length} near-duplicate pair(s) in ${dir}` : `no near-duplicates in ${dir}`);
  process.exitCode = pairs.length ? 1 : 0;
}
