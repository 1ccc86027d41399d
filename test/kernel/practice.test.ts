// Runs every practice exercise in the real kernel, the way a learner meets it: the learner's notebook
// (setup, starter, check) must FAIL its check; then the solution and the check again must pass, with a report
// of several test cases; then each kept wrong solution and the check must fail — so no check passes vacuously
// or lets a common mistake through. Setup, starter, solution and check are the content notebook's cells in the
// notebook's language, so this is also the file run as authored (test/unit/practiceContent.test.ts checks that).
//
// Speed: a kernel start (loading TF.js) costs more than most exercises, so a few workers each run many
// exercises in one kernel. Isolation between them: the unit tests ensure starter, solution and wrong
// solutions declare the same top-level names, so each redefines everything the others defined; after each
// exercise a reset cell sets every top-level name its cells declared to undefined and verifies it, so a later
// exercise that relied on an earlier one's globals would fail loudly.
// MLNB_PRACTICE_ONLY=<regex> runs only the exercises whose question id matches (for authors);
// MLNB_PRACTICE_FRESH_KERNEL=1 runs every exercise in its own kernel instead; MLNB_PRACTICE_BACKEND=wasm
// (or cpu, tensorflow) forces a backend (exercises that train convolutions still run on cpu under wasm).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transpileCell } from '../../src/core/cellTranspiler';
import { serializeNotebook } from '../../src/core/notebook';
import { DISPLAY_LANGUAGES, type DisplayLanguage } from '../../src/core/i18n';
import type { PracticeExercise } from '../../src/core/practice/exercises';
import { practiceReportOf, type PracticeReport } from '../../src/core/practice/grader';
import { practiceCode, practiceNotebook } from '../../src/core/practice/notebook';
import { PRACTICE_LANGUAGE_ENV, type BackendPreference } from '../../src/core/protocol';
import { readPracticeContentDir } from '../../src/host/practiceContentFiles';
import { loadBankFromDir } from '../../src/host/questionBankFiles';
import type { KernelSession } from '../../src/host/kernelSession';
import type { NbOutput } from '../../src/core/outputs';
import { run, startSession, tempDir, type CellRun } from './helpers';
import { describeHints, runHints } from './runHints';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'mlnb.js');
const bank = loadBankFromDir(path.join(ROOT, 'questions'));
// The exercises, from their content notebooks (content/practice/<category>/<questionId>.mlnb).
const ONLY = process.env.MLNB_PRACTICE_ONLY ? new RegExp(process.env.MLNB_PRACTICE_ONLY) : undefined;
const ALL_EXERCISES = readPracticeContentDir(path.join(ROOT, 'content', 'practice')).map((f) => f.exercise);
const PRACTICE_EXERCISES = ALL_EXERCISES.filter((e) => !ONLY || ONLY.test(e.questionId));
const practiceExercise = (id: string) => ALL_EXERCISES.find((e) => e.questionId === id);
const FRESH_KERNEL_PER_EXERCISE = process.env.MLNB_PRACTICE_FRESH_KERNEL === '1';
const BACKEND = (process.env.MLNB_PRACTICE_BACKEND || undefined) as BackendPreference | undefined;
const WORKERS = Math.max(1, Math.min(3, os.availableParallelism()));
const CJK = /[\u4e00-\u9fff]/;

/** One learner cell and the check run after it. */
interface Attempt {
  learner: CellRun;
  /** Undefined when the learner cell itself failed. */
  check?: CellRun;
}

interface ExerciseRun {
  language: DisplayLanguage;
  backend: string;
  setup: CellRun;
  starter: Attempt;
  solution: Attempt;
  wrongs: Attempt[];
  /** Sources of setup, solution and check, for placing the run hints of the solution's run. */
  solvedSources: string[];
  /** Names still defined after the reset cell (must be none). */
  leftovers: string;
  ms: number;
}

async function attempt(session: KernelSession, learner: string, check: string, label: string): Promise<Attempt> {
  const learnerRun = await run(session, learner, `${label}-learner`);
  if (learnerRun.outcome.status !== 'ok') return { learner: learnerRun };
  return { learner: learnerRun, check: await run(session, check, `${label}-check`) };
}

