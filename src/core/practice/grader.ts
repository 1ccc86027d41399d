/**
 * The grader practice notebooks import: `import { test, check, pass, allClose } from 'mlnb/practice'`. The
 * kernel provides it (src/kernel/moduleLoader.ts) and the language service types it (PRACTICE_MODULE_DTS), so
 * no exercise pastes helper code. A check cell runs several named test cases and ends with `pass(…)`, which
 * reports every case (`3/5 passed: shape ✓, zero input ✓, gradient ✗ …`) and fails the cell if any failed.
 *
 * Pure: the kernel passes TF.js's tensor test and the function that shows the report under the cell.
 */
import { pickText, type DisplayLanguage } from '../i18n';
import { randn, seededRandom } from '../random';

/** The specifier practice notebooks import the grader by. */
export const PRACTICE_MODULE = 'mlnb/practice';

/** One test case of a check cell, as reported. */
export interface PracticeCaseResult {
  name: string;
  ok: boolean;
  /** What failed (the check's message, or the error a case threw). */
  message?: string;
}

/** What `pass()` reports: shown under the check cell, and kept in the output's metadata for progress. */
export interface PracticeReport {
  passed: number;
  total: number;
  cases: PracticeCaseResult[];
}

/** The key of a display output's metadata under which the report is kept (`metadata.mlnb.practiceReport`). */
export const PRACTICE_REPORT_KEY = 'practiceReport';

/** A failed `check(…)`: the case it is in is marked ✗ with this message; outside a case it fails the cell. */
export class PracticeCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PracticeCheckError';
  }
}

/** A tensor, as the grader reads it: its values, and whether it is one number. */
interface TensorLike {
  dataSync(): ArrayLike<number>;
  readonly rank: number;
}

export interface GraderHost {
  /** The language of the messages, asked for each message. */
  language(): DisplayLanguage;
  /** TF.js's tensor test (`x instanceof tf.Tensor`). */
  isTensor(x: unknown): x is TensorLike;
  /** Shows the report under the running cell: its text, with the report in the output's metadata. */
  showReport(text: string, report: PracticeReport): void;
  /** Prints a line under the running cell. */
  print(text: string): void;
}

type NumLike = number | TensorLike | readonly NumLike[];

/** The grader's exports, for one kernel. `reset()` is the kernel's: it forgets the cases of an earlier cell. */
export function createGrader(host: GraderHost) {
  let cases: PracticeCaseResult[] = [];
  let running = 0;

  const say = (en: string, zh: string): string => pickText({ en, zh }, host.language(), '\n');

  function check(ok: unknown, en: string, zh: string): asserts ok {
    if (!ok) throw new PracticeCheckError(`❌ ${say(en, zh)}`);
  }

  function record(name: string, error: unknown): void {
    if (error === undefined) cases.push({ name, ok: true });
    else cases.push({ name, ok: false, message: error instanceof PracticeCheckError ? error.message.replace(/^❌ /, '') : describeThrown(error) });
  }

  /**
   * Runs one named case. A failed check (or any error) inside marks it ✗ and the next case still runs. An
   * async case returns a promise: `await` it, so `pass()` sees its result.
   */
  function test(en: string, zh: string, body: () => void | Promise<void>): void | Promise<void> {
    const name = pickText({ en, zh }, host.language(), ' · ');
    let result: void | Promise<void>;
    try {
      result = body();
    } catch (error) {
      record(name, error);
      return;
    }
    if (!isPromise(result)) {
      record(name, undefined);
      return;
    }
    running++;
    return result.then(
      () => record(name, undefined),
      (error: unknown) => record(name, error),
    ).finally(() => running--);
  }

  /** Ends the check: reports every case; fails the cell unless all passed; else prints ✅ and the message. */
  function pass(en: string, zh: string): void {
    if (running > 0) {
      throw new Error(say(
        `${running} test case(s) still running: put \`await\` before test(…) when its body is async.`,
        `还有 ${running} 个测试用例没有结束：异步的 test(…) 前面要加 \`await\`。`,
      ));
    }
    const report: PracticeReport = { passed: cases.filter((c) => c.ok).length, total: cases.length, cases };
    cases = [];
    if (report.total > 0) host.showReport(reportText(report, host.language()), report);
    if (report.passed < report.total) {
      const failed = report.cases.filter((c) => !c.ok).map((c) => c.name);
      // The case names once: in both languages each name already carries both.
      const language = host.language();
      const count = pickText({ en: `${failed.length} of ${report.total} failed`, zh: `${report.total} 个测试中 ${failed.length} 个未通过` }, language, ' · ');
      const names = language === 'zh' ? `：${failed.join('、')}` : `: ${failed.join(', ')}`;
      throw new PracticeCheckError(`❌ ${count}${names}`);
    }
    host.print(`✅ ${say(en, zh)}`);
  }

  function toNumbers(x: NumLike): number[] {
    if (typeof x === 'number') return [x];
    if (host.isTensor(x)) return Array.from(x.dataSync());
    if (Array.isArray(x)) return (x as readonly NumLike[]).flatMap((v) => toNumbers(v));
    throw new TypeError(`expected a number, a tensor or an array of them, got ${describeValue(x)}`);
  }

  function near(a: number, b: number, tol = 1e-4): boolean {
    return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
  }

  function allClose(a: NumLike, b: NumLike, tol = 1e-4): boolean {
    const x = toNumbers(a);
    const y = toNumbers(b);
    return x.length === y.length && x.every((v, i) => near(v, y[i], tol));
  }

  function fmt(x: NumLike, digits = 4): string {
    const v = toNumbers(x);
    // Huge integers (a diverged loss) read better rounded than in full.
    const one = (n: number) => (Number.isInteger(n) && Math.abs(n) < 1e9 ? String(n) : n.toPrecision(digits));
    if (typeof x === 'number' || (host.isTensor(x) && x.rank === 0)) return one(v[0]);
    return '[' + v.slice(0, 8).map(one).join(', ') + (v.length > 8 ? ', …' : '') + ']';
  }

  const exports = { test, check, pass, say, toNumbers, near, allClose, fmt, seededRandom, randn };
  return {
    exports,
    /** Forgets cases recorded by a cell that failed before its `pass()`: each cell starts a new check. */
    reset(): void {
      cases = [];
    },
  };
}

