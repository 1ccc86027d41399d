import assert from 'node:assert/strict';
import { MIME, toJsonData, type NbOutput } from '../../src/core/outputs';
import { LiveTraining } from '../../src/host/liveTraining';

describe('live training outputs a dead kernel left running', () => {
  it('are settled from the data as the kernel sent it, a diverged (NaN) loss included', () => {
    const view = { status: 'running', epochs: 100, epoch: 3, batch: 2, batchesPerEpoch: 4, elapsedMs: 900, history: { loss: [2.5, NaN, NaN] }, batchLogs: { loss: NaN } };
    const output: NbOutput = { output_type: 'display_data', data: toJsonData({ [MIME.training]: view, 'text/plain': 'Epoch 4/100' }) as Record<string, unknown>, metadata: {}, transient: { display_id: 'fit-1' } };
    const live = new LiveTraining();
    live.observe(output);
    const [update, ...rest] = live.settle('failed');
    assert.equal(rest.length, 0);
    assert.equal(update.displayId, 'fit-1');
    assert.ok(update.output.output_type === 'display_data');
    const data = update.output.data[MIME.training] as { status: string; history: { loss: unknown[] } };
    assert.equal(data.status, 'failed');
    assert.deepEqual(data.history.loss, [2.5, 'NaN', 'NaN'], 'still plain JSON, as it will be saved');
    assert.match(String(update.output.data['text/plain']), /NaN/);
    assert.deepEqual(live.settle('failed'), [], 'settled once');
  });
});
