/**
 * The compiled path in the real kernel when things go wrong: TensorFlow aborting the process from native code
 * mid-fit is reported to the client exactly like any other kernel crash, and an interrupt mid-epoch stops at the
 * next batch with the weights of the batches that ran in the model. And a bad tensor given to the addon is an
 * error, not one of TensorFlow's aborts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { KernelSession } from '../../src/host/kernelSession';
import { CellOutputs } from '../../src/core/cellOutputs';
import { MIME, type NbOutput, type TrainingView } from '../../src/core/outputs';
import { loadGraphAddon } from '../../src/kernel/compiledTraining/addon';
import { resultValue, run, startSession } from './helpers';

const ADDON = path.resolve(__dirname, '..', '..', 'native', 'graph', 'build', 'Release', 'mlnb_graph.node');

const MODEL = [
  'const model = tf.sequential({ layers: [tf.layers.dense({ units: 16, inputShape: [8], activation: "relu" }), tf.layers.dense({ units: 1 })] });',
  "model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });",
  'const xs = tf.randomNormal([4096, 8], 0, 1, "float32", 1); const ys = tf.randomNormal([4096, 1], 0, 1, "float32", 2);',
].join('\n');

/**
 * A fit whose `crash` statement runs in a callback after the fifth batch of the second epoch (compiled batches
 * before). The batch before waits 400 ms so that a (throttled) update carrying the first epoch leaves first.
 */
const crashingFit = (crash: string) => [
  'let epochsDone = 0;',
  'await model.fit(xs, ys, { epochs: 3, batchSize: 256, callbacks: {',
  '  onEpochEnd: async () => { epochsDone++; },',
  '  onBatchEnd: async (batch) => {',
  '    if (epochsDone === 1 && batch === 3) await new Promise((r) => setTimeout(r, 400));',
  `    if (epochsDone === 1 && batch === 4) { ${crash} }`,
  '  },',
  '} });',
].join('\n');

function trainingViews(outputs: NbOutput[]): TrainingView[] {
  return outputs.flatMap((o) => (o.output_type === 'display_data' && o.data[MIME.training] ? [o.data[MIME.training] as TrainingView] : []));
}

