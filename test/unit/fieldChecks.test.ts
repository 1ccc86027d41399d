/**
 * src/core/fieldChecks.ts, the field checks the question bank, concept and snippet validators share: each check on
 * its own, and the texts the bank now says the way the other two do.
 */
import { strict as assert } from 'node:assert';
import { join, resolve } from 'node:path';
import { checkBilingual, checkBilingualText, checkEachFile, checkKeys, checkList, checkOneOf, checkQuestionIds, isSlug, problemCollector, type FileProblem } from '../../src/core/fieldChecks';
import { checkBank } from '../../src/core/questions/bank';
import { loadBankFromDir } from '../../src/host/questionBankFiles';

/** The problems one check reports, as `path: message`. */
function problemsOf(check: (bad: (path: string, message: string) => void) => void): string[] {
  const { problems, bad } = problemCollector();
  check(bad);
  return problems.map((p) => `${p.path}: ${p.message}`);
}

describe('field checks shared by the content validators', () => {
  it('checkKeys names an unknown key with the keys it may have, then each missing required key', () => {
    const keys = { allowed: ['$schema', 'id', 'title'], required: ['id', 'title'], named: ['id', 'title'] };
    assert.deepEqual(problemsOf((bad) => checkKeys({ id: 'x', colour: 'red' }, '/entry', bad, keys)), [
      '/entry/colour: unknown property (expected id, title)',
      '/entry/title: required property is missing',
    ]);
    assert.deepEqual(problemsOf((bad) => checkKeys({ $schema: 's', id: 'x', title: 't' }, '', bad, keys)), []);
    // A key inherited by every object is still unknown.
    assert.deepEqual(problemsOf((bad) => checkKeys(JSON.parse('{"toString": 1}'), '', bad, { allowed: ['id'], required: [] })), ['/toString: unknown property (expected id)']);
  });

  it('checkBilingualText wants an object of zh and en, each with more than white space, and says which is wrong', () => {
    assert.deepEqual(problemsOf((bad) => checkBilingualText({ zh: '文', en: 'text' }, '/title', bad)), []);
    assert.deepEqual(problemsOf((bad) => checkBilingualText('text', '/title', bad)), ['/title: must be an object with zh and en']);
    assert.deepEqual(problemsOf((bad) => checkBilingualText(null, '/title', bad)), ['/title: must be an object with zh and en']);
    assert.deepEqual(problemsOf((bad) => checkBilingualText({ en: ' \n', fr: 'texte' }, '/title', bad)), [
      '/title/fr: unknown property (expected zh and en)',
      '/title/zh: is missing (every text is in zh and en)',
      '/title/en: must be a non-empty string',
    ]);
    assert.deepEqual(problemsOf((bad) => checkBilingualText({ zh: 3, en: 'text' }, '/title', bad)), ['/title/zh: must be a non-empty string']);
  });

  it('checkBilingual hands each language its value, undefined and missing when absent', () => {
    const seen: Array<[unknown, string, boolean, string]> = [];
    const found = problemsOf((bad) => checkBilingual({ en: [1] }, '/points', bad, 'must be an object', (v, path, missing, lang) => seen.push([v, path, missing, lang])));
    assert.deepEqual(found, []);
    assert.deepEqual(seen, [
      [undefined, '/points/zh', true, 'zh'],
      [[1], '/points/en', false, 'en'],
    ]);
    assert.deepEqual(problemsOf((bad) => checkBilingual([], '/points', bad, 'must be an object with zh and en arrays', () => assert.fail('no language of an array'))), ['/points: must be an object with zh and en arrays']);
  });

  it('checkList checks the length, then each item, then (when asked) repeats', () => {
    const rule = { min: 2, max: 3, notList: 'must be 2 to 3 ids', isItem: (v: unknown) => isSlug(v, 10), badItem: 'must be an id', repeated: 'must not repeat an id' };
    assert.deepEqual(problemsOf((bad) => checkList(['a', 'b-c'], '/ids', bad, rule)), []);
    assert.deepEqual(problemsOf((bad) => checkList(['a'], '/ids', bad, rule)), ['/ids: must be 2 to 3 ids']);
    assert.deepEqual(problemsOf((bad) => checkList(['a', 'b', 'c', 'd'], '/ids', bad, rule)), ['/ids: must be 2 to 3 ids']);
    assert.deepEqual(problemsOf((bad) => checkList('a b', '/ids', bad, rule)), ['/ids: must be 2 to 3 ids']);
    assert.deepEqual(problemsOf((bad) => checkList(['A', 'a', 'a'], '/ids', bad, rule)), ['/ids/0: must be an id', '/ids: must not repeat an id']);
    assert.deepEqual(problemsOf((bad) => checkList(['a', 'a'], '/ids', bad, { ...rule, repeated: undefined })), []);
    assert.deepEqual(problemsOf((bad) => checkList([], '/ids', bad, { notList: 'must be an array', isItem: () => false, badItem: 'never' })), []);
  });

  it('checkOneOf and isSlug', () => {
    assert.deepEqual(problemsOf((bad) => checkOneOf('easy', ['easy', 'hard'], '/difficulty', bad)), []);
    assert.deepEqual(problemsOf((bad) => checkOneOf(1, ['easy', 'hard'], '/difficulty', bad)), ['/difficulty: must be one of easy, hard']);
    assert.equal(isSlug('batch-norm', 10), true);
    assert.equal(isSlug('batch-norm', 9), false);
    for (const bad of ['Batch', 'a--b', '-a', 'a-', '', 3]) assert.equal(isSlug(bad, 64), false, String(bad));
  });

  it('checkEachFile validates the files in name order and hands on only those without a problem, with a reporter naming the file', () => {
    const issues: FileProblem[] = [];
    const valid: string[] = [];
    const validate = (value: unknown) => (typeof value === 'number' ? [] : [{ path: '/n', message: 'must be a number' }]);
    checkEachFile({ 'c.json': 3, 'a.json': 'one', 'b.json': 2 }, validate, issues, (file, value, bad) => {
      valid.push(file);
      if (value === 3) bad('', 'is three');
    });
    assert.deepEqual(valid, ['b.json', 'c.json']);
    assert.deepEqual(issues, [
      { file: 'a.json', path: '/n', message: 'must be a number' },
      { file: 'c.json', path: '', message: 'is three' },
    ]);
  });

  it('checkQuestionIds names each id the bank lacks by its index, and checks nothing without the bank', () => {
    const bank = new Set(['dropout', 'overfitting']);
    assert.deepEqual(problemsOf((bad) => checkQuestionIds(['dropout', 'no-such', 'overfitting'], bank, '/questions', bad)), ['/questions/1: unknown question id "no-such" (not in questions/*.json)']);
    assert.deepEqual(problemsOf((bad) => checkQuestionIds(['no-such'], undefined, '/questions', bad)), []);
  });

  it('the question bank says an unknown key, a missing language and an unknown language the way concepts and snippets do', () => {
    const entry = loadBankFromDir(join(resolve(__dirname, '..', '..'), 'questions')).byId('overfitting')!;
    const issuesOf = (value: unknown) => checkBank({ 'fundamentals.json': [value] }).issues.map((i) => `${i.path}: ${i.message}`);
    const found = issuesOf({ ...entry, related: [], hint: 'x', answer: { en: entry.answer.en, fr: 'x' } });
    assert.ok(found.includes('/hint: unknown property (expected id, category, difficulty, question, answer, explanation, keyPoints, followUps, tags, related, practice, sources)'), found.join(' | '));
    assert.ok(found.includes('/answer/fr: unknown property (expected zh and en)'), found.join(' | '));
    assert.ok(found.includes('/answer/zh: is missing (every text is in zh and en)'), found.join(' | '));
  });
});
