import { strict as assert } from 'node:assert';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { CATEGORY_LABELS, normalizeQuestionText } from '../../src/core/questions/bank';
import { loadBankFromDir } from '../../src/host/questionBankFiles';
import { describeFilters, hasFilters, matchesFilters, NO_FILTERS, normalizeForSearch, queryWords, QuestionSearch, type ProgressStatus } from '../../src/core/questions/search';

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

  // How fast shallow and deep search are is measured by `npm run bench -- --only search` (bench/search.ts),
  // never asserted here: wall-clock time on a shared machine says little.
  it('respects the limit', () => {
    assert.equal(search.search('learning', { limit: 3 }).length, 3);
    assert.equal(search.search('learning', { limit: 3, deep: false }).length, 3);
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
    // The sidebar passes labels: difficulty and status words, and tags by their vocabulary label.
    const zh = (kind: string, v: string) => (kind === 'tag' ? bank.tagLabel(v).zh : `${kind}:${v}`);
    assert.equal(describeFilters({ difficulties: ['hard'], tags: ['attention', 'cross-validation'], statuses: [] }, zh), `difficulty:hard · #${bank.tagLabel('attention').zh}, #交叉验证`);
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

describe('question search: Chinese compounds and words apart (issue 12)', function () {
  this.timeout(60_000); // the property checks run several hundred searches, on a shared machine
  const top = (query: string, n: number, deep: boolean) => search.search(query, { limit: n, deep }).map((r) => r.entry.id);
  const devrel = bank.byCategory('devrel-community').map((e) => e.id);

  it('Intl.Segmenter cuts Chinese into words in this runtime', () => {
    const words = [...new Intl.Segmenter('zh', { granularity: 'word' }).segment('模型压缩')].filter((s) => s.isWordLike).map((s) => s.segment);
    assert.deepEqual(words, ['模型', '压缩']);
  });

  for (const deep of [false, true]) {
    const mode = deep ? 'deep' : 'shallow';
    it(`'开发者社区' (the category is ${CATEGORY_LABELS['devrel-community'].zh}) finds the developer-relations questions (${mode})`, () => {
      const found = top('开发者社区', devrel.length, deep);
      assert.deepEqual([...found].sort(), [...devrel].sort());
    });

    it(`'大模型评估' finds '如何评估大语言模型的性能？' first, then LLM-as-a-judge (${mode})`, () => {
      const found = top('大模型评估', 3, deep);
      assert.equal(found[0], 'llm-evaluation', found.join(', '));
      assert.ok(found.includes('llm-as-judge'), found.join(', '));
    });

    it(`'社区运营' finds running a community first (${mode})`, () => {
      assert.equal(top('社区运营', 3, deep)[0], 'devrel-community-operations');
    });

    it(`'模型压缩' finds quantisation, pruning and distillation first, not scaling laws (${mode})`, () => {
      assert.deepEqual(top('模型压缩', 3, deep).sort(), ['knowledge-distillation', 'pruning', 'quantization']);
    });

    it(`English words apart find their question too: 'mixed bf16', 'zero fsdp' (${mode})`, () => {
      assert.equal(top('mixed bf16', 3, deep)[0], 'mixed-precision');
      assert.equal(top('zero fsdp', 3, deep)[0], 'zero-and-fsdp');
    });
  }

  it('cuts a query into words: unknown compounds whole, glue characters out, aliases with their synonyms', () => {
    const all = bank.all.map((e) => normalizeForSearch(`${e.question.zh} ${e.answer.zh} ${CATEGORY_LABELS[e.category].zh}`));
    const occurs = (text: string) => all.some((t) => t.includes(text));
    const texts = (q: string) => queryWords(q, occurs).map((w) => w.text);
    assert.deepEqual(texts('过拟合'), ['过拟合']); // the segmenter gives 过|拟|合
    assert.deepEqual(texts('开发者关系与社区'), ['开发者关系', '社区']);
    assert.deepEqual(texts('what is batch norm'), ['batch', 'norm']);
    const [llm, evaluate] = queryWords('大模型评估', occurs);
    assert.ok(llm.forms.includes('大语言模型'), llm.forms.join(', '));
    assert.deepEqual(evaluate.forms, ['评估']);
  });

  /** In how many questions a word occurs (question, answer, tags), to pick a title's most telling words. */
  const text = bank.all.map((e) => normalizeForSearch([e.question.zh, e.question.en, e.answer.zh, e.answer.en, e.tags.join(' ')].join(' ')));
  const df = (w: string) => text.filter((t) => t.includes(w)).length;
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  /** The two rarest words of a title, in the title's order, as a user would type them. */
  const twoWords = (words: string[], sep: string) => {
    const unique = [...new Set(words)];
    if (unique.length < 2) return undefined;
    const rare = [...unique].sort((a, b) => df(a) - df(b) || a.localeCompare(b)).slice(0, 2);
    return unique.filter((w) => rare.includes(w)).join(sep);
  };
  const zhWords = (title: string) =>
    [...segmenter.segment(normalizeForSearch(normalizeQuestionText(title)))].map((s) => s.segment).filter((w) => /^\p{Script=Han}{2,}$/u.test(w));
  const enWords = (title: string) => normalizeForSearch(normalizeQuestionText(title)).split(' ').filter((w) => /^[a-z]{3,}$/.test(w));

  /** A question's titles, and the two rarest words of each, as a user would type them. */
  const queriesFor = (e: (typeof bank.all)[number]) =>
    [e.question.zh, e.question.en, twoWords(zhWords(e.question.zh), ''), twoWords(enWords(e.question.en), ' ')].filter((q): q is string => q !== undefined);

  it('property: every question is in the top 3 for its own titles (zh, en) and for two words of each', function () {
    // Four searches per entry over the whole bank: minutes on a loaded 2-core machine (a limit, not a timing check).
    this.timeout(600_000);
    const misses: string[] = [];
    let queries = 0;
    for (const e of bank.all) {
      for (const q of queriesFor(e)) {
        queries++;
        if (!top(q, 3, false).includes(e.id)) misses.push(`${e.id}: '${q}' → ${top(q, 3, false).join(', ')}`);
      }
    }
    assert.ok(queries > 300 + 2 * bank.size, `only ${queries} queries`);
    assert.deepEqual(misses, []);
  });

  it('property: so it stays once answers are searched too (deep; questions drawn by fast-check)', function () {
    this.timeout(600_000);
    // Searching the answers costs tens of ms a query: a sample each run, a different one each run.
    fc.assert(
      fc.property(fc.constantFrom(...bank.all), (e) => {
        for (const q of queriesFor(e)) assert.ok(top(q, 3, true).includes(e.id), `${e.id}: '${q}' → ${top(q, 3, true).join(', ')}`);
      }),
      { numRuns: 15 },
    );
  });

  it('a query that finds nothing gets a shorter one that finds something', () => {
    for (const [query, suggestion] of [
      ['量子模型压缩', '模型压缩'], // '量子' is in no question
      ['quantum pruning', 'pruning'],
    ]) {
      assert.deepEqual(search.search(query), [], query);
      assert.equal(search.suggest(query), suggestion, query);
      assert.ok(search.search(suggestion).length > 0);
    }
    assert.equal(search.suggest('鬼鬼鬼'), undefined);
    assert.equal(search.suggest('qqqzzzxxxjjj'), undefined);
  });
});
