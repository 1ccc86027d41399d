import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expandSnippet, SnippetSyntaxError } from '../../src/core/snippets/expand';
import { parseSnippetFile, SnippetFileError } from '../../src/core/snippets/snippetFile';
import { ASSERTION_KINDS, codeSnippetsFile, SNIPPET_CATEGORIES, snippetsByCategory } from '../../src/core/snippets/catalog';
import { transpileCell } from '../../src/core/cellTranspiler';
import { loadSnippetsFromDir } from '../../src/host/contentFiles';

const ROOT = path.resolve(__dirname, '..', '..');
const QUESTIONS_DIR = path.join(ROOT, 'questions');
// The catalogue (content/snippets/*.json) and VS Code's snippet file the build generates from it.
const catalog = loadSnippetsFromDir(path.join(ROOT, 'content', 'snippets'));
const SNIPPET_CATALOG = catalog.all;
const findSnippet = (prefix: string) => catalog.find(prefix);

describe('snippet default text (the subset of VS Code\'s syntax mlnb expands)', () => {
  const cases: [string, string, string][] = [
    ['plain text', 'const x = 1;', 'const x = 1;'],
    ['tab stops insert nothing', 'a$1b$2c$0', 'abc'],
    ['${1} is a tab stop too', 'a${1}b${0}', 'ab'],
    ['a placeholder inserts its default', 'lr = ${1:0.001};', 'lr = 0.001;'],
    ['an empty placeholder', 'x${1:}y', 'xy'],
    ['nested placeholders', '${1:units: ${2:32}}', 'units: 32'],
    ['deeply nested', '${1:a${2:b${3:c}}}', 'abc'],
    ['a choice inserts its first option', "activation: '${1|relu,tanh,elu|}'", "activation: 'relu'"],
    ['escaped comma and pipe in a choice', '${1|a\\,b,c\\|d|}', 'a,b'],
    ['a backslash before another character in a choice is literal', '${1|a\\b,c|}', 'a\\b'],
    ['linked tab stops: $1 takes the default of ${1:…}', 'const ${1:n} = 1; $1 += 1;', 'const n = 1; n += 1;'],
    ['linked, the default may come later', '$1 then ${1:x}', 'x then x'],
    ['linked: the first default wins over a later one', '${1:first} ${1:second}', 'first first'],
    ['linked: a mirror of a choice shows its first option', "'${1|adam,sgd|}' '${1}'", "'adam' 'adam'"],
    ['linked defaults are filled recursively', '${1:a ${2:b}} $1 $2', 'a b a b b'],
    ['a tab stop inside its own default is empty', '${1:a $1}', 'a '],
    ['$0 is never linked', '${0:end} $0', 'end '],
    ['\\$ is a literal dollar (template literals in TypeScript)', 'console.log(`v=\\${v}`)', 'console.log(`v=${v}`)'],
    ['\\} and \\\\ are escapes', 'a\\}b\\\\c', 'a}b\\c'],
    ['\\} inside a placeholder keeps it open', '${1:{ a: 1 \\}}!', '{ a: 1 }!'],
    ['a backslash before an ordinary character is literal', 'x\\ny \\d', 'x\\ny \\d'],
    ['a $ before anything but a digit or {digit is text', 'cost: 5 $ and $ { ${} ${-1} $', 'cost: 5 $ and $ { ${} ${-1} $'],
    ['$ followed by digits then letters', '$1abc', 'abc'],
    ['lines are kept', 'a\n${1:b}\nc', 'a\nb\nc'],
  ];
  for (const [name, body, expected] of cases) {
    it(name, () => assert.equal(expandSnippet(body).text, expected));
  }

  it('refuses what it does not expand, naming the line and column: variables, transforms, unclosed constructs', () => {
    const refused: [string, RegExp][] = [
      ['x = $TM_FILENAME', /^line 1, column 5: a snippet variable .*write \\\$ for a literal dollar/],
      ['a\n  ${name}', /^line 2, column 3: a snippet variable/],
      ['${TM_SELECTED_TEXT:model}', /^line 1, column 1: a snippet variable/],
      ['${1:abc} ${1/(.*)/${1:/upcase}/}', /^line 1, column 10: a transform/],
      ['a ${1:foo', /^line 1, column 3: a placeholder without its closing \}/],
      ['${1:x ${2:y}', /^line 1, column 1: a placeholder without its closing \}/],
      ['${1 abc', /^line 1, column 1: \$\{1 followed by ' ': expected \}, : or \|/],
      ['${12', /^line 1, column 1: \$\{12 followed by the end of the body/],
      ['${1|a,b}', /^line 1, column 1: a choice without its closing \|\}/],
      ['${0|a,b|}', /^line 1, column 1: a choice on \$0/],
    ];
    for (const [body, message] of refused) {
      assert.throws(() => expandSnippet(body), (error: unknown) => error instanceof SnippetSyntaxError && message.test(error.message), body);
    }
  });

  it('lists tab stops in visiting order with their defaults and choices', () => {
    assert.deepEqual(expandSnippet("$0 ${2:b} '${1|x,y|}' $3 $2").tabstops, [
      { index: 1, defaultText: 'x', choices: ['x', 'y'] },
      { index: 2, defaultText: 'b' },
      { index: 3, defaultText: '' },
      { index: 0, defaultText: '' },
    ]);
  });
});

