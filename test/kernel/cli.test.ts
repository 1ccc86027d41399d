import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCell, newNotebook, parseNotebook, serializeNotebook, type CodeCell } from '../../src/core/notebook';
import { tempDir } from './helpers';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'mlnb.js');

function mlnb(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function notebookFile(...sources: string[]): string {
  const file = path.join(tempDir(), 'nb.mlnb');
  writeFileSync(file, serializeNotebook(newNotebook([createCell('markdown', '# title'), ...sources.map((s) => createCell('code', s))])));
  return file;
}

describe('mlnb run', function () {
  it('runs every code cell, prints outputs and writes them back with execution counts', () => {
    const file = notebookFile('const x = 20;\nconsole.log("hello from cell");', 'x * 2', 'await tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] }).compile({ optimizer: "sgd", loss: "meanSquaredError" })');
    const result = mlnb('run', file);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /hello from cell/);
    assert.match(result.stdout, /^40$/m);
    const nb = parseNotebook(readFileSync(file));
    const code = nb.cells.filter((c): c is CodeCell => c.cell_type === 'code');
    assert.deepEqual(code.map((c) => c.execution_count), [1, 2, 3]);
    assert.deepEqual(code[0].outputs, [{ output_type: 'stream', name: 'stdout', text: 'hello from cell\n' }]);
    assert.equal(code[1].outputs[0].output_type, 'execute_result');
    assert.deepEqual(code[0].metadata.mlnb, { tensorsLeaked: 0 });
  });

  it('prints one line per epoch while a model trains (not a terminal)', () => {
    const file = notebookFile([
      'const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });',
      "m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });",
      'await m.fit(tf.ones([8, 1]), tf.ones([8, 1]), { epochs: 3 });',
    ].join('\n'));
    const result = mlnb('run', file, '--no-write');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Epoch 1\/3 loss=/);
    assert.match(result.stdout, /Epoch 3\/3 loss=/);
    assert.match(result.stdout, /Training done after 3\/3 epochs/);
  });

  it('keeps every output of a diverged fit and of NaN tensors: NaN and ±Infinity are saved by name', () => {
    const file = notebookFile(
      [
        'const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: "ones" })] });',
        'm.compile({ optimizer: tf.train.sgd(10), loss: "meanSquaredError" });',
        'const h = await m.fit(tf.fill([16, 1], 1000), tf.fill([16, 1], -1000), { epochs: 8 });',
        'h.history.loss.some((l) => Number.isNaN(l))',
      ].join('\n'),
      'tf.tensor1d([1, NaN, Infinity, -Infinity])',
      'display.json({ loss: NaN, best: -Infinity, steps: 10n })',
    );
    const result = mlnb('run', file);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Epoch 8\/8 loss=NaN/);
    const text = readFileSync(file, 'utf8');
    const code = parseNotebook(text).cells.filter((c): c is CodeCell => c.cell_type === 'code');
    const data = (cell: CodeCell, mime: string) => {
      const output = cell.outputs.find((o) => (o.output_type === 'display_data' || o.output_type === 'execute_result') && mime in o.data);
      assert.ok(output && 'data' in output, `no ${mime} output in ${JSON.stringify(cell.outputs)}`);
      return output.data[mime] as Record<string, unknown>;
    };
    const training = data(code[0], 'application/vnd.mlnb.training+json') as { status: string; history: { loss: unknown[] } };
    assert.equal(training.status, 'done');
    assert.equal(training.history.loss.length, 8);
    assert.equal(training.history.loss.at(-1), 'NaN');
    assert.deepEqual(code[0].outputs.at(-1), { output_type: 'execute_result', data: { 'text/plain': 'true' }, metadata: {}, execution_count: 1 });
    const tensor = data(code[1], 'application/vnd.mlnb.tensor+json') as { values: unknown[]; stats: Record<string, unknown> };
    assert.deepEqual(tensor.values, [1, 'NaN', 'Infinity', '-Infinity']);
    assert.deepEqual(tensor.stats, { min: 1, max: 1, mean: 1, nan: 1, inf: 2 });
    assert.deepEqual(data(code[2], 'application/json'), { loss: 'NaN', best: '-Infinity', steps: '10' });
    // Reopened and saved again: the same bytes.
    assert.equal(serializeNotebook(parseNotebook(text)), text);
  });

  it('exits 1 naming the failing cell, stops there, and keeps later cells untouched', () => {
    const file = notebookFile('const ok = 1;', 'const a = 1;\n(null as any).boom', 'console.log("never")');
    const result = mlnb('run', file);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cell 3 \(id [0-9a-f]+\) failed: TypeError: Cannot read properties of null \(reading 'boom'\) \(line 2, column 15\)/);
    assert.doesNotMatch(result.stdout, /never/);
    const code = parseNotebook(readFileSync(file)).cells.filter((c): c is CodeCell => c.cell_type === 'code');
    assert.equal(code[1].outputs[0].output_type, 'error');
    assert.equal(code[2].execution_count, null);
  });

  it('writes to --out and leaves the input as it was', () => {
    const file = notebookFile('1 + 1');
    const before = readFileSync(file, 'utf8');
    const out = path.join(path.dirname(file), 'out.mlnb');
    assert.equal(mlnb('run', file, '--out', out).code, 0);
    assert.equal(readFileSync(file, 'utf8'), before);
    assert.equal((parseNotebook(readFileSync(out)).cells[1] as CodeCell).execution_count, 1);
  });

  it('refuses a corrupt notebook with exit code 2 and does not touch it', () => {
    const file = path.join(tempDir(), 'broken.mlnb');
    const text = '{"cells": [{"cell_type": "code", "source": "1"';
    writeFileSync(file, text);
    const result = mlnb('run', file);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /broken\.mlnb:1:\d+/);
    assert.equal(readFileSync(file, 'utf8'), text);
  });

  it('interrupts a cell that runs past --timeout-per-cell', () => {
    const file = notebookFile('while (true) {}');
    const result = mlnb('run', file, '--timeout-per-cell', '0.5', '--no-write');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /timed out after 0\.5 s/);
  });

  it('runs on the backend asked for', () => {
    const file = notebookFile('tf.getBackend()');
    const result = mlnb('run', file, '--backend', 'cpu', '--no-write');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /on the cpu backend/);
    assert.match(result.stdout, /'cpu'/);
  });

  it('explains its usage', () => {
    assert.equal(mlnb().code, 2);
    assert.equal(mlnb('frobnicate').code, 2);
    assert.match(mlnb('run', '--help').stdout, /--timeout-per-cell/);
    assert.equal(mlnb('run', 'a.mlnb', '--backend', 'gpu').code, 2);
  });
});
