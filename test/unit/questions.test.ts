import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import {
  BankError,
  buildBank,
  CATEGORIES,
  checkBank,
  checkVocabulary,
  MAX_FOLLOW_UP_CHARS,
  MAX_VOCABULARY_TAGS,
  splitFollowUp,
  type TagVocabulary,
  type QuestionBank,
} from '../../src/core/questions/bank';
import { loadBankFromDir, readCategoryFiles, readVocabulary } from '../../src/host/questionBankFiles';
import { extractSeedQuestions, SEED_RULE, type SeedMap } from '../../scripts/questions/seeds';

const ROOT = resolve(__dirname, '..', '..');
const QUESTIONS = join(ROOT, 'questions');
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

const { files } = readCategoryFiles(QUESTIONS);
const bank: QuestionBank = loadBankFromDir(QUESTIONS);
const seedMap = readJson(join(QUESTIONS, 'seed-map.json')) as SeedMap;
const vocabulary = readJson(join(QUESTIONS, 'tags.json')) as TagVocabulary;

/** A valid follow-up list: two items, each "question, blank line, short answer", zh parallel to en. */
const FOLLOW_UPS = {
  zh: ['为什么要除以 √d_k？\n\n不缩放时点积方差随 d_k 增大，softmax 饱和、梯度消失。', '多头有什么用？\n\n每个头在不同子空间里关注不同的关系。'],
  en: ['Why divide by √d_k?\n\nWithout it the dot products grow with d_k, softmax saturates and its gradients vanish.', 'Why several heads?\n\nEach head attends to a different relation in its own subspace.'],
};