describe('snippet file (generated dist/mlnb.code-snippets)', () => {
  const text = codeSnippetsFile(catalog);
  const snippets = parseSnippetFile(text);

  it('has at least 20 snippets, each an mlnb- prefix with a description, scoped to TypeScript', () => {
    assert.ok(snippets.length >= 20, `${snippets.length} snippets`);
    for (const s of snippets) {
      assert.match(s.prefix, /^mlnb-[a-z0-9]+(-[a-z0-9]+)*$/, s.name);
      assert.ok(s.description.length > 20, `${s.prefix}: describe what it builds`);
      assert.equal(s.scope, 'typescript', `${s.prefix}: .mlnb cells are TypeScript`);
    }
  });

  it('agrees with the catalog: same prefixes, same descriptions, catalog entries are well-formed', () => {
    assert.deepEqual(snippets.map((s) => s.prefix).sort(), SNIPPET_CATALOG.map((s) => s.prefix).sort());
    for (const s of snippets) {
      const info = findSnippet(s.prefix)!;
      assert.equal(s.description, info.description, `${s.prefix}: the file and the catalog describe it differently`);
      assert.ok((SNIPPET_CATEGORIES as readonly string[]).includes(info.category), `${s.prefix}: category ${info.category}`);
      assert.ok(info.assertions.length > 0, `${s.prefix}: its test must assert something`);
      for (const kind of info.assertions) assert.ok(kind in ASSERTION_KINDS, `${s.prefix}: unknown assertion kind ${kind}`);
      assert.equal(new Set(info.assertions).size, info.assertions.length, `${s.prefix}: repeated assertion kind`);
      assert.ok(info.title.length > 0);
    }
    assert.equal(new Set(SNIPPET_CATALOG.map((s) => s.prefix)).size, SNIPPET_CATALOG.length, 'catalog prefixes are unique');
  });

  it('covers every building block the product promises', () => {
    const required = [
      'mlnb-linear-regression', 'mlnb-logistic-regression', 'mlnb-mlp', 'mlnb-cnn', 'mlnb-dcgan', 'mlnb-rnn', 'mlnb-lstm', 'mlnb-gru',
      'mlnb-bilstm', 'mlnb-text-classification', 'mlnb-autoencoder', 'mlnb-vae', 'mlnb-transformer', 'mlnb-resnet-block',
      'mlnb-transfer-learning', 'mlnb-regularized-mlp', 'mlnb-early-stopping', 'mlnb-lr-schedule', 'mlnb-tf-data',
      'mlnb-custom-training-loop', 'mlnb-kmeans', 'mlnb-save-load',
    ];
    const prefixes = snippets.map((s) => s.prefix);
    assert.deepEqual(required.filter((p) => !prefixes.includes(p)), []);
  });

  for (const snippet of snippets) {
    describe(snippet.prefix, () => {
      it('uses only the snippet syntax mlnb expands (tab stops, placeholders, choices; every $ of the TypeScript escaped)', () => {
        assert.doesNotThrow(() => expandSnippet(snippet.body));
      });

      it('numbers its tab stops 1…n, each with a sensible default', () => {
        const stops = expandSnippet(snippet.body).tabstops.filter((s) => s.index !== 0);
        assert.ok(stops.length > 0, 'tab stops make the snippet easy to adapt');
        assert.deepEqual(stops.map((s) => s.index), stops.map((_, i) => i + 1), 'tab stops are numbered without gaps');
        for (const stop of stops) assert.ok(stop.defaultText.trim() !== '', `tab stop ${stop.index} has no default`);
      });

      it('expands to TypeScript the kernel can transpile', () => {
        const code = expandSnippet(snippet.body).text;
        assert.doesNotMatch(code, /\$\{\d|\$\d/, 'no tab-stop syntax may survive expansion');
        assert.doesNotThrow(() => transpileCell(code, `${snippet.prefix}.ts`));
      });
    });
  }

  it('snippets declare distinct top-level names, so inserting several into one notebook keeps each one’s variables', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const s of snippets) {
      for (const name of transpileCell(expandSnippet(s.body).text).declaredNames) {
        const other = owner.get(name);
        if (other && other !== s.prefix) clashes.push(`${name}: ${other} and ${s.prefix}`);
        owner.set(name, s.prefix);
      }
    }
    assert.deepEqual(clashes, []);
  });

  it('links only to questions that exist in the bank (when the bank is present)', function () {
    if (!existsSync(QUESTIONS_DIR)) this.skip();
    const ids = new Set<string>();
    for (const file of readdirSync(QUESTIONS_DIR).filter((f) => f.endsWith('.json'))) {
      const data = JSON.parse(readFileSync(path.join(QUESTIONS_DIR, file), 'utf8')) as unknown;
      if (Array.isArray(data)) for (const q of data) if (typeof q?.id === 'string') ids.add(q.id);
    }
    if (ids.size === 0) this.skip();
    const missing = SNIPPET_CATALOG.flatMap((s) => s.questions.filter((id) => !ids.has(id)).map((id) => `${s.prefix} → ${id}`));
    assert.deepEqual(missing, []);
    for (const s of SNIPPET_CATALOG) assert.ok(s.questions.length > 0, `${s.prefix} illustrates no question`);
  });
});

