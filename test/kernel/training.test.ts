import assert from 'node:assert/strict';
import type { KernelSession } from '../../src/host/kernelSession';
import { MIME, type TrainingView } from '../../src/core/outputs';
import { run, startSession } from './helpers';

const MODEL = [
  'const model = tf.sequential();',
  "model.add(tf.layers.dense({ units: 16, inputShape: [8], activation: 'relu' }));",
  "model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));",
  "model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });",
  'const xs = tf.randomNormal([256, 8]);',
  'const ys = xs.sum(1, true).greater(0).toFloat();',
].join('\n');

function trainingViews(events: { output: { output_type: string } & Record<string, unknown> }[]): { view: TrainingView; afterDone: boolean }[] {
  return events
    .map((e) => ({ data: (e.output as { data?: Record<string, unknown> }).data, afterDone: (e as unknown as { afterDone: boolean }).afterDone }))
    .filter((e) => e.data?.[MIME.training])
    .map((e) => ({ view: e.data![MIME.training] as TrainingView, afterDone: e.afterDone }));
}

describe('kernel: training progress', function () {
  let session: KernelSession;
  before(async () => {
    session = startSession();
    assert.equal((await run(session, MODEL)).outcome.status, 'ok');
  });
  after(() => session.shutdown());

  it('streams epoch progress and metrics from model.fit without user callbacks, and keeps the history', async () => {
    // A slow epoch (a user callback that waits 300 ms) makes every epoch worth an update.
    const cell = await run(session, [
      'const slowEpochs = { onEpochEnd: () => new Promise<void>((r) => setTimeout(r, 300)) };',
      'const h = await model.fit(xs, ys, { epochs: 5, batchSize: 32, validationSplit: 0.25, callbacks: slowEpochs });',
      'h.history.loss.length',
    ].join('\n'));
    assert.equal(cell.outcome.status, 'ok');
    const views = trainingViews(cell.events as never);
    assert.ok(views.every((v) => !v.afterDone));
    // Epoch metrics arrived while training was still running, epoch after epoch.
    const running = views.filter((v) => v.view.status === 'running').map((v) => v.view.history.loss?.length ?? 0);
    for (const epochs of [1, 2, 3, 4]) assert.ok(running.includes(epochs), `no live update after epoch ${epochs}: ${running}`);
    const final = cell.outputs.find((o) => o.output_type === 'display_data');
    assert.ok(final && final.output_type === 'display_data');
    const view = final.data[MIME.training] as TrainingView;
    assert.equal(view.status, 'done');
    assert.equal(view.epochs, 5);
    assert.equal(view.batchesPerEpoch, 6); // 192 training samples / 32
    for (const metric of ['loss', 'acc', 'val_loss', 'val_acc']) assert.equal(view.history[metric]?.length, 5, metric);
    assert.equal(cell.outputs.filter((o) => o.output_type === 'display_data').length, 1, 'one output per fit');
  });

  it('keeps user callbacks working alongside the progress stream', async () => {
    const cell = await run(session, [
      'const seen: number[] = [];',
      'await model.fit(xs, ys, { epochs: 3, callbacks: { onEpochEnd: async (epoch) => { seen.push(epoch); } } });',
      'await model.fit(xs, ys, { epochs: 4, callbacks: [tf.callbacks.earlyStopping({ monitor: "loss", patience: 100 })] });',
      'seen',
    ].join('\n'));
    assert.equal(cell.outcome.status, 'ok', cell.text);
    assert.match(cell.text, /\[ 0, 1, 2 \]/);
    assert.equal(cell.outputs.filter((o) => o.output_type === 'display_data').length, 2);
  });

  it('streams fitDataset progress', async () => {
    const cell = await run(session, [
      'const ds = tf.data.zip({ xs: tf.data.array(xs.arraySync() as number[][]), ys: tf.data.array(ys.arraySync() as number[][]) }).batch(64);',
      'await model.fitDataset(ds, { epochs: 2 });',
    ].join('\n'));
    assert.equal(cell.outcome.status, 'ok', cell.text);
    const final = cell.outputs.find((o) => o.output_type === 'display_data');
    assert.ok(final && final.output_type === 'display_data');
    const view = final.data[MIME.training] as TrainingView;
    assert.equal(view.status, 'done');
    assert.equal(view.history.loss.length, 2);
  });
});
