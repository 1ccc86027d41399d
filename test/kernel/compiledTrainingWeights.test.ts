/**
 * Compiled training around the step: class and sample weights in fit, and fitDataset — each against TF.js's eager
 * loop from the same weights on the same batches (loss history and weights after N steps).
 */
import assert from 'node:assert/strict';
import { loadGraphAddon } from '../../src/kernel/compiledTraining/addon';
import { CompiledTraining } from '../../src/kernel/compiledTraining/compiledFit';
import { seededRandom } from '../../src/core/random';
import { assertClose, assertSameHistory, assertSameWeights, classes, regression, requireAddon, tf, sameStart, type LayersModel, type Tensor } from './compiledTrainingHelpers';

type History = { history: Record<string, number[]> };
const FIT = { epochs: 3, batchSize: 16, shuffle: false, verbose: 0 };

function compiledTraining(setting: 'auto' | 'off' = 'auto', logs: string[] = []): CompiledTraining {
  return new CompiledTraining(tf, setting, loadGraphAddon, (m) => logs.push(m));
}

/** Weights in [0.1, 2), seeded. */
function sampleWeights(n: number, seed: number): Tensor {
  const random = seededRandom(seed);
  return tf.tensor1d(Array.from({ length: n }, () => 0.1 + 1.9 * random()));
}

const binaryModel = () => tf.sequential({ layers: [tf.layers.dense({ units: 6, inputShape: [4], activation: 'tanh' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
const softmaxModel = (inputs: number, k: number) => () => tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [inputs], activation: 'relu' }), tf.layers.dense({ units: k, activation: 'softmax' })] });

