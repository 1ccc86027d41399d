// What mlnb ships or generates passes mlnb's own type checker (the editor's language service, as `mlnb check`
// runs it): the examples, the notebooks the extension opens (new notebook, the walkthrough's sample), every
// practice notebook as the learner gets it (starter) and with the reference solution, and every model snippet
// inserted alone into an empty notebook. A newcomer's first screen must not show errors before anything runs.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { formatProblem, NotebookChecker } from '../../src/core/language/check';
import { createCell, newNotebook, parseNotebook, type Notebook } from '../../src/core/notebook';
import { practiceNotebook, type LearnerCode } from '../../src/core/practice/notebook';
import { loadPracticeFromDir } from '../../src/host/practiceContentFiles';
import { loadBankFromDir } from '../../src/host/questionBankFiles';
import { expandSnippet } from '../../src/core/snippets/expand';
import { loadSnippetsFromDir } from '../../src/host/contentFiles';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');
const PRACTICE_EXERCISES = loadPracticeFromDir(path.join(ROOT, 'content', 'practice')).all;

/** Every .mlnb file under a folder. */
function notebookFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.mlnb')).map((name) => path.join(dir, name));
}

/**
 * The shipped notebooks src/extension names (the walkthrough's sample, `linear-regression.mlnb`): every `.mlnb`
 * string in its code that is a file of examples/ or media/.
 */
function notebooksTheExtensionOpens(): string[] {
  const files = new Set<string>();
  const dir = path.join(ROOT, 'src', 'extension');
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.ts'))) {
    for (const [, literal] of readFileSync(path.join(dir, name), 'utf8').matchAll(/'([^'\n]+\.mlnb)'/g)) {
      for (const folder of ['examples', 'media']) {
        const file = path.join(ROOT, folder, literal!);
        if (existsSync(file)) files.add(file);
      }
    }
  }
  return [...files];
}

describe('shipped content type-checks (mlnb check: zero errors)', function () {
  // About 160 notebooks; the first costs a few seconds (TF.js's types), the others well under one each.
  this.timeout(600_000);
  const checker = new NotebookChecker(ROOT, ts.sys);
  let scratch = '';
  before(() => (scratch = mkdtempSync(path.join(tmpdir(), 'mlnb-content-'))));
  after(() => {
    checker.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** The formatted problems of a notebook (an empty list when it is clean), for a readable failure. */
  const problems = (name: string, notebook: Notebook, dir = scratch) => checker.check(notebook, dir).map((problem) => formatProblem(name, problem));

  it('the examples', () => {
    const files = notebookFiles(EXAMPLES);
    assert.ok(files.length >= 3, files.join());
    assert.deepEqual(files.flatMap((file) => problems(path.relative(ROOT, file), parseNotebook(readFileSync(file), file), path.dirname(file))), []);
  });

  it('the notebooks the extension opens: the walkthrough’s sample, a new notebook, and any notebook under media/', () => {
    const opened = notebooksTheExtensionOpens();
    assert.ok(opened.length >= 1, 'the sample the walkthrough opens (mlnb.openSample) was not found in src/extension');
    const files = [...new Set([...opened, ...notebookFiles(path.join(ROOT, 'media'))])];
    assert.deepEqual(files.flatMap((file) => problems(path.relative(ROOT, file), parseNotebook(readFileSync(file), file), path.dirname(file))), []);
    assert.deepEqual(problems('new notebook', parseNotebook('')), []);
  });

  const bank = loadBankFromDir(path.join(ROOT, 'questions'));
  it('every practice notebook as the learner gets it (starter code), and with the solution and each kept wrong solution in its place', () => {
    assert.ok(PRACTICE_EXERCISES.length >= 69);
    const found = PRACTICE_EXERCISES.flatMap((exercise) => {
      const entry = bank.byId(exercise.questionId);
      assert.ok(entry, exercise.questionId);
      const learners: [string, LearnerCode][] = [['', 'starter'], [' (solution)', 'solution'], ...exercise.wrongs.map((_, wrong): [string, LearnerCode] => [` (wrong solution ${wrong + 1})`, { wrong }])];
      // 'both': the Chinese and the English comments (the code is the same in every language).
      return learners.flatMap(([label, learner]) => problems(`practice-${exercise.questionId}${label}`, practiceNotebook(entry, exercise, { language: 'both', learner })));
    });
    assert.deepEqual(found, []);
  });

  it('every model snippet, inserted alone into an empty notebook', () => {
    const snippets = loadSnippetsFromDir(path.join(ROOT, 'content', 'snippets')).all;
    assert.ok(snippets.length >= 22);
    assert.deepEqual(snippets.flatMap((snippet) => problems(snippet.prefix, newNotebook([createCell('code', expandSnippet(snippet.body).text)]))), []);
  });
});
