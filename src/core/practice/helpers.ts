/**
 * Code shared by every practice notebook: the helpers at the end of the setup cell that the check cell
 * uses (messages in the notebook's language, tolerant comparisons, a seeded random generator), and the
 * filter that keeps only the notebook's language in `//en:` / `//zh:` comments.
 *
 * Pure and browser-safe.
 */
import { ts, type PracticeLanguage } from './types';

/** The helper code, for a notebook in `language`. */
export function practiceHelpers(language: PracticeLanguage): string {
  const heading: Record<PracticeLanguage, string> = {
    en: '// ── Practice helpers: the check cell uses these. ──',
    zh: '// ── 练习辅助函数：检查单元格会用到。──',
    both: '// ── 练习辅助函数 / Practice helpers: the check cell uses these. ──',
  };
  return `${heading[language]}\nconst practiceLanguage = ${JSON.stringify(language)} as 'zh' | 'en' | 'both';\n${HELPERS}`;
}

const HELPERS = ts`
  type NumLike = number | tf.Tensor | readonly NumLike[];
  /** The message in the notebook's language. */
  function say(en: string, zh: string): string {
    return practiceLanguage === 'en' ? en : practiceLanguage === 'zh' ? zh : zh + '\n' + en;
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
  /** A random number generator with a seed (mulberry32): the same data on every run. */
  function seededRandom(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  /** A standard normal sample from a uniform generator (Box–Muller). */
  function randn(rand: () => number): number {
    return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  }
`;

const LANGUAGE_COMMENT = /^(\s*)\/\/(en|zh):[ \t]?(.*)$/;

/** Keeps the `//en:` / `//zh:` comment lines of `language` (as plain `//` comments) and drops the others. */
export function localizeCode(code: string, language: PracticeLanguage): string {
  const out: string[] = [];
  for (const line of code.split('\n')) {
    const m = LANGUAGE_COMMENT.exec(line);
    if (!m) out.push(line);
    else if (language === 'both' || m[2] === language) out.push(`${m[1]}// ${m[3]}`.trimEnd());
  }
  return out.join('\n');
}
