import { strict as assert } from 'node:assert';
import { bilingual, chromeLang, DISPLAY_LANGUAGES, isDisplayLanguage, pickParagraphs, pickTable, pickText, shownLangs } from '../../src/core/i18n';

describe('i18n: picking text for the mlnb.language setting', () => {
  const text = bilingual('Overfitting', '过拟合');

  it('zh and en pick one half; both puts Chinese first with the separator', () => {
    assert.equal(pickText(text, 'zh'), '过拟合');
    assert.equal(pickText(text, 'en'), 'Overfitting');
    assert.equal(pickText(text, 'both'), '过拟合 / Overfitting');
    assert.equal(pickText(text, 'both', ' · '), '过拟合 · Overfitting');
  });

  it('both shows text that is the same in the two languages once', () => {
    assert.equal(pickText(bilingual('ReLU', 'ReLU'), 'both'), 'ReLU');
    assert.deepEqual(pickParagraphs(bilingual('ReLU', 'ReLU'), 'both'), ['ReLU']);
  });

  it('paragraphs: one per shown language, Chinese first', () => {
    assert.deepEqual(pickParagraphs(text, 'both'), ['过拟合', 'Overfitting']);
    assert.deepEqual(pickParagraphs(text, 'en'), ['Overfitting']);
    assert.deepEqual(shownLangs('both'), ['zh', 'en']);
    assert.deepEqual(shownLangs('zh'), ['zh']);
  });

  it('interface words are Chinese only for zh', () => {
    assert.deepEqual(DISPLAY_LANGUAGES.map(chromeLang), ['zh', 'en', 'en']);
    assert.equal(pickTable({ zh: '提交', en: 'Submit' }, 'both'), 'Submit');
    assert.equal(pickTable({ zh: '提交', en: 'Submit' }, 'zh'), '提交');
  });

  it('recognises only the three setting values', () => {
    for (const v of DISPLAY_LANGUAGES) assert.ok(isDisplayLanguage(v));
    for (const v of ['ZH', 'fr', '', undefined, 1, null]) assert.equal(isDisplayLanguage(v), false, String(v));
  });
});
