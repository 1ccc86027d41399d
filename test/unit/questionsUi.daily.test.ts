import { strict as assert } from 'node:assert';
import { join, resolve } from 'node:path';
import { dailyQuestionId, dayNumber, fnv1a, localDateKey } from '../../src/core/questions/daily';
import { loadBankFromDir } from '../../src/host/questionBankFiles';

const bank = loadBankFromDir(join(resolve(__dirname, '..', '..'), 'questions'));
const ids = bank.all.map((e) => e.id);

function dateKeys(from: string, days: number): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

describe('daily question', () => {
  it('is deterministic: same date → same id, whatever the order of ids', () => {
    const a = dailyQuestionId(ids, '2025-06-01');
    assert.ok(a && bank.has(a));
    assert.equal(dailyQuestionId(ids, '2025-06-01'), a);
    assert.equal(dailyQuestionId([...ids].reverse(), '2025-06-01'), a);
    assert.equal(dailyQuestionId([...ids, ...ids], '2025-06-01'), a, 'duplicates ignored');
  });

  it('a Date is read as its local calendar day', () => {
    const d = new Date(2025, 5, 1, 23, 59); // local time
    assert.equal(localDateKey(d), '2025-06-01');
    assert.equal(dailyQuestionId(ids, d), dailyQuestionId(ids, '2025-06-01'));
    assert.equal(dailyQuestionId(ids, new Date(2025, 5, 1, 0, 1)), dailyQuestionId(ids, '2025-06-01'));
  });

  it('spreads: each cycle of bank-length days shows every question exactly once; any window is mostly distinct', () => {
    const n = ids.length;
    for (const cycle of [115, 116, 200]) {
      const start = new Date(cycle * n * 86_400_000).toISOString().slice(0, 10);
      const seen = dateKeys(start, n).map((k) => dailyQuestionId(ids, k));
      assert.equal(new Set(seen).size, n, `cycle ${cycle} from ${start}`);
    }
    for (const from of ['2024-12-20', '2025-06-01']) {
      const seen = dateKeys(from, n).map((k) => dailyQuestionId(ids, k));
      assert.ok(new Set(seen).size >= 0.6 * n, `window from ${from}: ${new Set(seen).size} distinct`);
    }
  });

  it('never repeats on consecutive days, across cycle boundaries too; any 2n − 1 days show every question, none more than 3 times', () => {
    // 2n − 1 consecutive days always contain one whole cycle (n = bank size), whatever the bank grows to.
    const n = ids.length;
    const keys = dateKeys('2024-01-01', 3 * n);
    const seq = keys.map((k) => dailyQuestionId(ids, k)!);
    for (let i = 1; i < seq.length; i++) assert.notEqual(seq[i], seq[i - 1], `${keys[i - 1]} and ${keys[i]}`);
    for (const offset of [0, Math.floor(n / 3), n - 1]) {
      const counts = new Map<string, number>();
      for (const id of seq.slice(offset, offset + 2 * n - 1)) counts.set(id, (counts.get(id) ?? 0) + 1);
      assert.equal(counts.size, n, `window from ${keys[offset]}`);
      assert.ok(Math.max(...counts.values()) <= 3);
    }
  });

  it('different question sets and edge inputs', () => {
    assert.equal(dailyQuestionId([], '2025-06-01'), undefined);
    assert.equal(dailyQuestionId(['only'], '2025-06-01'), 'only');
    assert.throws(() => dailyQuestionId(ids, '2025-02-30'), /YYYY-MM-DD/);
    assert.throws(() => dailyQuestionId(ids, '1 June'), /YYYY-MM-DD/);
    assert.equal(dayNumber('1970-01-02'), 1);
  });

  it('fnv1a is the standard 32-bit FNV-1a', () => {
    assert.equal(fnv1a(''), 0x811c9dc5);
    assert.equal(fnv1a('a'), 0xe40c292c);
    assert.equal(fnv1a('foobar'), 0xbf9cf968);
  });
});
