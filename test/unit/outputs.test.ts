import assert from 'node:assert/strict';
import { fromJsonNumber, readTrainingView, toJsonData, toJsonNumber } from '../../src/core/outputs';
import { parseNotebook, serializeNotebook, newNotebook, createCell, type CodeCell } from '../../src/core/notebook';

describe('non-finite numbers in outputs', () => {
  it('travel by name and come back as the same numbers', () => {
    for (const n of [NaN, Infinity, -Infinity, 0, -1.5, 1e-7]) {
      const back = fromJsonNumber(JSON.parse(JSON.stringify(toJsonNumber(n))));
      assert.ok(Object.is(back, n) || (n === 0 && back === 0), `${n} → ${back}`);
    }
    assert.equal(fromJsonNumber('nan'), undefined);
    assert.equal(fromJsonNumber(null), undefined);
  });

  it('toJsonData gives what will be saved: names for NaN/±Infinity, strings for BigInt, plain JSON otherwise', () => {
    const data = toJsonData({ loss: [0.5, NaN, Infinity], best: -Infinity, steps: 10n, at: new Date(0), gone: undefined, list: [undefined] });
    assert.deepEqual(data, { loss: [0.5, 'NaN', 'Infinity'], best: '-Infinity', steps: '10', at: '1970-01-01T00:00:00.000Z', list: [null] });
    assert.equal(toJsonData(undefined), null);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.throws(() => toJsonData(cyclic), /circular/);
  });

  it('a diverged training output is saved, reopens identically, and reads back with NaN losses', () => {
    const view = { status: 'done', epochs: 3, epoch: 2, batch: 4, batchesPerEpoch: 4, elapsedMs: 10, history: { loss: [1e30, Infinity, NaN] }, batchLogs: { loss: NaN } };
    const cell = createCell('code', 'await model.fit(x, y)') as CodeCell;
    cell.outputs = [{ output_type: 'display_data', data: { 'application/vnd.mlnb.training+json': toJsonData(view), 'text/plain': 'loss=NaN' }, metadata: {} }];
    const text = serializeNotebook(newNotebook([cell]));
    const reopened = parseNotebook(text);
    assert.equal(serializeNotebook(reopened), text);
    const output = (reopened.cells[0] as CodeCell).outputs[0];
    assert.ok(output.output_type === 'display_data');
    const read = readTrainingView(output.data['application/vnd.mlnb.training+json']);
    assert.deepEqual(read?.history.loss, [1e30, Infinity, NaN]);
    assert.ok(Number.isNaN(read?.batchLogs.loss));
    assert.equal(readTrainingView({ status: 'done' }), undefined, 'no history: not a training view');
  });
});
