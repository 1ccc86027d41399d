// Runs every practice exercise in the real kernel: the notebook with the reference solution must pass its
// check (✅), and the notebook with the starter must run its setup and starter cells and then FAIL its
// check with a ❌ message — so no check can pass vacuously.
//
// Speed: a kernel start (loading TF.js) costs more than most exercises, so a few workers each run many
// exercises in one kernel. Isolation between them:
// - per exercise the solved notebook runs first, then the starter notebook; both begin with the setup
//   cell, and the unit tests ensure starter and solution declare the same top-level names, so the
//   starter run cannot pick up anything the solution defined that it does not redefine itself;
// - after each exercise a reset cell sets every top-level name its cells declared to undefined and
//   verifies it, so a later exercise that relied on an earlier one's globals would fail loudly.
// - per exercise, last, its content notebook (content/practice/…) runs as authored: setup (with the practice
//   helpers the learner's notebook appends to it, which the kernel does not provide yet), starter, solution, check.
// MLNB_PRACTICE_FRESH_KERNEL=1 runs every exercise in its own kernel instead; MLNB_PRACTICE_BACKEND=wasm
// (or cpu, tensorflow) forces a backend (exercises that train convolutions still run on cpu under wasm).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transpileCell } from '../../src/core/cellTranspiler';
import { isCodeCell, parseNotebook, serializeNotebook } from '../../src/core/notebook';
import { DISPLAY_LANGUAGES, type DisplayLanguage } from '../../src/core/i18n';
import type { PracticeExercise } from '../../src/core/practice/exercises';
import { localizeCode, practiceHelpers } from '../../src/core/practice/helpers';
import { practiceNotebook } from '../../src/core/practice/notebook';
import type { BackendPreference } from '../../src/core/protocol';
import { readPracticeContentDir } from '../../src/host/practiceContentFiles';
import { loadBankFromDir } from '../../src/host/questionBankFiles';
import type { KernelSession } from '../../src/host/kernelSession';
import { run, startSession, tempDir, type CellRun } from './helpers';
import { describeHints, runHints } from './runHints';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'mlnb.js');
const bank = loadBankFromDir(path.join(ROOT, 'questions'));
// The exercises, from their content notebooks (content/practice/<category>/<questionId>.mlnb).
const CONTENT = path.join(ROOT, 'content', 'practice');
const CONTENT_FILES = readPracticeContentDir(CONTENT);
const PRACTICE_EXERCISES = CONTENT_FILES.map((f) => f.exercise);
const practiceExercise = (id: string) => PRACTICE_EXERCISES.find((e) => e.questionId === id);
const contentFileOf = new Map(CONTENT_FILES.map((f) => [f.exercise.questionId, f.file]));
const FRESH_KERNEL_PER_EXERCISE = process.env.MLNB_PRACTICE_FRESH_KERNEL === '1';
const BACKEND = (process.env.MLNB_PRACTICE_BACKEND || undefined) as BackendPreference | undefined;
const WORKERS = Math.max(1, Math.min(3, os.availableParallelism()));
const CJK = /[\u4e00-\u9fff]/;

interface ExerciseRun {
  language: DisplayLanguage;
  backend: string;
  solved: CellRun[];
  /** The solved notebook's code cells, for placing its run hints. */
  solvedSources: string[];
  starter: CellRun[];
  /** The content notebook run as authored: setup (+ helpers), starter, solution, check. */
  authored: CellRun[];
  /** Names still defined after the reset cell (must be none). */
  leftovers: string;
  ms: number;
}

function codeCells(e: PracticeExercise, language: DisplayLanguage, solved: boolean) {
  const nb = practiceNotebook(bank.byId(e.questionId)!, e, { language, solved });
  return nb.cells.filter(isCodeCell).map((c) => ({ id: c.id, source: c.source }));
}

/**
 * The code cells of an exercise's content notebook, read from the file, in the file's order, in `language`;
 * the setup cell gets the practice helpers after it, as in the learner's notebook.
 */
function authoredCells(e: PracticeExercise, language: DisplayLanguage) {
  const file = contentFileOf.get(e.questionId)!;
  const nb = parseNotebook(readFileSync(path.join(CONTENT, file), 'utf8'), file);
  return nb.cells.filter(isCodeCell).map((c) => {
    const id = (c.metadata.mlnb as { practice: { role: string } }).practice.role;
    const source = localizeCode(c.source, language);
    return { id, source: id === 'setup' ? `${source}\n\n${practiceHelpers(language)}` : source };
  });
}

/** Runs cells in order, stopping at the first that does not finish ok (like `mlnb run`). */
async function runCells(session: KernelSession, cells: { id: string; source: string }[], label: string): Promise<CellRun[]> {
  const runs: CellRun[] = [];
  for (const cell of cells) {
    const r = await run(session, cell.source, `${label}-${cell.id}`);
    runs.push(r);
    if (r.outcome.status !== 'ok') break;
  }
  return runs;
}

