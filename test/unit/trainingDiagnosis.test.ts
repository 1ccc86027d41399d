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

  it('does not call a last-epochs spike overfitting when the last value is back near the best', () => {
    // The MLP snippet's run: val_loss near 0.12 for 25 epochs, one spike to 0.2 in the last three, ending at 0.1254.
    const loss = epochs(30, (e) => 1 / (e + 1) + 0.03);
    const val_loss = epochs(30, (e) => (e < 25 ? 0.3 - e * 0.007 : [0.1215, 0.16, 0.21, 0.2, 0.1254][e - 25]));
    assert.equal(diagnoseHistory({ loss, val_loss }), undefined);
    const stillHigh = [...val_loss.slice(0, 29), 0.19];
    assert.equal(diagnoseHistory({ loss, val_loss: stillHigh })?.kind, 'overfitting', 'ending on the rise is overfitting');
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

  describe('a run that was stopped or interrupted needs stricter evidence', () => {
    // examples/overfitting.mlnb interrupted after 32 of 200 epochs (real numbers): validation loss stepped up from
    // 0.12 and then wobbled around 0.135 — called overfitting before.
    const wobble: History = {
      loss: [0.182, 0.2769, 0.1175, 0.1231, 0.1021, 0.0854, 0.0948, 0.0845, 0.0756, 0.0806, 0.0745, 0.0673, 0.0696, 0.0688, 0.064, 0.0666, 0.0665, 0.0639, 0.0649, 0.0655, 0.0638, 0.0639, 0.0642, 0.0635, 0.0632, 0.0632, 0.0628, 0.0625, 0.0623, 0.0621, 0.0619, 0.0616],
      val_loss: [0.1994, 0.1891, 0.2367, 0.2136, 0.1822, 0.1715, 0.1612, 0.1606, 0.1655, 0.15, 0.1297, 0.1199, 0.1206, 0.1303, 0.1459, 0.1465, 0.1344, 0.1276, 0.1319, 0.1413, 0.1478, 0.1447, 0.1353, 0.13, 0.1334, 0.1405, 0.1443, 0.1418, 0.1355, 0.1317, 0.134, 0.1399],
    };

    it('an interrupted run whose validation loss wobbles after a step up is not overfitting', () => {
      assert.equal(diagnoseHistory(wobble)?.kind, 'overfitting', 'the rules for a finished run (unchanged) still call it so');
      assert.equal(diagnoseHistory(wobble, { stopped: true }), undefined);
    });

    it('an interrupted run whose validation loss keeps climbing is overfitting', () => {
      const loss = epochs(30, (e) => 1 / (e + 1));
      const val_loss = epochs(30, (e) => (e <= 10 ? 1 - e * 0.05 : 0.5 + (e - 10) * 0.02));
      const d = diagnoseHistory({ loss, val_loss }, { stopped: true });
      assert.equal(d?.kind, 'overfitting');
      assert.equal(d?.epoch, 10);
    });

    it('a run stopped after a few epochs is too short to judge (divergence aside)', () => {
      const flat = { loss: epochs(8, () => 2.302) };
      assert.equal(diagnoseHistory(flat)?.kind, 'plateau');
      assert.equal(diagnoseHistory(flat, { stopped: true }), undefined);
      assert.equal(diagnoseHistory({ loss: [1, 5, NaN] }, { stopped: true })?.kind, 'divergence');
    });

    it('never finds overfitting in a stopped run that the rules for a finished run would not', () => {
      fc.assert(
        fc.property(fc.integer({ min: 5, max: 120 }), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 240, maxLength: 240 }), fc.double({ min: 0, max: 0.05, noNaN: true }), (n, noise, slope) => {
          const loss = epochs(n, (e) => Math.exp(-0.1 * e) + 0.05);
          const val_loss = epochs(n, (e) => Math.exp(-0.1 * e) + 0.1 + slope * Math.max(0, e - n / 3) + 0.05 * noise[e]);
          if (diagnoseHistory({ loss, val_loss }, { stopped: true })?.kind === 'overfitting') assert.equal(diagnoseHistory({ loss, val_loss })?.kind, 'overfitting');
        }),
        { numRuns: 200 },
      );
    });
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
