/**
 * content/snippets/: every file passes content/snippets/schema.json and the hand-written validator in
 * src/core/snippets/catalog.ts, the two agree on broken files, every error names the file and the field, and VS
 * Code's snippet file generated from them says what the files say.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { ASSERTION_KINDS, checkSnippetFiles, codeSnippetsFile, NON_SNIPPET_FILES, SNIPPET_CATEGORIES, SnippetCatalogError, validateSnippet } from '../../src/core/snippets/catalog';
import { parseSnippetFile } from '../../src/core/snippets/snippetFile';
import { loadSnippetsFromDir, readJsonFiles } from '../../src/host/contentFiles';
import { loadBankFromDir } from '../../src/host/questionBankFiles';

const ROOT = resolve(__dirname, '..', '..');
const DIR = join(ROOT, 'content', 'snippets');
const questionIds = new Set(loadBankFromDir(join(ROOT, 'questions')).all.map((q) => q.id));
const { files, issues: readIssues } = readJsonFiles(DIR, NON_SNIPPET_FILES);
const schema = JSON.parse(readFileSync(join(DIR, 'schema.json'), 'utf8')) as { properties: Record<string, { enum?: string[]; items?: { enum?: string[] } }> };
const ajv = new Ajv2020({ allErrors: true, strict: true });
const schemaCheck = ajv.compile(schema);

/** A valid snippet to break one field at a time. */
const good = () => JSON.parse(JSON.stringify(files['mlnb-mlp.json'])) as Record<string, unknown> & { body: string[] };
const issuesOf = (name: string, value: unknown) => checkSnippetFiles({ ...files, [name]: value }, questionIds).issues.map((i) => `${i.file}${i.path}: ${i.message}`);

