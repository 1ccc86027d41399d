/**
 * evaluate, predict and fit's validation through the compiled graph's inference pass (no dropout, the model's weights
 * pushed first) against TF.js's own loops on the same model; silent fallbacks; and the kernel's routing of them.
 */
import assert from 'node:assert/strict';
import type { KernelSession } from '../../src/host/kernelSession';
import { loadGraphAddon } from '../../src/kernel/compiledTraining/addon';
import { CompiledTraining } from '../../src/kernel/compiledTraining/compiledFit';
import { assertClose, assertSameHistory, assertSameWeights, classes, regression, requireAddon, sameStart, tf, type LayersModel, type Tensor } from './compiledTrainingHelpers';
import { run, startSession } from './helpers';

type History = { history: Record<string, number[]> };
type Symbolic = import('@tensorflow/tfjs').SymbolicTensor;

/** Runs `f` with TF.js's testLoop / predictLoop routed through `compiled`, and puts TF.js's back. */
function installed<T>(compiled: CompiledTraining, f: () => T): T {
  const uninstall = compiled.install();
  try {
    return f();
  } finally {
    uninstall();
  }
}

const values = (r: Tensor | Tensor[]) => (Array.isArray(r) ? r : [r]).map((t) => t.dataSync()[0]);

interface Case {
  name: string;
  build: () => LayersModel;
  loss: string;
  metrics?: string[];
  data: () => { x: Tensor; y: Tensor };
}

const CASES: Case[] = [
  {
    name: 'Dense relu -> Dropout 0.5 -> Dense softmax, categoricalCrossentropy + accuracy',
    build: () => tf.sequential({ layers: [tf.layers.dense({ units: 12, inputShape: [5], activation: 'relu' }), tf.layers.dropout({ rate: 0.5 }), tf.layers.dense({ units: 3, activation: 'softmax' })] }),
    loss: 'categoricalCrossentropy', metrics: ['accuracy'], data: () => classes(50, 5, 3, 101),
  },
  {
    name: 'Conv2D -> MaxPooling2D -> Flatten -> Dense sigmoid, binaryCrossentropy + accuracy',
    build: () => tf.sequential({ layers: [tf.layers.conv2d({ filters: 3, kernelSize: 3, inputShape: [6, 6, 2], activation: 'relu' }), tf.layers.maxPooling2d({ poolSize: 2 }), tf.layers.flatten(), tf.layers.dense({ units: 1, activation: 'sigmoid' })] }),
    loss: 'binaryCrossentropy', metrics: ['accuracy'],
    data: () => { const d = classes(40, 72, 2, 103, 'binary'); const x = d.x.reshape([40, 6, 6, 2]); d.x.dispose(); return { x, y: d.y }; },
  },
  {
    name: 'LSTM -> Dense, meanSquaredError (no metrics: evaluate returns one scalar)',
    build: () => tf.sequential({ layers: [tf.layers.lstm({ units: 4, inputShape: [5, 3] }), tf.layers.dense({ units: 2 })] }),
    loss: 'meanSquaredError', data: () => { const d = regression(30, 15, 2, 105); const x = d.x.reshape([30, 5, 3]); d.x.dispose(); return { x, y: d.y }; },
  },
  {
    name: 'GRU (returnSequences) -> SimpleRNN -> Dense softmax, sparseCategoricalCrossentropy + accuracy',
    build: () => tf.sequential({ layers: [tf.layers.gru({ units: 4, inputShape: [4, 2], returnSequences: true }), tf.layers.simpleRNN({ units: 3 }), tf.layers.dense({ units: 3, activation: 'softmax' })] }),
    loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'],
    data: () => { const d = classes(33, 8, 3, 107, 'sparse'); const x = d.x.reshape([33, 4, 2]); d.x.dispose(); return { x, y: d.y }; },
  },
  {
    // The eager fit before moves the moving statistics away from 0 and 1: inference must normalise by them.
    name: 'Dense -> BatchNormalization -> Dense softmax, categoricalCrossentropy + accuracy (moving statistics in inference)',
    build: () => tf.sequential({ layers: [tf.layers.dense({ units: 6, inputShape: [5] }), tf.layers.batchNormalization({ momentum: 0.5 }), tf.layers.dense({ units: 3, activation: 'softmax' })] }),
    loss: 'categoricalCrossentropy', metrics: ['accuracy'], data: () => classes(40, 5, 3, 109),
  },
  {
    name: 'functional: Embedding -> Bidirectional LSTM, Add with a Dense branch -> Dense, meanSquaredError',
    build: () => {
      const input = tf.input({ shape: [6] });
      const embedded = tf.layers.embedding({ inputDim: 10, outputDim: 4 }).apply(input) as Symbolic;
      const recurrent = tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3 }) as import('@tensorflow/tfjs').RNN, mergeMode: 'concat' }).apply(embedded) as Symbolic;
      const direct = tf.layers.dense({ units: 6 }).apply(tf.layers.flatten().apply(embedded)) as Symbolic;
      const joined = tf.layers.add().apply([recurrent, direct]) as Symbolic;
      return tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2 }).apply(joined) as Symbolic });
    },
    loss: 'meanSquaredError',
    data: () => { const d = regression(30, 6, 2, 111); const x = d.x.abs().mul(3).floor().clipByValue(0, 9); d.x.dispose(); return { x, y: d.y }; },
  },
];