describe('compiled training in the kernel: a native crash and an interrupt', function () {
  this.timeout(120_000);
  before(() => assert.ok(loadGraphAddon().addon, 'the graph addon is built'));

  it('TensorFlow aborting inside the graph addon mid-fit is reported as the same KernelDied as process.abort()', async () => {
    const reports: { outcome: string; message: string; outputs: NbOutput[]; view: TrainingView; queued: string; after: string | undefined; logs: string[] }[] = [];
    for (const crash of [
      'process.abort();',
      // TensorFlow's own Abort op: its kernel LOG(FATAL)s ("Check failure stack trace") and aborts, in native code
      // the session runs, exactly as a failed CHECK inside any other op would.
      `const addon = require(${JSON.stringify(ADDON)}); const g = new addon.Graph(); g.addOp('Abort', 'abort', [], { error_msg: { kind: 'string', value: 'a native crash mid-fit' } }); new addon.Session(g).run([], [], ['abort']);`,
    ]) {
      const logs: string[] = [];
      const session: KernelSession = startSession({ log: (line) => logs.push(line) });
      try {
        assert.equal((await run(session, MODEL)).outcome.status, 'ok');
        const crashing = run(session, crashingFit(crash));
        const queued = run(session, 'console.log("must not run")');
        const [cell, skipped] = await Promise.all([crashing, queued]);
        const outputs = new CellOutputs();
        cell.outputs.forEach((o) => outputs.add(o));
        outputs.finish(cell.outcome);
        const views = trainingViews(outputs.outputs);
        assert.equal(views.length, 1);
        reports.push({
          outcome: cell.outcome.status,
          message: cell.outcome.status === 'died' ? cell.outcome.message : '',
          outputs: outputs.outputs,
          view: views[0],
          queued: skipped.outcome.status,
          after: resultValue(await run(session, 'typeof model')),
          logs,
        });
      } finally {
        await session.shutdown();
      }
    }
    const [plain, native] = reports;
    assert.ok(native.logs.some((l) => /compiled training: model '.*' trains as one TensorFlow graph per batch/.test(l)), native.logs.join('\n'));
    for (const r of reports) {
      assert.equal(r.outcome, 'died');
      assert.match(r.message, /^The kernel process was killed by signal SIGABRT\./);
      assert.equal(r.view.status, 'failed');
      assert.equal(r.view.history.loss?.length, 1, 'the epoch that finished is kept');
      assert.equal(r.queued, 'cancelled');
      assert.equal(r.after, "'undefined'", 'the next cell runs in a fresh kernel');
      const last = r.outputs[r.outputs.length - 1];
      assert.ok(last.output_type === 'error');
      assert.equal(last.ename, 'KernelDied');
      assert.equal(last.evalue, r.message);
    }
    // The same outputs (one failed training view, then the error), the same first line; TensorFlow's own reason
    // is in the native crash's stderr tail.
    assert.deepEqual(native.outputs.map((o) => o.output_type), plain.outputs.map((o) => o.output_type));
    assert.equal(native.message.split('\n')[0], plain.message.split('\n')[0]);
    assert.match(native.message, /Last stderr lines:[\s\S]*Abort_op intentional failure; a native crash mid-fit/);
  });

  it('an interrupt mid-epoch stops at the next batch with the weights of the batches that ran in the model', async () => {
    const logs: string[] = [];
    const session = startSession({ log: (line) => logs.push(line) });
    try {
      assert.equal((await run(session, [
        MODEL,
        'const initial = model.getWeights().map((w) => w.clone());',
      ].join('\n'))).outcome.status, 'ok');
      let sawBatches!: () => void;
      const started = new Promise<void>((resolve) => (sawBatches = resolve));
      let lastView: TrainingView | undefined;
      // One epoch of 1024 batches: the interrupt lands mid-epoch, while the session's weights are ahead of the model's.
      const running = session.execute('fit', 'await model.fit(xs, ys, { epochs: 1, batchSize: 4, shuffle: false });', {
        output: () => undefined,
        update: (_id, output) => {
          const view = output.output_type === 'display_data' ? (output.data[MIME.training] as TrainingView | undefined) : undefined;
          if (!view) return;
          lastView = view;
          if (view.batch >= 5) sawBatches();
        },
      });
      await started;
      assert.equal(await session.interrupt(), 'interrupted');
      assert.equal((await running).status, 'interrupted');
      assert.ok(logs.some((l) => /compiled training: model '.*' trains as one TensorFlow graph per batch/.test(l)), logs.join('\n'));
      const steps = Number(resultValue(await run(session, 'model.optimizer.iterations')));
      assert.ok(steps >= 5 && steps < 1024, `stopped after ${steps} of 1024 batches`);
      assert.equal(lastView?.status, 'stopped');
      assert.equal(lastView?.batch, steps, 'no batch ran after the one the interrupt found running');
      // The same batches, eagerly, from the same start, step by step with TF.js's own SGD.
      const check = await run(session, [
        'const reference = tf.sequential({ layers: [tf.layers.dense({ units: 16, inputShape: [8], activation: "relu" }), tf.layers.dense({ units: 1 })] });',
        'reference.setWeights(initial);',
        'const sgd = tf.train.sgd(0.01);',
        `for (let b = 0; b < ${steps}; b++) {`,
        '  const xb = xs.slice([4 * b, 0], [4, 8]); const yb = ys.slice([4 * b, 0], [4, 1]);',
        '  sgd.minimize(() => tf.mean(tf.square(tf.sub(reference.apply(xb, { training: true }), yb))));',
        '}',
        'const gap = Math.max(...model.getWeights().map((w, i) => tf.max(tf.abs(tf.sub(w, reference.getWeights()[i]))).dataSync()[0]));',
        'const moved = Math.max(...model.getWeights().map((w, i) => tf.max(tf.abs(tf.sub(w, initial[i]))).dataSync()[0]));',
        '[gap < 1e-4, moved > 1e-3, gap, moved]',
      ].join('\n'));
      assert.equal(check.outcome.status, 'ok', check.text);
      assert.match(check.text, /^\[ true, true,/, check.text);
    } finally {
      await session.shutdown();
    }
  });
});

describe('the graph addon: tensors TensorFlow would abort on', function () {
  this.timeout(60_000);

  it('refuses a shape whose element count overflows int64 with an error instead of TensorFlow\'s CHECK abort', () => {
    // In a child process: before the check, this aborted the process that ran it.
    const script = [
      `const addon = require(${JSON.stringify(ADDON)});`,
      'const g = new addon.Graph();',
      "g.addOp('Placeholder', 'x', [], { dtype: { kind: 'type', value: 'float32' }, shape: { kind: 'shape', value: [-1, -1, -1] } });",
      "g.addOp('Identity', 'y', ['x'], {});",
      'const s = new addon.Session(g);',
      'for (const shape of [[2 ** 31, 2 ** 31, 4], [0, 2 ** 50, 2 ** 50], [2 ** 50, 2 ** 50, 0], [2 ** 40, 2 ** 30, 1], [2 ** 64, 1, 1]]) {',
      "  try { const [y] = s.run([{ name: 'x', dtype: 'float32', shape, data: new Float32Array(0) }], ['y'], []); console.log(`accepted [${y.shape}]`); }",
      "  catch (e) { console.log(e.message); }",
      '}',
    ].join('\n');
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
    assert.equal(child.signal, null, child.stderr);
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(child.stdout.trim().split('\n'), [
      "feed 'x'.shape has more elements than a tensor can hold",
      // TensorFlow multiplies the dimensions in order: a zero first keeps the count at 0; a zero last comes too late.
      `accepted [0,${2 ** 50},${2 ** 50}]`,
      "feed 'x'.shape has more elements than a tensor can hold",
      "feed 'x'.shape has more elements than a tensor can hold",
      "feed 'x'.shape must hold integers of at most 2^53, got 18446744073709551616.000000",
    ]);
  });
});
