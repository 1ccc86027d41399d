/**
 * Code shared by every practice notebook: the helpers at the end of the setup cell that the check cell
 * uses (messages in the notebook's language, tolerant comparisons, a seeded random generator), and the
 * filter that keeps only the notebook's language in `//en:` / `//zh:` comments.
 *
 * Pure and browser-safe.
 */
import { pickText, type DisplayLanguage } from '../i18n';
import { randn, seededRandom } from '../random';
import { ts } from './types';

/** The helper code, for a notebook in `language`. */
export function practiceHelpers(language: DisplayLanguage): string {
  const heading: Record<DisplayLanguage, string> = {
    en: '// ── Practice helpers: the check cell uses these. ──',
    zh: '// ── 练习辅助函数：检查单元格会用到。──',
    both: '// ── 练习辅助函数 / Practice helpers: the check cell uses these. ──',
  };
  return `${heading[language]}\nconst practiceLanguage = ${JSON.stringify(language)} as 'zh' | 'en' | 'both';\n${SHARED_WITH_MLNB}\n${HELPERS}`;
}

/**
 * mlnb's own text picker and random generator, as source text: each is a hoisted function (setup code above
 * the helpers calls them) that calls the module's compiled JavaScript, whose parameters TypeScript types from
 * the arguments. So the notebook picks its language and draws its data exactly as mlnb does.
 */
const SHARED_WITH_MLNB = [
  "/** The text for the notebook's language (mlnb's own picker: 'both' is Chinese, then English). */",
  `function pickText(text: { zh: string; en: string }, language: 'zh' | 'en' | 'both', separator?: string): string {\n  return (${pickText.toString()})(text, language, separator);\n}`,
  '/** A random number generator with a seed (mulberry32): the same data on every run. */',
  `function seededRandom(seed: number): () => number {\n  return (${seededRandom.toString()})(seed);\n}`,
  '/** A standard normal sample from a uniform generator (Box–Muller). */',
  `function randn(random: () => number): number {\n  return (${randn.toString()})(random);\n}`,
].join('\n');

const HELPERS = ts`
  type NumLike = number | tf.Tensor | readonly NumLike[];
  /** The message in the notebook's language. */
  function say(en: string, zh: string): string {
    return pickText({ en, zh }, practiceLanguage, '\n');
  }
  /** Fails the check (❌ and what is wrong) unless \`ok\`. */
  function check(ok: unknown, en: string, zh: string): asserts ok {
    if (!ok) throw new Error('❌ ' + say(en, zh));
  }
  /** Reports that the check passed. */
  function pass(en: string, zh: string): void {
    console.log('✅ ' + say(en, zh));
  }
  /** All numbers of a tensor, a number or (nested) arrays, flattened. */
  function toNumbers(x: NumLike): number[] {
    if (typeof x === 'number') return [x];
    if (x instanceof tf.Tensor) return Array.from(x.dataSync());
    return (x as readonly NumLike[]).flatMap((v) => toNumbers(v));
  }
  /** |a − b| ≤ tol, relative for large numbers. NaN is never near anything. */
  function near(a: number, b: number, tol = 1e-4): boolean {
    return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
  }
  /** Same number of values and each one near. */
  function allClose(a: NumLike, b: NumLike, tol = 1e-4): boolean {
    const x = toNumbers(a);
    const y = toNumbers(b);
    return x.length === y.length && x.every((v, i) => near(v, y[i], tol));
  }
  /** Short text for numbers in messages. */
  function fmt(x: NumLike, digits = 4): string {
    const v = toNumbers(x);
    const one = (n: number) => (Number.isInteger(n) ? String(n) : n.toPrecision(digits));
    if (typeof x === 'number' || (x instanceof tf.Tensor && x.rank === 0)) return one(v[0]);
    return '[' + v.slice(0, 8).map(one).join(', ') + (v.length > 8 ? ', …' : '') + ']';
  }
`;

const LANGUAGE_COMMENT = /^(\s*)\/\/(en|zh):[ \t]?(.*)$/;

/** Keeps the `//en:` / `//zh:` comment lines of `language` (as plain `//` comments) and drops the others. */
export function localizeCode(code: string, language: DisplayLanguage): string {
  const out: string[] = [];
  for (const line of code.split('\n')) {
    const m = LANGUAGE_COMMENT.exec(line);
    if (!m) out.push(line);
    else if (language === 'both' || m[2] === language) out.push(`${m[1]}// ${m[3]}`.trimEnd());
  }
  return out.join('\n');
}
