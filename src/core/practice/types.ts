/**
 * Types for practice exercises (read from their content notebooks, see ./content.ts), and the `ts` template
 * tag that code written in TypeScript (./helpers.ts) uses.
 *
 * Pure and browser-safe: no 'vscode', no 'node:*' imports.
 */
import type { Bilingual } from '../i18n';


/**
 * One runnable exercise for a question of the bank. The notebook runs `setup`, then the learner's cell
 * (`starter`, which the learner completes, or `solution`), then `check`.
 *
 * Code conventions (the unit tests enforce them):
 * - `starter` runs without error but does not pass `check`; it contains `TODO` markers.
 * - `starter` and `solution` declare the same top-level names, so either can replace the other.
 * - `check` reports problems with `check(ok, en, zh)` (it throws an Error starting with ❌) and ends
 *   with `pass(en, zh)` (it prints a line starting with ✅). Both come from the helpers that the setup
 *   cell defines (see ./helpers.ts), as do `toNumbers`, `near`, `allClose`, `fmt`, `seededRandom`, `randn`
 *   (the last two, and `pickText` behind `check` and `pass`, are src/core/random.ts's and src/core/i18n.ts's own).
 * - A whole-line comment `//en: …` or `//zh: …` is shown only in that language (`//` in the notebook).
 */
export interface PracticeExercise {
  /** Id of the bank entry this exercise practises (questions/*.json). */
  questionId: string;
  /**
   * That entry's `practice` slug. Other entries with the same slug (e.g. `pytorch-linear-regression` for
   * `linear-regression`) are practised with this exercise too.
   */
  slug: string;
  /** Bump when the exercise changes so that notebooks generated from an older version can be told apart. */
  version: number;
  /** A short name for the exercise, e.g. "Stable softmax". */
  title: Bilingual;
  /** What the learner has to do (markdown). */
  task: Bilingual;
  /** Given code: data, helper functions. */
  setup: string;
  /** The learner's cell: valid TypeScript that runs, with `TODO`s, that does not pass the check yet. */
  starter: string;
  /** A reference solution for the learner's cell. */
  solution: string;
  /** Tells the learner whether their cell is right (throws with a hint) or prints a ✅ line. */
  check: string;
  /** Trains convolution layers, which the wasm backend cannot do: run it on tensorflow or cpu. */
  trainsConvolution?: boolean;
}

/**
 * Template tag for exercise code: the text as written (raw, so `\n` inside the code stays `\n`), with
 * `` \` `` and `\${` unescaped, the common indentation and the first and last blank lines removed.
 * Interpolation is not allowed (write `\${…}` for a template literal inside the code).
 */
export function ts(strings: TemplateStringsArray, ...values: never[]): string {
  if (values.length > 0 || strings.raw.length !== 1) throw new Error('ts`…` code must not interpolate; escape it as \\${…}');
  return dedent(strings.raw[0].replace(/\\`/g, '`').replace(/\\\$\{/g, '${'));
}

/** Removes the indentation all non-blank lines share, leading blank lines and trailing whitespace. */
export function dedent(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => (l.trim() === '' ? '' : l.slice(common))).join('\n');
}
