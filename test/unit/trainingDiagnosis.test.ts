import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diagnoseHistory, type History } from '../../src/core/trainingDiagnosis';

const epochs = (n: number, f: (e: number) => number) => Array.from({ length: n }, (_, e) => f(e));

/** A healthy run: both losses fall and level off together, with some noise. */
function healthy(n: number, noise: (e: number) => number): History {
  const loss = epochs(n, (e) => 2 * Math.exp(-0.15 * e) + 0.1 + noise(e) * 0.01);
  return { loss, val_loss: loss.map((v, e) => v + 0.05 + noise(e + 1000) * 0.01), acc: epochs(n, (e) => 0.5 + 0.45 * (1 - Math.exp(-0.2 * e))) };
}

/** A run that has converged: validation loss wanders ±20 % around a training loss that still creeps down. */
function atTheFloor(n: number, noise: (e: number) => number): History {
  const loss = epochs(n, (e) => 2 * Math.exp(-0.3 * e) + 0.014);
  return { loss, val_loss: loss.map((v, e) => v * (1 + 0.2 * noise(e))) };
}

describe('training diagnosis', () => {
  it('finds overfitting: validation loss rising while training loss falls, with the numbers', () => {
    const loss = epochs(30, (e) => 1 / (e + 1));
    const val_loss = epochs(30, (e) => (e <= 10 ? 1 - e * 0.05 : 0.5 + (e - 10) * 0.02));
    const d = diagnoseHistory({ loss, val_loss })!;
    assert.equal(d.kind, 'overfitting');
    assert.equal(d.epoch, 10);
    assert.match(d.summary.en, /^overfitting: val_loss rose for 19 epochs \(from 0\.5000 to 0\.8800\) while loss fell to 0\.0333$/);
    assert.match(d.summary.zh, /过拟合/);
    assert.deepEqual(d.fixes, ['add-early-stopping', 'add-dropout']);
  });

  it('finds divergence from NaN or growing loss, and offers a lower learning rate', () => {
    const nan = diagnoseHistory({ loss: [1, 5, 80, NaN, NaN] })!;
    assert.equal(nan.kind, 'divergence');
    assert.equal(nan.epoch, 3);
    assert.match(nan.summary.en, /loss became NaN at epoch 4/);
    const growing = diagnoseHistory({ loss: [1, 2, 4, 9, 30] })!;
    assert.equal(growing.kind, 'divergence');
    assert.deepEqual(growing.fixes, ['lower-learning-rate']);
    assert.equal(diagnoseHistory({ loss: [1, Infinity] })!.kind, 'divergence');
  });

  it('finds a plateau from the start', () => {
    const d = diagnoseHistory({ loss: epochs(20, (e) => 2.302 - e * 1e-5) })!;
    assert.equal(d.kind, 'plateau');
    assert.match(d.summary.en, /loss stayed at 2\.3020 for 20 epochs/);
  });

  it('finds accuracy stuck at one rate (majority class)', () => {
    const d = diagnoseHistory({ loss: epochs(10, (e) => 0.7 - e * 0.02), acc: epochs(10, () => 0.9) })!;
    assert.equal(d.kind, 'stuck-accuracy');
    assert.match(d.summary.en, /accuracy stuck at 90\.0% for 10 epochs/);
  });

  it('finds underfitting: both losses high and flat', () => {
    const loss = epochs(30, (e) => 1 - 0.1 * (1 - Math.exp(-0.5 * e)));
    const d = diagnoseHistory({ loss, val_loss: loss.map((v) => v * 1.02) })!;
    assert.equal(d.kind, 'underfitting');
  });

  it('does not call noise at the floor overfitting: validation loss must end well above training loss', () => {
    // The history of a sane run in CI (30 epochs, 1000 samples, noise σ 0.1) that was once called overfitting.
    const loss = epochs(30, (e) => 1.5 * Math.exp(-0.4 * e) + 0.0139);
    const val_loss = loss.map((v, e) => (e < 26 ? v * (e % 2 ? 0.95 : 1.04) : [0.0133, 0.0149, 0.0158, 0.0166][e - 26]));
    assert.equal(diagnoseHistory({ loss, val_loss }), undefined);
    // The same rise with validation loss twice the training loss is overfitting.
    const d = diagnoseHistory({ loss, val_loss: val_loss.map((v, e) => (e < 26 ? v : v * 2)) });
    assert.equal(d?.kind, 'overfitting');
  });

  it('says nothing about short runs or runs without a loss', () => {
    assert.equal(diagnoseHistory({ loss: [1, 0.9, 0.95] }), undefined);
    assert.equal(diagnoseHistory({}), undefined);
  });

  it('raises no false alarm on healthy curves, whatever the noise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 200 }), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 2000, maxLength: 2000 }), (n, noise) => {
        assert.equal(diagnoseHistory(healthy(n, (e) => noise[e % noise.length])), undefined);
        assert.equal(diagnoseHistory(atTheFloor(n, (e) => noise[e % noise.length])), undefined);
      }),
      { numRuns: 300 },
    );
  });
});
