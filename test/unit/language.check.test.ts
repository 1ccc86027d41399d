// The notebook checker behind `mlnb check` and `mlnb run`'s type warnings: positions as people count them,
// one line per problem, imports from the notebook's folder, JavaScript notebooks checked as the editor does.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { formatProblem, lineAndColumn, NotebookChecker } from '../../src/core/language/check';
import { createCell, newNotebook } from '../../src/core/notebook';

const PACKAGE_ROOT = path.resolve(__dirname, '../..');

describe('notebook checker (mlnb check)', function () {
  this.timeout(60_000);
  let dir = '';
  let checker: NotebookChecker;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mlnb-check-'));
    writeFileSync(path.join(dir, 'helper.ts'), 'export function helper(): number {\n  return 1;\n}\n');
    checker = new NotebookChecker(PACKAGE_ROOT, ts.sys);
  });
  after(() => {
    checker.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('numbers cells as the notebook does (markdown counts) and lines and columns from 1, with \\r\\n too', () => {
    const notebook = newNotebook([
      createCell('markdown', '# Title'),
      createCell('code', "const ok = 1;\nlet x: number = 'a';"),
      createCell('markdown', 'text'),
      createCell('code', 'ok.toFixed();\r\n  missing();\r\nconst t: tf.Tensor = tf.ones([1]);'),
    ]);
    const problems = checker.check(notebook, dir);
    assert.deepEqual(
      problems.map((p) => formatProblem('nb.mlnb', p)),
      [
        "nb.mlnb:cell 2:2:5 error TS2322 Type 'string' is not assignable to type 'number'.",
        "nb.mlnb:cell 4:2:3 error TS2304 Cannot find name 'missing'.",
      ],
    );
  });

  it('resolves imports from the notebook folder, and says so when a module is missing', () => {
    const notebook = newNotebook([createCell('code', "import { helper } from './helper';\nconst n: string = helper();"), createCell('code', "import x from './absent';")]);
    assert.deepEqual(
      checker.check(notebook, dir).map((p) => `${p.cell}:${p.line}:${p.column} ${p.code}`),
      ['1:2:7 TS2322', '2:1:15 TS2307'],
    );
  });

  it('reads the disk only through the file system it is given: a module only that file system has resolves, with its types', () => {
    // The folder is on disk, the module only in the given file system.
    const folder = path.join(dir, 'in-memory');
    mkdirSync(folder);
    const module = path.join(folder, 'fromMemory.ts').replace(/\\/g, '/');
    const reads: string[] = [];
    const overlay = {
      ...ts.sys,
      fileExists: (file: string) => file === module || ts.sys.fileExists(file),
      readFile: (file: string, encoding?: string) => {
        reads.push(file);
        return file === module ? 'export const fromMemory: number = 1;\n' : ts.sys.readFile(file, encoding);
      },
    };
    const own = new NotebookChecker(PACKAGE_ROOT, overlay);
    try {
      const notebook = newNotebook([createCell('code', "import { fromMemory } from './fromMemory';\nconst s: string = fromMemory;")]);
      assert.deepEqual(own.check(notebook, folder).map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`), ["2:7 TS2322 Type 'number' is not assignable to type 'string'."]);
      assert.ok(reads.includes(module), 'the module was read through the given file system');
      assert.ok(reads.some((file) => file.includes('@tensorflow')), "TF.js's types too");
    } finally {
      own.dispose();
    }
  });

  it('a later notebook of the same folder is checked on its own (nothing of an earlier one is known)', () => {
    assert.deepEqual(checker.check(newNotebook([createCell('code', 'const shared = 1;')]), dir), []);
    assert.deepEqual(checker.check(newNotebook([createCell('code', 'shared;')]), dir).map((p) => p.code), ['TS2304']);
  });

  it('JavaScript notebooks get syntax errors only, as the editor gives .js files; mlnb’s own checks have their name', () => {
    const js = newNotebook([createCell('code', "let x = 1;\nx = 'a';\nconst = ;")]);
    js.metadata.language_info = { name: 'javascript' };
    assert.deepEqual(checker.check(js, dir).map((p) => `${p.line}:${p.column} ${p.code}`), ['3:7 TS1134']);
    const later = newNotebook([createCell('code', 'helper();'), createCell('code', "import { helper } from './helper';")]);
    const [problem] = checker.check(later, dir);
    assert.equal(problem?.code, 'mlnb(imported-later)');
  });

  it('prints a message spanning lines (TypeScript’s chain of reasons) on one line', () => {
    const line = formatProblem('a.mlnb', { cell: 3, line: 1, column: 2, category: 'error', code: 'TS2345', message: "Argument of type 'A' is not assignable.\n  Property 'b' is missing." });
    assert.equal(line, "a.mlnb:cell 3:1:2 error TS2345 Argument of type 'A' is not assignable. Property 'b' is missing.");
  });

  it('lineAndColumn counts \\n, \\r\\n and \\r as one line break each', () => {
    assert.deepEqual(lineAndColumn('ab', 0), { line: 1, column: 1 });
    assert.deepEqual(lineAndColumn('a\nb\r\nc\rd', 2), { line: 2, column: 1 });
    assert.deepEqual(lineAndColumn('a\nb\r\nc\rd', 5), { line: 3, column: 1 });
    assert.deepEqual(lineAndColumn('a\nb\r\nc\rd', 7), { line: 4, column: 1 });
    assert.deepEqual(lineAndColumn('a\nbcd', 4), { line: 2, column: 3 });
  });
});
