// The practice content notebooks (content/practice/<category>/<questionId>.mlnb): every file parses, has its
// roles in order (markdown roles once per language), a hint ladder of at least 3 steps and at least 2 kept wrong
// solutions, imports the grader instead of pasting helpers, is named and filed after its bank entry, is in the
// canonical form mlnb writes, and the code it runs as authored is the code the kernel practice test runs.
// Also the loader's errors: they name the file, the cell and the problem.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { transpileCell } from '../../src/core/cellTranspiler';
import { DISPLAY_LANGUAGES } from '../../src/core/i18n';
import { parseNotebook, serializeNotebook, type Notebook } from '../../src/core/notebook';
import {
  parsePracticeContent,
  practiceContentNotebook,
  practiceContentPath,
  PRACTICE_CONTENT_ROLES,
  PracticeContentError,
  REQUIRED_CONTENT_ROLES,
} from '../../src/core/practice/content';
import { PracticeExercises } from '../../src/core/practice/exercises';
import { PRACTICE_MODULE } from '../../src/core/practice/grader';
import { localizeCode } from '../../src/core/practice/helpers';
import { practiceCode, practiceNotebook } from '../../src/core/practice/notebook';
import { readPracticeContentDir } from '../../src/host/practiceContentFiles';
import { loadBankFromDir } from '../../src/host/questionBankFiles';

const ROOT = path.resolve(__dirname, '..', '..');
const CONTENT = path.join(ROOT, 'content', 'practice');
const bank = loadBankFromDir(path.join(ROOT, 'questions'));
const files = readPracticeContentDir(CONTENT);
const roleOf = (c: Notebook['cells'][number]) => (c.metadata.mlnb as { practice: { role: string; lang?: string } }).practice;

