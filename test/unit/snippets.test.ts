import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expandSnippet, parseSnippet, snippetTabstops, type SnippetNode } from '../../src/core/snippets/expand';
import { parseSnippetFile, SnippetFileError } from '../../src/core/snippets/snippetFile';
import {
  ASSERTION_KINDS,
  SNIPPET_CATALOG,
  SNIPPET_CATEGORIES,
  findSnippet,
  snippetsByCategory,
  snippetsForQuestion,
} from '../../src/core/snippets/catalog';
import { transpileCell } from '../../src/core/cellTranspiler';

const ROOT = path.resolve(__dirname, '..', '..');
const SNIPPET_FILE = path.join(ROOT, 'snippets', 'mlnb.code-snippets');
const QUESTIONS_DIR = path.join(ROOT, 'questions');

describe('snippet syntax: default text (VS Code / TextMate rules)', () => {
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
    ['$0 is never linked', '${0:end} $0', 'end '],
    ['\\$ is a literal dollar (template literals in TypeScript)', 'console.log(`v=\\${v}`)', 'console.log(`v=${v}`)'],
    ['\\} and \\\\ are escapes', 'a\\}b\\\\c', 'a}b\\c'],
    ['\\} inside a placeholder keeps it open', '${1:{ a: 1 \\}}!', '{ a: 1 }!'],
    ['a backslash before an ordinary character is literal', 'x\\ny \\d', 'x\\ny \\d'],
    ['a lone $ is text', 'cost: 5 $ and $ {', 'cost: 5 $ and $ {'],
    ['${ without a number or name is text', '${} ${-1}', '${} ${-1}'],
    ['an unclosed placeholder is text, its content kept', 'a ${1:foo', 'a ${1:foo'],
    ['an unclosed placeholder keeps nested constructs', '${1:x ${2:y}', '${1:x y'],
    ['${1 without : or } is text', '${1 abc', '${1 abc'],
    ['${0|…|} is not a choice', '${0|a,b|}', '${0|a,b|}'],
    ['an unclosed choice is text', '${1|a,b}', '${1|a,b}'],
    ['$ followed by digits then letters', '$1abc', 'abc'],
    ['known variables without a value insert nothing', '[${TM_FILENAME}] [$TM_SELECTED_TEXT] [$CLIPBOARD]', '[] [] []'],
    ['a known variable without a value inserts its default', '${TM_SELECTED_TEXT:model}.fit()', 'model.fit()'],
    ['an unknown variable inserts its name', '${foo} $bar', 'foo bar'],
    ['an unknown variable with a default inserts the default', '${foo:42}', '42'],
    ['a variable default may hold tab stops', '${TM_SELECTED_TEXT:${1:x}} $1', 'x x'],
    ['a variable transform of an empty value', '${TM_FILENAME/(.*)/$1.ts/}', '.ts'],
    ['a tab stop with a transform inserts its (linked) default', '${1:abc} ${1/(.*)/${1:/upcase}/}', 'abc abc'],
    ['an invalid transform regex makes the construct text', '${foo/(/x/}', '${foo/(/x/}'],
    ['lines of a body array are joined with \\n', 'a\nb', 'a\nb'],
  ];
  for (const [name, body, expected] of cases) {
    it(name, () => assert.equal(expandSnippet(body), expected));
  }

  it('accepts a body given as an array of lines', () => {
    assert.equal(expandSnippet(['const a = ${1:1};', 'const b = $1;']), 'const a = 1;\nconst b = 1;');
  });

  it('resolves variables from the caller and applies transforms with format modifiers', () => {
    const variables = { TM_FILENAME: 'my-model.mlnb', TM_SELECTED_TEXT: 'net' };
    assert.equal(expandSnippet('${TM_FILENAME}', { variables }), 'my-model.mlnb');
    assert.equal(expandSnippet('${TM_FILENAME/(.*)\\.mlnb$/${1:/upcase}/}', { variables }), 'MY-MODEL');
    assert.equal(expandSnippet('${TM_FILENAME/([a-z]+)-([a-z]+).*/${1:/capitalize}${2:/pascalcase}/}', { variables }), 'MyModel');
    assert.equal(expandSnippet('${TM_FILENAME/(.*)/${1:/downcase}/}', { variables: { TM_FILENAME: 'ABC' } }), 'abc');
    assert.equal(expandSnippet('${TM_FILENAME/(x)?.*/${1:+yes}${1:-no}/}', { variables }), 'no');
    assert.equal(expandSnippet('${TM_FILENAME/(my)?.*/${1:?has:lacks}/}', { variables }), 'has');
    assert.equal(expandSnippet('${TM_FILENAME/(zzz)/${1:else}/}', { variables }), 'else', 'no match, but an else branch: the format runs');
    assert.equal(expandSnippet('${TM_FILENAME/(zzz)/x/}', { variables }), 'my-model.mlnb', 'no match: the value is unchanged');
    assert.equal(expandSnippet('${TM_FILENAME/-/_/g}', { variables: { TM_FILENAME: 'a-b-c' } }), 'a_b_c');
    assert.equal(expandSnippet('${TM_SELECTED_TEXT:model}', { variables }), 'net');
    assert.equal(expandSnippet('${TM_FILENAME/(.*)/\\/$1\\//}', { variables: { TM_FILENAME: 'x' } }), '/x/', 'escaped slashes in the format');
  });

  it('lists tab stops in visiting order with their defaults and choices', () => {
    const stops = snippetTabstops("$0 ${2:b} '${1|x,y|}' $3 $2");
    assert.deepEqual(stops, [
      { index: 1, defaultText: 'x', choices: ['x', 'y'] },
      { index: 2, defaultText: 'b' },
      { index: 3, defaultText: '' },
      { index: 0, defaultText: '' },
    ]);
  });
});

