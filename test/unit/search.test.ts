import { strict as assert } from 'node:assert';
import { join, resolve } from 'node:path';
import { loadBankFromDir } from '../../src/core/questions/node';
import { describeFilters, hasFilters, matchesFilters, NO_FILTERS, normalizeForSearch, QuestionSearch, type ProgressStatus } from '../../src/core/questions/search';

const bank = loadBankFromDir(join(resolve(__dirname, '..', '..'), 'questions'));
const search = new QuestionSearch(bank.all);
const ids = (query: string, n = 5, deep = true) => search.search(query, { limit: n, deep }).map((r) => r.entry.id);

describe('question search (fuse.js over zh + en)', () => {
  it('normalises case, full-width characters, markdown and hyphens', () => {
    assert.equal(normalizeForSearch('  **Ｌｏｒａ**  `self-attention`\n# Hi '), 'lora self attention hi');
  });

  const topHits: Array<[string, string]> = [
    ['过拟合', 'overfitting'], // Chinese, ranked above questions that mention it in passing
    ['overfit', 'overfitting'], // English prefix
    ['LoRA', 'lora'], // acronym, any case
    ['lora', 'lora'],
    ['dropuot', 'dropout'], // typo
    ['梯度消失', 'vanishing-exploding-gradients'],
    ['kv cache', 'kv-cache'],
    ['kv-cache', 'kv-cache'],
    ['transformer', 'transformer'],
    ['batch norm', 'batch-normalization'],
  ];
  for (const [query, id] of topHits) {
    it(`'${query}' finds ${id} first`, () => {
      assert.equal(ids(query)[0], id, `deep: got ${ids(query).join(', ')}`);
      assert.equal(ids(query, 5, false)[0], id, `shallow: got ${ids(query, 5, false).join(', ')}`);
    });
  }

  it("'注意力' (attention) returns the attention family", () => {
    const found = ids('注意力', 5);
    assert.ok(found.every((id) => /attention/.test(id)), found.join(', '));
  });

  it('matches answer text too, not only questions', () => {
    // "weight decay" is in AdamW's question, but "label smoothing" appears in the overfitting answer only.
    assert.ok(ids('label smoothing', 10).includes('overfitting'));
  });

  it('returns nothing for an empty query and nothing absurd for gibberish', () => {
    assert.deepEqual(search.search('   '), []);
    assert.deepEqual(ids('qqqzzzxxxjjj'), []);
  });

  it('respects the limit, and the shallow search is cheap enough to run per keystroke', function () {
    this.timeout(30_000);
    assert.equal(search.search('learning', { limit: 3 }).length, 3);
    const queries = ['过拟合', 'overfit', 'LoRA', 'attention', 'gradient'];
    // Best of several runs: robust to a busy machine.
    const best = (deep: boolean) => {
      let min = Infinity;
      for (let rep = 0; rep < 3; rep++) {
        const started = performance.now();
        for (const q of queries) search.search(q, { deep });
        min = Math.min(min, (performance.now() - started) / queries.length);
      }
      return min;
    };
    const shallow = best(false);
    const deep = best(true);
    assert.ok(shallow < 50, `shallow: ${shallow.toFixed(1)} ms per query`);
    assert.ok(shallow * 2 < deep, `shallow ${shallow.toFixed(1)} ms vs deep ${deep.toFixed(1)} ms`);
  });
});

describe('question filters', () => {
  const progress = new Map<string, { status: ProgressStatus; due: boolean }>([
    ['overfitting', { status: 'learning', due: true }],
    ['dropout', { status: 'known', due: false }],
  ]);
  const p = (id: string) => progress.get(id) ?? { status: 'new' as const, due: false };
  const pass = (f: Partial<typeof NO_FILTERS>) => bank.all.filter((e) => matchesFilters(e, { ...NO_FILTERS, ...f }, p)).map((e) => e.id);

  it('no filters: everything', () => {
    assert.equal(hasFilters(NO_FILTERS), false);
    assert.equal(pass({}).length, bank.size);
  });

  it('difficulty: any of the chosen', () => {
    const easyOrHard = pass({ difficulties: ['easy', 'hard'] });
    assert.ok(easyOrHard.length > 0);
    assert.ok(easyOrHard.every((id) => bank.byId(id)!.difficulty !== 'medium'));
  });

  it('tags: any of the chosen; combined with difficulty: both must hold', () => {
    const tagged = pass({ tags: ['overfitting'] });
    assert.deepEqual(tagged.sort(), bank.byTag('overfitting').map((e) => e.id).sort());
    const easyTagged = pass({ tags: ['overfitting'], difficulties: ['easy'] });
    assert.ok(easyTagged.includes('overfitting'));
    assert.ok(easyTagged.every((id) => bank.byId(id)!.difficulty === 'easy'));
  });

  it('status: new / learning / known / due', () => {
    assert.deepEqual(pass({ statuses: ['due'] }), ['overfitting']);
    assert.deepEqual(pass({ statuses: ['known'] }), ['dropout']);
    assert.deepEqual(pass({ statuses: ['learning', 'known'] }).sort(), ['dropout', 'overfitting']);
    assert.equal(pass({ statuses: ['new'] }).length, bank.size - 2);
  });

  it('describes active filters for the view description', () => {
    assert.equal(describeFilters(NO_FILTERS), '');
    assert.equal(describeFilters({ difficulties: ['easy', 'medium'], tags: ['attention'], statuses: ['due'] }), 'easy, medium · #attention · due');
  });
});

describe('question search: shallow and deep', () => {
  it('shallow (question, id, tags) is cheap; deep adds answer-only matches after the question matches', () => {
    const shallow = search.search('label smoothing', { deep: false }).map((r) => r.entry.id);
    const deep = search.search('label smoothing').map((r) => r.entry.id);
    assert.ok(!shallow.includes('overfitting'));
    assert.ok(deep.includes('overfitting'));
    for (const id of shallow.slice(0, 3)) assert.ok(deep.indexOf(id) <= deep.indexOf('overfitting'), `${id} should stay ahead of an answer-only match`);
  });
});
