import assert from 'node:assert/strict';
import type { KernelSession } from '../../src/host/kernelSession';
import { MIME, type ChartView, type ModelSummaryView, type TensorView } from '../../src/core/outputs';
import { run, startSession } from './helpers';

describe('kernel: outputs', function () {
  let session: KernelSession;
  before(() => (session = startSession()));
  after(() => session.shutdown());

  it('streams console output while the cell runs, in order', async () => {
    const cell = await run(session, [
      "console.log('first');",
      "console.error('second');",
      "process.stdout.write('third\\n');",
      'await new Promise((r) => setTimeout(r, 300));',
      "console.log('fourth', { n: 1 });",
    ].join('\n'));
    const streams = cell.events.filter((e) => e.output.output_type === 'stream');
    assert.deepEqual(
      streams.map((e) => (e.output.output_type === 'stream' ? [e.output.name, e.output.text] : [])),
      [['stdout', 'first\n'], ['stderr', 'second\n'], ['stdout', 'third\n'], ['stdout', 'fourth { n: 1 }\n']],
    );
    assert.ok(streams.every((e) => !e.afterDone));
    // 'first' arrived before the cell's 300 ms wait was over: it streamed, it was not held until the end.
    assert.ok(streams[3].at - streams[0].at >= 250, `first output came ${streams[3].at - streams[0].at} ms before the last`);
  });

  it('shows a tensor with dtype, shape, stats and truncated values', async () => {
    const cell = await run(session, 'tf.range(0, 5000).reshape([50, 100])');
    const result = cell.outputs.find((o) => o.output_type === 'execute_result');
    assert.ok(result && result.output_type === 'execute_result');
    const view = result.data[MIME.tensor] as TensorView;
    assert.equal(view.dtype, 'float32');
    assert.deepEqual(view.shape, [50, 100]);
    assert.equal(view.size, 5000);
    assert.equal(view.truncated, true);
    assert.ok(view.values.length < 5000);
    assert.deepEqual(view.stats, { min: 0, max: 4999, mean: 2499.5, nan: 0, inf: 0 });
    assert.match(String(result.data['text/plain']), /dtype: float32[\s\S]*shape: \[50,100\]/);
  });

  it('counts NaN and Infinity in a tensor', async () => {
    const cell = await run(session, 'tf.tensor([1, NaN, Infinity, -Infinity, 3])');
    const result = cell.outputs[0];
    assert.ok(result.output_type === 'execute_result');
    const view = result.data[MIME.tensor] as TensorView;
    assert.deepEqual(view.stats, { min: 1, max: 3, mean: 2, nan: 1, inf: 2 });
  });

  it('shows a LayersModel as a summary table', async () => {
    const cell = await run(session, [
      'const model = tf.sequential();',
      "model.add(tf.layers.dense({ units: 8, inputShape: [4], activation: 'relu' }));",
      'model.add(tf.layers.dense({ units: 3 }));',
      'model',
    ].join('\n'));
    const result = cell.outputs[0];
    assert.ok(result.output_type === 'execute_result');
    const summary = result.data[MIME.modelSummary] as ModelSummaryView;
    assert.equal(summary.totalParams, 4 * 8 + 8 + 8 * 3 + 3);
    assert.deepEqual(summary.layers.map((l) => [l.type, l.outputShape, l.params]), [['Dense', '[None,8]', 40], ['Dense', '[None,3]', 27]]);
    assert.match(String(result.data['text/plain']), /Total params: 67/);
  });

  it('emits rich mime bundles from display()', async () => {
    const cell = await run(session, [
      "display.markdown('# Title');",
      "display.html('<b>bold</b>');",
      'display.image(tf.ones([4, 6, 3]));',
      "display.chart({ kind: 'line', title: 'loss', series: [{ name: 'loss', y: [3, 2, 1] }] });",
      'display.chart({ history: { loss: [1, 0.5], val_loss: [1.2, 0.9] } });',
      "display({ plain: 'object' });",
    ].join('\n'));
    const kinds = cell.outputs.map((o) => (o.output_type === 'display_data' ? Object.keys(o.data).sort().join(',') : o.output_type));
    assert.deepEqual(kinds, [
      'text/markdown,text/plain',
      'text/html,text/plain',
      'image/png,text/plain',
      `${MIME.chart},text/plain`,
      `${MIME.chart},text/plain`,
      'text/plain',
    ]);
    const image = cell.outputs[2];
    assert.ok(image.output_type === 'display_data');
    const png = Buffer.from(String(image.data['image/png']), 'base64');
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.equal(png.readUInt32BE(16), 6); // IHDR width
    assert.equal(png.readUInt32BE(20), 4); // IHDR height
  });

  it('display.chart draws the tf.History model.fit returns, and reads scalar tensors in a history', async () => {
    const cell = await run(session, [
      'const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });',
      "m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });",
      'const h = await m.fit(tf.ones([4, 1]), tf.ones([4, 1]), { epochs: 3, verbose: 0 });',
      'display.chart(h);',
      'display.chart({ history: { loss: [tf.scalar(2), 1] } });',
    ].join('\n'));
    assert.equal(cell.outcome.status, 'ok', cell.text);
    const charts = cell.outputs.flatMap((o) => (o.output_type === 'display_data' && MIME.chart in o.data ? [o.data[MIME.chart] as ChartView] : []));
    assert.equal(charts.length, 2);
    assert.deepEqual(charts[0]!.series.map((s) => [s.name, s.y.length, s.y.every(Number.isFinite)]), [['loss', 3, true]]);
    assert.deepEqual(charts[1]!.series, [{ name: 'loss', y: [2, 1] }]);
  });

  it('updates a display in place when given an id', async () => {
    const cell = await run(session, "display('step 1', { id: 'p' });\ndisplay('step 2', { id: 'p' });");
    assert.equal(cell.outputs.length, 1);
    assert.ok(cell.outputs[0].output_type === 'display_data');
    assert.equal(cell.outputs[0].data['text/plain'], 'step 2');
  });

  it('records how many tensors a cell left alive', async () => {
    const leaky = await run(session, 'const kept1 = tf.ones([2]); const kept2 = tf.zeros([3]); const kept3 = kept1.add(1);');
    assert.ok(leaky.outcome.status === 'ok');
    assert.equal(leaky.outcome.tensorsLeaked, 3);
    const tidy = await run(session, 'tf.tidy(() => tf.ones([100]).mul(2).sum().dataSync()[0])');
    assert.ok(tidy.outcome.status === 'ok');
    assert.equal(tidy.outcome.tensorsLeaked, 0);
    const freeing = await run(session, 'kept1.dispose(); kept2.dispose();');
    assert.ok(freeing.outcome.status === 'ok');
    assert.equal(freeing.outcome.tensorsLeaked, -2);
  });
});