async function runExercise(session: KernelSession, e: PracticeExercise, language: DisplayLanguage, backend: string): Promise<ExerciseRun> {
  const started = Date.now();
  const solvedCells = codeCells(e, language, true);
  const starterCells = codeCells(e, language, false);
  const solved = await runCells(session, solvedCells, `${e.questionId}-solved`);
  const starter = await runCells(session, starterCells, `${e.questionId}-starter`);
  const asAuthored = authoredCells(e, language);
  const authored = await runCells(session, asAuthored, `${e.questionId}-authored`);
  const names = [...new Set([...solvedCells, ...starterCells, ...asAuthored].flatMap((c) => transpileCell(c.source).declaredNames))];
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
  const leftovers = reset.outcome.status === 'ok' ? (/leftovers:(.*)/.exec(reset.text)?.[1] ?? '?') : `reset failed: ${reset.text}`;
  return { language, backend, solved, solvedSources: solvedCells.map((c) => c.source), starter, authored, leftovers, ms: Date.now() - started };
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

const AUTHORED = ['setup', 'starter', 'solution', 'check'];

/** What went wrong in a list of cell runs, for assertion messages. */
function describeRuns(runs: CellRun[], labels = ['setup', 'learner cell', 'check']): string {
  return runs.map((r, i) => `  [${labels[i]}] ${r.outcome.status}\n${r.text.replace(/^/gm, '    ').slice(0, 1500)}`).join('\n');
}

describe('practice exercises in the kernel', function () {
  this.timeout(600_000);
  let results: Map<string, Promise<ExerciseRun | Error>>;
  const started = Date.now();

  before(() => {
    results = runAll(PRACTICE_EXERCISES);
  });

  after(async () => {
    const done = await Promise.all([...results.values()]);
    const runs = done.filter((r): r is ExerciseRun => !(r instanceof Error));
    const slowest = PRACTICE_EXERCISES.map((e, i) => ({ id: e.questionId, run: done[i] }))
      .filter((x): x is { id: string; run: ExerciseRun } => !(x.run instanceof Error))
      .sort((a, b) => b.run.ms - a.run.ms)
      .slice(0, 5);
    console.log(
      `      ${runs.length} exercises on ${FRESH_KERNEL_PER_EXERCISE ? 'one kernel each' : `${WORKERS} shared kernels`} (${[...new Set(runs.map((r) => r.backend))].join(', ')}) in ${((Date.now() - started) / 1000).toFixed(1)} s; slowest: ${slowest.map((s) => `${s.id} ${(s.run.ms / 1000).toFixed(1)} s`).join(', ')}`,
    );
  });

  for (const e of PRACTICE_EXERCISES) {
    it(`${e.questionId}: the solution passes the check, the starter fails it`, async () => {
      const r = await results.get(e.questionId)!;
      if (r instanceof Error) throw r;
      assert.equal(r.solved.length, 3, `the solved notebook stopped early:\n${describeRuns(r.solved)}`);
      assert.ok(r.solved.every((c) => c.outcome.status === 'ok'), `the solved notebook failed (${r.language}):\n${describeRuns(r.solved)}`);
      const passed = r.solved[2].text;
      assert.match(passed, /^✅ /m, `the check printed no ✅ line:\n${describeRuns(r.solved)}`);
      assert.doesNotMatch(passed, /❌/);

      assert.equal(r.starter.length, 3, `the starter notebook failed before its check (the starter must run):\n${describeRuns(r.starter)}`);
      assert.equal(r.starter[2].outcome.status, 'error', `the check PASSED on the starter code — it passes vacuously:\n${describeRuns(r.starter)}`);
      const failed = r.starter[2].text;
      assert.match(failed, /Error: ❌ /, `the check failed, but not with its own ❌ message:\n${describeRuns(r.starter)}`);
      assert.doesNotMatch(failed, /✅/);

      // The messages follow the notebook's language.
      const message = /❌ ([^]*?)\n\s+at /.exec(failed)?.[1] ?? failed;
      if (r.language === 'en') assert.doesNotMatch(message, CJK, `English notebook, Chinese message: ${message}`);
      else assert.match(message, CJK, `${r.language} notebook without a Chinese message: ${message}`);
      if (r.language === 'zh') assert.doesNotMatch(message, /\b(the|should|got)\b/, `Chinese notebook, English message: ${message}`);
      if (r.language === 'both') assert.match(message, /\b(the|should|got|is|are)\b/i, `bilingual notebook without an English message: ${message}`);

      // The content notebook as authored (the solution after the starter) passes its check.
      assert.deepEqual(r.authored.map((c) => c.outcome.status), ['ok', 'ok', 'ok', 'ok'], `the content notebook, run as authored, failed:\n${describeRuns(r.authored, AUTHORED)}`);
      assert.match(r.authored[3].text, /^✅ /m, `the content notebook's check printed no ✅ line:\n${describeRuns(r.authored, AUTHORED)}`);

      assert.equal(r.leftovers, '', `names survived the reset: ${r.leftovers}`);

      // A reference solution trains the way it should: any run hint on it is a false alarm.
      const hints = runHints(r.solvedSources, r.solved.map((c) => c.outputs));
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
  writeFileSync(file, serializeNotebook(practiceNotebook(bank.byId(id)!, e, { language, solved })));
  return file;
}

describe('practice notebooks with mlnb run', function () {
  this.timeout(240_000);

  it('the solved overfitting notebook exits 0 and prints the ✅ line', async () => {
    const r = await mlnbRun(writePractice('overfitting', 'both', true));
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /^✅ 3 阶泛化最好/m);
    assert.match(r.stdout, /^Degree 3 generalises best/m);
  });

  it('the starter overfitting notebook exits 1 naming the check cell and what is wrong', async () => {
    const r = await mlnbRun(writePractice('overfitting', 'en', false));
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stderr, /cell 5 \(id check\) failed: Error: ❌ validErrors should be /);
  });

  it('an exercise that trains convolutions passes (on cpu when the backend would be wasm)', async () => {
    const file = writePractice('cnn-image-classifier-code', 'en', true);
    let r = await mlnbRun(file);
    if (/on the wasm backend/.test(r.stdout)) r = await mlnbRun(file, '--backend', 'cpu');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /^✅ Test accuracy /m);
  });
});