/** `3/5 passed: shape ✓, zero input ✓, gradient ✗`, then a line per failed case saying what failed. */
export function reportText(report: PracticeReport, language: DisplayLanguage): string {
  const head = pickText({ en: `${report.passed}/${report.total} passed`, zh: `通过 ${report.passed}/${report.total}` }, language, ' · ');
  const marks = report.cases.map((c) => `${c.name} ${c.ok ? '✓' : '✗'}`).join(', ');
  const failures = report.cases.filter((c) => !c.ok).map((c) => `✗ ${c.name}: ${c.message ?? ''}`.trimEnd());
  return [`${head}: ${marks}`, ...failures].join('\n');
}

/** The report a display output's metadata holds, if it holds a well-formed one. */
export function practiceReportOf(metadata: unknown): PracticeReport | undefined {
  const r = (metadata as { mlnb?: Record<string, unknown> } | undefined)?.mlnb?.[PRACTICE_REPORT_KEY] as Partial<PracticeReport> | undefined;
  if (!r || typeof r.passed !== 'number' || typeof r.total !== 'number' || !Array.isArray(r.cases)) return undefined;
  return { passed: r.passed, total: r.total, cases: r.cases.filter((c): c is PracticeCaseResult => typeof c?.name === 'string' && typeof c?.ok === 'boolean') };
}

function isPromise(x: unknown): x is Promise<void> {
  return typeof (x as { then?: unknown } | undefined)?.then === 'function';
}

function describeThrown(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function describeValue(x: unknown): string {
  if (x === null) return 'null';
  return typeof x === 'object' ? (x.constructor?.name ?? 'object') : typeof x;
}

/**
 * The module's types for the notebook's language service (resolved as `mlnb/practice`). Keep in step with
 * createGrader's exports: a unit test compares the names.
 */
export const PRACTICE_MODULE_DTS = `import * as tfjs from '@tensorflow/tfjs';
/** A number, a tensor, or (nested) arrays of them. */
export type NumLike = number | tfjs.Tensor | readonly NumLike[];
/**
 * One named test case of the check. A failed \`check\` (or any error) inside marks the case ✗, and the next case
 * still runs. Give the name in English and Chinese. An async body returns a promise: \`await test(…)\`.
 */
export function test(en: string, zh: string, body: () => void): void;
export function test(en: string, zh: string, body: () => Promise<void>): Promise<void>;
/** Fails (the case it is in, or else the cell) with the message in the notebook's language, unless \`ok\`. */
export function check(ok: unknown, en: string, zh: string): asserts ok;
/** Ends the check: reports every case (\`3/5 passed: …\`), fails unless all passed, else prints ✅ and the message. */
export function pass(en: string, zh: string): void;
/** The message in the notebook's language. */
export function say(en: string, zh: string): string;
/** All numbers of a tensor, a number or (nested) arrays, flattened. */
export function toNumbers(x: NumLike): number[];
/** |a − b| ≤ tol, relative for large numbers. NaN is never near anything. */
export function near(a: number, b: number, tol?: number): boolean;
/** Same number of values, and each one near. */
export function allClose(a: NumLike, b: NumLike, tol?: number): boolean;
/** Short text for numbers in messages. */
export function fmt(x: NumLike, digits?: number): string;
/** A random number generator with a seed (mulberry32): floats in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number;
/** A standard normal sample from a uniform generator (Box–Muller). */
export function randn(random: () => number): number;
`;