describe('compiled training: class and sample weights', function () {
  this.timeout(240_000);
  before(() => {
    requireAddon();
    assert.equal(tf.getBackend(), 'tensorflow');
  });

  const classWeightCases: { name: string; build: () => LayersModel; loss: string; optimizer: () => import('@tensorflow/tfjs').Optimizer; data: () => { x: Tensor; y: Tensor }; classWeight: Record<number, number> }[] = [
    {
      name: 'binary (sigmoid, binaryCrossentropy, adam), validationSplit',
      build: binaryModel, loss: 'binaryCrossentropy', optimizer: () => tf.train.adam(0.02),
      data: () => classes(96, 4, 2, 51, 'binary'), classWeight: { 0: 0.5, 1: 3 },
    },
    {
      name: 'categorical one-hot (softmax, categoricalCrossentropy, rmsprop)',
      build: softmaxModel(5, 3), loss: 'categoricalCrossentropy', optimizer: () => tf.train.rmsprop(0.01),
      data: () => classes(90, 5, 3, 53), classWeight: { 0: 1, 1: 4, 2: 0.25 },
    },
    {
      name: 'sparse class indices (softmax, sparseCategoricalCrossentropy, sgd)',
      build: softmaxModel(6, 4), loss: 'sparseCategoricalCrossentropy', optimizer: () => tf.train.sgd(0.1),
      data: () => classes(80, 6, 4, 55, 'sparse'), classWeight: { 0: 2, 1: 1, 2: 0.5, 3: 1.5 },
    },
  ];

  for (const c of classWeightCases) {
    it(`classWeight, ${c.name}: compiled equals eager`, async () => {
      const logs: string[] = [];
      const [eager, compiledModel, unweighted] = sameStart(3, c.build, (m) => m.compile({ optimizer: c.optimizer(), loss: c.loss, metrics: ['accuracy'] }));
      const { x, y } = c.data();
      const args = { ...FIT, classWeight: c.classWeight, ...(c.name.includes('validationSplit') ? { validationSplit: 0.25 } : {}) };
      const eagerHistory = (await eager.fit(x, y, args)) as unknown as History;
      const compiled = compiledTraining('auto', logs);
      const history = (await compiled.fit(compiledModel, x, y, args, (a) => compiledModel.fit(x, y, a))) as History;
      assert.equal(compiled.compiledRuns.get(compiledModel), 1, logs.join('\n'));
      assertSameHistory(history.history, eagerHistory.history, c.name);
      assertSameWeights(compiledModel, eager, c.name);
      // The class weights changed the training: unweighted, the same start ends elsewhere.
      await unweighted.fit(x, y, { ...args, classWeight: undefined });
      const moved = unweighted.getWeights().some((w, i) => tf.tidy(() => tf.max(tf.abs(tf.sub(w, eager.getWeights()[i]))).dataSync()[0]) > 1e-3);
      assert.ok(moved, 'classWeight made no difference to the weights');
    });
  }

  it('sampleWeight (not accepted by TF.js 4.22 fit) weighs each sample\'s loss the way TF.js\'s train function does', async () => {
    // Eager: mlnb hands the weights to TF.js's own train function; with all weights 2 and plain SGD, that is the
    // unweighted run at twice the learning rate, reporting twice the loss.
    const { x, y } = regression(64, 3, 2, 61);
    const build = () => tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [3], activation: 'tanh' }), tf.layers.dense({ units: 2 })] });
    const [weighted, doubled] = sameStart(2, build, () => undefined);
    weighted.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
    doubled.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const twos = tf.fill([64], 2);
    const off = compiledTraining('off');
    const h1 = (await off.fit(weighted, x, y, { ...FIT, sampleWeight: twos }, (a) => weighted.fit(x, y, a))) as History;
    const h2 = (await doubled.fit(x, y, FIT)) as unknown as History;
    assertClose(h1.history.loss, h2.history.loss.map((l) => 2 * l), 1e-5, 1e-4, 'loss');
    assertSameWeights(weighted, doubled, 'weights');
    assert.equal(twos.isDisposed, false, "fit disposed the user's sampleWeight");
  });

  const sampleWeightCases = [
    { name: 'regression (mse, adam), validationSplit', build: () => tf.sequential({ layers: [tf.layers.dense({ units: 6, inputShape: [5], activation: 'relu' }), tf.layers.dense({ units: 2 })] }), loss: 'meanSquaredError', optimizer: () => tf.train.adam(0.01), data: () => regression(80, 5, 2, 63), metrics: ['mae'], fit: { validationSplit: 0.2 } },
    { name: 'binary (binaryCrossentropy, momentum), shuffled', build: binaryModel, loss: 'binaryCrossentropy', optimizer: () => tf.train.momentum(0.05, 0.9), data: () => classes(96, 4, 2, 65, 'binary'), metrics: ['accuracy'], fit: {} },
    { name: 'categorical with classWeight too (the two multiply), adagrad', build: softmaxModel(5, 3), loss: 'categoricalCrossentropy', optimizer: () => tf.train.adagrad(0.1), data: () => classes(90, 5, 3, 67), metrics: ['accuracy'], fit: { classWeight: { 0: 1, 1: 2, 2: 0.5 } } },
  ];
  for (const c of sampleWeightCases) {
    it(`sampleWeight, ${c.name}: compiled equals eager`, async () => {
      const logs: string[] = [];
      const [eager, compiledModel] = sameStart(2, c.build, (m) => m.compile({ optimizer: c.optimizer(), loss: c.loss, metrics: c.metrics }));
      const { x, y } = c.data();
      const sampleWeight = sampleWeights(x.shape[0], 69);
      const shuffled = c.name.includes('shuffled');
      const args = { ...FIT, ...c.fit, sampleWeight };
      // Shuffling draws from Math.random: the same seeded sequence for both runs, so both see the same batches.
      const seeded = async <T>(f: () => Promise<T>): Promise<T> => {
        if (!shuffled) return f();
        const random = Math.random;
        const sequence = seededRandom(71);
        Math.random = sequence;
        try { return await f(); } finally { Math.random = random; }
      };
      const eagerHistory = await seeded(() => compiledTraining('off').fit(eager, x, y, { ...args, shuffle: shuffled }, (a) => eager.fit(x, y, a))) as History;
      const compiled = compiledTraining('auto', logs);
      const history = await seeded(() => compiled.fit(compiledModel, x, y, { ...args, shuffle: shuffled }, (a) => compiledModel.fit(x, y, a))) as History;
      assert.equal(compiled.compiledRuns.get(compiledModel), 1, logs.join('\n'));
      assertSameHistory(history.history, eagerHistory.history, c.name);
      assertSameWeights(compiledModel, eager, c.name);
      assert.equal(sampleWeight.isDisposed, false);
    });
  }

  it('refuses sampleWeight it cannot apply with a clear error, on both paths, and trains nothing', async () => {
    const { x, y } = regression(32, 3, 1, 73);
    for (const setting of ['auto', 'off'] as const) {
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
      model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
      const before = model.getWeights().map((w) => Array.from(w.dataSync()));
      const compiled = compiledTraining(setting);
      const fit = (sampleWeight: unknown) => compiled.fit(model, x, y, { ...FIT, sampleWeight }, (a) => model.fit(x, y, a));
      const short = tf.ones([31]);
      await assert.rejects(fit(short), /sampleWeight has 31 weights but x has 32 samples/);
      assert.equal(short.isDisposed, false);
      await assert.rejects(fit([1, 2, 3]), /sampleWeight must be a tf\.Tensor .*got an array of 3/);
      await assert.rejects(fit(tf.ones([32, 2])), /sampleWeight must have shape \[numSamples\].*\[32, 2\]/);
      model.getWeights().forEach((w, i) => assert.deepEqual(Array.from(w.dataSync()), before[i], `${setting}: weight ${i} changed`));
      // The model is not left half-patched: a plain fit afterwards works.
      const h = (await compiled.fit(model, x, y, FIT, (a) => model.fit(x, y, a))) as History;
      assert.equal(h.history.loss.length, 3);
    }
  });
});

