// The practice grader (`mlnb/practice`): named test cases, a report of each, a failed cell unless all passed,
// messages in the notebook's language; and its declaration file matches what it exports.
import { strict as assert } from 'node:assert';
import ts from 'typescript';
import type { DisplayLanguage } from '../../src/core/i18n';
import { createGrader, practiceReportOf, PRACTICE_MODULE_DTS, PRACTICE_REPORT_KEY, reportText, type PracticeReport } from '../../src/core/practice/grader';

function grader(language: DisplayLanguage = 'en') {
  const shown: { text: string; report: PracticeReport }[] = [];
  const printed: string[] = [];
  const g = createGrader({ language: () => language, isTensor: (_x): _x is never => false, showReport: (text, report) => shown.push({ text, report }), print: (t) => printed.push(t) });
  return { ...g.exports, reset: g.reset, shown, printed };
}

describe('practice grader (mlnb/practice)', () => {
  it('runs every case, reports each, and fails naming the failed ones', () => {
    const g = grader();
    g.test('shape', '形状', () => g.check(true, 'x', 'x'));
    g.test('zero input', '零输入', () => g.check(false, 'expected 0, got 1', '应为 0，实际为 1'));
    g.test('throws', '抛错', () => {
      throw new TypeError('boom');
    });
    g.test('gradient', '梯度', () => {});
    assert.throws(() => g.pass('done', '完成'), /^PracticeCheckError: ❌ 2 of 4 failed: zero input, throws$/);
    assert.equal(g.shown.length, 1);
    assert.equal(g.shown[0].text, '2/4 passed: shape ✓, zero input ✗, throws ✗, gradient ✓\n✗ zero input: expected 0, got 1\n✗ throws: TypeError: boom');
    assert.deepEqual(g.shown[0].report.cases.map((c) => c.ok), [true, false, false, true]);
    assert.deepEqual(g.printed, [], 'no ✅ when a case failed');
  });

  it('prints ✅ and the message when all passed, and starts afresh after', () => {
    const g = grader();
    g.test('a', '甲', () => {});
    g.test('b', '乙', () => {});
    g.pass('all good', '都对');
    assert.deepEqual(g.printed, ['✅ all good']);
    assert.equal(g.shown[0].text, '2/2 passed: a ✓, b ✓');
    g.pass('again', '再来');
    assert.equal(g.shown.length, 1, 'no cases: no report');
    assert.deepEqual(g.printed, ['✅ all good', '✅ again']);
  });

  it('a check outside a case fails the cell at once, with ❌ and the message', () => {
    const g = grader('zh');
    assert.throws(() => g.check(1 > 2, 'wrong', '不对'), /^PracticeCheckError: ❌ 不对$/);
  });

  it('awaits async cases, and refuses to end while one is still running', async () => {
    const g = grader();
    await g.test('async ok', '异步', async () => {});
    await g.test('async fails', '异步失败', async () => g.check(false, 'late', '晚了'));
    const pending = g.test('forgotten await', '忘了 await', () => new Promise<void>((r) => setTimeout(r, 10)));
    assert.throws(() => g.pass('x', 'x'), /1 test case\(s\) still running: put `await`/);
    await pending;
    assert.throws(() => g.pass('x', 'x'), /2 of 3 failed|1 of 3 failed/);
    assert.deepEqual(g.shown.at(-1)!.report.cases.map((c) => [c.name, c.ok]), [['async ok', true], ['async fails', false], ['forgotten await', true]]);
  });

  it('reset() forgets the cases of a cell that failed before its pass()', () => {
    const g = grader();
    g.test('stale', '旧的', () => g.check(false, 'old', '旧'));
    g.reset();
    g.test('fresh', '新的', () => {});
    g.pass('ok', '好');
    assert.equal(g.shown[0].text, '1/1 passed: fresh ✓');
  });

  it('writes in the notebook language: zh, en, or both', () => {
    const report: PracticeReport = { passed: 1, total: 2, cases: [{ name: 'a', ok: true }, { name: 'b', ok: false, message: 'm' }] };
    assert.equal(reportText(report, 'zh'), '通过 1/2: a ✓, b ✗\n✗ b: m');
    assert.equal(reportText(report, 'both'), '通过 1/2 · 1/2 passed: a ✓, b ✗\n✗ b: m');
    const both = grader('both');
    both.test('shape', '形状', () => both.check(false, 'wrong', '不对'));
    assert.throws(() => both.pass('x', 'x'), /^PracticeCheckError: ❌ 1 个测试中 1 个未通过 · 1 of 1 failed: 形状 · shape$/);
    assert.equal(both.shown[0].report.cases[0].message, '不对\nwrong');
    const zh = grader('zh');
    zh.test('shape', '形状', () => zh.check(false, 'wrong', '不对'));
    zh.test('sum', '求和', () => zh.check(false, 'wrong', '不对'));
    assert.throws(() => zh.pass('x', 'x'), /^PracticeCheckError: ❌ 2 个测试中 2 个未通过：形状、求和$/);
  });

  it('compares numbers and nested arrays, and says what it cannot read', () => {
    const g = grader();
    assert.ok(g.allClose([[1, 2], [3]], [1, 2, 3.00001]));
    assert.ok(!g.allClose([1, 2], [1, 2, 3]));
    assert.ok(!g.near(Number.NaN, Number.NaN));
    assert.ok(g.near(1e6, 1e6 + 50));
    assert.equal(g.fmt([1, 0.123456]), '[1, 0.1235]');
    assert.equal(g.fmt(1.3431761938738338e119), '1.343e+119', 'a diverged loss, rounded');
    assert.throws(() => g.toNumbers('3' as never), /expected a number, a tensor or an array of them, got string/);
  });

  it('keeps its report where the extension reads it, and reads back only a well-formed one', () => {
    const report = { passed: 1, total: 1, cases: [{ name: 'a', ok: true }] };
    assert.deepEqual(practiceReportOf({ mlnb: { [PRACTICE_REPORT_KEY]: report } }), report);
    assert.equal(practiceReportOf({ mlnb: { [PRACTICE_REPORT_KEY]: { passed: '1' } } }), undefined);
    assert.equal(practiceReportOf(undefined), undefined);
  });

  it('declares exactly what it exports', () => {
    const file = ts.createSourceFile('practice.d.ts', PRACTICE_MODULE_DTS, ts.ScriptTarget.ES2022);
    const declared = new Set(file.statements.filter(ts.isFunctionDeclaration).map((f) => f.name!.text));
    assert.deepEqual([...declared].sort(), Object.keys(grader().valueOf()).filter((k) => !['reset', 'shown', 'printed'].includes(k)).sort());
  });
});