describe('snippet catalog helpers', () => {
  it('groups by category in display order, every snippet once', () => {
    const groups = snippetsByCategory(SNIPPET_CATALOG);
    assert.deepEqual(
      groups.map((g) => g.category),
      SNIPPET_CATEGORIES.filter((c) => SNIPPET_CATALOG.some((s) => s.category === c)),
    );
    assert.equal(groups.flatMap((g) => g.snippets).length, SNIPPET_CATALOG.length);
  });
});

describe('snippet file parser', () => {
  it('reads comments, trailing commas, string and array bodies', () => {
    const parsed = parseSnippetFile('{ // c\n "A": { "prefix": "mlnb-a", "body": "x", "description": "d", },\n "B": { "prefix": "mlnb-b", "body": ["1", "2"], "description": "e" } }');
    assert.deepEqual(parsed, [
      { name: 'A', prefix: 'mlnb-a', body: 'x', description: 'd' },
      { name: 'B', prefix: 'mlnb-b', body: '1\n2', description: 'e' },
    ]);
  });

  it('names the problem: bad JSON with its position, a missing field, a repeated prefix', () => {
    assert.throws(() => parseSnippetFile('{\n  "A": {'), (e: Error) => e instanceof SnippetFileError && /:2:\d+:/.test(e.message));
    assert.throws(() => parseSnippetFile('[]'), SnippetFileError);
    assert.throws(() => parseSnippetFile('{ "A": { "body": "x", "description": "d" } }'), /snippet "A" needs one string "prefix"/);
    assert.throws(() => parseSnippetFile('{ "A": { "prefix": "p", "body": 3, "description": "d" } }'), /"body"/);
    assert.throws(() => parseSnippetFile('{ "A": { "prefix": "p", "body": "", "description": 1 } }'), /"description"/);
    assert.throws(
      () => parseSnippetFile('{ "A": { "prefix": "p", "body": "", "description": "" }, "B": { "prefix": "p", "body": "", "description": "" } }'),
      /prefix "p" is used by more than one snippet/,
    );
  });
});
