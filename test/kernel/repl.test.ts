import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KernelSession } from '../../src/host/kernelSession';
import { run, resultValue, startSession, tempDir } from './helpers';

describe('kernel: REPL semantics', function () {
  let session: KernelSession;
  let dir: string;

  before(() => {
    dir = tempDir();
    // A package in the notebook's own node_modules that shadows one mlnb ships (acorn): the workspace wins.
    mkdirSync(path.join(dir, 'node_modules', 'acorn'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules', 'acorn', 'package.json'), '{"name":"acorn","main":"index.js"}');
    writeFileSync(path.join(dir, 'node_modules', 'acorn', 'index.js'), 'exports.fromWorkspace = true; exports.default = "ws-default";');
    mkdirSync(path.join(dir, 'node_modules', 'only-here'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules', 'only-here', 'index.js'), 'module.exports = { answer: 42 };');
    session = startSession({ cwd: dir });
  });
  after(() => session.shutdown());

  it('shares top-level const, let, var, function and class between cells', async () => {
    const first = await run(session, [
      'const a: number = 1;',
      'let b = 2;',
      'var c = 3;',
      'function add(x: number, y: number): number { return x + y; }',
      'class Counter { n = 0; inc() { return ++this.n; } }',
      'const { d, e: [f] } = { d: 4, e: [5] };',
    ].join('\n'));
    assert.equal(first.outcome.status, 'ok');
    const second = await run(session, 'add(a, b) + c + d + f + new Counter().inc()');
    assert.equal(resultValue(second), '16');
  });

  it('lets a cell that declares const run again, and later cells see the new value', async () => {
    assert.equal((await run(session, 'const again = 1; again')).outcome.status, 'ok');
    assert.equal(resultValue(await run(session, 'const again = 2; again')), '2');
    assert.equal(resultValue(await run(session, 'again * 10')), '20');
  });

  it('calls a function before its declaration in the same cell (hoisting)', async () => {
    await run(session, 'const early = hoisted();\nfunction hoisted() { return "ok"; }');
    assert.equal(resultValue(await run(session, 'early')), "'ok'");
  });

  it('supports top-level await and shows the last expression value', async () => {
    const cell = await run(session, 'const v = await new Promise<number>((r) => setTimeout(() => r(7), 20));\nv * 6');
    assert.equal(resultValue(cell), '42');
  });

  it('shows no value for a trailing declaration or an undefined result', async () => {
    assert.equal(resultValue(await run(session, 'const nothing = 5;')), undefined);
    assert.equal(resultValue(await run(session, 'undefined')), undefined);
  });

  it('predefines tf and resolves every TF.js import to the one kernel instance', async () => {
    const cell = await run(session, [
      "import * as tfA from '@tensorflow/tfjs';",
      "import * as tfB from '@tensorflow/tfjs-node';",
      'const t = tfA.tensor([1, 2, 3]);',
      'const same = tfA === tf && tfB === tf && t instanceof tf.Tensor;',
      'const registry = tf.memory().numTensors;',
      't.dispose();',
      'same && tf.memory().numTensors === registry - 1',
    ].join('\n'));
    assert.equal(resultValue(cell), 'true');
    // Importing it again in a later cell is fine.
    assert.equal(resultValue(await run(session, "import * as tfA from '@tensorflow/tfjs';\ntfA === tf")), 'true');
  });

  it('resolves imports from the notebook folder first, then from mlnb', async () => {
    const cell = await run(session, [
      "import * as acornNs from 'acorn';",
      "import onlyHere from 'only-here';",
      "import { answer } from 'only-here';",
      "import MagicString from 'magic-string';",
      '[acornNs.fromWorkspace, onlyHere.answer, answer, typeof MagicString]',
    ].join('\n'));
    assert.equal(resultValue(cell), "[ true, 42, 42, 'function' ]");
    assert.equal(resultValue(await run(session, "require('only-here').answer + (await import('only-here')).default.answer")), '84');
  });

  it('keeps imports a cell does not use itself, for later cells', async () => {
    await run(session, "import { answer as kept } from 'only-here';");
    assert.equal(resultValue(await run(session, 'kept')), '42');
  });

  it('names a missing package and how to install it', async () => {
    const cell = await run(session, "import x from 'no-such-package-mlnb';");
    assert.equal(cell.outcome.status, 'error');
    assert.match(cell.text, /Cannot find module 'no-such-package-mlnb'.*npm install no-such-package-mlnb/);
  });

  it('lists user variables with types, tensor shapes and model sizes', async () => {
    await run(session, "const weights = tf.zeros([2, 3]);\nconst tiny = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });\nconst label = 'hello';");
    const variables = await session.kernel!.variables();
    const byName = new Map(variables.map((v) => [v.name, v]));
    assert.deepEqual(byName.get('weights')?.tensor, { dtype: 'float32', shape: [2, 3], bytes: 24 });
    assert.deepEqual(byName.get('tiny')?.model, { layers: 1, params: 8 });
    assert.equal(byName.get('label')?.type, 'string');
    assert.equal(byName.get('label')?.summary, "'hello'");
  });
});