describe('compiled training: evaluate and predict through the inference pass', function () {
  this.timeout(240_000);
  before(() => {
    requireAddon();
    assert.equal(tf.getBackend(), 'tensorflow');
  });

  for (const c of CASES) {
    it(`${c.name}: the same predictions and evaluation as TF.js, in batches`, async () => {
      const model = c.build();
      model.compile({ optimizer: tf.train.adam(0.02), loss: c.loss, metrics: c.metrics });
      const { x, y } = c.data();
      await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
      // batchSize 7 leaves a short last batch, weighted by its size in evaluate's mean.
      const eagerPrediction = (model.predict(x, { batchSize: 7 }) as Tensor).dataSync();
      const eagerEvaluation = values(model.evaluate(x, y, { batchSize: 7 }) as Tensor | Tensor[]);
      const logs: string[] = [];
      const compiled = new CompiledTraining(tf, 'auto', loadGraphAddon, (m) => logs.push(m));
      const [prediction, evaluation, shape] = installed(compiled, () => {
        const p = model.predict(x, { batchSize: 7 }) as Tensor;
        const e = model.evaluate(x, y, { batchSize: 7 }) as Tensor | Tensor[];
        return [p.dataSync(), e, p.shape];
      });
      assert.equal(compiled.compiledInferenceRuns(model), 2, 'predict and evaluate ran compiled');
      assert.deepEqual(shape, [x.shape[0], ...(model.outputs[0].shape.slice(1) as number[])]);
      assertClose(prediction, eagerPrediction, 1e-5, 1e-4, `${c.name}: predict`);
      assert.equal(Array.isArray(evaluation), Boolean(c.metrics?.length), 'evaluate returns a scalar without metrics, a list with them');
      assertClose(values(evaluation), eagerEvaluation, 1e-5, 1e-4, `${c.name}: evaluate`);
      assert.deepEqual(logs, [], 'inference falls back and runs silently');
    });
  }

  it("pushes the model's weights first: setWeights or an eager fit between calls is seen, as TF.js sees it", async () => {
    const c = CASES[0];
    const model = c.build();
    model.compile({ optimizer: 'adam', loss: c.loss });
    const { x } = c.data();
    const compiled = new CompiledTraining(tf, 'auto', loadGraphAddon, () => undefined);
    installed(compiled, () => model.predict(x));
    const other = c.build();
    model.setWeights(other.getWeights());
    const eager = (other.predict(x) as Tensor).dataSync();
    const after = installed(compiled, () => (model.predict(x) as Tensor).dataSync());
    assertClose(after, eager, 1e-5, 1e-4, 'predict after setWeights');
    // An eager training step in between (TF.js's optimizer assigns the weights), then one layer's setWeights.
    await model.fit(x, c.data().y, { epochs: 1, batchSize: 10, verbose: 0 });
    const afterFit = (model.predict(x) as Tensor).dataSync();
    assertClose(installed(compiled, () => (model.predict(x) as Tensor).dataSync()), afterFit, 1e-5, 1e-4, 'predict after an eager fit');
    model.layers[2].setWeights(other.layers[2].getWeights());
    const afterLayer = (model.predict(x) as Tensor).dataSync();
    assertClose(installed(compiled, () => (model.predict(x) as Tensor).dataSync()), afterLayer, 1e-5, 1e-4, "predict after one layer's setWeights");
    assert.equal(compiled.compiledInferenceRuns(model), 4);
  });

  it('falls back silently to TF.js for models and inputs it does not compile', () => {
    const logs: string[] = [];
    const compiled = new CompiledTraining(tf, 'auto', loadGraphAddon, (m) => logs.push(m));
    const x = tf.randomNormal([6, 4], 0, 1, 'float32', 3);
    const uncompiled = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [4] })] });
    // (Constraints are not compiled.)
    const constrained = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4], kernelConstraint: tf.constraints.maxNorm({ maxValue: 2 }) }), tf.layers.dense({ units: 1 })] });
    constrained.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const expected = [(uncompiled.predict(x) as Tensor).dataSync(), (constrained.predict(x) as Tensor).dataSync()];
    const got = installed(compiled, () => [(uncompiled.predict(x) as Tensor).dataSync(), (constrained.predict(x) as Tensor).dataSync()]);
    assert.deepEqual(got, expected);
    assert.equal(compiled.compiledInferenceRuns(uncompiled), 0);
    assert.equal(compiled.compiledInferenceRuns(constrained), 0);
    // Off: TF.js's loops even for a supported model.
    const dense = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [4] })] });
    dense.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const off = new CompiledTraining(tf, 'off', loadGraphAddon, (m) => logs.push(m));
    installed(off, () => dense.predict(x));
    assert.equal(off.compiledInferenceRuns(dense), 0);
    // A bad input still gets TF.js's own error.
    assert.throws(() => installed(compiled, () => dense.predict(tf.ones([2, 5]))), /expected dense_.*input to have shape \[null,4\]/);
    assert.deepEqual(logs, []);
  });

  it("fit's validation runs through the inference pass, to TF.js's val_loss; a predict mid-epoch sees the model's weights and leaves training alone", async () => {
    const { x, y } = classes(60, 5, 3, 109);
    // No dropout: its random draws differ between the paths.
    const build = () => tf.sequential({ layers: [tf.layers.dense({ units: 12, inputShape: [5], activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })] });
    const [eager, compiledModel] = sameStart(2, build, (m) => m.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] }));
    // A callback predicting after every batch. Mid-epoch the compiled path's session is ahead of the model: the
    // predict must run on the model's weights without pushing them into the session (that would undo batches).
    const probe = (model: LayersModel) => ({ onBatchEnd: async () => { tf.dispose(model.predict(x)); } });
    const args = { epochs: 3, batchSize: 16, shuffle: false, verbose: 0, validationSplit: 0.3 };
    const expected = (await eager.fit(x, y, { ...args, callbacks: probe(eager) })) as unknown as History;
    const compiled = new CompiledTraining(tf, 'auto', loadGraphAddon, () => undefined);
    const uninstall = compiled.install();
    let history: History;
    try {
      history = (await compiled.fit(compiledModel, x, y, { ...args, callbacks: probe(compiledModel) }, (a) => compiledModel.fit(x, y, a))) as History;
    } finally {
      uninstall();
    }
    assert.equal(compiled.compiledRuns.get(compiledModel), 1);
    // The 3 validations ran compiled; so did the probes after each epoch's last batch (validation had just
    // brought the model up to date); the other probes ran on TF.js.
    assert.equal(compiled.compiledInferenceRuns(compiledModel), 6);
    assertSameHistory(history!.history, expected.history, 'validation');
    assertSameWeights(compiledModel, eager, 'weights after a fit probed by predict');
  });
});