async function runExercise(session: KernelSession, e: PracticeExercise, language: DisplayLanguage, backend: string): Promise<ExerciseRun> {
  const started = Date.now();
  const code = (learner: Parameters<typeof practiceCode>[1]['learner']) => practiceCode(e, { language, learner });
  const starter = code('starter');
  const solution = code('solution');
  const wrongs = e.wrongs.map((_, wrong) => code({ wrong }));
  await run(session, `process.env.${PRACTICE_LANGUAGE_ENV} = ${JSON.stringify(language)};`, `${e.questionId}-language`);
  const setup = await run(session, starter.setup, `${e.questionId}-setup`);
  const result: ExerciseRun = { language, backend, setup, starter: { learner: setup }, solution: { learner: setup }, wrongs: [], solvedSources: [starter.setup, solution.exercise, solution.check], leftovers: '?', ms: 0 };
  if (setup.outcome.status === 'ok') {
    result.starter = await attempt(session, starter.exercise, starter.check, `${e.questionId}-starter`);
    result.solution = await attempt(session, solution.exercise, solution.check, `${e.questionId}-solution`);
    for (const [i, wrong] of wrongs.entries()) result.wrongs.push(await attempt(session, wrong.exercise, wrong.check, `${e.questionId}-wrong-${i + 1}`));
  }
  const names = [...new Set([starter, solution, ...wrongs].flatMap((c) => [c.setup, c.exercise, c.check]).flatMap((source) => transpileCell(source).declaredNames))];
  const reset = await run(
    session,
    `(() => {
      const names: string[] = ${JSON.stringify(names)};
      const g = globalThis as Record<string, unknown>;
      for (const name of names) g[name] = undefined;
      console.log('leftovers:' + names.filter((name) => g[name] !== undefined).join(','));
    })();`,
    `${e.questionId}-reset`,
  );
  result.leftovers = reset.outcome.status === 'ok' ? (/leftovers:(.*)/.exec(reset.text)?.[1] ?? '?') : `reset failed: ${reset.text}`;
  result.ms = Date.now() - started;
  return result;
}

/** The grader's report among a check's outputs (`pass()` shows it when the check ran test cases). */
function reportOf(outputs: NbOutput[]): PracticeReport | undefined {
  for (const o of outputs) {
    const report = o.output_type === 'display_data' ? practiceReportOf(o.metadata) : undefined;
    if (report) return report;
  }
  return undefined;
}

/** Runs all exercises on WORKERS workers; returns one promise per exercise (never rejected). */
function runAll(exercises: readonly PracticeExercise[]): Map<string, Promise<ExerciseRun | Error>> {
  const results = new Map<string, { promise: Promise<ExerciseRun | Error>; resolve: (r: ExerciseRun | Error) => void }>();
  for (const e of exercises) {
    let resolve!: (r: ExerciseRun | Error) => void;
    const promise = new Promise<ExerciseRun | Error>((r) => (resolve = r));
    results.set(e.questionId, { promise, resolve });
  }
  const queue = exercises.map((e, i) => ({ e, language: DISPLAY_LANGUAGES[i % DISPLAY_LANGUAGES.length] }));
  const worker = async () => {
    let shared: KernelSession | undefined;
    let sharedBackend = '';
    try {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const { e, language } = job;
        try {
          if (!FRESH_KERNEL_PER_EXERCISE && !shared) {
            shared = startSession({ backend: BACKEND });
            sharedBackend = (await shared.backend()).backend;
          }
          // wasm cannot train convolutions: such exercises run on cpu there, in their own kernel.
          const ownBackend: BackendPreference | undefined = e.trainsConvolution && sharedBackend === 'wasm' ? 'cpu' : undefined;
          if (FRESH_KERNEL_PER_EXERCISE || ownBackend) {
            let session = startSession({ backend: ownBackend ?? BACKEND });
            let backend = (await session.backend()).backend;
            if (e.trainsConvolution && backend === 'wasm') {
              await session.shutdown();
              session = startSession({ backend: 'cpu' });
              backend = (await session.backend()).backend;
            }
            try {
              results.get(e.questionId)!.resolve(await runExercise(session, e, language, backend));
            } finally {
              await session.shutdown();
            }
          } else {
            results.get(e.questionId)!.resolve(await runExercise(shared!, e, language, sharedBackend));
          }
        } catch (error) {
          results.get(e.questionId)!.resolve(error as Error);
        }
      }
    } finally {
      await shared?.shutdown();
    }
  };
  for (let i = 0; i < WORKERS; i++) void worker();
  return new Map([...results].map(([id, r]) => [id, r.promise]));
}

