import { strict as assert } from 'node:assert';
import { join, resolve } from 'node:path';
import { transpileCell } from '../../src/core/cellTranspiler';
import { isCodeCell, parseNotebook, serializeNotebook, type Notebook } from '../../src/core/notebook';
import { DISPLAY_LANGUAGES, type DisplayLanguage } from '../../src/core/i18n';
import { localizeCode } from '../../src/core/practice/helpers';
import { practiceCode, practiceFileName, practiceMetadataOf, practiceNotebook, type PracticeCellRole } from '../../src/core/practice/notebook';
import type { PracticeExercise } from '../../src/core/practice/types';
import { createGrader } from '../../src/core/practice/grader';
import { loadPracticeFromDir } from '../../src/host/practiceContentFiles';
import { loadBankFromDir } from '../../src/host/questionBankFiles';

const bank = loadBankFromDir(join(resolve(__dirname, '..', '..'), 'questions'));
// The exercises, from their content notebooks (content/practice/<category>/<questionId>.mlnb).
const practice = loadPracticeFromDir(join(resolve(__dirname, '..', '..'), 'content', 'practice'));
const PRACTICE_EXERCISES = practice.all;
const practiceExercise = (id: string) => practice.byId(id);
const hasPracticeExercise = (id: string) => practice.has(id);
const practiceExerciseFor = (entry: { id: string; practice?: string }) => practice.forEntry(entry);
const canPractice = (entry: { id: string; practice?: string }) => practice.canPractice(entry);
const entryOf = (e: PracticeExercise) => bank.byId(e.questionId)!;
const CJK = /[\u4e00-\u9fff]/;
/** What the grader module exports (mlnb/practice): no exercise may declare one of these names itself. */
const HELPER_NAMES = Object.keys(createGrader({ language: () => 'en', isTensor: (_x): _x is never => false, showReport: () => {}, print: () => {} }).exports);
const ROLES: PracticeCellRole[] = ['intro', 'task', 'setup', 'exercise', 'check', 'explanation'];
const declared = (code: string) => new Set(transpileCell(code).declaredNames);
/** The text of the `//zh:` (or `//en:`) comment lines of a piece of exercise code. */
const commentTexts = (code: string, lang: 'zh' | 'en') =>
  [...code.matchAll(new RegExp(`^\\s*//${lang}:[ \\t]?(.*)$`, 'gm'))].map((m) => m[1].trim()).filter((t) => t.length > 0);

