/**
 * Types for practice exercises (read from their content notebooks, see ./content.ts).
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
 * - `setup` imports the grader (`import { test, check, pass, … } from 'mlnb/practice'`, see ./grader.ts); `check`
 *   runs named cases with `test(en, zh, () => { check(ok, en, zh); … })` and ends with `pass(en, zh)`, which
 *   reports every case and fails the cell unless all passed.
 * - every `wrongs[i].code` also declares the starter's names, runs, and fails the check.
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
  /** Runs the test cases and reports each (`test`, `check`, `pass` from `mlnb/practice`, see ./grader.ts). */
  check: string;
  /** The hint ladder, revealed one step at a time: from a nudge to nearly the answer. */
  hints: Bilingual[];
  /** Plausible wrong solutions the check must fail, each with what is wrong in it. */
  wrongs: { mistake: Bilingual; code: string }[];
  /** Why the solution works, beyond the bank's answer (markdown). */
  explanation?: Bilingual;
  /** Trains convolution layers, which the wasm backend cannot do: run it on tensorflow or cpu. */
  trainsConvolution?: boolean;
}
