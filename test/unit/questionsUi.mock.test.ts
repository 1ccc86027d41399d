import { strict as assert } from 'node:assert';
import { join, resolve } from 'node:path';
import { CATEGORIES, type QuestionEntry } from '../../src/core/questions/bank';
import {
  difficultyTargets,
  FOLLOW_UPS_ASKED,
  pickFollowUps,
  MockSession,
  pickMockQuestions,
  ratingForScore,
  readiness,
  scoreHits,
  type MockResult,
} from '../../src/core/questions/mock';
import { seededRandom } from '../../src/core/random';
import { loadBankFromDir } from '../../src/host/questionBankFiles';

const bank = loadBankFromDir(join(resolve(__dirname, '..', '..'), 'questions'));

describe('mock interview: scoring', () => {
  it('score is the fraction of key points hit', () => {
    assert.equal(scoreHits([true, false, true, true]), 0.75);
    assert.equal(scoreHits([false, false]), 0);
    assert.equal(scoreHits([]), 0);
  });

  it('score → FSRS rating: <½ again, <¾ hard, <1 good, all easy', () => {
    const cases: Array<[boolean[], string]> = [
      [[false, false, false, false], 'again'],
      [[true, false, false, false], 'again'],
      [[true, true, false, false], 'hard'],
      [[true, true, true, false], 'good'],
      [[true, true, true, true], 'easy'],
      [[true, false], 'hard'],
      [[true, true, false], 'hard'],
      [[true, true, true, true, false], 'good'],
    ];
    for (const [hits, rating] of cases) assert.equal(ratingForScore(scoreHits(hits)), rating, JSON.stringify(hits));
  });

  it('readiness per category: percent of key points hit, in category order, plus overall and time', () => {
    const r = (id: string, category: MockResult['category'], hits: boolean[], elapsedMs = 60_000): MockResult => ({
      id, category, difficulty: 'easy', hits, answer: '', elapsedMs, rating: ratingForScore(scoreHits(hits)),
    });
    const summary = readiness([
      r('a', 'large-models', [true, true, false, false]),
      r('b', 'fundamentals', [true, true, true]),
      r('c', 'fundamentals', [false, true, false, true, false]),
      r('d', 'large-models', [false, false]),
    ]);
    assert.deepEqual(
      summary.rows.map((x) => [x.category, x.questions, x.hit, x.total, x.percent]),
      [
        ['fundamentals', 2, 5, 8, 63],
        ['large-models', 2, 2, 6, 33],
      ],
    );
    assert.deepEqual(summary.overall, { questions: 4, hit: 7, total: 14, percent: 50 });
    assert.equal(summary.totalMs, 240_000);
    assert.deepEqual(readiness([]), { rows: [], overall: { questions: 0, hit: 0, total: 0, percent: 0 }, totalMs: 0 });
  });

  it('a session grades questions in order, once each, and summarises', () => {
    const qs = ['overfitting', 'dropout', 'lora'].map((id) => bank.byId(id)!);
    const s = new MockSession(qs);
    assert.equal(s.current?.id, 'overfitting');
    assert.throws(() => s.grade('dropout', [], '', 0), /expected a grade for overfitting/);
    const n = qs[0].keyPoints.en.length;
    const first = s.grade('overfitting', Array(n).fill(true), 'memorises noise…', 95_000.4);
    assert.equal(first.rating, 'easy');
    assert.equal(first.elapsedMs, 95_000);
    // Missing flags count as missed; extra flags are ignored.
    const second = s.grade('dropout', [true], '', 30_000);
    assert.equal(second.hits.length, qs[1].keyPoints.en.length);
    assert.equal(second.hits.filter(Boolean).length, 1);
    assert.equal(second.rating, 'again');
    s.grade('lora', [true, true, true, true, true, true, true], '', 10_000);
    assert.equal(s.finished, true);
    assert.equal(s.current, undefined);
    assert.throws(() => s.grade('lora', [], '', 0), /finished/);
    const summary = s.readiness();
    assert.equal(summary.overall.questions, 3);
    assert.equal(summary.totalMs, 135_000);
  });
});