describe('practice exercises: the catalogue', function () {
  this.timeout(20_000); // esbuild's first transform, on a busy machine
  it('has at least 40 exercises with unique question ids', () => {
    assert.ok(PRACTICE_EXERCISES.length >= 40, `only ${PRACTICE_EXERCISES.length} exercises`);
    const ids = PRACTICE_EXERCISES.map((e) => e.questionId);
    assert.equal(new Set(ids).size, ids.length, 'a question id appears twice');
  });

  it('every exercise is for a question of the bank and carries that question\'s practice slug', () => {
    for (const e of PRACTICE_EXERCISES) {
      const entry = bank.byId(e.questionId);
      assert.ok(entry, `${e.questionId} is not in the bank`);
      assert.ok(entry.practice, `${e.questionId} has no practice slug in the bank`);
      assert.equal(e.slug, entry.practice, `${e.questionId}: slug`);
    }
  });

  it('every question with a practice slug gets the Practice button and an exercise with that slug, its own first', () => {
    // canPractice is what the tree's `practice` context value, the question page's button and mlnb.practiceQuestion ask.
    const practicable = bank.practicable();
    assert.equal(practicable.length, bank.all.filter((entry) => entry.practice !== undefined).length);
    assert.deepEqual(practicable.filter((entry) => !canPractice(entry)).map((entry) => entry.id), []);
    for (const entry of practicable) {
      const e = practiceExerciseFor(entry)!;
      assert.equal(e.slug, entry.practice, entry.id);
      if (hasPracticeExercise(entry.id)) assert.equal(e.questionId, entry.id);
      practiceNotebook(entry, e, { language: 'both' }); // throws if the exercise is not this entry's to use
    }
    // Borrowers: an entry practised with another entry's exercise.
    assert.equal(practiceExerciseFor(bank.byId('pytorch-linear-regression')!)?.questionId, 'linear-regression');
    assert.equal(practiceExerciseFor(bank.byId('debug-pytorch-cnn')!)?.questionId, 'conv-output-shape');
    assert.equal(practiceExerciseFor(bank.byId('gan-training-code')!)?.questionId, 'gan');
    // No slug, no button.
    for (const entry of bank.all.filter((x) => x.practice === undefined)) assert.equal(canPractice(entry), false, entry.id);
    assert.equal(canPractice({ id: 'dropout' }), false);
  });

  it('looks exercises up by question id', () => {
    assert.equal(practiceExercise('dropout')?.questionId, 'dropout');
    assert.equal(practiceExercise('no-such-question'), undefined);
    assert.equal(hasPracticeExercise('overfitting'), true);
    assert.equal(hasPracticeExercise('devrel-great-demo'), false);
  });

  for (const e of PRACTICE_EXERCISES) {
    describe(e.questionId, () => {
      it('has a version, a title and a task in both languages', () => {
        assert.ok(Number.isInteger(e.version) && e.version >= 1);
        for (const text of [e.title, e.task]) {
          assert.match(text.en, /\S/);
          assert.match(text.zh, CJK, 'the Chinese text has no Chinese in it');
        }
      });

      it('has a starter with TODOs in every language and a solution without any', () => {
        for (const lang of DISPLAY_LANGUAGES) assert.match(localizeCode(e.starter, lang), /\bTODO\b/, `no TODO in the ${lang} starter`);
        assert.doesNotMatch(e.solution, /\bTODO\b/);
        assert.notEqual(e.starter.trim(), e.solution.trim());
      });

      it('has every //en: comment translated (as many //zh: lines) and no empty code', () => {
        for (const [field, code] of [['setup', e.setup], ['starter', e.starter], ['solution', e.solution], ['check', e.check], ...e.wrongs.map((w, i) => [`wrong ${i + 1}`, w.code])] as const) {
          assert.equal(commentTexts(code, 'en').length, commentTexts(code, 'zh').length, `${field}: //en: and //zh: lines do not pair up`);
          assert.match(code, /\S/, `${field} is empty`);
          assert.doesNotMatch(code, /^\s*\/\/(en|zh)(?!:)/m, `${field}: a language comment without its colon`);
        }
      });

      it('transpiles, and starter and solution declare the same top-level names', () => {
        // 'both' keeps every comment line; the other languages only drop whole comment lines.
        for (const learner of ['starter', 'solution', ...e.wrongs.map((_, wrong) => ({ wrong }))] as const) {
          const code = practiceCode(e, { language: 'both', learner });
          for (const cell of [code.setup, code.exercise, code.check]) assert.doesNotThrow(() => transpileCell(cell));
        }
        assert.deepEqual([...declared(e.starter)].sort(), [...declared(e.solution)].sort(), 'the starter must be replaceable by the solution and vice versa');
      });

      it('runs test cases with the grader and shadows none of its names', () => {
        assert.match(e.check, /\btest\(/);
        assert.match(e.check, /\bcheck\(/);
        assert.match(e.check, /\bpass\(/);
        for (const field of ['starter', 'solution', 'check'] as const) {
          const names = declared(e[field]);
          for (const helper of HELPER_NAMES) assert.ok(!names.has(helper), `${field} declares ${helper}, which the helpers define`);
        }
        const checkNames = [...declared(e.check)];
        assert.deepEqual(checkNames, [], `the check should keep its variables in a block, it declares ${checkNames.join(', ')}`);
      });
    });
  }
});

describe('practice exercises: code helpers', () => {
  it('localizeCode keeps one language (or both) of //en: and //zh: comment lines', () => {
    const code = 'const x = 1;\n  //en: English\n  //zh: 中文\nconst y = 2; //en: not a whole-line comment';
    assert.equal(localizeCode(code, 'en'), 'const x = 1;\n  // English\nconst y = 2; //en: not a whole-line comment');
    assert.equal(localizeCode(code, 'zh'), 'const x = 1;\n  // 中文\nconst y = 2; //en: not a whole-line comment');
    assert.equal(localizeCode(code, 'both'), 'const x = 1;\n  // English\n  // 中文\nconst y = 2; //en: not a whole-line comment');
  });
});

describe('practice notebooks', function () {
  this.timeout(20_000);
  const dropout = practiceExercise('dropout')!;
  const overfitting = practiceExercise('overfitting')!;
  const text = (nb: Notebook) => nb.cells.map((c) => c.source).join('\n');
  const cell = (nb: Notebook, role: PracticeCellRole) => nb.cells.find((c) => c.id === role)!;

  it('has intro, task, setup, learner, check and explanation cells, in that order', () => {
    const nb = practiceNotebook(entryOf(dropout), dropout, { language: 'en' });
    assert.deepEqual(nb.cells.map((c) => c.id), ROLES);
    assert.deepEqual(nb.cells.map((c) => c.cell_type), ['markdown', 'markdown', 'code', 'code', 'code', 'markdown']);
    assert.deepEqual(nb.cells.map((c) => (c.metadata.mlnb as { practice: string }).practice), ROLES);
    assert.ok(nb.cells.filter(isCodeCell).every((c) => c.outputs.length === 0 && c.execution_count === null));
  });

  it('records the question and the exercise version, keeping mlnb\'s own metadata', () => {
    const nb = practiceNotebook(entryOf(dropout), dropout, { language: 'zh' });
    const mlnb = nb.metadata.mlnb as Record<string, unknown>;
    assert.deepEqual(mlnb.practice, { questionId: 'dropout', version: dropout.version, language: 'zh' });
    assert.equal(mlnb.framework, 'tfjs');
    assert.equal(nb.metadata.kernelspec?.name, 'mlnb-tfjs');
    assert.deepEqual(practiceMetadataOf(nb), { questionId: 'dropout', version: dropout.version, language: 'zh' });
    assert.equal(practiceMetadataOf({ metadata: { mlnb: { framework: 'tfjs' } } }), undefined);
    assert.equal(practiceFileName('dropout'), 'practice-dropout.mlnb');
  });

  it('puts the starter in the learner cell, or the solution or a kept wrong solution when asked', () => {
    const starter = practiceNotebook(entryOf(dropout), dropout, { language: 'en' });
    const solved = practiceNotebook(entryOf(dropout), dropout, { language: 'en', learner: 'solution' });
    const wrong = practiceNotebook(entryOf(dropout), dropout, { language: 'en', learner: { wrong: 1 } });
    assert.ok(cell(wrong, 'exercise').source.includes(localizeCode(dropout.wrongs[1].code, 'en')));
    assert.ok(cell(wrong, 'exercise').source.startsWith(`// A wrong solution: ${dropout.wrongs[1].mistake.en}`));
    assert.throws(() => practiceNotebook(entryOf(dropout), dropout, { language: 'en', learner: { wrong: 99 } }), /has no wrong solution 99/);
    assert.ok(cell(starter, 'exercise').source.includes(localizeCode(dropout.starter, 'en')));
    assert.ok(cell(solved, 'exercise').source.includes(localizeCode(dropout.solution, 'en')));
    assert.match(cell(starter, 'exercise').source, /TODO/);
    assert.doesNotMatch(cell(solved, 'exercise').source, /TODO/);
    assert.ok(cell(starter, 'setup').source.includes(localizeCode(dropout.setup, 'en')));
    assert.match(cell(starter, 'setup').source, /^import \{[^}]*\} from 'mlnb\/practice';$/m);
    assert.ok(cell(starter, 'check').source.includes(localizeCode(dropout.check, 'en')));
  });

  it('folds the answer and explanation away in a <details> block after the check', () => {
    const entry = entryOf(overfitting);
    const nb = practiceNotebook(entry, overfitting, { language: 'en' });
    const explanation = cell(nb, 'explanation').source;
    assert.match(explanation, /^<details>\n<summary>.*<\/summary>\n\n/);
    assert.match(explanation, /\n<\/details>$/);
    assert.ok(explanation.includes(entry.explanation.en));
    assert.ok(explanation.includes(entry.answer.en));
    assert.ok(!text(nb).slice(0, text(nb).indexOf(explanation)).includes(entry.answer.en), 'the answer must not appear before the explanation cell');
  });

  for (const e of PRACTICE_EXERCISES) {
    it(`${e.questionId}: zh, en and both notebooks hold the right language and survive serialize/parse`, () => {
      const entry = entryOf(e);
      for (const language of DISPLAY_LANGUAGES) {
        for (const solved of [false, true]) {
          const learner = solved ? 'solution' : 'starter';
          const nb = practiceNotebook(entry, e, { language, learner });
          const bytes = serializeNotebook(nb);
          assert.equal(serializeNotebook(practiceNotebook(entry, e, { language, learner })), bytes, 'the same notebook must give the same bytes');
          const back = parseNotebook(bytes);
          assert.deepEqual(back, nb);
          assert.equal(serializeNotebook(back), bytes);

          const prose = nb.cells.filter((c) => c.cell_type === 'markdown').map((c) => c.source).join('\n');
          const has = (lang: 'zh' | 'en') => lang === language || language === 'both';
          for (const lang of ['zh', 'en'] as const) {
            for (const part of [entry.question[lang], entry.explanation[lang], entry.answer[lang], e.task[lang], e.title[lang]]) {
              assert.equal(prose.includes(part), has(lang), `${language} notebook ${has(lang) ? 'lacks' : 'contains'} ${lang} text: ${part.slice(0, 40)}`);
            }
            const code = nb.cells.filter(isCodeCell).map((c) => c.source).join('\n');
            const codeComments = new Set([...code.matchAll(/^\s*\/\/(.*)$/gm)].map((m) => m[1].trim()));
            const source = `${e.setup}\n${solved ? e.solution : e.starter}\n${e.check}`;
            const otherLanguage = commentTexts(source, lang === 'zh' ? 'en' : 'zh');
            for (const comment of commentTexts(source, lang)) {
              if (has(lang)) assert.ok(codeComments.has(comment), `${language} notebook lacks the ${lang} comment "${comment}"`);
              else if (!otherLanguage.includes(comment)) assert.ok(!codeComments.has(comment), `${language} notebook contains the ${lang} comment "${comment}"`);
            }
          }
        }
      }
    });
  }

  it('heads the cells in the chosen language', () => {
    const by = (language: DisplayLanguage) => practiceNotebook(entryOf(dropout), dropout, { language });
    assert.match(cell(by('en'), 'intro').source, /^# Practice: /);
    assert.match(cell(by('zh'), 'intro').source, /^# 练习：/);
    assert.match(cell(by('both'), 'intro').source, /^# 练习：.* · Practice: /);
    assert.match(cell(by('en'), 'task').source, /^## What to do\n/);
    assert.match(cell(by('zh'), 'task').source, /^## 任务\n/);
    assert.doesNotMatch(cell(by('en'), 'intro').source, CJK);
    assert.doesNotMatch(cell(by('en'), 'task').source, CJK);
    assert.match(cell(by('zh'), 'exercise').source, /^\/\/ 你的代码/);
    assert.match(cell(by('both'), 'check').source, /^\/\/ 检查.* · Check/);
  });

  it('refuses an exercise that belongs to another question', () => {
    assert.throws(() => practiceNotebook(entryOf(overfitting), dropout, { language: 'en' }), /for "dropout" \(practice "dropout"\), not "overfitting"/);
  });

  it('lends an exercise to another question with the same practice slug, keeping that question\'s text', () => {
    const entry = bank.byId('pytorch-linear-regression')!;
    const e = practiceExerciseFor(entry)!;
    const nb = practiceNotebook(entry, e, { language: 'en' });
    assert.deepEqual(practiceMetadataOf(nb), { questionId: 'pytorch-linear-regression', version: e.version, exerciseId: 'linear-regression', language: 'en' });
    assert.ok(cell(nb, 'intro').source.includes(entry.question.en));
    assert.ok(cell(nb, 'explanation').source.includes(entry.explanation.en));
    assert.ok(cell(nb, 'exercise').source.includes(localizeCode(e.starter, 'en')));
    assert.deepEqual(parseNotebook(serializeNotebook(nb)), nb);
  });
});

describe('practice notebooks: markdown', () => {
  it('separates the two languages of the explanation with a rule that cannot become a heading', () => {
    const e = practiceExercise('dropout')!;
    const source = practiceNotebook(bank.byId('dropout')!, e, { language: 'both' }).cells.find((c) => c.id === 'explanation')!.source;
    assert.match(source, /\n\n---\n\n### Answer\n/);
    assert.doesNotMatch(source, /[^\n]\n---\n/);
  });
});
