// scripts/nearDuplicates.ts: the bank has no two entries asking the same question in other words, and the
// detection itself catches rewordings while keeping different topics apart.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { normalizeQuestionText, type QuestionEntry } from '../../src/core/questions/bank';
import { loadBankFromDir } from '../../src/host/questionBankFiles';
import {
  CONTAINMENT_THRESHOLD,
  findNearDuplicates,
  NEAR_DUPLICATE_THRESHOLD,
  questionContainment,
  questionSimilarity,
} from '../../scripts/nearDuplicates';

const ROOT = resolve(__dirname, '..', '..');
const bank = loadBankFromDir(join(ROOT, 'questions'));

describe('question bank: no near-duplicates (scripts/nearDuplicates.ts)', () => {
  it('has no near-duplicate questions (zh or en)', () => {
    const dups = findNearDuplicates(bank.all);
    assert.deepEqual(
      dups.map((d) => `${d.a} ~ ${d.b} (${d.lang} jaccard ${d.similarity.toFixed(2)}, containment ${d.containment.toFixed(2)})`),
      [],
    );
  });

  it('the script says so and exits 0 on the bank', function () {
    this.timeout(60_000);
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'nearDuplicates.ts'), join(ROOT, 'questions')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /^no near-duplicates in /m);
  });
});

describe('near-duplicate detection', () => {
  it('normalises question boilerplate away', () => {
    assert.equal(normalizeQuestionText('请解释什么是深度学习中的dropout。'), 'dropout');
    assert.equal(normalizeQuestionText('迁移学习是什么？'), '迁移学习');
    assert.equal(normalizeQuestionText('What is transfer learning?'), 'transfer learning');
    assert.equal(normalizeQuestionText('Explain self-attention in deep learning.'), 'self attention');
  });

  it("catches '什么是迁移学习' vs '迁移学习是什么' and English paraphrases", () => {
    assert.ok(questionSimilarity('什么是迁移学习', '迁移学习是什么') >= NEAR_DUPLICATE_THRESHOLD);
    assert.ok(questionSimilarity('什么是迁移学习？如何实现迁移学习？', '请解释什么是深度学习中的迁移学习。') >= NEAR_DUPLICATE_THRESHOLD);
    assert.ok(questionSimilarity('What is transfer learning?', 'Transfer learning — what is it?') >= NEAR_DUPLICATE_THRESHOLD);
    assert.ok(questionSimilarity('请解释什么是dropout。', '请解释什么是深度学习中的dropout。') >= NEAR_DUPLICATE_THRESHOLD);
  });

  it('catches a short question contained in a longer one', () => {
    assert.ok(questionSimilarity('迁移学习是什么', '什么是迁移学习？实践中如何做？') < NEAR_DUPLICATE_THRESHOLD);
    assert.equal(questionContainment('迁移学习是什么', '什么是迁移学习？实践中如何做？'), 1);
    assert.ok(questionContainment('迁移学习是什么', '什么是迁移学习？实践中如何做？') >= CONTAINMENT_THRESHOLD);
  });

  it('keeps different topics apart', () => {
    assert.ok(questionSimilarity('什么是迁移学习', '什么是强化学习') < NEAR_DUPLICATE_THRESHOLD);
    assert.ok(questionSimilarity('What is dropout?', 'What is batch normalization?') < NEAR_DUPLICATE_THRESHOLD);
  });

  it('the bank test fails when a duplicate is added', () => {
    const copy: QuestionEntry = {
      ...bank.byId('transfer-learning')!,
      id: 'transfer-learning-again',
      question: { zh: '迁移学习是什么', en: 'Transfer learning: what is it?' },
    };
    const dups = findNearDuplicates([...bank.all, copy]);
    assert.ok(
      dups.some((d) => [d.a, d.b].includes('transfer-learning') && [d.a, d.b].includes('transfer-learning-again')),
      'an added duplicate of transfer-learning was not detected',
    );
  });

  it('the closest pair of distinct entries stays below the threshold', () => {
    let best = 0;
    for (const lang of ['zh', 'en'] as const)
      for (let i = 0; i < bank.all.length; i++)
        for (let j = i + 1; j < bank.all.length; j++)
          best = Math.max(best, questionSimilarity(bank.all[i].question[lang], bank.all[j].question[lang]));
    assert.ok(best < NEAR_DUPLICATE_THRESHOLD, `closest pair ${best.toFixed(2)}`);
  });

  it('similarity is symmetric, bounded, and 1 for identical text (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const s = questionSimilarity(a, b);
        return s >= 0 && s <= 1 && s === questionSimilarity(b, a) && questionSimilarity(a, a) === 1;
      }),
    );
  });
});