describe('snippet file (snippets/mlnb.code-snippets)', () => {
  const text = readFileSync(SNIPPET_FILE, 'utf8');
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
      const nodes = parseSnippet(snippet.body);
      const all: SnippetNode[] = [];
      const visit = (list: SnippetNode[]) => list.forEach((n) => (all.push(n), n.kind !== 'text' && visit(n.children)));
      visit(nodes);

      it('uses no snippet variables (every $ of the TypeScript is escaped)', () => {
        const variables = all.filter((n) => n.kind === 'variable').map((n) => (n.kind === 'variable' ? n.name : ''));
        assert.deepEqual(variables, [], 'an unescaped $name in the body: write \\$ (\\\\$ in JSON) for a literal dollar');
      });

      it('numbers its tab stops 1…n, each with a sensible default', () => {
        const stops = snippetTabstops(snippet.body).filter((s) => s.index !== 0);
        assert.ok(stops.length > 0, 'tab stops make the snippet easy to adapt');
        assert.deepEqual(stops.map((s) => s.index), stops.map((_, i) => i + 1), 'tab stops are numbered without gaps');
        for (const stop of stops) assert.ok(stop.defaultText.trim() !== '', `tab stop ${stop.index} has no default`);
      });

      it('expands to TypeScript the kernel can transpile', () => {
        const code = expandSnippet(snippet.body);
        assert.doesNotMatch(code, /\$\{\d|\$\d/, 'no tab-stop syntax may survive expansion');
        assert.doesNotThrow(() => transpileCell(code, `${snippet.prefix}.ts`));
      });
    });
  }

  it('snippets declare distinct top-level names, so inserting several into one notebook keeps each one’s variables', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const s of snippets) {
      for (const name of transpileCell(expandSnippet(s.body)).declaredNames) {
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
    const groups = snippetsByCategory();
    assert.deepEqual(
      groups.map((g) => g.category),
      SNIPPET_CATEGORIES.filter((c) => SNIPPET_CATALOG.some((s) => s.category === c)),
    );
    assert.equal(groups.flatMap((g) => g.snippets).length, SNIPPET_CATALOG.length);
  });

  it('finds the snippets that illustrate a question', () => {
    assert.deepEqual(snippetsForQuestion('k-means').map((s) => s.prefix), ['mlnb-kmeans']);
    assert.ok(snippetsForQuestion('dropout').some((s) => s.prefix === 'mlnb-regularized-mlp'));
    assert.deepEqual(snippetsForQuestion('no-such-question'), []);
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