describe('compiled training in the kernel: fitDataset, evaluate, predict', function () {
  let session: KernelSession;
  const logs: string[] = [];
  before(() => {
    session = startSession({ log: (line: string) => logs.push(line) });
  });
  after(() => session.shutdown());

  it('runs fitDataset compiled (logged once), then evaluate and predict give what TF.js gives', async () => {
    const cell = await run(session, [
      'const model = tf.sequential();',
      "model.add(tf.layers.dense({ units: 8, inputShape: [4], activation: 'relu' }));",
      "model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));",
      "model.compile({ optimizer: tf.train.adam(0.02), loss: 'binaryCrossentropy', metrics: ['accuracy'] });",
      'const xs = tf.randomNormal([120, 4], 0, 1, "float32", 5);',
      'const ys = xs.sum(1, true).greater(0).toFloat();',
      'const ds = tf.data.zip({ xs: tf.data.array(tf.unstack(xs)), ys: tf.data.array(tf.unstack(ys)) }).batch(20);',
      'const h = await model.fitDataset(ds, { epochs: 3 });',
      'const [loss, acc] = model.evaluate(xs, ys, { batchSize: 32 }).map((t) => t.dataSync()[0]);',
      'const p = model.predict(xs);',
      // The same loss from predictions by hand: binary cross-entropy as tfjs-layers clips it.
      'const byHand = tf.metrics.binaryCrossentropy(ys, p).mean().dataSync()[0];',
      '[h.history.loss.length, p.shape.join("x"), Math.abs(loss - byHand) < 1e-4, acc > 0.6]',
    ].join('\n'));
    assert.equal(cell.outcome.status, 'ok', cell.text);
    assert.match(cell.text, /\[ 3, '120x1', true, true \]/);
    assert.equal(logs.filter((l) => /compiled training: model '.*' trains as one TensorFlow graph per batch/.test(l)).length, 1, logs.join('\n'));
  });
});