/** What happened in an attempt, for assertion messages. */
function describeAttempt(name: string, a: Attempt): string {
  const cell = (label: string, r: CellRun) => `  [${label}] ${r.outcome.status}\n${r.text.replace(/^/gm, '    ').slice(0, 1500)}`;
  return [cell(name, a.learner), ...(a.check ? [cell('check', a.check)] : [])].join('\n');
}

describe('practice exercises in the kernel', function () {
  this.timeout(900_000);
  let results: Map<string, Promise<ExerciseRun | Error>>;
  const started = Date.now();

  before(() => {
    results = runAll(PRACTICE_EXERCISES);
  });

  after(async () => {
    const done = await Promise.all([...results.values()]);
    const runs = done.filter((r): r is ExerciseRun => !(r instanceof Error));
    // What a learner waits for: setup, solution and check once (the kernel's own timing of each cell).
    const cellMs = (r: CellRun | undefined) => (r && 'durationMs' in r.outcome ? r.outcome.durationMs : 0);
    const learnerRuns = PRACTICE_EXERCISES.map((e, i) => ({ id: e.questionId, run: done[i] }))
      .filter((x): x is { id: string; run: ExerciseRun } => !(x.run instanceof Error))
      .map(({ id, run }) => ({ id, ms: cellMs(run.setup) + cellMs(run.solution.learner) + cellMs(run.solution.check) }))
      .sort((a, b) => b.ms - a.ms);
    console.log(
      `      ${runs.length} exercises on ${FRESH_KERNEL_PER_EXERCISE ? 'one kernel each' : `${WORKERS} shared kernels`} (${[...new Set(runs.map((r) => r.backend))].join(', ')}) in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `a learner's run (setup, solution, check): over 10 s ${learnerRuns.filter((r) => r.ms > 10_000).length}, slowest ${learnerRuns.slice(0, 5).map((r) => `${r.id} ${(r.ms / 1000).toFixed(1)} s`).join(', ')}`,
    );
  });

  for (const e of PRACTICE_EXERCISES) {
    it(`${e.questionId}: the solution passes every test case; the starter and each of the ${e.wrongs.length} kept wrong solutions fail`, async () => {
      const r = await results.get(e.questionId)!;
      if (r instanceof Error) throw r;
      assert.equal(r.setup.outcome.status, 'ok', `the setup cell failed (${r.language}):\n${r.setup.text}`);

      // The solution: every test case passes, and there are several.
      const solved = r.solution;
      assert.ok(solved.check, `the solution cell failed (${r.language}):\n${describeAttempt('solution', solved)}`);
      assert.equal(solved.check.outcome.status, 'ok', `the check failed on the solution (${r.language}):\n${describeAttempt('solution', solved)}`);
      assert.match(solved.check.text, /^✅ /m, `the check printed no ✅ line:\n${describeAttempt('solution', solved)}`);
      assert.doesNotMatch(solved.check.text, /❌/);
      const report = reportOf(solved.check.outputs);
      assert.ok(report, `the check showed no report of test cases (use test(…) and end with pass(…)):\n${describeAttempt('solution', solved)}`);
      assert.ok(report.total >= 3, `the check runs ${report.total} test case(s); at least 3 (fixed edge cases and seeded random ones)`);
      assert.equal(report.passed, report.total);

      // The starter runs, then fails the check with the grader's ❌.
      const starter = r.starter;
      assert.ok(starter.check, `the starter cell failed (the starter must run):\n${describeAttempt('starter', starter)}`);
      assert.equal(starter.check.outcome.status, 'error', `the check PASSED on the starter code — it passes vacuously:\n${describeAttempt('starter', starter)}`);
      assert.match(starter.check.text, /Error: ❌ /, `the check failed, but not with its own ❌ message:\n${describeAttempt('starter', starter)}`);
      assert.doesNotMatch(starter.check.text, /✅/);

      // The messages follow the notebook's language.
      const message = /❌ ([^]*?)\n\s+at /.exec(starter.check.text)?.[1] ?? starter.check.text;
      if (r.language === 'en') assert.doesNotMatch(message, CJK, `English notebook, Chinese message: ${message}`);
      else assert.match(message, CJK, `${r.language} notebook without a Chinese message: ${message}`);

      // Each kept wrong solution runs, then fails the check.
      assert.ok(e.wrongs.length >= 2, `${e.wrongs.length} kept wrong solution(s); at least 2`);
      e.wrongs.forEach((wrong, i) => {
        const w = r.wrongs[i];
        const what = `wrong solution ${i + 1} (${wrong.mistake.en})`;
        assert.ok(w?.check, `${what}: its cell failed before the check (a wrong solution must run):\n${w ? describeAttempt(what, w) : 'not run'}`);
        assert.equal(w.check.outcome.status, 'error', `${what} PASSED the check — the check lets this mistake through:\n${describeAttempt(what, w)}`);
        assert.match(w.check.text, /Error: ❌ /, `${what} failed, but not with the grader's ❌ message:\n${describeAttempt(what, w)}`);
      });

      assert.equal(r.leftovers, '', `names survived the reset: ${r.leftovers}`);
      // An author running a few exercises (MLNB_PRACTICE_ONLY) sees what the learner sees for each attempt.
      if (ONLY) console.log([['starter', starter] as const, ['solution', solved] as const, ...r.wrongs.map((w, i) => [`wrong ${i + 1}`, w] as const)].map(([name, a]) => describeAttempt(name, a)).join('\n'));

      // A reference solution trains the way it should: any run hint on it is a false alarm.
      const hints = runHints(r.solvedSources, [r.setup.outputs, solved.learner.outputs, solved.check.outputs]);
      assert.equal(hints.length, 0, `run hints on the reference solution (false alarms):\n${describeHints(hints)}`);
    });
  }
});