describe('snippets as data (content/snippets/)', () => {
  it('reads every file as JSON, at least 20 snippets', () => {
    assert.deepEqual(readIssues, []);
    assert.ok(Object.keys(files).length >= 20, `${Object.keys(files).length} snippets`);
  });

  it('every file passes schema.json', () => {
    const problems = Object.entries(files).flatMap(([file, value]) => (schemaCheck(value) ? [] : [`${file}: ${ajv.errorsText(schemaCheck.errors)}`]));
    assert.deepEqual(problems, []);
  });

  it('the hand-written validator agrees with the schema on every file, and the snippets link only to questions in the bank', () => {
    assert.deepEqual(checkSnippetFiles(files, questionIds).issues, []);
  });

  it("the schema's categories and assertion kinds are the code's (the Snippets view's icons and the kernel test's checks are keyed by them)", () => {
    assert.deepEqual(schema.properties.category.enum, [...SNIPPET_CATEGORIES]);
    assert.deepEqual(schema.properties.assertions.items?.enum, Object.keys(ASSERTION_KINDS));
  });

  it('schema and validator refuse the same broken shapes, the validator naming the field', () => {
    const variants: Array<[string, (s: ReturnType<typeof good>) => void, RegExp]> = [
      ['missing title', (s) => delete s.title, /^mlnb-mlp\.json\/title: required property is missing/],
      ['unknown field', (s) => (s.scope = 'typescript'), /^mlnb-mlp\.json\/scope: unknown property/],
      ['unknown category', (s) => (s.category = 'Vision models'), /^mlnb-mlp\.json\/category: must be one of Basics/],
      ['unknown assertion kind', (s) => (s.assertions = ['loss-decreases', 'looks-good']), /^mlnb-mlp\.json\/assertions\/1: must be one of/],
      ['a prefix without mlnb-', (s) => (s.prefix = 'mlp'), /^mlnb-mlp\.json\/prefix: must be "mlnb-"/],
      ['order 0', (s) => (s.order = 0), /^mlnb-mlp\.json\/order: must be a whole number from 1/],
      ['wasm as a string', (s) => (s.wasm = 'yes'), /^mlnb-mlp\.json\/wasm: must be true or false/],
      ['body as one string', (s) => ((s as Record<string, unknown>).body = 'const x = 1;'), /^mlnb-mlp\.json\/body: must be a non-empty array of lines/],
      ['no questions', (s) => (s.questions = []), /^mlnb-mlp\.json\/questions: must be a non-empty array/],
    ];
    for (const [name, breakIt, message] of variants) {
      const snippet = good();
      breakIt(snippet);
      assert.equal(schemaCheck(snippet), false, `schema accepted: ${name}`);
      assert.ok(validateSnippet(snippet).length > 0, `validator accepted: ${name}`);
      const found = issuesOf('mlnb-mlp.json', snippet);
      assert.ok(found.some((m) => message.test(m)), `${name}: ${found.join(' | ') || 'accepted'}`);
    }
  });

  it('refuses what only the validator can see: an unknown question id, a prefix that is not the file name, a taken place or title, snippet syntax mlnb does not expand', () => {
    const body = good().body;
    const cases: Array<[string, string, unknown, RegExp]> = [
      ['unknown question id', 'mlnb-mlp.json', { ...good(), questions: ['backpropagation', 'no-such-question'] }, /^mlnb-mlp\.json\/questions\/1: unknown question id "no-such-question"/],
      ['prefix is not the file name', 'mlnb-mlp.json', { ...good(), prefix: 'mlnb-perceptron' }, /^mlnb-mlp\.json\/prefix: is "mlnb-perceptron" but the file is mlnb-mlp\.json/],
      ['a taken place', 'mlnb-mlp2.json', { ...good(), prefix: 'mlnb-mlp2', title: 'Another MLP' }, /^mlnb-mlp2\.json\/order: \d+ is already the place of mlnb-mlp\.json in Basics/],
      ['a taken title', 'mlnb-mlp2.json', { ...good(), prefix: 'mlnb-mlp2', order: 99 }, /^mlnb-mlp2\.json\/title: is also the title of mlnb-mlp\.json/],
      ['a snippet variable in line 3', 'mlnb-mlp.json', { ...good(), body: [body[0], body[1], 'const f = $TM_FILENAME;'] }, /^mlnb-mlp\.json\/body\/2: column 11: a snippet variable/],
    ];
    for (const [name, file, value, message] of cases) {
      assert.equal(schemaCheck(value), true, `${name} is shape-valid: ${ajv.errorsText(schemaCheck.errors)}`);
      const found = issuesOf(file, value);
      assert.ok(found.some((m) => message.test(m)), `${name}: ${found.join(' | ') || 'accepted'}`);
    }
  });

  it("generates VS Code's snippet file: one entry per snippet, `mlnb: <title>`, its prefix, description and body, TypeScript-scoped", () => {
    const catalog = loadSnippetsFromDir(DIR, questionIds);
    const text = codeSnippetsFile(catalog);
    assert.match(text, /^\/\/ Generated by scripts\/build\.mjs from content\/snippets\/\*\.json/);
    const parsed = parseSnippetFile(text);
    assert.deepEqual(
      parsed,
      catalog.all.map((s) => ({ name: `mlnb: ${s.title}`, prefix: s.prefix, body: s.body, description: s.description, scope: 'typescript' })),
    );
    assert.deepEqual(catalog.all.map((s) => s.body), catalog.all.map((s) => (files[`${s.prefix}.json`] as { body: string[] }).body.join('\n')));
  });

  it('loading a folder with a broken file throws, naming the file and field; a file that is not JSON is named too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlnb-snippets-'));
    try {
      writeFileSync(join(dir, 'mlnb-mlp.json'), JSON.stringify({ ...good(), category: 'Misc' }));
      assert.throws(() => loadSnippetsFromDir(dir), (e: unknown) => e instanceof SnippetCatalogError && /content\/snippets\/mlnb-mlp\.json\/category: must be one of/.test(e.message));
      writeFileSync(join(dir, 'mlnb-mlp.json'), '{ "prefix": ');
      assert.throws(() => loadSnippetsFromDir(dir), /content\/snippets\/mlnb-mlp\.json: is not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
