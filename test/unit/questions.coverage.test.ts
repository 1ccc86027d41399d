/**
 * What issue 15 asks of the bank's content: breadth (counts per category and difficulty), follow-ups on every
 * entry, tags drawn from a vocabulary that groups, no learner-facing mention of the source documents, and
 * overlapping entries linking each other. The rules that judge text (mentionsSourceDocuments) are tested on
 * their own first, so a rule that could never fail is caught.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LANGS } from '../../src/core/i18n';
import { CATEGORIES, MAX_TAGS, MIN_TAGS, splitFollowUp, type Category, type QuestionEntry, type TagVocabulary } from '../../src/core/questions/bank';
import { loadBankFromDir } from '../../src/host/questionBankFiles';
import { mentionsSourceDocuments } from './questionRules';

const ROOT = resolve(__dirname, '..', '..');
const QUESTIONS = join(ROOT, 'questions');
const bank = loadBankFromDir(QUESTIONS);
const vocabulary = JSON.parse(readFileSync(join(QUESTIONS, 'tags.json'), 'utf8')) as TagVocabulary;

/** The minimum number of entries per new category (issue 15, "Breadth"). */
export const CATEGORY_MINIMUMS: Partial<Record<Category, number>> = {
  'ml-system-design': 10,
  'recommender-systems': 8,
  'probability-statistics': 12,
  'classical-ml': 8,
  data: 5,
};
/** Computer vision needs at least this many entries on detection or segmentation, recognised by these tags. */
export const DETECTION_SEGMENTATION_MINIMUM = 5;
export const DETECTION_SEGMENTATION_TAGS = ['object-detection', 'segmentation', 'iou', 'nms', 'anchor-boxes', 'mean-average-precision'];
export const MIN_ENTRIES = 270;
export const MIN_HARD_SHARE = 0.25;
export const MIN_TAGS_PER_ENTRY = MIN_TAGS;
export const MAX_TAGS_PER_ENTRY = MAX_TAGS;

/** Overlapping entries that must link to each other (both directions) instead of repeating one another. */
export const OVERLAP_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['overfitting', 'regularization'],
  ['generative-models', 'generative-model-comparison'],
  ['self-attention', 'transformer'],
  ['bias-variance-tradeoff', 'overfitting'],
  ['batch-normalization', 'layer-and-group-normalization'],
  ['lora', 'peft-methods'],
  ['rnn', 'lstm-gates'],
  ['roc-auc', 'pr-curve-vs-roc'],
  ['self-attention', 'scaled-dot-product-attention'],
];

/** Every learner-facing text of an entry, with where it is. */
function learnerTexts(e: QuestionEntry): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const lang of LANGS) {
    for (const f of ['question', 'answer', 'explanation'] as const) out.push([`${f}.${lang}`, e[f][lang]]);
    e.keyPoints[lang].forEach((p, i) => out.push([`keyPoints.${lang}[${i}]`, p]));
    (e.followUps?.[lang] ?? []).forEach((p, i) => out.push([`followUps.${lang}[${i}]`, p]));
  }
  return out;
}

describe('question bank coverage (issue 15): the rules themselves', () => {
  it('mentionsSourceDocuments flags provenance talk and lets ordinary seeds through', () => {
    for (const bad of [
      'The seed also says an RNN has gates.',
      "The seed's answer lists three.",
      'Another seed claims otherwise.',
      'The two seed answers miss it.',
      'As the source material puts it',
      'the original answer was wrong',
      '种子材料的纠正：原答案写错了',
      '一份种子把它说成了门控。',
      '种子还漏掉了特征提取。',
    ])
      assert.notDeepEqual(mentionsSourceDocuments(bad), [], bad);
    for (const ok of [
      'Fix the random seed and log every run.',
      'set the seed per worker',
      'use a different seed each epoch',
      'Seed users and cold start: invite early adopters.',
      'fix temperature/seed and use tested prompts',
      'reseed it every epoch',
      'seed=42',
      '一定要固定随机种子、记录每次试验配置',
      '每个 epoch 设置不同的种子',
      '固定温度/种子、准备好经过测试的提示词',
      'A common wrong answer is that an RNN has gates, because LSTMs do.',
    ])
      assert.deepEqual(mentionsSourceDocuments(ok), [], ok);
  });
});