/** `mlnb run` on a practice notebook file, as CI and a learner's terminal would do it. */
function mlnbRun(file: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'run', file, '--no-write', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function writePractice(id: string, language: DisplayLanguage, solved: boolean): string {
  const e = practiceExercise(id)!;
  const file = path.join(tempDir(), `practice-${id}${solved ? '-solved' : ''}.mlnb`);
  writeFileSync(file, serializeNotebook(practiceNotebook(bank.byId(id)!, e, { language, learner: solved ? 'solution' : 'starter' })));
  return file;
}

describe('practice notebooks with mlnb run', function () {
  this.timeout(240_000);

  it('the solved overfitting notebook exits 0 and prints the ✅ line', async () => {
    const r = await mlnbRun(writePractice('overfitting', 'both', true));
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /^通过 (\d+)\/\1 · \1\/\1 passed: /m, 'the report of test cases, in both languages');
    assert.match(r.stdout, /^✅ .*[\u4e00-\u9fff]/m);
  });

  it('the starter overfitting notebook exits 1 naming the check cell and what is wrong', async () => {
    const r = await mlnbRun(writePractice('overfitting', 'en', false));
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stderr, /cell 5 \(id check\) failed: PracticeCheckError: ❌ \d+ of \d+ failed: /);
    assert.match(r.stdout, /^\d+\/\d+ passed: .*✗/m, 'the report names the failed cases');
  });

  it('an exercise that trains convolutions passes (on cpu when the backend would be wasm)', async () => {
    const file = writePractice('cnn-image-classifier-code', 'en', true);
    let r = await mlnbRun(file);
    if (/on the wasm backend/.test(r.stdout)) r = await mlnbRun(file, '--backend', 'cpu');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /^✅ /m);
  });
});
