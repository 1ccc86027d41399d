import assert from 'node:assert/strict';
import { longCellNotice, slowBackendNotice } from '../../src/core/notices';
import type { BackendReport } from '../../src/core/protocol';

const report = (over: Partial<BackendReport>): BackendReport => ({ backend: 'wasm', requested: 'auto', versions: {}, fallbackReasons: ['tensorflow: @tensorflow/tfjs-node is not installed'], ...over });

describe('notices', () => {
  it('says when only a slow backend runs, why, and the way to the native one', () => {
    const text = slowBackendNotice(report({}))!;
    assert.match(text, /on the wasm backend \(tensorflow: @tensorflow\/tfjs-node is not installed\)/);
    assert.match(text, /wasm cannot train convolutions/);
    assert.match(text, /built offline from the tensorflow-cpu Python wheel/);
    assert.match(slowBackendNotice(report({ backend: 'cpu' }))!, /on the cpu backend/);
  });

  it('stays quiet on the native backend or when the user chose a backend', () => {
    assert.equal(slowBackendNotice(report({ backend: 'tensorflow' })), undefined);
    assert.equal(slowBackendNotice(report({ requested: 'wasm' })), undefined);
  });

  it('announces a long cell only when the window is in the background', () => {
    const cell = { index: 2, notebookName: 'train.mlnb', ms: 45_000 };
    assert.equal(longCellNotice(cell, 30_000, false), 'mlnb: cell 3 of train.mlnb finished after 45 s.');
    assert.equal(longCellNotice(cell, 30_000, true), undefined);
    assert.equal(longCellNotice({ ...cell, ms: 10_000 }, 30_000, false), undefined);
    assert.equal(longCellNotice(cell, 0, false), undefined, '0 turns it off');
  });
});