describe('practice content notebooks', function () {
  this.timeout(30_000);

  it('there is one per question, each filed under its question\'s category and named after it', () => {
    assert.ok(files.length >= 69, `only ${files.length} content notebooks`);
    const lib = new PracticeExercises(files.map((f) => f.exercise)); // throws on a question with two files
    assert.equal(lib.all.length, files.length);
    for (const { file, exercise } of files) {
      const entry = bank.byId(exercise.questionId);
      assert.ok(entry, `${file}: ${exercise.questionId} is not in the bank`);
      assert.equal(`content/practice/${file}`, practiceContentPath(entry.category, exercise.questionId), `${file}: wrong folder or name`);
      assert.equal(exercise.slug, entry.practice, `${file}: slug is not the bank entry's practice slug`);
    }
  });

  for (const { file, exercise } of files) {
    describe(file, () => {
      const text = readFileSync(path.join(CONTENT, file), 'utf8');
      const nb = parseNotebook(text, file);

      it('has its roles in order: title, task, a hint ladder of at least 3 steps, setup, starter, solution, check, and at least 2 kept wrong solutions', () => {
        const keys = nb.cells.map((c) => {
          const p = roleOf(c);
          return p.lang ? `${p.role}/${p.lang}` : p.role;
        });
        const hints = exercise.hints.flatMap(() => ['hint/en', 'hint/zh']);
        const expected = ['intro/en', 'intro/zh', 'task/en', 'task/zh', ...hints, 'setup', 'exercise', 'solution', 'check'];
        assert.deepEqual(keys.filter((k) => !k.startsWith('explanation') && k !== 'wrong'), expected);
        assert.ok(exercise.hints.length >= 3, `a hint ladder of ${exercise.hints.length} step(s); at least 3, from a nudge to nearly the answer`);
        assert.ok(exercise.wrongs.length >= 2, `${exercise.wrongs.length} kept wrong solution(s); at least 2`);
        for (const c of nb.cells) assert.ok(PRACTICE_CONTENT_ROLES.includes(roleOf(c).role as never));
        for (const hint of exercise.hints) for (const lang of ['en', 'zh'] as const) assert.ok(hint[lang].trim(), 'an empty hint');
      });

      it('imports the grader from mlnb/practice in its setup, and pastes none of it', () => {
        assert.match(exercise.setup, new RegExp(`^import \\{[^}]*\\} from '${PRACTICE_MODULE}';$`, 'm'));
        for (const role of ['setup', 'exercise', 'solution', 'check'] as const) {
          const code = nb.cells.find((c) => roleOf(c).role === role)!.source;
          assert.doesNotMatch(code, /function (check|pass|allClose|near|seededRandom)\s*\(/, `${role} defines a grader function itself`);
        }
      });

      it('declares the same top-level names in its starter, solution and each kept wrong solution', () => {
        const names = (code: string) => [...transpileCell(code).declaredNames].sort();
        const starter = names(exercise.starter);
        assert.deepEqual(names(exercise.solution), starter, 'the solution');
        exercise.wrongs.forEach((w, i) => assert.deepEqual(names(w.code), starter, `wrong solution ${i + 1} (${w.mistake.en})`));
      });

      it('is in the form mlnb writes (serializeNotebook of what it parses to gives the same bytes)', () => {
        assert.equal(serializeNotebook(practiceContentNotebook(exercise)), text);
        assert.equal(serializeNotebook(nb), text);
      });

      it('runs as authored (setup, starter, solution, check) what the kernel test runs', () => {
        const cell = (role: string) => nb.cells.find((c) => roleOf(c).role === role)!.source;
        for (const language of DISPLAY_LANGUAGES) {
          // The kernel test runs practiceCode(exercise, { language, learner }): the file's cells, each under a
          // one-line header, in the notebook's language. The learner's notebook has the same code cells.
          const entry = bank.byId(exercise.questionId)!;
          const learner = practiceNotebook(entry, exercise, { language }).cells.filter((c) => c.cell_type === 'code').map((c) => c.source);
          const code = practiceCode(exercise, { language });
          assert.deepEqual(learner, [code.setup, code.exercise, code.check]);
          const body = (s: string) => s.slice(s.indexOf('\n') + 1);
          assert.equal(body(code.setup), localizeCode(cell('setup'), language));
          assert.equal(body(code.exercise), localizeCode(cell('exercise'), language));
          assert.equal(body(practiceCode(exercise, { language, learner: 'solution' }).exercise), localizeCode(cell('solution'), language));
          assert.equal(body(code.check), localizeCode(cell('check'), language));
        }
      });

      it('keeps the solution and the hints out of the learner\'s notebook', () => {
        const learner = serializeNotebook(practiceNotebook(bank.byId(exercise.questionId)!, exercise, { language: 'both' }));
        const solutionOnly = exercise.solution.split('\n').filter((l) => l.trim().length > 25 && !exercise.starter.includes(l.trim()));
        for (const line of solutionOnly) assert.ok(!learner.includes(JSON.stringify(line).slice(1, -1)), `the learner's notebook holds a line of the solution: ${line}`);
        for (const hint of exercise.hints) assert.ok(!learner.includes(JSON.stringify(hint.en).slice(1, -1)), `the learner's notebook holds a hint: ${hint.en}`);
      });
    });
  }
});

describe('practice content: coverage', () => {
  const coverage = JSON.parse(readFileSync(path.join(CONTENT, 'coverage.json'), 'utf8')) as { conceptual: string[] };
  const lib = new PracticeExercises(files.map((f) => f.exercise));
  const practised = new Set(bank.all.filter((entry) => lib.canPractice(entry)).map((entry) => entry.id));

  it('has at least 110 exercises, 10 of them for large models and 5 for deployment', () => {
    const inCategory = (category: string) => files.filter((f) => f.file.startsWith(`${category}/`)).length;
    assert.ok(files.length >= 110, `${files.length} exercises`);
    assert.ok(inCategory('large-models') >= 10, `${inCategory('large-models')} large-models exercises`);
    assert.ok(inCategory('deployment-mlops') >= 5, `${inCategory('deployment-mlops')} deployment-mlops exercises`);
  });

  it('every bank entry has an exercise or is conceptual (listed in coverage.json), never both', () => {
    assert.deepEqual(Object.keys(coverage).filter((k) => k !== '$comment'), ['conceptual'], 'coverage.json lists only the conceptual entries: one about code or math gets an exercise');
    const conceptual = new Set(coverage.conceptual);
    for (const entry of bank.all) {
      assert.ok(practised.has(entry.id) !== conceptual.has(entry.id), `${entry.id} ${practised.has(entry.id) ? 'has an exercise and is also listed as conceptual' : 'has no exercise: write one (content/practice/README.md), or list it under conceptual in content/practice/coverage.json if it has no code or math to practise'}`);
    }
    for (const id of conceptual) assert.ok(bank.byId(id), `coverage.json names ${id}, which is not in the bank`);
    console.log(`      ${files.length} exercises practise ${practised.size} entries; ${conceptual.size} are conceptual`);
  });
});

describe('practice content: the loader\'s errors', () => {
  const good = files.find((f) => f.exercise.questionId === 'dropout')!;
  const text = readFileSync(path.join(CONTENT, good.file), 'utf8');
  /** The file with its cells changed by `edit`, serialized again. */
  const edited = (edit: (nb: Notebook) => void) => {
    const nb = parseNotebook(text);
    edit(nb);
    return serializeNotebook(nb);
  };
  const cellIndex = (nb: Notebook, role: string, lang?: string) => nb.cells.findIndex((c) => roleOf(c).role === role && (lang === undefined || roleOf(c).lang === lang));
  const fails = (source: string, pattern: RegExp) =>
    assert.throws(() => parsePracticeContent(source, 'x/dropout.mlnb'), (e: unknown) => {
      assert.ok(e instanceof PracticeContentError, String(e));
      assert.match(e.message, pattern);
      assert.ok(e.message.startsWith('x/dropout.mlnb'), e.message);
      return true;
    });

  it('parses the good file into the exercise', () => {
    assert.deepEqual(parsePracticeContent(text, good.file), good.exercise);
  });

  it('names a missing role', () => {
    fails(edited((nb) => nb.cells.splice(cellIndex(nb, 'check'), 1)), /^x\/dropout\.mlnb: missing role "check"/);
    fails(edited((nb) => nb.cells.splice(cellIndex(nb, 'task', 'zh'), 1)), /missing role "task \(zh\)"/);
  });

  it('names a duplicate role and both cells', () => {
    fails(edited((nb) => nb.cells.splice(cellIndex(nb, 'solution') + 1, 0, { ...nb.cells[cellIndex(nb, 'solution')], id: 'solution-2' })), (() => {
      const at = cellIndex(parseNotebook(text), 'solution') + 1;
      return new RegExp(`^x/dropout\\.mlnb: cell ${at + 1}: duplicate role "solution": cell ${at} has it already`);
    })());
  });

  it('names a cell without a role, with an unknown role, of the wrong kind, or out of order', () => {
    const nb = parseNotebook(text);
    const setup = cellIndex(nb, 'setup');
    fails(edited((nb) => (nb.cells[2].metadata = {})), /^x\/dropout\.mlnb: cell 3: no role/);
    fails(edited((nb) => ((nb.cells[setup].metadata as { mlnb: { practice: { role: string } } }).mlnb.practice.role = 'starter')), new RegExp(`cell ${setup + 1}: unknown role "starter"`));
    fails(edited((nb) => (nb.cells[setup].cell_type = 'markdown' as never)), new RegExp(`cell ${setup + 1}: role "setup" must be a code cell`));
    fails(edited((nb) => nb.cells.splice(cellIndex(nb, 'check') + 1, 0, nb.cells.splice(setup, 1)[0])), /role "setup" is out of order/);
    fails(edited((nb) => delete (nb.cells[0].metadata as { mlnb: { practice: { lang?: string } } }).mlnb.practice.lang), /cell 1: markdown role "intro" needs metadata\.mlnb\.practice\.lang/);
  });

  it('names a hint ladder whose languages do not pair up, and a wrong solution that does not say what is wrong', () => {
    fails(edited((nb) => nb.cells.splice(cellIndex(nb, 'hint', 'zh'), 1)), /the hint ladder has \d+ English and \d+ Chinese steps/);
    fails(edited((nb) => delete (nb.cells[cellIndex(nb, 'wrong')].metadata as { mlnb: { practice: { mistake?: unknown } } }).mlnb.practice.mistake), /a "wrong" cell needs metadata\.mlnb\.practice\.mistake/);
    fails(edited((nb) => ((nb.cells[cellIndex(nb, 'solution')].metadata as { mlnb: { practice: Record<string, unknown> } }).mlnb.practice.mistake = { en: 'x', zh: 'x' })), /only "wrong" cells take a mistake, not "solution"/);
  });

  it('names bad notebook metadata and a title that is not a heading', () => {
    fails(edited((nb) => delete (nb.metadata.mlnb as { practice?: unknown }).practice), /metadata\.mlnb\.practice is missing/);
    fails(edited((nb) => ((nb.metadata.mlnb as { practice: { version: unknown } }).practice.version = '1')), /version must be a positive integer/);
    fails(edited((nb) => (nb.cells[0].source = 'Dropout')), /intro \(en\) must be the title alone/);
    fails('{', /not a notebook/);
  });
});