describe('mock interview: follow-ups (interviewer drill-down)', () => {
  const base = bank.all[0];
  const withFollowUps = (difficulty: QuestionEntry['difficulty'], n: number): QuestionEntry => ({
    ...base,
    difficulty,
    followUps: { zh: Array.from({ length: n }, (_, i) => `问 ${i}？\n\n答 ${i}。`), en: Array.from({ length: n }, (_, i) => `Q ${i}?\n\nA ${i}.`) },
  });

  it('asks one follow-up after an easy question and two after a medium or hard one, distinct and in written order', () => {
    assert.deepEqual(FOLLOW_UPS_ASKED, { easy: 1, medium: 2, hard: 2 });
    for (let seed = 1; seed <= 50; seed++) {
      const random = seededRandom(seed);
      for (const d of ['easy', 'medium', 'hard'] as const) {
        const picked = pickFollowUps(withFollowUps(d, 4), random);
        assert.equal(picked.length, FOLLOW_UPS_ASKED[d], `${d}, seed ${seed}`);
        assert.equal(new Set(picked).size, picked.length);
        assert.deepEqual([...picked].sort((a, b) => a - b), picked);
        assert.ok(picked.every((i) => i >= 0 && i < 4));
      }
    }
  });

  it('varies which follow-ups it asks, never more than the entry has', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) seen.add(pickFollowUps(withFollowUps('hard', 4), seededRandom(seed)).join(','));
    assert.ok(seen.size >= 4, `only ${[...seen].join(' | ')}`);
    assert.deepEqual(pickFollowUps(withFollowUps('hard', 2), seededRandom(3)), [0, 1]);
  });

  it('a session fixes the follow-ups of each question when it starts (deterministic for a seed)', () => {
    const questions = [withFollowUps('easy', 3), { ...withFollowUps('hard', 3), id: 'another' }];
    const a = new MockSession(questions, seededRandom(9));
    const b = new MockSession(questions, seededRandom(9));
    assert.deepEqual(a.followUps, b.followUps);
    assert.deepEqual(a.followUps.map((f) => f.length), [1, 2]);
  });
});

describe('mock interview: choosing questions', () => {
  it('difficulty targets follow the mix (largest remainder)', () => {
    assert.deepEqual(difficultyTargets(4, 'interview'), { easy: 1, medium: 2, hard: 1 });
    assert.deepEqual(difficultyTargets(5, 'interview'), { easy: 1, medium: 3, hard: 1 });
    assert.deepEqual(difficultyTargets(6, 'balanced'), { easy: 2, medium: 2, hard: 2 });
    assert.deepEqual(difficultyTargets(5, 'hard'), { easy: 0, medium: 0, hard: 5 });
    for (let n = 0; n < 20; n++) {
      const t = difficultyTargets(n, 'balanced');
      assert.equal(t.easy + t.medium + t.hard, n);
    }
  });

  it('picks N distinct questions with the mix, categories spread, easiest first', () => {
    const picked = pickMockQuestions(bank.all, { count: 8, mix: 'interview' }, seededRandom(1));
    assert.equal(picked.length, 8);
    assert.equal(new Set(picked.map((e) => e.id)).size, 8);
    const count = (d: string) => picked.filter((e) => e.difficulty === d).length;
    assert.deepEqual([count('easy'), count('medium'), count('hard')], [2, 4, 2]);
    assert.equal(new Set(picked.map((e) => e.category)).size, 8, 'eight questions from eight categories');
    const order = picked.map((e) => ['easy', 'medium', 'hard'].indexOf(e.difficulty));
    assert.deepEqual(order, [...order].sort((a, b) => a - b));
  });

  it('respects the categories and is deterministic for a seed', () => {
    const opts = { count: 5, categories: ['fundamentals', 'evaluation'] as const, mix: 'balanced' as const };
    const a = pickMockQuestions(bank.all, { ...opts, categories: [...opts.categories] }, seededRandom(42)).map((e) => e.id);
    const b = pickMockQuestions(bank.all, { ...opts, categories: [...opts.categories] }, seededRandom(42)).map((e) => e.id);
    assert.deepEqual(a, b);
    assert.ok(a.every((id) => ['fundamentals', 'evaluation'].includes(bank.byId(id)!.category)));
    const c = pickMockQuestions(bank.all, { ...opts, categories: [...opts.categories] }, seededRandom(43)).map((e) => e.id);
    assert.notDeepEqual(a, c);
  });

  it('tops up from other difficulties when one runs short, and never asks more than the pool has', () => {
    const pool = bank.byCategory('devrel-community');
    const hard = pool.filter((e) => e.difficulty === 'hard').length;
    const picked = pickMockQuestions(bank.all, { count: hard + 2, categories: ['devrel-community'], mix: 'hard' }, seededRandom(3));
    assert.equal(picked.length, Math.min(hard + 2, pool.length));
    assert.equal(pickMockQuestions(bank.all, { count: 500, categories: ['devrel-community'] }, seededRandom(3)).length, pool.length);
    assert.deepEqual(pickMockQuestions(bank.all, { count: 0 }), []);
  });

  it('prefers lower priority (e.g. questions not yet known)', () => {
    const known = new Set(bank.all.filter((_, i) => i % 2 === 0).map((e) => e.id));
    for (let seed = 0; seed < 10; seed++) {
      const picked = pickMockQuestions(bank.all, { count: 9, priority: (e) => (known.has(e.id) ? 1 : 0) }, seededRandom(seed));
      assert.ok(picked.every((e) => !known.has(e.id)), `seed ${seed}`);
    }
  });

  it('covers every category over many interviews', () => {
    const seen = new Set<string>();
    // 200 interviews, not 20: a category drawn in ~5% of picks may miss 100 picks, and which one depends on the bank's contents.
    for (let seed = 0; seed < 200; seed++) for (const e of pickMockQuestions(bank.all, { count: 5 }, seededRandom(seed))) seen.add(e.category);
    assert.deepEqual([...seen].sort(), [...CATEGORIES].sort());
  });
});
