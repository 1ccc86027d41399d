import { strict as assert } from 'node:assert';
import { join, resolve } from 'node:path';
import { loadBankFromDir } from '../../src/host/questionBankFiles';
import { markdownToHtml } from '../../src/webview/question/markdown';

const bank = loadBankFromDir(join(resolve(__dirname, '..', '..'), 'questions'));

/** Emphasis markers that markdown-it left as text: the learner would see literal `**`. Code is exempt (`2 ** r`). */
function leftoverMarkers(source: string): string | undefined {
  const html = markdownToHtml(source).replace(/<code[^>]*>[\s\S]*?<\/code>/g, '');
  return html.match(/.{0,24}(\*\*|__).{0,24}/)?.[0];
}

describe('question bank Markdown renders as written', () => {
  it('closes bold around full-width punctuation inside Chinese text (CJK-friendly emphasis)', () => {
    assert.equal(markdownToHtml('取**均值（和标准差）**作为估计').trim(), '<p>取<strong>均值（和标准差）</strong>作为估计</p>');
    assert.equal(markdownToHtml('使用**特征存储（feature store）**统一').trim(), '<p>使用<strong>特征存储（feature store）</strong>统一</p>');
    assert.equal(leftoverMarkers('a `2 ** r` b'), undefined);
    assert.ok(leftoverMarkers('a ** b'), 'a stray marker outside code is reported');
  });

  it('no entry shows a literal ** or __ in any learner-facing text (zh and en)', () => {
    const problems: string[] = [];
    for (const e of bank.all) {
      const texts: Array<[string, string]> = [];
      for (const field of ['question', 'answer', 'explanation'] as const) for (const lang of ['zh', 'en'] as const) texts.push([`${field}.${lang}`, e[field][lang]]);
      for (const lang of ['zh', 'en'] as const) {
        e.keyPoints[lang].forEach((t, i) => texts.push([`keyPoints.${lang}[${i}]`, t]));
        (e.followUps?.[lang] ?? []).forEach((t, i) => texts.push([`followUps.${lang}[${i}]`, t]));
      }
      for (const [where, text] of texts) {
        const left = leftoverMarkers(text);
        if (left) problems.push(`${e.id} ${where}: …${left}…`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
