import assert from 'node:assert/strict';
import { bytes, compact, duration, shapeText, thousands, valueFormatter } from '../../src/webview/renderer/format';

describe('renderer number formatting', () => {
  it('thousands separators', () => {
    assert.equal(thousands(0), '0');
    assert.equal(thousands(102282), '102,282');
    assert.equal(thousands(-1234567.5), '-1,234,567.5');
  });

  it('compact numbers', () => {
    assert.equal(compact(0.23141592), '0.2314');
    assert.equal(compact(0.25), '0.25');
    assert.equal(compact(12.3456), '12.35');
    assert.equal(compact(1234), '1,234');
    assert.equal(compact(12345.67), '12,346');
    assert.equal(compact(0.00001234), '1.23e-5');
    assert.equal(compact(45_600_000), '4.56e7');
    assert.equal(compact(null), 'NaN');
    assert.equal(compact(NaN), 'NaN');
    assert.equal(compact(-Infinity), '-∞');
    assert.equal(compact(0), '0');
  });

  it('tensor values share one format per block', () => {
    assert.deepEqual([0.5, 1.25, -2].map(valueFormatter([0.5, 1.25, -2], 'float32')), ['0.50', '1.25', '-2.00']);
    assert.deepEqual([1, 2, 30].map(valueFormatter([1, 2, 30], 'int32')), ['1', '2', '30']);
    assert.deepEqual([1e-6, 0.5].map(valueFormatter([1e-6, 0.5], 'float32')), ['1.000e-6', '5.000e-1']);
    assert.deepEqual([1, 0].map(valueFormatter([1, 0], 'bool')), ['true', 'false']);
    assert.equal(valueFormatter([null, 1.5], 'float32')(null), 'NaN');
  });

  it('bytes, durations, shapes', () => {
    assert.equal(bytes(240), '240 B');
    assert.equal(bytes(16384), '16.0 KiB');
    assert.equal(bytes(409128), '400 KiB');
    assert.equal(bytes(5 * 1024 ** 3), '5.00 GiB');
    assert.equal(duration(430), '0.4s');
    assert.equal(duration(18_400), '18s');
    assert.equal(duration(125_000), '2m 05s');
    assert.equal(duration(3_960_000), '1h 06m');
    assert.equal(shapeText([28, 28, 3]), '[28, 28, 3]');
    assert.equal(shapeText([]), '[] (scalar)');
  });
});
