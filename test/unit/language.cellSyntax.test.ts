import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { NotebookLanguageService } from '../../src/core/language/notebookLanguageService';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES } from '../../src/core/language/semanticTokens';
import type { CellText } from '../../src/core/language/virtualDocument';
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
    service = new NotebookLanguageService({ notebookDir: dir, packageRoot: PACKAGE_ROOT, fileSystem: ts.sys });
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

/** TypeScript's semantic tokens of a .ts file holding `text`, as [offset, length, type, modifiers]. */
function fileTokens(text: string): [number, number, number, number][] {
  const fileName = path.join(PACKAGE_ROOT, '__mlnb_tokens_test__.ts');
  const service = ts.createLanguageService({
    getCompilationSettings: () => ({ target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: [] }),
    getScriptFileNames: () => [fileName],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => (name === fileName ? ts.ScriptSnapshot.fromString(text) : ts.sys.fileExists(name) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name)!) : undefined),
    getCurrentDirectory: () => PACKAGE_ROOT,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (name) => name === fileName || ts.sys.fileExists(name),
    readFile: (name) => (name === fileName ? text : ts.sys.readFile(name)),
  });
  try {
    const { spans } = service.getEncodedSemanticClassifications(fileName, { start: 0, length: text.length }, ts.SemanticClassificationFormat.TwentyTwenty);
    const tokens: [number, number, number, number][] = [];
    for (let i = 0; i < spans.length; i += 3) tokens.push([spans[i]!, spans[i + 1]!, (spans[i + 2]! >> 8) - 1, spans[i + 2]! & 0xff]);
    return tokens;
  } finally {
    service.dispose();
  }
}

describe('language service: semantic highlighting', function () {
  this.timeout(30_000);
  it('classifies the names of a cell as VS Code\'s TypeScript does, across cells; local as in a file (what a function or catch declares), not for what the cell declares', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mlnb-tokens-'));
    const service = new NotebookLanguageService({ notebookDir: dir, packageRoot: PACKAGE_ROOT, fileSystem: ts.sys });
    try {
      const second = "const lr = rate * 2;\nfunction train(epochs: number) { const inner = epochs; return inner; }\nclass Net {}\nimport { tensor } from '@tensorflow/tfjs';\nlet n = new Net();\nMath.max(lr, train(1));\nfor (const [k] of [[1]]) k;\ntry {} catch (e) {}";
      service.update(cells('let rate = 0.1;', second));
      const raw = service.semanticTokens('c2');
      const tokens: string[] = [];
      for (let i = 0; i < raw.length; i += 4) {
        const modifiers = SEMANTIC_TOKEN_MODIFIERS.filter((_, bit) => raw[i + 3]! & (1 << bit));
        tokens.push(`${second.slice(raw[i]!, raw[i]! + raw[i + 1]!)}:${SEMANTIC_TOKEN_TYPES[raw[i + 2]!]}${modifiers.map((m) => `.${m}`).join('')}`);
      }
      assert.deepEqual(tokens, [
        'lr:variable.declaration.readonly',
        'rate:variable',
        'train:function.declaration',
        'epochs:parameter.declaration',
        'inner:variable.declaration.readonly.local',
        'epochs:parameter',
        'inner:variable.readonly.local',
        'Net:class.declaration',
        'n:variable.declaration',
        'Net:class',
        'Math:variable.defaultLibrary',
        'max:method.defaultLibrary',
        'lr:variable.readonly',
        'train:function',
        // TypeScript does not call the variable of a top-level loop local either.
        'k:variable.declaration.readonly',
        'k:variable.readonly',
        'e:variable.declaration.local',
      ]);
      // The same as TypeScript gives the two cells written one after the other in a .ts file.
      const first = 'let rate = 0.1;\n';
      assert.deepEqual(raw, fileTokens(first + second).flatMap(([start, ...rest]) => (start >= first.length ? [start - first.length, ...rest] : [])));
      assert.deepEqual(service.semanticTokens('nope'), []);
    } finally {
      service.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
