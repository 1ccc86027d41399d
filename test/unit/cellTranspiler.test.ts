import assert from 'node:assert/strict';
import vm from 'node:vm';
import { CellSyntaxError, transpileCell } from '../../src/core/cellTranspiler';
import { CellSourceMaps } from '../../src/core/stackTrace';

/** Runs transpiled cells in a fresh context, as the kernel does in its own. */
function repl() {
  const context = vm.createContext({
    __mlnb: {
      importModule: (s: string) => ({ named: `named:${s}`, default: `default:${s}`, __esModule: true }),
      defaultExport: (m: { default: unknown }) => m.default,
      dynamicImport: async (s: string) => ({ dyn: s }),
    },
  });
  return async (source: string) => {
    const cell = transpileCell(source, 'In[1]');
    const value = await (vm.runInContext(cell.script, context) as Promise<unknown>);
    // Arrays made in the other realm have another Array.prototype; copy them for deepEqual.
    return { cell, value: Array.isArray(value) ? [...value] : value };
  };
}

describe('cell transpiler', () => {
  it('strips types and returns the last expression', async () => {
    const run = repl();
    const { value, cell } = await run('const a: number = 2;\ninterface X { y: string }\na * 21');
    assert.equal(value, 42);
    assert.equal(cell.returnsValue, true);
    assert.deepEqual(cell.declaredNames, ['a']);
  });

  it('turns every top-level declaration into a global that later cells see', async () => {
    const run = repl();
    await run([
      'let a = 1, b;',
      'const { c, d: [e], ...rest } = { c: 2, d: [3], f: 4 };',
      'function f() { return 5; }',
      'class K { static v = 6 }',
      'enum Color { Red = 7 }',
      'var [g = 8] = [];',
    ].join('\n'));
    const { value } = await run('[a, b, c, e, rest.f, f(), K.v, Color.Red, g]');
    assert.deepEqual(value, [1, undefined, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('allows re-running a cell that declares const', async () => {
    const run = repl();
    await run('const x = 1;');
    assert.equal((await run('const x = 2; x')).value, 2);
  });

  it('leaves non-top-level declarations alone', async () => {
    const run = repl();
    await run('for (let i = 0; i < 2; i++) { const inner = i; }\n{ let block = 1; }\nfunction outer() { const local = 1; return local; }');
    const { value } = await run('[typeof i, typeof inner, typeof block, typeof local, outer()]');
    assert.deepEqual(value, ['undefined', 'undefined', 'undefined', 'undefined', 1]);
  });

  it('supports top-level await', async () => {
    const run = repl();
    assert.equal((await run('const v = await Promise.resolve(5);\nv + 1')).value, 6);
  });

  it('rewrites static and dynamic imports to the kernel module loader', async () => {
    const run = repl();
    await run("import * as ns from 'a';\nimport def, { named as renamed } from 'b';\nimport 'side-effect';");
    assert.deepEqual((await run('[ns.named, def, renamed]')).value, ['named:a', 'default:b', 'named:b']);
    assert.deepEqual((await run("await import('c')")).value, { dyn: 'c' });
  });

  it('keeps imports the cell itself does not use (a later cell may)', () => {
    const { script } = transpileCell("import { unusedHere } from 'lib';");
    assert.match(script, /unusedHere/);
  });

  it('drops export keywords', async () => {
    const run = repl();
    await run('export const exported = 3;\nexport function fn() { return 4; }');
    assert.equal((await run('exported + fn()')).value, 7);
  });

  it('reports syntax errors at the cell line and column', () => {
    assert.throws(
      () => transpileCell('const ok = 1;\n\nconst bad: = 2;'),
      (error: unknown) => error instanceof CellSyntaxError && error.line === 3 && error.column === 12 && error.lineText === 'const bad: = 2;',
    );
  });

  it('maps positions in the script back to the TypeScript source', async () => {
    const source = 'type T = { a: number };\n\nconst value: T = { a: 1 };\n\nfunction fail(): never {\n  throw new Error("boom");\n}\nfail();';
    const cell = transpileCell(source, 'In[9]');
    const maps = new CellSourceMaps();
    maps.register(9, 'cell-9', cell);
    let stack = '';
    try {
      await (vm.runInNewContext(cell.script, { __mlnb: {} }, { filename: 'In[9]' }) as Promise<unknown>);
    } catch (error) {
      stack = (error as Error).stack!;
    }
    const { frames, location } = maps.rewriteStack(stack, (f) => f.includes('node:'));
    assert.deepEqual(location, { cellId: 'cell-9', line: 6, column: 9 });
    assert.match(frames[0], /at fail \(In\[9\]:6:9\)/);
    assert.match(frames[1], /In\[9\]:8:1/);
  });
});
