// The practice content notebooks (content/practice/<category>/<questionId>.mlnb): every file parses, has each
// required role once (markdown roles once per language), is named and filed after its bank entry, is in the
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
import { localizeCode, practiceHelpers } from '../../src/core/practice/helpers';
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

  it('there are at least 69, one per question, each filed under its question\'s category and named after it', () => {
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

      it('has each required role once (markdown roles once per language), in order, and nothing else', () => {
        const keys = nb.cells.map((c) => {
          const p = roleOf(c);
          return p.lang ? `${p.role}/${p.lang}` : p.role;
        });
        const expected = REQUIRED_CONTENT_ROLES.flatMap((role) => (['intro', 'task'].includes(role) ? [`${role}/en`, `${role}/zh`] : [role]));
        assert.deepEqual(keys.filter((k) => !k.startsWith('explanation')), expected);
        assert.equal(new Set(keys).size, keys.length, 'a role appears twice');
        for (const c of nb.cells) assert.ok(PRACTICE_CONTENT_ROLES.includes(roleOf(c).role as never));
      });

      it('is in the form mlnb writes (serializeNotebook of what it parses to gives the same bytes)', () => {
        assert.equal(serializeNotebook(practiceContentNotebook(exercise)), text);
        assert.equal(serializeNotebook(nb), text);
      });

      it('runs as authored (setup, starter, solution, check) what the kernel test runs for the solution', () => {
        const cell = (role: string) => nb.cells.find((c) => roleOf(c).role === role)!.source;
        // As authored, the solution cell comes after the starter and redefines every name the starter declares.
        const names = (code: string) => [...transpileCell(code).declaredNames].sort();
        assert.deepEqual(names(cell('solution')), names(cell('exercise')));
        for (const language of DISPLAY_LANGUAGES) {
          // The kernel test runs practiceNotebook(entry, exercise, { solved }): its code cells are the file's,
          // each under a one-line header, in the notebook's language, with the practice helpers after the setup.
          const entry = bank.byId(exercise.questionId)!;
          for (const solved of [true, false]) {
            const run = practiceNotebook(entry, exercise, { language, solved }).cells.filter((c) => c.cell_type === 'code').map((c) => c.source);
            const code = practiceCode(exercise, { language, solved });
            assert.deepEqual(run, [code.setup, code.exercise, code.check]);
            const body = (s: string) => s.slice(s.indexOf('\n') + 1);
            assert.equal(body(code.setup), `${localizeCode(cell('setup'), language)}\n\n${practiceHelpers(language)}`);
            assert.equal(body(code.exercise), localizeCode(cell(solved ? 'solution' : 'exercise'), language));
            assert.equal(body(code.check), localizeCode(cell('check'), language));
          }
        }
      });
    });
  }
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
    fails(edited((nb) => nb.cells.splice(cellIndex(nb, 'solution') + 1, 0, { ...nb.cells[cellIndex(nb, 'solution')], id: 'solution-2' })), /^x\/dropout\.mlnb: cell 8: duplicate role "solution": cell 7 has it already/);
  });

  it('names a cell without a role, with an unknown role, of the wrong kind, or out of order', () => {
    fails(edited((nb) => (nb.cells[2].metadata = {})), /^x\/dropout\.mlnb: cell 3: no role/);
    fails(edited((nb) => ((nb.cells[4].metadata as { mlnb: { practice: { role: string } } }).mlnb.practice.role = 'starter')), /cell 5: unknown role "starter"/);
    fails(edited((nb) => (nb.cells[4].cell_type = 'markdown' as never)), /cell 5: role "setup" must be a code cell/);
    fails(edited((nb) => nb.cells.push(nb.cells.splice(cellIndex(nb, 'setup'), 1)[0])), /cell 8: role "setup" is out of order/);
    fails(edited((nb) => delete (nb.cells[0].metadata as { mlnb: { practice: { lang?: string } } }).mlnb.practice.lang), /cell 1: markdown role "intro" needs metadata\.mlnb\.practice\.lang/);
  });

  it('names bad notebook metadata and a title that is not a heading', () => {
    fails(edited((nb) => delete (nb.metadata.mlnb as { practice?: unknown }).practice), /metadata\.mlnb\.practice is missing/);
    fails(edited((nb) => ((nb.metadata.mlnb as { practice: { version: unknown } }).practice.version = '1')), /version must be a positive integer/);
    fails(edited((nb) => (nb.cells[0].source = 'Dropout')), /intro \(en\) must be the title alone/);
    fails('{', /not a notebook/);
  });
});
