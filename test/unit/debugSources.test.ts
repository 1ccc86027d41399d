import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { transpileCell } from '../../src/core/cellTranspiler';
import { debugSourceDir, debugSourcePath, withInlineSourceMap } from '../../src/core/debugSources';

const CELL = 'vscode-notebook-cell:/home/u/nb.mlnb#W1sZmlsZQ%3D%3D';

function inlineMap(script: string): { sources: string[]; sourcesContent: string[]; mappings: string; version: number } {
  const match = /\n\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,([A-Za-z0-9+/=]+)\n$/.exec(script);
  assert.ok(match, 'the script ends with an inline source map comment');
  return JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8'));
}

describe('debug sources (Debug Cell)', () => {
  it('one file per cell, in a folder per kernel process, the same from the kernel and from the extension', () => {
    const dir = debugSourceDir('/tmp', 4242);
    assert.equal(dir, path.join('/tmp', 'mlnb-debug-4242'));
    const file = debugSourcePath(dir, CELL);
    assert.equal(path.dirname(file), dir);
    assert.match(path.basename(file), /^cell-[0-9a-f]{16}\.ts$/);
    assert.equal(debugSourcePath(dir, CELL), file, 'stable across runs of the cell');
    assert.notEqual(debugSourcePath(dir, `${CELL}x`), file, 'another cell, another file');
  });

  it('the inline source map points at the file, carries the cell text, and maps the script back to the cell', () => {
    const source = 'const a: number = 1;\nlet b = a + 1;\nb';
    const cell = transpileCell(source, 'In[3]');
    const file = debugSourcePath('/tmp/mlnb-debug-1', CELL);
    const script = withInlineSourceMap(cell.script, cell.map, file, source);
    assert.ok(script.startsWith(cell.script), 'the code itself is unchanged');
    const map = inlineMap(script);
    assert.equal(map.version, 3);
    assert.deepEqual(map.sources.map((s) => fileURLToPath(s)), [file]);
    assert.deepEqual(map.sourcesContent, [source]);
    const lines = cell.script.split('\n');
    const line = lines.findIndex((l) => l.includes('b = a + 1'));
    const position = originalPositionFor(new TraceMap(map as never), { line: line + 1, column: lines[line]!.indexOf('b = a + 1') });
    assert.deepEqual([position.line, position.column], [2, 4]);
  });

  it("pure (no node:path, node:url or Buffer), yet names the file as Node would: odd characters in the path, non-ASCII cell text", () => {
    const dir = '/tmp/a b#c?d%e\\f/数据';
    const file = debugSourcePath(`${dir}/`, CELL);
    assert.equal(path.dirname(file), dir, 'a trailing slash on the folder adds no empty segment');
    const source = 'const 名前 = "é"; // ✓';
    const cell = transpileCell(source, 'In[1]');
    const map = inlineMap(withInlineSourceMap(cell.script, cell.map, file, source));
    assert.deepEqual(map.sources, [pathToFileURL(file).href]);
    assert.deepEqual(map.sourcesContent, [source]);
  });

  it('Run by Line: a debugger statement before the first statement, on its line; nothing changes otherwise', () => {
    const source = '\n\n  const first = 1;\nconst second = first + 1;';
    const plain = transpileCell(source, 'In[1]');
    assert.doesNotMatch(plain.script, /debugger/);
    const paused = transpileCell(source, 'In[1]', { pauseAtStart: true });
    assert.equal(paused.script.match(/debugger;/g)?.length, 1);
    assert.ok(paused.script.indexOf('debugger;') < paused.script.indexOf('first = 1'));
    assert.deepEqual(paused.declaredNames, plain.declaredNames);
    const lines = paused.script.split('\n');
    const line = lines.findIndex((l) => l.includes('first = 1'));
    const position = originalPositionFor(new TraceMap(paused.map), { line: line + 1, column: lines[line]!.indexOf('first = 1') });
    assert.equal(position.line, 3, 'the first statement still maps to its own line');
    assert.doesNotMatch(transpileCell('', 'In[2]', { pauseAtStart: true }).script, /debugger/, 'an empty cell has nothing to pause at');
  });
});
