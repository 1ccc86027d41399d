import assert from 'node:assert/strict';
import type { KernelSession } from '../../src/host/kernelSession';
import { MIME, type TrainingView } from '../../src/core/outputs';
import { diagnoseHistory } from '../../src/core/trainingDiagnosis';
import { run, startSession } from './helpers';

/** Trains in the kernel and diagnoses the history saved in the cell's training output. */
async function trainAndDiagnose(session: KernelSession, code: string) {
  const cell = await run(session, code);
  assert.equal(cell.outcome.status, 'ok', cell.text);
  const output = cell.outputs.find((o) => o.output_type === 'display_data' && MIME.training in o.data);
  assert.ok(output && output.output_type === 'display_data');
  return diagnoseHistory((output.data[MIME.training] as TrainingView).history);
}

describe('training diagnosis on real runs', function () {
  let session: KernelSession;
  before(() => (session = startSession()));
  after(() => session.shutdown());

  it('a big MLP on 30 samples for many epochs is diagnosed as overfitting', async () => {
    // Seeded data and weights: unseeded, an unlucky draw now and then did not overfit enough to be called so.
    const d = await trainAndDiagnose(session, [
      "const x = tf.randomUniform([30, 1], -1, 1, 'float32', 1); const y = x.square().add(tf.randomNormal([30, 1], 0, 0.3, 'float32', 2));",
      "const xv = tf.randomUniform([300, 1], -1, 1, 'float32', 3); const yv = xv.square().add(tf.randomNormal([300, 1], 0, 0.3, 'float32', 4));",
      'const init = (seed: number) => tf.initializers.glorotUniform({ seed });',
      "const big = tf.sequential({ layers: [tf.layers.dense({ units: 256, activation: 'relu', inputShape: [1], kernelInitializer: init(5) }), tf.layers.dense({ units: 256, activation: 'relu', kernelInitializer: init(6) }), tf.layers.dense({ units: 256, activation: 'relu', kernelInitializer: init(7) }), tf.layers.dense({ units: 1, kernelInitializer: init(8) })] });",
      "big.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });",
      'await big.fit(x, y, { epochs: 200, batchSize: 30, validationData: [xv, yv] });',
    ].join('\n'));
    assert.equal(d?.kind, 'overfitting', JSON.stringify(d));
  });

  it('a learning rate of 10 is diagnosed as divergence', async () => {
    const d = await trainAndDiagnose(session, [
      'const xd = tf.randomNormal([256, 8]); const yd = xd.sum(1, true);',
      "const wild = tf.sequential({ layers: [tf.layers.dense({ units: 32, activation: 'relu', inputShape: [8] }), tf.layers.dense({ units: 1 })] });",
      "wild.compile({ optimizer: tf.train.sgd(10), loss: 'meanSquaredError' });",
      'await wild.fit(xd, yd, { epochs: 10, batchSize: 32 });',
    ].join('\n'));
    assert.equal(d?.kind, 'divergence', JSON.stringify(d));
  });

  it('a sane run is diagnosed as nothing', async () => {
    const d = await trainAndDiagnose(session, [
      'const xs = tf.randomNormal([1000, 4]); const ys = xs.matMul(tf.tensor2d([[1], [-2], [0.5], [3]])).add(tf.randomNormal([1000, 1], 0, 0.1));',
      "const sane = tf.sequential({ layers: [tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 1 })] });",
      "sane.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });",
      'await sane.fit(xs, ys, { epochs: 30, batchSize: 32, validationSplit: 0.2 });',
    ].join('\n'));
    assert.equal(d, undefined, JSON.stringify(d));
  });
});