describe('question bank coverage (issue 15): breadth, follow-ups, tags, wording, links', () => {
  it(`has at least ${MIN_ENTRIES} entries, at least ${MIN_HARD_SHARE * 100} % of them hard`, () => {
    const hard = bank.byDifficulty('hard').length;
    assert.ok(bank.size >= MIN_ENTRIES, `${bank.size} entries`);
    assert.ok(hard / bank.size >= MIN_HARD_SHARE, `${hard} of ${bank.size} hard (${((100 * hard) / bank.size).toFixed(1)} %)`);
  });

  it('every category has a hard entry', () => {
    const without = CATEGORIES.filter((c) => !bank.byCategory(c).some((e) => e.difficulty === 'hard'));
    assert.deepEqual(without, []);
  });

  it('each new category reaches its minimum', () => {
    const short = Object.entries(CATEGORY_MINIMUMS)
      .filter(([c, min]) => bank.byCategory(c as Category).length < min!)
      .map(([c, min]) => `${c}: ${bank.byCategory(c as Category).length} < ${min}`);
    assert.deepEqual(short, []);
    const cv = bank.byCategory('computer-vision').filter((e) => e.tags.some((t) => DETECTION_SEGMENTATION_TAGS.includes(t)));
    assert.ok(cv.length >= DETECTION_SEGMENTATION_MINIMUM, `computer vision: ${cv.length} detection/segmentation entries (${cv.map((e) => e.id).join(', ')})`);
  });

  it('every entry has 2–4 follow-ups, zh in Chinese and en in English, each with a question and an answer', () => {
    const problems: string[] = [];
    const han = /\p{Script=Han}/u;
    for (const e of bank.all) {
      if (!e.followUps) {
        problems.push(`${e.id}: no followUps`);
        continue;
      }
      e.followUps.zh.forEach((item, i) => {
        if (!han.test(splitFollowUp(item).question) || !han.test(splitFollowUp(item).answer)) problems.push(`${e.id}: followUps.zh[${i}] is not Chinese`);
      });
      e.followUps.en.forEach((item, i) => {
        const hanChars = [...item].filter((ch) => han.test(ch)).length;
        if (hanChars > 10) problems.push(`${e.id}: followUps.en[${i}] has ${hanChars} Chinese characters`);
      });
    }
    assert.deepEqual(problems, []);
  });

  it(`every entry has ${MIN_TAGS_PER_ENTRY}–${MAX_TAGS_PER_ENTRY} tags, all from questions/tags.json`, () => {
    const known = new Set(vocabulary.tags.map((t) => t.tag));
    const problems: string[] = [];
    for (const e of bank.all) {
      if (e.tags.length < MIN_TAGS_PER_ENTRY || e.tags.length > MAX_TAGS_PER_ENTRY) problems.push(`${e.id}: ${e.tags.length} tags`);
      for (const t of e.tags) if (!known.has(t)) problems.push(`${e.id}: "${t}" is not in tags.json`);
    }
    assert.deepEqual(problems, []);
  });

  it('every vocabulary tag is used by at least two entries (a tag on one entry groups nothing)', () => {
    const lonely = vocabulary.tags.map((t) => t.tag).filter((t) => bank.byTag(t).length < 2).map((t) => `${t} (${bank.byTag(t).length})`);
    assert.deepEqual(lonely, []);
  });

  it('no learner-facing text mentions the source documents', () => {
    const found: string[] = [];
    for (const e of bank.all) for (const [where, text] of learnerTexts(e)) for (const phrase of mentionsSourceDocuments(text)) found.push(`${e.id} ${where}: "${phrase}"`);
    assert.deepEqual(found, []);
  });

  it('overlapping entries link each other, both ways', () => {
    const problems: string[] = [];
    for (const [a, b] of OVERLAP_PAIRS) {
      const ea = bank.byId(a);
      const eb = bank.byId(b);
      if (!ea || !eb) {
        problems.push(`${!ea ? a : b} does not exist`);
        continue;
      }
      if (!ea.related.includes(b)) problems.push(`${a} does not link ${b}`);
      if (!eb.related.includes(a)) problems.push(`${b} does not link ${a}`);
    }
    assert.deepEqual(problems, []);
  });
});
