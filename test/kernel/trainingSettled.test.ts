/**
 * A live training output must not say "Training" after its cell has ended: however the cell ends (the
 * kernel dies, the cell is interrupted or fails), every training view it started is settled.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCell, newNotebook, parseNotebook, serializeNotebook, type CodeCell } from '../../src/core/notebook';
import { MIME, type NbOutput, type TrainingView } from '../../src/core/outputs';
import { run, startSession, tempDir } from './helpers';

const MODEL = [
  'const model = tf.sequential({ layers: [tf.layers.dense({ units: 32, inputShape: [16], activation: "relu" }), tf.layers.dense({ units: 1 })] });',
  "model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });",
  'const xs = tf.randomNormal([512, 16]); const ys = tf.randomNormal([512, 1]);',
].join('\n');

function trainingViews(outputs: NbOutput[]): TrainingView[] {
  return outputs.flatMap((o) => (o.output_type === 'display_data' && o.data[MIME.training] ? [o.data[MIME.training] as TrainingView] : []));
}

function textOf(outputs: NbOutput[]): string[] {
  return outputs.flatMap((o) => (o.output_type === 'display_data' && o.data[MIME.training] ? [String(o.data['text/plain'])] : []));
}

describe('kernel: live training outputs are settled when their cell ends', function () {
  it('kill -9 mid-fit: the cell dies and its training view says failed, not running', async () => {
    const session = startSession();
    try {
      assert.equal((await run(session, MODEL)).outcome.status, 'ok');
      // The kernel kills itself a second after its third epoch (updates are throttled to one per 250 ms, so by
      // then one carrying those epochs has left): nothing inside it can report anything afterwards.
      const cell = await run(session, 'let killAt = 0;\nawait model.fit(xs, ys, { epochs: 1000, batchSize: 32, callbacks: { onEpochEnd: async (e) => { if (e === 2) killAt = Date.now() + 1000; }, onBatchEnd: async () => { if (killAt && Date.now() > killAt) process.kill(process.pid, "SIGKILL"); } } });');
      assert.equal(cell.outcome.status, 'died');
      const views = trainingViews(cell.outputs);
      assert.equal(views.length, 1);
      assert.equal(views[0].status, 'failed');
      assert.ok((views[0].history.loss?.length ?? 0) >= 2, 'the epochs that finished are kept');
      assert.match(textOf(cell.outputs)[0], /^Training failed after \d+\/1000 epochs/);
    } finally {
      await session.shutdown();
    }
  });

  it('a cell that fails while a fit it started runs in the background: the fit stops and its view says failed', async () => {
    const session = startSession();
    try {
      assert.equal((await run(session, MODEL)).outcome.status, 'ok');
      const cell = await run(session, [
        'model.fit(xs, ys, { epochs: 1000, batchSize: 32 }); // not awaited',
        'await new Promise((r) => setTimeout(r, 1500));',
        "throw new Error('the cell failed');",
      ].join('\n'));
      assert.equal(cell.outcome.status, 'error');
      const atEnd = trainingViews(cell.outputs);
      assert.equal(atEnd.length, 1);
      assert.equal(atEnd[0].status, 'failed');
      // It really stopped: no update says "running" after the cell ended.
      await new Promise((r) => setTimeout(r, 1500));
      const late = cell.events.filter((e) => e.afterDone && e.output.output_type === 'display_data' && e.output.data[MIME.training]);
      for (const e of late) assert.notEqual((e.output as { data: Record<string, TrainingView> }).data[MIME.training].status, 'running');
      assert.equal((await run(session, 'model.stopTraining')).outcome.status, 'ok');
    } finally {
      await session.shutdown();
    }
  });

  it('an interrupt whose batch outlasts the grace period: the cell is interrupted and its view says stopped', async () => {
    const session = startSession({ interruptGraceMs: 6000 });
    try {
      assert.equal((await run(session, MODEL)).outcome.status, 'ok');
      let sawBatch!: () => void;
      const firstBatch = new Promise<void>((resolve) => (sawBatch = resolve));
      const outputs: NbOutput[] = [];
      const running = session.execute('slow', [
        // A batch that ignores the interrupt for 4 s (longer than the kernel waits for a training loop to stop).
        'let slowBatches = 0;',
        'await model.fit(xs, ys, { epochs: 1000, batchSize: 32, callbacks: { onBatchEnd: async () => { if (++slowBatches === 3) await new Promise((r) => setTimeout(r, 4000)); } } });',
      ].join('\n'), {
        output: (o) => outputs.push(o),
        update: (_id, o) => {
          outputs.splice(0, outputs.length, ...outputs.filter((x) => !(x.output_type === 'display_data' && x.data[MIME.training])), o);
          const view = o.output_type === 'display_data' ? (o.data[MIME.training] as TrainingView) : undefined;
          if (view && view.batch >= 1) sawBatch();
        },
      });
      await firstBatch;
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await session.interrupt(), 'interrupted');
      const outcome = await running;
      assert.equal(outcome.status, 'interrupted');
      const views = trainingViews(outputs);
      assert.equal(views.length, 1);
      assert.equal(views[0].status, 'stopped');
    } finally {
      await session.shutdown();
    }
  });

  it('a restart mid-fit: the cell is cancelled and its training view says stopped', async () => {
    const session = startSession();
    try {
      assert.equal((await run(session, MODEL)).outcome.status, 'ok');
      let sawEpoch!: () => void;
      const firstEpoch = new Promise<void>((resolve) => (sawEpoch = resolve));
      let last: NbOutput | undefined;
      const running = session.execute('fit', 'await model.fit(xs, ys, { epochs: 1000, batchSize: 32 });', {
        output: (o) => (last = o.output_type === 'display_data' ? o : last),
        update: (_id, o) => {
          last = o;
          const view = o.output_type === 'display_data' ? (o.data[MIME.training] as TrainingView) : undefined;
          if (view && (view.history.loss?.length ?? 0) >= 1) sawEpoch();
        },
      });
      await firstEpoch;
      await session.restart();
      assert.equal((await running).status, 'cancelled');
      assert.equal(trainingViews([last!])[0]?.status, 'stopped');
    } finally {
      await session.shutdown();
    }
  });

  it('mlnb run: a kernel killed mid-fit leaves a training output that says failed, in the terminal and in the file', () => {
    const file = path.join(tempDir(), 'nb.mlnb');
    writeFileSync(file, serializeNotebook(newNotebook([
      createCell('code', MODEL),
      createCell('code', 'await model.fit(xs, ys, { epochs: 1000, batchSize: 32, callbacks: { onEpochEnd: async (e) => { if (e === 2) process.kill(process.pid, "SIGKILL"); } } });'),
    ])));
    const result = spawnSync(process.execPath, [path.resolve(__dirname, '..', '..', 'bin', 'mlnb.js'), 'run', file], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /Training failed after \d+\/1000 epochs/);
    const cells = parseNotebook(readFileSync(file)).cells.filter((c): c is CodeCell => c.cell_type === 'code');
    const views = trainingViews(cells[1].outputs);
    assert.equal(views.length, 1);
    assert.equal(views[0].status, 'failed');
    assert.ok(cells[1].outputs.some((o) => o.output_type === 'error' && o.ename === 'KernelDied'));
  });
});
