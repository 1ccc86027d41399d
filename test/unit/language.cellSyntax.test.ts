import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { NotebookLanguageService, type CellText } from '../../src/core/language/notebookLanguageService';
import type { CellSelectionRange, CellSymbol, CellTextEdit } from '../../src/core/language/cellSyntax';

const PACKAGE_ROOT = path.resolve(__dirname, '../..');
const cells = (...texts: string[]): CellText[] => texts.map((text, index) => ({ id: `c${index + 1}`, text }));
const SETTINGS: ts.FormatCodeSettings = { ...ts.getDefaultFormatCodeSettings('\n'), tabSize: 2, indentSize: 2, convertTabsToSpaces: true };

/** The text after applying edits (TypeScript gives them sorted and not overlapping). */
function applied(text: string, edits: readonly CellTextEdit[]): string {
  return [...edits].reverse().reduce((result, edit) => result.slice(0, edit.start) + edit.newText + result.slice(edit.start + edit.length), text);
}

const outline = (symbols: readonly CellSymbol[]): string[] => symbols.map((s) => `${s.kind} ${s.name}${s.children.length ? ` [${outline(s.children).join(', ')}]` : ''}`);

describe('language service: formatting, outline, folding and smart selection of a cell', function () {
  this.timeout(30_000);
  let dir = '';
  let service: NotebookLanguageService;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mlnb-syntax-'));
    service = new NotebookLanguageService({ notebookDir: dir, packageRoot: PACKAGE_ROOT });
  });
  after(() => {
    service.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('formats a cell as a file of its own: its top level is not indented, whatever the cells around it hold', () => {
    const second = 'const  model=tf.sequential( )\nif(model){\nmodel.add(tf.layers.dense({units:1,inputShape:[1]}))\n    }';
    // Cell 1 leaves a brace open: in the whole-notebook file it would swallow cell 2, not when formatting.
    service.update(cells('function open() {', second));
    assert.equal(
      applied(second, service.format('c2', SETTINGS)),
      'const model = tf.sequential()\nif (model) {\n  model.add(tf.layers.dense({ units: 1, inputShape: [1] }))\n}',
    );
    // The user's preferences: four spaces and semicolons added.
    assert.equal(
      applied(second, service.format('c2', { ...SETTINGS, tabSize: 4, indentSize: 4, semicolons: ts.SemicolonPreference.Insert })),
      'const model = tf.sequential();\nif (model) {\n    model.add(tf.layers.dense({ units: 1, inputShape: [1] }));\n}',
    );
  });

  it('formats only the selected lines, and follows edits of the cell', () => {
    const text = 'const  a=1\nconst  b=2';
    service.update(cells(text));
    assert.equal(applied(text, service.format('c1', SETTINGS, { start: text.indexOf('const  b'), end: text.length })), 'const  a=1\nconst b = 2');
    service.update(cells('let  c=3'));
    assert.equal(applied('let  c=3', service.format('c1', SETTINGS)), 'let c = 3');
    assert.deepEqual(service.format('nope', SETTINGS), []);
  });

  it('gives the outline of a cell: declarations and their members, and callbacks (as VS Code names them), without imports', () => {
    const text = "import * as data from './data';\nconst model = tf.sequential();\nfunction train(epochs: number) {\n  const inner = epochs;\n  return inner;\n}\nclass Net {\n  forward() {}\n}\n[1].map(() => 1);";
    service.update(cells('const other = 1;', text));
    const symbols = service.symbols('c2');
    assert.deepEqual(outline(symbols).sort(), ['class Net [method forward]', 'const model', 'function map() callback', 'function train [const inner]']);
    const train = symbols.find((s) => s.name === 'train')!;
    assert.equal(text.slice(train.start, train.start + train.length), text.slice(text.indexOf('function train'), text.indexOf('}\nclass') + 1));
    assert.equal(text.slice(train.nameStart, train.nameStart + train.nameLength), 'train');
    assert.deepEqual(outline(service.symbols('c1')), ['const other']);
  });

  it('folds regions, comments and code blocks of a cell', () => {
    const text = '// #region data\nconst x = 1;\n// #endregion\n/**\n * Trains.\n */\nfunction train() {\n  return x;\n}';
    service.update(cells(text));
    const folds = service.foldingRanges('c1').map((f) => `${f.kind} ${JSON.stringify(text.slice(f.start, f.start + f.length).split('\n')[0]!.trim())}`);
    assert.deepEqual(folds, ['region "// #region data"', 'comment "/**"', 'code "{"']);
  });

  it('gives the ranges Expand Selection steps through, from the word to the whole cell', () => {
    const text = 'const model = tf.sequential();\nmodel.add(tf.layers.dense({ units: 1 }));';
    service.update(cells(text));
    const [selection] = service.selectionRanges('c1', [text.indexOf('units') + 1]);
    const steps: string[] = [];
    for (let step: CellSelectionRange | undefined = selection; step; step = step.parent) steps.push(text.slice(step.start, step.start + step.length));
    assert.equal(steps[0], 'units');
    assert.ok(steps.includes('{ units: 1 }'), steps.join(' | '));
    assert.ok(steps.includes('tf.layers.dense({ units: 1 })'), steps.join(' | '));
    assert.equal(steps.at(-1), text);
  });
});