describe('question bank: files and schema', () => {
  const schema = readJson(join(QUESTIONS, 'schema.json')) as { $id: string };
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validateEntry = ajv.compile(schema);

  it('has exactly one file per category, and nothing else', () => {
    assert.deepEqual(Object.keys(files).sort(), CATEGORIES.map((c) => `${c}.json`).sort());
  });

  for (const category of CATEGORIES) {
    it(`${category}.json is a non-empty array and every entry passes schema.json`, () => {
      const data = files[`${category}.json`];
      assert.ok(Array.isArray(data) && data.length > 0, `${category}.json must be a non-empty array`);
      const problems: string[] = [];
      data.forEach((entry, i) => {
        if (!validateEntry(entry))
          problems.push(`${category}.json[${i}] ${(entry as { id?: string }).id}: ${ajv.errorsText(validateEntry.errors)}`);
      });
      assert.deepEqual(problems, []);
    });
  }

  it('the schema rejects what it must (extra keys, bad id, empty text, bad enum, too many key points)', () => {
    const good = bank.byId('overfitting')!;
    const variants: Array<[string, unknown]> = [
      ['extra key', { ...good, extra: 1 }],
      ['bad id', { ...good, id: 'Over_Fitting' }],
      ['empty zh', { ...good, question: { zh: '  ', en: good.question.en } }],
      ['missing en', { ...good, answer: { zh: good.answer.zh } }],
      ['bad category', { ...good, category: 'misc' }],
      ['bad difficulty', { ...good, difficulty: 'expert' }],
      ['one key point', { ...good, keyPoints: { zh: ['a'], en: ['a'] } }],
      ['six key points', { ...good, keyPoints: { zh: ['a', 'b', 'c', 'd', 'e', 'f'], en: ['a', 'b'] } }],
      ['upper-case tag', { ...good, tags: ['Overfitting', ...good.tags.slice(1)] }],
      ['two tags', { ...good, tags: good.tags.slice(0, 2) }],
      ['seven tags', { ...good, tags: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'] }],
      ['missing sources', (({ sources: _s, ...rest }) => rest)(good)],
      ['one follow-up', { ...good, followUps: { zh: FOLLOW_UPS.zh.slice(0, 1), en: FOLLOW_UPS.en.slice(0, 1) } }],
      ['five follow-ups', { ...good, followUps: { zh: [...FOLLOW_UPS.zh, ...FOLLOW_UPS.zh, 'a\n\nb'], en: [...FOLLOW_UPS.en, ...FOLLOW_UPS.en, 'a\n\nb'] } }],
      ['follow-up without its answer', { ...good, followUps: { zh: FOLLOW_UPS.zh, en: ['Why divide by √d_k?', FOLLOW_UPS.en[1]] } }],
      ['follow-up with an empty answer', { ...good, followUps: { zh: FOLLOW_UPS.zh, en: ['Why divide by √d_k?\n\n  ', FOLLOW_UPS.en[1]] } }],
      ['follow-up too long', { ...good, followUps: { zh: FOLLOW_UPS.zh, en: [`Why?\n\n${'x'.repeat(MAX_FOLLOW_UP_CHARS)}`, FOLLOW_UPS.en[1]] } }],
      ['follow-ups in one language only', { ...good, followUps: { en: FOLLOW_UPS.en } }],
      ['missing follow-ups', (({ followUps: _f, ...rest }) => rest)(good)],
      ['follow-ups with an extra key', { ...good, followUps: { ...FOLLOW_UPS, fr: FOLLOW_UPS.en } }],
    ];
    for (const [name, v] of variants) {
      assert.equal(validateEntry(v), false, `schema accepted: ${name}`);
      assert.notDeepEqual(checkBank({ 'fundamentals.json': [v] }).issues, [], `bank.ts accepted: ${name}`);
    }
    assert.equal(validateEntry(good), true);
    assert.equal(validateEntry({ ...good, followUps: FOLLOW_UPS }), true, ajv.errorsText(validateEntry.errors));
    assert.deepEqual(checkBank({ 'fundamentals.json': [{ ...good, followUps: FOLLOW_UPS, related: [] }] }).issues, []);
  });

  it('the hand-written validator in bank.ts agrees with the schema on every file', () => {
    assert.deepEqual(checkBank(files).issues, []);
  });
});

describe('question bank: follow-ups and the tag vocabulary', () => {
  const entry = () => ({ ...bank.byId('overfitting')!, followUps: FOLLOW_UPS, related: [] });
  const issuesOf = (value: unknown, vocab?: TagVocabulary) => checkBank({ 'fundamentals.json': [value] }, vocab).issues.map((i) => `${i.path}: ${i.message}`);

  it('splits a follow-up at its first blank line (spaces and CRLF tolerated)', () => {
    assert.deepEqual(splitFollowUp('Why?\n\nBecause.'), { question: 'Why?', answer: 'Because.' });
    assert.deepEqual(splitFollowUp('Why?\r\n \r\nBecause.\n\nMore.'), { question: 'Why?', answer: 'Because.\n\nMore.' });
    assert.deepEqual(splitFollowUp('Why?\nstill the question\n\nBecause.'), { question: 'Why?\nstill the question', answer: 'Because.' });
    assert.deepEqual(splitFollowUp('No answer here'), { question: 'No answer here', answer: '' });
  });

  it('accepts a well-formed follow-up list and rejects each malformed one, saying why', () => {
    assert.deepEqual(issuesOf(entry()), []);
    const cases: Array<[string, unknown, RegExp]> = [
      ['one item', { zh: FOLLOW_UPS.zh.slice(0, 1), en: FOLLOW_UPS.en.slice(0, 1) }, /followUps\/zh: must be an array of 2 to 4/],
      ['five items', { zh: Array(5).fill('a\n\nb'), en: Array(5).fill('a\n\nb') }, /followUps\/en: must be an array of 2 to 4/],
      ['zh and en of different lengths', { zh: [...FOLLOW_UPS.zh, 'c\n\nd'], en: FOLLOW_UPS.en }, /zh has 3 follow-ups but en has 2/],
      ['no blank line', { zh: FOLLOW_UPS.zh, en: ['Why divide by √d_k? Because it saturates.', FOLLOW_UPS.en[1]] }, /followUps\/en\/0: must be the question, a blank line/],
      ['empty question', { zh: ['\n\n答。', FOLLOW_UPS.zh[1]], en: FOLLOW_UPS.en }, /followUps\/zh\/0: must be the question, a blank line/],
      ['empty answer', { zh: FOLLOW_UPS.zh, en: [FOLLOW_UPS.en[0], 'Why?\n\n \n'] }, /followUps\/en\/1: must be the question/],
      ['not a string', { zh: FOLLOW_UPS.zh, en: [FOLLOW_UPS.en[0], { q: 'x' }] }, /followUps\/en\/1: must be a string/],
      ['too long', { zh: FOLLOW_UPS.zh, en: [`Why?\n\n${'x'.repeat(MAX_FOLLOW_UP_CHARS)}`, FOLLOW_UPS.en[1]] }, /followUps\/en\/0: must be a string of at most/],
      ['extra language', { ...FOLLOW_UPS, fr: FOLLOW_UPS.en }, /followUps\/fr: unknown property/],
      ['not an object', ['a\n\nb', 'c\n\nd'], /followUps: must be an object/],
    ];
    for (const [name, followUps, message] of cases) {
      const found = issuesOf({ ...entry(), followUps });
      assert.ok(found.some((m) => message.test(m)), `${name}: ${found.join(' | ') || 'accepted'}`);
    }
  });

  it('with the vocabulary, a tag outside it is refused by name; tags inside it pass', () => {
    const inside = vocabulary.tags.slice(0, 3).map((t) => t.tag);
    assert.deepEqual(issuesOf({ ...entry(), tags: inside }, vocabulary), []);
    const found = issuesOf({ ...entry(), tags: [inside[0], inside[1], 'not-a-vocabulary-tag'] }, vocabulary);
    assert.deepEqual(found, ['/tags/2: "not-a-vocabulary-tag" is not in tags.json (use a vocabulary tag, or add one there)']);
    assert.throws(() => buildBank({ 'fundamentals.json': [{ ...entry(), tags: [inside[0], 'not-a-vocabulary-tag', inside[1]] }] }, vocabulary), /fundamentals\.json\[0\] \(overfitting\)\/tags\/1: "not-a-vocabulary-tag"/);
  });

  it('questions/tags.json is a valid vocabulary of at most 150 labelled tags', () => {
    const checked = checkVocabulary(vocabulary);
    assert.deepEqual(checked.issues, []);
    assert.ok(vocabulary.tags.length <= MAX_VOCABULARY_TAGS, `${vocabulary.tags.length} tags`);
    assert.deepEqual(readVocabulary(QUESTIONS).issues, []);
  });

  it('refuses a malformed vocabulary, naming the problem', () => {
    const group = vocabulary.groups[0].id;
    const tag = (t: string, extra: Record<string, unknown> = {}) => ({ tag: t, group, zh: '标签', en: 'Label', ...extra });
    const cases: Array<[string, unknown, RegExp]> = [
      ['repeated tag', { groups: vocabulary.groups, tags: [tag('a-tag'), tag('a-tag')] }, /\/tags\/1\/tag: repeats the tag "a-tag"/],
      ['unknown group', { groups: vocabulary.groups, tags: [tag('a-tag', { group: 'nowhere' })] }, /\/tags\/0\/group: unknown group "nowhere"/],
      ['empty label', { groups: vocabulary.groups, tags: [tag('a-tag', { zh: ' ' })] }, /\/tags\/0\/zh: must be a non-empty label/],
      ['upper-case tag', { groups: vocabulary.groups, tags: [tag('A-Tag')] }, /\/tags\/0\/tag: must be a lowercase/],
      ['extra key', { groups: vocabulary.groups, tags: [tag('a-tag', { colour: 'red' })] }, /\/tags\/0\/colour: unknown property/],
      ['too many tags', { groups: vocabulary.groups, tags: Array.from({ length: MAX_VOCABULARY_TAGS + 1 }, (_, i) => tag(`t${i}`)) }, /has 151 tags; keep the vocabulary at 150 or fewer/],
      ['repeated group', { groups: [...vocabulary.groups, vocabulary.groups[0]], tags: [tag('a-tag')] }, /\/groups\/\d+\/id: repeats the group/],
      ['no groups', { tags: [tag('a-tag')] }, /\/groups: must be a non-empty array/],
      ['not an object', [tag('a-tag')], /^tags\.json: must be an object/],
    ];
    for (const [name, value, message] of cases) {
      const { vocabulary: v, issues } = checkVocabulary(value);
      assert.equal(v, undefined, `${name}: accepted`);
      const text = issues.map((i) => `${i.file}${i.path}: ${i.message}`);
      assert.ok(text.some((m) => message.test(m)), `${name}: ${text.join(' | ')}`);
    }
  });

  it('the loader refuses a folder whose tags.json is missing or not JSON, naming tags.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlnb-questions-'));
    try {
      writeFileSync(join(dir, 'fundamentals.json'), JSON.stringify([entry()]));
      assert.throws(() => loadBankFromDir(dir), /tags\.json: is missing/);
      writeFileSync(join(dir, 'tags.json'), '{"groups": [');
      assert.throws(() => loadBankFromDir(dir), /tags\.json: is not valid JSON/);
      writeFileSync(join(dir, 'tags.json'), JSON.stringify(vocabulary));
      const loaded = loadBankFromDir(dir);
      assert.equal(loaded.size, 1);
      assert.deepEqual(loaded.tagLabel(vocabulary.tags[0].tag), { zh: vocabulary.tags[0].zh, en: vocabulary.tags[0].en });
      assert.deepEqual(loaded.tagLabel('unlabelled'), { zh: 'unlabelled', en: 'unlabelled' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('question bank: content rules', () => {
  it('has at least 150 entries', () => {
    assert.ok(bank.size >= 150, `only ${bank.size} entries`);
  });

  it('every category is non-empty', () => {
    for (const c of CATEGORIES) assert.ok(bank.byCategory(c).length > 0, `${c} is empty`);
  });

  it('at least 40 entries can be practised in a notebook', () => {
    const n = bank.practicable().length;
    assert.ok(n >= 40, `only ${n} entries have practice`);
  });

  it('ids are unique across all files', () => {
    const ids = bank.all.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('every related link resolves and is not the entry itself', () => {
    for (const e of bank.all)
      for (const r of e.related) {
        assert.notEqual(r, e.id, `${e.id} relates to itself`);
        assert.ok(bank.has(r), `${e.id} → unknown ${r}`);
      }
  });

  it('zh and en key points are parallel lists', () => {
    for (const e of bank.all) assert.equal(e.keyPoints.zh.length, e.keyPoints.en.length, e.id);
  });

  it('zh text is Chinese and en text is English', () => {
    const han = /\p{Script=Han}/u;
    for (const e of bank.all)
      for (const f of ['question', 'answer', 'explanation'] as const) {
        assert.ok(han.test(e[f].zh), `${e.id}.${f}.zh has no Chinese`);
        // English text may quote a Chinese term from the seeds, but must not be Chinese prose.
        const hanChars = [...e[f].en.replace(/```[\s\S]*?```/g, '')].filter((ch) => han.test(ch)).length;
        assert.ok(hanChars <= 20, `${e.id}.${f}.en has ${hanChars} Chinese characters`);
      }
  });
});

describe('bank lookups and loader', () => {
  it('byId, byCategory, byTag, related', () => {
    const e = bank.byId('dropout');
    assert.ok(e);
    assert.equal(e.category, 'training-optimisation');
    assert.ok(bank.byCategory('training-optimisation').includes(e));
    assert.ok(bank.byTag('Dropout').includes(e));
    assert.deepEqual(
      bank.related('dropout').map((r) => r.id),
      e.related,
    );
    const back = bank.related('dropout', { backlinks: true }).map((r) => r.id);
    assert.ok(back.includes('overfitting'));
    assert.equal(new Set(back).size, back.length);
    assert.equal(bank.byId('no-such-id'), undefined);
    assert.deepEqual(bank.related('no-such-id'), []);
  });

  it('refuses a broken bank, naming file, entry and problem', () => {
    const entry = bank.byId('overfitting')!;
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ 'fundamentals.json': [{ ...entry, answer: { zh: '', en: 'x' } }] }, /fundamentals\.json\[0\] \(overfitting\)\/answer\/zh/],
      [{ 'fundamentals.json': [entry], 'evaluation.json': [{ ...entry, category: 'evaluation' }] }, /duplicates the id/],
      [{ 'fundamentals.json': [{ ...entry, related: ['overfitting'] }] }, /links to the entry itself/],
      [{ 'fundamentals.json': [{ ...entry, related: ['nope'] }] }, /unknown id "nope"/],
      [{ 'evaluation.json': [entry] }, /is fundamentals but the file is evaluation\.json/],
      [{ 'misc.json': [entry] }, /misc\.json: is not a category file/],
    ];
    for (const [input, message] of cases) {
      assert.throws(() => buildBank(input, vocabulary), (err: unknown) => err instanceof BankError && message.test(err.message));
    }
  });

  it('the Node loader reports invalid JSON with the file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlnb-questions-'));
    try {
      writeFileSync(join(dir, 'fundamentals.json'), '[{"id": "x",]');
      assert.throws(() => loadBankFromDir(dir), /fundamentals\.json: is not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('seed extraction rule', () => {
  it('finds questions in each seed format and ignores section headings and answers', () => {
    const text = [
      '#### 一、AI大模型应用开发者关系管理策略',
      '##### **1. 题目：** 请解释什么是dropout。',
      '**答案：**',
      '#### 12. 什么是迁移学习？如何实现迁移学习？',
      '### 1.1 AI 大模型的基础知识',
      '**题目：** 使用 PyTorch 实现一个简单的线性回归模型。',
      '**2.1 大模型训练过程中，如何解决过拟合问题？**',
      '**3.1 题目：实现一个简单的卷积神经网络（CNN）进行图像分类。**',
      '##### 1. AI大模型的基本概念',
      '- **召回率（Recall）：** 衡量模型正确分类的阳性样本数占总阳性样本数的比例。',
    ].join('\r\n');
    assert.deepEqual(
      extractSeedQuestions(text).map((o) => [o.line, o.question]),
      [
        [2, '请解释什么是dropout。'],
        [4, '什么是迁移学习？如何实现迁移学习？'],
        [6, '使用 PyTorch 实现一个简单的线性回归模型。'],
        [7, '大模型训练过程中，如何解决过拟合问题？'],
        [8, '实现一个简单的卷积神经网络（CNN）进行图像分类。'],
      ],
    );
  });

  it('seed-map.json records the same rule as seeds.ts', () => {
    assert.equal(seedMap.rule, SEED_RULE);
    assert.equal(seedMap.seedDir, '../shared/seeds');
  });
});

describe('seed coverage (questions/seed-map.json against shared/seeds)', function () {
  const seedDir = resolve(ROOT, seedMap.seedDir);

  before(function () {
    if (!existsSync(seedDir)) {
      console.warn(`  ⚠ seed folder ${seedDir} is absent — skipping the seed-coverage checks`);
      this.skip();
    }
  });

  it('maps exactly the seed files that exist', () => {
    const present = readdirSync(seedDir).filter((f) => f.endsWith('.txt')).sort();
    assert.deepEqual(Object.keys(seedMap.files).sort(), present);
  });

  it('every occurrence found by the rule is mapped, and every mapping is a real occurrence', () => {
    for (const [file, mappings] of Object.entries(seedMap.files)) {
      const found = extractSeedQuestions(readFileSync(join(seedDir, file), 'utf8'));
      assert.deepEqual(
        mappings.map(({ line, heading, question }) => ({ line, heading, question })),
        found,
        `${file}: seed-map differs from extractSeedQuestions()`,
      );
    }
  });

  it('every mapping points at an existing bank id', () => {
    for (const [file, mappings] of Object.entries(seedMap.files))
      for (const m of mappings) assert.ok(bank.has(m.id), `${file}:${m.line} → unknown id ${m.id}`);
  });

  it("each entry's sources are exactly the occurrences mapped to it", () => {
    const expected = new Map<string, string[]>();
    for (const [file, mappings] of Object.entries(seedMap.files))
      for (const m of mappings) expected.set(m.id, [...(expected.get(m.id) ?? []), `${file}:${m.line}`]);
    for (const e of bank.all)
      assert.deepEqual(
        e.sources.map((s) => `${s.file}:${s.line}`).sort(),
        (expected.get(e.id) ?? []).sort(),
        `sources of ${e.id}`,
      );
  });
});

describe('questions/CORRECTIONS.md', () => {
  const text = readFileSync(join(QUESTIONS, 'CORRECTIONS.md'), 'utf8');
  const HEADING = /^### (C\d+) · (\d{3}_[0-9a-f]+\.txt):([\d,]+) → `([a-z0-9-]+)`$/gm;
  const corrections = [...text.matchAll(HEADING)].map((m) => ({
    tag: m[1],
    file: m[2],
    lines: m[3].split(',').map(Number),
    id: m[4],
    body: text.slice(m.index! + m[0].length, text.indexOf('\n### ', m.index! + 1) === -1 ? undefined : text.indexOf('\n### ', m.index! + 1)),
  }));

  it('lists corrections in the machine-checkable form', () => {
    assert.ok(corrections.length >= 20, `only ${corrections.length} corrections parsed`);
    assert.equal(new Set(corrections.map((c) => c.tag)).size, corrections.length, 'correction tags repeat');
    for (const c of corrections) {
      assert.match(c.body, /\*\*Question:\*\*/, `${c.tag} has no question`);
      assert.match(c.body, /\*\*Wrong:\*\*/, `${c.tag} does not say what was wrong`);
      assert.match(c.body, /\*\*Right:\*\*/, `${c.tag} does not say what is right`);
    }
  });

  it('every correction names a real seed occurrence mapped to the corrected entry', () => {
    for (const c of corrections) {
      const mappings = seedMap.files[c.file];
      assert.ok(mappings, `${c.tag}: unknown seed file ${c.file}`);
      for (const line of c.lines) {
        const m = mappings.find((x) => x.line === line);
        assert.ok(m, `${c.tag}: ${c.file}:${line} is not a question occurrence`);
        assert.equal(m.id, c.id, `${c.tag}: ${c.file}:${line} maps to ${m.id}`);
      }
      const entry = bank.byId(c.id);
      assert.ok(entry, `${c.tag}: unknown id ${c.id}`);
      // Learner-facing text names the mistake as "a common wrong answer", never the source document (questions/README.md).
      assert.match(entry.explanation.en, /common wrong answer/i, `${c.id}'s explanation does not state the corrected mistake`);
      assert.match(entry.explanation.zh, /常见的错误回答/, `${c.id}'s zh explanation does not state the corrected mistake`);
    }
  });

  it('includes the corrections the issue names: RNN listing LSTM gates, PyTorch CNN linear size', () => {
    const rnn = corrections.find((c) => c.id === 'rnn' && c.file.startsWith('001_') && c.lines.includes(231));
    assert.ok(rnn, 'no correction for the RNN answer that lists LSTM gates (001:231)');
    assert.match(rnn.body, /LSTM/);
    assert.match(rnn.body, /gate/i);
    const cnn = corrections.find((c) => c.id === 'debug-pytorch-cnn' && c.file.startsWith('002_') && c.lines.includes(96));
    assert.ok(cnn, 'no correction for the PyTorch CNN whose linear layer does not match its pooling (002:96)');
    assert.match(cnn.body, /nn\.Linear\(32 \* 26 \* 26, 10\)/);
    assert.match(cnn.body, /adaptive_avg_pool2d/);
    assert.match(cnn.body, /\[100,32\]/);
    const rnnEntry = bank.byId('rnn')!;
    assert.match(rnnEntry.answer.en, /has no gates/);
  });
});