/** A dataset of {xs, ys} batches over the rows of x and y, in order. */
function dataset(x: Tensor, y: Tensor, batchSize: number) {
  return tf.data.zip({ xs: tf.data.array(tf.unstack(x)), ys: tf.data.array(tf.unstack(y)) }).batch(batchSize);
}

describe('compiled training: fitDataset', function () {
  this.timeout(240_000);

  it('trains {xs, ys} batches compiled, with tensor validation data, to the same history and weights as eager', async () => {
    const logs: string[] = [];
    const [eager, compiledModel] = sameStart(2, softmaxModel(5, 3), (m) => m.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] }));
    const { x, y } = classes(100, 5, 3, 81);
    const val = classes(30, 5, 3, 83);
    const ds = dataset(x, y, 16);
    const args = { epochs: 3, verbose: 0, validationData: [val.x, val.y] as [Tensor, Tensor] };
    const eagerHistory = (await eager.fitDataset(ds, args)) as unknown as History;
    const compiled = compiledTraining('auto', logs);
    const history = (await compiled.fitDataset(compiledModel, args, (a) => compiledModel.fitDataset(ds, a as never))) as History;
    assert.equal(compiled.compiledRuns.get(compiledModel), 1, logs.join('\n'));
    assert.equal(logs.filter((l) => /trains as one TensorFlow graph per batch/.test(l)).length, 1, logs.join('\n'));
    assertSameHistory(history.history, eagerHistory.history, 'fitDataset');
    assertSameWeights(compiledModel, eager, 'fitDataset');
    assert.equal((compiledModel.optimizer as unknown as { iterations: number }).iterations, 3 * 7);
  });

  it('with classWeight, batchesPerEpoch over a repeated dataset and dataset validation, equals eager', async () => {
    const [eager, compiledModel] = sameStart(2, binaryModel, (m) => m.compile({ optimizer: tf.train.rmsprop(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] }));
    const { x, y } = classes(64, 4, 2, 85, 'binary');
    const val = classes(24, 4, 2, 87, 'binary');
    const ds = dataset(x, y, 10).repeat();
    const args = { epochs: 3, batchesPerEpoch: 5, verbose: 0, classWeight: { 0: 1, 1: 2.5 }, validationData: dataset(val.x, val.y, 8) };
    const eagerHistory = (await eager.fitDataset(ds, args)) as unknown as History;
    const compiled = compiledTraining('auto');
    const history = (await compiled.fitDataset(compiledModel, args, (a) => compiledModel.fitDataset(ds, a as never))) as History;
    assert.equal(compiled.compiledRuns.get(compiledModel), 1);
    assertSameHistory(history.history, eagerHistory.history, 'fitDataset classWeight');
    assertSameWeights(compiledModel, eager, 'fitDataset classWeight');
  });

  it('falls back to the eager fitDataset for an unsupported model, reason logged once per model', async () => {
    const logs: string[] = [];
    const compiled = compiledTraining('auto', logs);
    // (Constraints are not compiled.)
    const model = tf.sequential({ layers: [tf.layers.conv1d({ filters: 2, kernelSize: 2, inputShape: [4, 1], kernelConstraint: tf.constraints.maxNorm({ maxValue: 2 }) }), tf.layers.flatten(), tf.layers.dense({ units: 1 })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const ds = dataset(tf.randomNormal([12, 4, 1], 0, 1, 'float32', 1), tf.randomNormal([12, 1], 0, 1, 'float32', 2), 4);
    for (let i = 0; i < 2; i++) {
      const h = (await compiled.fitDataset(model, { epochs: 2, verbose: 0 }, (a) => model.fitDataset(ds, a as never))) as History;
      assert.equal(h.history.loss.length, 2);
    }
    assert.equal(compiled.compiledRuns.get(model), undefined);
    assert.equal(logs.length, 1, logs.join('\n'));
    assert.match(logs[0], /trains eagerly: layer '.*' has a kernelConstraint/);
  });
});
