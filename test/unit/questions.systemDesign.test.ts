import { strict as assert } from 'node:assert';
import { join, resolve } from 'node:path';
import type { QuestionEntry } from '../../src/core/questions/bank';
import { loadBankFromDir } from '../../src/host/questionBankFiles';

const bank = loadBankFromDir(join(resolve(__dirname, '..', '..'), 'questions'));

const FRAMEWORK_ID = 'ml-system-design-framework';

/**
 * The eight steps every ML system design case study answers, in this order. The framework entry teaches
 * them; each case study's answer uses them as its numbered bold headings, so a learner can compare cases
 * step by step.
 */
const FRAMEWORK_HEADINGS = {
  zh: ['需求', '数据', '特征', '模型', '离线评估', '线上评估', '服务部署', '监控'],
  en: ['Requirements', 'Data', 'Features', 'Model', 'Offline evaluation', 'Online evaluation', 'Serving', 'Monitoring'],
} as const;

/** A case study's headings: lines that are exactly `**<n>. <title>**`. */
function headings(markdown: string): string[] {
  return [...markdown.matchAll(/^\*\*(\d+)\. ([^*\n]+)\*\*$/gm)].map((m) => `${m[1]}. ${m[2]}`);
}

/** What is wrong with a case study's answer headings, per language ([] when it follows the framework). */
function frameworkProblems(entry: Pick<QuestionEntry, 'answer'>): string[] {
  const problems: string[] = [];
  for (const lang of ['zh', 'en'] as const) {
    const want = FRAMEWORK_HEADINGS[lang].map((h, i) => `${i + 1}. ${h}`);
    const got = headings(entry.answer[lang]);
    if (got.join(' | ') !== want.join(' | ')) problems.push(`${lang}: headings are [${got.join(' | ')}]`);
  }
  return problems;
}

const caseStudies = bank.byCategory('ml-system-design').filter((e) => e.id !== FRAMEWORK_ID);

describe('question bank: ML system design case studies', () => {
  it('the framework entry teaches the eight steps in order, in both languages', () => {
    const framework = bank.byId(FRAMEWORK_ID);
    assert.ok(framework, `${FRAMEWORK_ID} is missing`);
    assert.equal(framework.category, 'ml-system-design');
    for (const lang of ['zh', 'en'] as const) {
      let from = 0;
      for (const step of FRAMEWORK_HEADINGS[lang]) {
        const at = framework.answer[lang].indexOf(`**${step}**`, from);
        assert.ok(at >= from, `${lang}: step "${step}" missing or out of order`);
        from = at + step.length;
      }
    }
  });

  it('every case study answers under the eight framework headings, in order, in zh and en', () => {
    assert.deepEqual(
      caseStudies.flatMap((e) => frameworkProblems(e).map((p) => `${e.id} ${p}`)),
      [],
    );
  });

  it('the heading check rejects a missing, renamed or reordered step', () => {
    const good = caseStudies[0];
    assert.deepEqual(frameworkProblems(good), []);
    const edit = (en: string) => ({ answer: { zh: good.answer.zh, en } });
    assert.equal(frameworkProblems(edit(good.answer.en.replace('**8. Monitoring**', ''))).length, 1);
    assert.equal(frameworkProblems(edit(good.answer.en.replace('**7. Serving**', '**7. Deployment**'))).length, 1);
    const swapped = good.answer.en
      .replace('**5. Offline evaluation**', '**@@**')
      .replace('**6. Online evaluation**', '**5. Offline evaluation**')
      .replace('**@@**', '**6. Online evaluation**');
    assert.equal(frameworkProblems(edit(swapped)).length, 1);
  });

  it('every case study links to the framework entry', () => {
    assert.deepEqual(
      caseStudies.filter((e) => !e.related.includes(FRAMEWORK_ID)).map((e) => e.id),
      [],
    );
  });

  it('covers the case studies the syllabus asks for, most of them hard', () => {
    const required = [
      'design-feed-ranking',
      'design-search-ranking',
      'design-ads-ctr-prediction',
      'design-fraud-detection',
      'design-spam-filtering',
      'design-homepage-recommendations',
      'design-eta-prediction',
      'design-rag-assistant',
      'design-content-moderation',
      'design-visual-search',
    ];
    assert.deepEqual(required.filter((id) => !caseStudies.some((e) => e.id === id)), []);
    assert.ok(caseStudies.length >= 15, `${caseStudies.length} case studies`);
    const hard = caseStudies.filter((e) => e.difficulty === 'hard').length;
    assert.ok(hard >= 11, `${hard} hard case studies`);
  });

  it('recommender systems has at least 12 entries, at least 6 of them hard', () => {
    const recsys = bank.byCategory('recommender-systems');
    assert.ok(recsys.length >= 12, `${recsys.length} entries`);
    const hard = recsys.filter((e) => e.difficulty === 'hard').length;
    assert.ok(hard >= 6, `${hard} hard entries`);
  });
});
