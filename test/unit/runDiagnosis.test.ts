import assert from 'node:assert/strict';
import type { History } from '../../src/core/trainingDiagnosis';
import { diagnoseRun, readRunEvidence, THRESHOLDS, type FindingId, type LayerSummary, type ModelSummary, type RunEvidence, type RunFacts, type TensorSummary } from '../../src/core/runDiagnosis';
import { findingFixEdits, locateFinding } from '../../src/core/concepts/findingEdits';
import { applyEdits } from '../../src/core/concepts/quickFixes';
import { FIX_TITLES } from '../../src/core/concepts/findingConcepts';
import { hintLine, placeHints } from '../../src/core/notebookHints';
import { loadFindingConceptsFromDir } from '../../src/host/contentFiles';
import { loadBankFromDir } from '../../src/host/questionBankFiles';
import path from 'node:path';

// The finding concepts as the extension loads them (content/concepts/findings/*.json).
const FINDING_CONCEPTS = loadFindingConceptsFromDir(path.resolve(__dirname, '..', '..', 'content', 'concepts'));

const epochs = (n: number, f: (e: number) => number) => Array.from({ length: n }, (_, e) => f(e));

/** A sequential stack: each layer fed by the one before. */
function stack(layers: Omit<LayerSummary, 'inbound' | 'name'>[], loss = 'categoricalCrossentropy', extra: Partial<ModelSummary> = {}): ModelSummary {
  const named = layers.map((l, i) => ({ ...l, name: `${l.className.toLowerCase()}_${i + 1}`, inbound: [] as string[] }));
  named.forEach((l, i) => (l.inbound = i > 0 ? [named[i - 1].name] : []));
  const last = named[named.length - 1];
  return { layers: named, losses: [loss], outputLayers: [last.name], outputUnits: [last.units ?? null], optimizer: 'Adam', learningRate: 0.001, ...extra };
}

function tensor(role: TensorSummary['role'], shape: number[], stats: Partial<TensorSummary> = {}): TensorSummary {
  return { role, dtype: 'float32', shape, count: shape.reduce((a, b) => a * b, 1), nan: 0, inf: 0, min: -1, max: 1, mean: 0, std: 0.5, integer: false, ...stats };
}

const classifier = () => stack([{ className: 'Dense', activation: 'relu', units: 32 }, { className: 'Dense', activation: 'softmax', units: 3 }]);
const oneHotY = (shares = [1 / 3, 1 / 3, 1 / 3]) => tensor('y', [300, 3], { min: 0, max: 1, integer: true, oneHot: true, classShares: shares });
const healthyHistory = (n = 20) => {
  const loss = epochs(n, (e) => 1.1 * Math.exp(-0.2 * e) + 0.05);
  return { loss, val_loss: loss.map((v) => v * 1.1 + 0.02), acc: epochs(n, (e) => 0.4 + 0.55 * (1 - Math.exp(-0.3 * e))), val_acc: epochs(n, (e) => 0.38 + 0.55 * (1 - Math.exp(-0.3 * e))) };
};
const healthy = (over: Partial<RunEvidence> = {}, history: History = healthyHistory()): RunFacts => ({
  status: 'done',
  history,
  evidence: { model: classifier(), data: [tensor('x', [300, 2]), oneHotY()], batchesPerEpoch: 10, ...over },
});
const ids = (facts: RunFacts): FindingId[] => diagnoseRun(facts).map((f) => f.id);

describe('run diagnosis (runDiagnosis.ts)', () => {
  it('a healthy run gets no finding', () => {
    assert.deepEqual(ids(healthy()), []);
    assert.deepEqual(ids(healthy({ validationOverlap: { source: 'validationSplit', sampled: 60, inTraining: 0 } })), []);
  });

  it('unnormalized-input: raw pixels 0–255 to a dense layer, with the range as evidence; not 0–10, not ids into an embedding', () => {
    const pixels = tensor('x', [600, 8, 8], { min: 0, max: 255, mean: 97, std: 88, integer: true });
    const [f] = diagnoseRun(healthy({ data: [pixels, oneHotY()] }));
    assert.equal(f.id, 'unnormalized-input');
    assert.deepEqual(f.location, { kind: 'fit' });
    assert.ok(f.evidence.some((e) => e.en === 'inputs range 0–255'), JSON.stringify(f.evidence));
    assert.match(f.message.zh, /未归一化/);
    assert.deepEqual(ids(healthy({ data: [tensor('x', [600, 2], { min: 0, max: 10, mean: 5, std: 2.9 }), oneHotY()] })), []);
    const embedding = stack([{ className: 'Embedding' }, { className: 'Flatten' }, { className: 'Dense', activation: 'softmax', units: 3 }]);
    assert.deepEqual(ids(healthy({ model: embedding, data: [tensor('x', [600, 20], { min: 0, max: 9999, mean: 4000, std: 2800, integer: true }), oneHotY()] })), []);
  });

  it('nan-input: which tensor and how many, and the NaN loss it causes is not called divergence', () => {
    const x = tensor('x', [400, 2], { nan: 12, inf: 3 });
    const facts = healthy({ data: [x, tensor('y', [400, 1])] }, { loss: [NaN, NaN, NaN, NaN, NaN, NaN] });
    facts.evidence!.model = stack([{ className: 'Dense', activation: 'relu', units: 8 }, { className: 'Dense', activation: 'linear', units: 1 }], 'meanSquaredError');
    const found = diagnoseRun(facts);
    assert.deepEqual(found.map((f) => f.id), ['nan-input']);
    assert.equal(found[0].evidence[0].en, 'x: 12 NaN + 3 ±Infinity of 800 values');
  });

  it('label-format: class ids to categoricalCrossentropy (also when fit threw), one-hot to the sparse loss, ids to binary cross-entropy', () => {
    const ids1 = tensor('y', [300, 1], { min: 0, max: 2, integer: true, classShares: [0.3, 0.3, 0.4] });
    const failed: RunFacts = { status: 'failed', history: {}, evidence: { model: classifier(), data: [tensor('x', [300, 2]), ids1], fitError: 'expected dense_Dense2 to have shape [,3]' } };
    const [f] = diagnoseRun(failed);
    assert.equal(f.id, 'label-format');
    assert.deepEqual(f.location, { kind: 'compile' });
    assert.deepEqual(f.fixes, ['loss-sparse-categorical']);
    const sparse = healthy();
    sparse.evidence!.model!.losses = ['sparseCategoricalCrossentropy'];
    const [g] = diagnoseRun(sparse);
    assert.equal(g.id, 'label-format');
    assert.deepEqual(g.fixes, ['loss-categorical']);
    const binary = stack([{ className: 'Dense', activation: 'relu', units: 8 }, { className: 'Dense', activation: 'sigmoid', units: 1 }], 'binaryCrossentropy');
    assert.deepEqual(ids(healthy({ model: binary, data: [tensor('x', [300, 2]), ids1] })), ['label-format']);
    // Sparse loss with ids is right.
    const right = healthy({ data: [tensor('x', [300, 2]), ids1] });
    right.evidence!.model!.losses = ['sparseCategoricalCrossentropy'];
    assert.deepEqual(ids(right), []);
  });

  it('class-imbalance: accuracy that climbs to the majority share and sits there; not when it rises above it', () => {
    const binary = stack([{ className: 'Dense', activation: 'relu', units: 8 }, { className: 'Dense', activation: 'sigmoid', units: 1 }], 'binaryCrossentropy');
    const y = tensor('y', [1000, 1], { min: 0, max: 1, integer: true, classShares: [0.949, 0.051] });
    const stuck = { loss: epochs(12, (e) => 0.2 + 0.35 * Math.exp(-e)), acc: [0.834, ...epochs(11, () => 0.949)] };
    const [f] = diagnoseRun(healthy({ model: binary, data: [tensor('x', [1000, 4]), y] }, stuck));
    assert.equal(f.id, 'class-imbalance');
    assert.match(f.message.en, /acc stuck at 0\.949 since epoch 7 = the share of class 0 \(95 %\)/);
    const learns = { loss: stuck.loss, acc: epochs(12, (e) => 0.9 + e * 0.007) };
    assert.deepEqual(ids(healthy({ model: binary, data: [tensor('x', [1000, 4]), y] }, learns)), []);
    // Balanced labels: the stuck accuracy is not imbalance (the older stuck-accuracy rule names it).
    const balanced = tensor('y', [1000, 1], { min: 0, max: 1, integer: true, classShares: [0.5, 0.5] });
    assert.deepEqual(ids(healthy({ model: binary, data: [tensor('x', [1000, 4]), balanced] }, { loss: stuck.loss, acc: epochs(12, () => 0.5) })), ['stuck-accuracy']);
  });

  it('missing-activation: each linear Dense/Conv feeding another through linear layers only, on that layer, with a relu fix', () => {
    const model = stack([{ className: 'Dense', activation: 'linear', units: 32 }, { className: 'Dropout', rate: 0.2 }, { className: 'Dense', activation: 'linear', units: 32 }, { className: 'Dense', activation: 'softmax', units: 3 }]);
    const found = diagnoseRun(healthy({ model }));
    assert.deepEqual(found.map((f) => f.id), ['missing-activation', 'missing-activation']);
    assert.deepEqual(found[0].location, { kind: 'layer', index: 0, className: 'Dense', name: 'dense_1', rankInClass: 0 });
    assert.deepEqual(found[1].location, { kind: 'layer', index: 2, className: 'Dense', name: 'dense_3', rankInClass: 1 });
    assert.deepEqual(found[0].fixes, ['add-relu']);
    // A relu layer or max pooling in between is a non-linearity; a single linear layer (linear regression) is fine.
    const withRelu = stack([{ className: 'Dense', activation: 'linear', units: 32 }, { className: 'ReLU' }, { className: 'Dense', activation: 'softmax', units: 3 }]);
    assert.deepEqual(ids(healthy({ model: withRelu })), []);
    // A linear code narrower than the layer it feeds is an autoencoder's bottleneck, a design: no hint.
    const autoencoder = stack([{ className: 'Dense', activation: 'relu', units: 16 }, { className: 'Dense', activation: 'linear', units: 2 }, { className: 'Dense', activation: 'relu', units: 16 }, { className: 'Dense', activation: 'sigmoid', units: 3 }], 'meanSquaredError');
    assert.deepEqual(ids(healthy({ model: autoencoder })), []);
    const conv = stack([{ className: 'Conv2D', activation: 'linear', filters: 8 }, { className: 'MaxPooling2D' }, { className: 'Conv2D', activation: 'relu', filters: 8 }, { className: 'Flatten' }, { className: 'Dense', activation: 'softmax', units: 3 }]);
    assert.deepEqual(ids(healthy({ model: conv })), []);
  });

  it('missing-activation with a poorly learning run names the cause, the run numbers join its evidence', () => {
    const model = stack([{ className: 'Dense', activation: 'linear', units: 32 }, { className: 'Dense', activation: 'softmax', units: 3 }]);
    const flat = { loss: epochs(30, (e) => 1 - 0.05 * (1 - Math.exp(-0.5 * e))), val_loss: epochs(30, (e) => 1.01 - 0.05 * (1 - Math.exp(-0.5 * e))) };
    const found = diagnoseRun(healthy({ model }, flat));
    assert.deepEqual(found.map((f) => f.id), ['missing-activation']);
    assert.ok(found[0].evidence.some((e) => /underfitting/.test(e.en)), JSON.stringify(found[0].evidence));
  });

  it('loss-activation-mismatch: sigmoid/linear under categorical cross-entropy, softmax under binary, units vs labels', () => {
    const sig = stack([{ className: 'Dense', activation: 'relu', units: 16 }, { className: 'Dense', activation: 'sigmoid', units: 3 }]);
    const [f] = diagnoseRun(healthy({ model: sig }));
    assert.equal(f.id, 'loss-activation-mismatch');
    assert.deepEqual(f.fixes, ['output-softmax']);
    assert.equal(f.location.kind === 'layer' && f.location.index, 1);
    const softBinary = stack([{ className: 'Dense', activation: 'relu', units: 16 }, { className: 'Dense', activation: 'softmax', units: 3 }], 'binaryCrossentropy');
    assert.deepEqual(diagnoseRun(healthy({ model: softBinary }))[0].fixes, ['loss-categorical'], 'one-hot labels: the loss is what is wrong');
    const softOne = stack([{ className: 'Dense', activation: 'relu', units: 16 }, { className: 'Dense', activation: 'softmax', units: 1 }], 'binaryCrossentropy');
    assert.deepEqual(diagnoseRun(healthy({ model: softOne, data: [tensor('x', [300, 2]), tensor('y', [300, 1], { min: 0, max: 1, integer: true })] }))[0].fixes, ['output-sigmoid']);
    const units = stack([{ className: 'Dense', activation: 'relu', units: 16 }, { className: 'Dense', activation: 'softmax', units: 4 }]);
    assert.match(diagnoseRun(healthy({ model: units }))[0].message.en, /output has 4 units but the labels have 3 columns/);
    // A Softmax layer after a linear Dense is a softmax output.
    const layer = stack([{ className: 'Dense', activation: 'relu', units: 16 }, { className: 'Dense', activation: 'linear', units: 3 }, { className: 'Softmax' }]);
    layer.outputUnits = [3];
    assert.deepEqual(ids(healthy({ model: layer })), []);
  });

  it(`dropout-too-high: a rate of ${THRESHOLDS.dropoutTooHigh} or more, on the dropout layer; 0.5 is fine`, () => {
    const high = stack([{ className: 'Dense', activation: 'relu', units: 32 }, { className: 'Dropout', rate: 0.9 }, { className: 'Dense', activation: 'softmax', units: 3 }]);
    const [f] = diagnoseRun(healthy({ model: high }));
    assert.equal(f.id, 'dropout-too-high');
    assert.equal(f.location.kind === 'layer' && f.location.name, 'dropout_2');
    assert.match(f.message.en, /drops 90 %/);
    const usual = stack([{ className: 'Dense', activation: 'relu', units: 32 }, { className: 'Dropout', rate: 0.5 }, { className: 'Dense', activation: 'softmax', units: 3 }]);
    assert.deepEqual(ids(healthy({ model: usual })), []);
  });

  it('lr-too-high: a NaN loss whose one-batch replay is finite through every layer and the loss, with the learning rate', () => {
    const model = { ...classifier(), optimizer: 'SGD', learningRate: 10 };
    const replay = { epoch: 0, steps: [{ step: 'input', finite: true }, { step: 'dense_1', finite: true }, { step: 'dense_2', finite: true }, { step: 'loss', finite: true }, { step: 'gradients', finite: true }], gradientMaxAbs: 3.2 };
    const [f] = diagnoseRun(healthy({ model, replay }, { loss: [NaN, NaN, NaN] }));
    assert.equal(f.id, 'lr-too-high');
    assert.match(f.message.en, /learning rate 10/);
    assert.deepEqual(f.fixes, ['lower-learning-rate']);
    // A loss that grows without NaN.
    assert.deepEqual(ids(healthy({ model }, { loss: [1, 2, 4, 9, 30] })), ['lr-too-high']);
  });

  it('divergence: NaN first produced by the loss from finite predictions, with the op', () => {
    const replay = { epoch: 0, steps: [{ step: 'input', finite: true }, { step: 'dense_1', finite: true }, { step: 'dense_2', finite: true }, { step: 'loss', finite: false }], firstBad: 'loss', op: 'Log' };
    const [f] = diagnoseRun(healthy({ replay }, { loss: [NaN, NaN, NaN, NaN, NaN] }));
    assert.equal(f.id, 'divergence');
    assert.match(f.message.en, /the loss \(op Log\) is the first step that produced NaN/);
    assert.deepEqual(f.fixes, []);
  });

  it('lr-too-low: a flat loss with a non-zero gradient and steps too small to move it; a zero gradient is a plateau', () => {
    const flat = { loss: epochs(20, (e) => 2.5 - e * 1e-4) };
    const model = { ...classifier(), optimizer: 'SGD', learningRate: 1e-6 };
    const [f] = diagnoseRun(healthy({ model, gradient: { l2: 4.2, l1: 30, params: 321, loss: 2.5 } }, flat));
    assert.equal(f.id, 'lr-too-low');
    assert.deepEqual(f.fixes, ['raise-learning-rate']);
    assert.match(f.message.en, /gradient is not zero \(‖g‖ 4\.2\)/);
    const dead = diagnoseRun(healthy({ model, gradient: { l2: 0, l1: 0, params: 321, loss: 2.5 } }, flat));
    assert.deepEqual(dead.map((d) => d.id), ['plateau']);
    // A learning rate that could move the loss a lot: not the learning rate's fault.
    assert.deepEqual(ids(healthy({ model: { ...model, learningRate: 0.1 }, gradient: { l2: 4.2, l1: 30, params: 321, loss: 2.5 } }, flat)), ['plateau']);
    // Too few epochs, or a stopped run with too few: nothing about the learning rate.
    assert.deepEqual(ids(healthy({ model, gradient: { l2: 4.2, l1: 30, params: 321, loss: 2.5 } }, { loss: flat.loss.slice(0, 8) })), ['plateau']);
    assert.deepEqual(ids({ ...healthy({ model, gradient: { l2: 4.2, l1: 30, params: 321, loss: 2.5 } }, { loss: flat.loss.slice(0, 12) }), status: 'stopped' }), ['plateau']);
  });

  it('validation-leak: validation rows found in the training data and validation at or above training from epoch 1', () => {
    const history = healthyHistory(10);
    const leaked = { ...history, val_loss: history.loss.map((v) => v * 0.97), val_acc: history.acc.map((v) => Math.min(1, v + 0.01)) };
    const [f] = diagnoseRun(healthy({ validationOverlap: { source: 'validationData', sampled: 64, inTraining: 64 } }, leaked));
    assert.equal(f.id, 'validation-leak');
    assert.ok(f.evidence.some((e) => /64 of 64 validation rows/.test(e.en)));
    // The same numbers with distinct validation rows are a healthy run.
    assert.deepEqual(ids(healthy({ validationOverlap: { source: 'validationData', sampled: 64, inTraining: 0 } }, leaked)), []);
    // No overlap check possible: near-perfect validation from the first epochs that training never reaches.
    const pattern = { loss: epochs(10, (e) => 0.5 * Math.exp(-0.1 * e)), val_loss: epochs(10, (e) => 0.05 * Math.exp(-0.1 * e)), acc: epochs(10, (e) => 0.8 + 0.01 * e), val_acc: epochs(10, () => 1) };
    assert.deepEqual(ids(healthy({}, pattern)), ['validation-leak']);
    const withDropout = stack([{ className: 'Dense', activation: 'relu', units: 32 }, { className: 'Dropout', rate: 0.5 }, { className: 'Dense', activation: 'softmax', units: 3 }]);
    assert.deepEqual(ids(healthy({ model: withDropout }, pattern)), [], 'dropout alone keeps training accuracy below validation');
  });

  it('overfitting, plateau and underfitting come from the history rules, at most one of them', () => {
    const loss = epochs(30, (e) => 1 / (e + 1));
    const val_loss = epochs(30, (e) => (e <= 10 ? 1 - e * 0.05 : 0.5 + (e - 10) * 0.02));
    const [f] = diagnoseRun({ status: 'done', history: { loss, val_loss } });
    assert.equal(f.id, 'overfitting');
    assert.deepEqual(f.fixes, ['add-early-stopping', 'add-dropout']);
    assert.deepEqual(ids({ status: 'done', history: { loss: epochs(20, () => 2.302) } }), ['plateau']);
  });

  it('overfitting that an early-stopping callback on val_loss ended within its patience is no hint', () => {
    const loss = epochs(16, (e) => 1 / (e + 1));
    const val_loss = epochs(16, (e) => (e <= 10 ? 1 - e * 0.05 : 0.5 + (e - 10) * 0.08));
    const facts = (earlyStopping?: RunEvidence['earlyStopping']): RunFacts => ({ status: 'done', history: { loss, val_loss }, evidence: earlyStopping ? { earlyStopping } : {} });
    assert.deepEqual(ids(facts()), ['overfitting']);
    assert.deepEqual(ids(facts({ monitor: 'val_loss', patience: 5 })), []);
    assert.deepEqual(ids(facts({ monitor: 'val_loss', patience: 2 })), ['overfitting'], 'rose longer than the patience allows');
    assert.deepEqual(ids(facts({ monitor: 'loss', patience: 5 })), ['overfitting'], 'watching the training loss does not stop overfitting');
  });

  it('a rising val_loss is no overfitting for a model too small to memorise its training rows', () => {
    const loss = epochs(20, (e) => 0.5 - e * 0.012);
    const val_loss = epochs(20, (e) => (e <= 4 ? 0.45 - e * 0.002 : 0.442 + (e - 4) * 0.004));
    const x = (rows: number): TensorSummary => ({ role: 'x', dtype: 'float32', shape: [rows, 2], count: rows * 2, nan: 0, inf: 0, min: -3, max: 3, mean: 0, std: 1, integer: false });
    const facts = (trainableParams: number | undefined, rows: number): RunFacts => ({
      status: 'done',
      history: { loss, val_loss },
      evidence: { data: [x(rows)], model: { ...stack([{ className: 'Dense', activation: 'sigmoid', units: 1 }]), ...(trainableParams === undefined ? {} : { trainableParams }) } },
    });
    assert.deepEqual(ids(facts(undefined, 400)), ['overfitting'], 'without a parameter count the history decides');
    assert.deepEqual(ids(facts(3, 400)), [], '3 parameters, 400 rows: a logistic regression cannot memorise');
    assert.deepEqual(ids(facts(3, 29)), ['overfitting'], 'fewer than ten rows per parameter');
    assert.deepEqual(ids(facts(5_000, 400)), ['overfitting']);
  });

  it('a short or interrupted run needs stronger evidence; a running one gets nothing from its history', () => {
    const flat = { loss: epochs(4, () => 2.3) };
    assert.deepEqual(ids({ status: 'done', history: flat }), []);
    assert.deepEqual(ids({ status: 'stopped', history: { loss: epochs(8, () => 2.3) } }), []);
    assert.deepEqual(ids({ status: 'running', history: { loss: epochs(30, () => 2.3) } }), []);
  });

  it('reads evidence back from JSON, dropping what is malformed', () => {
    const raw = JSON.parse(JSON.stringify({ model: classifier(), data: [{ ...tensor('x', [3, 2]), min: 'NaN' }], gradient: { l2: 'NaN', l1: 1, params: 2, loss: 1 }, batchesPerEpoch: 3 }));
    const e = readRunEvidence(raw)!;
    assert.equal(e.model?.layers.length, 2);
    assert.equal(e.data?.[0].min, null);
    assert.equal(e.gradient, undefined);
    assert.equal(readRunEvidence('nonsense'), undefined);
    assert.deepEqual(readRunEvidence({ model: { layers: 'x' } }), {});
  });

  it('every finding id has a bilingual concept whose interview questions exist, and every fix a title', () => {
    const bank = loadBankFromDir(path.resolve(__dirname, '..', '..', 'questions'));
    for (const [id, concept] of Object.entries(FINDING_CONCEPTS)) {
      assert.equal(concept.id, id);
      assert.ok(concept.explain.en && concept.explain.zh && concept.tryThis.en && concept.tryThis.zh, id);
      assert.ok(concept.questions.length > 0, id);
      for (const q of concept.questions) assert.ok(bank.byId(q), `${id}: unknown question ${q}`);
    }
    for (const [fix, title] of Object.entries(FIX_TITLES)) assert.ok(title.en && title.zh, fix);
  });
});

describe('run hints placed in the notebook (findingEdits.ts, notebookHints.ts)', () => {
  const cells = [
    "const xs = tf.randomNormal([10, 2]);",
    [
      'const model = tf.sequential();',
      "model.add(tf.layers.dense({ units: 32, inputShape: [2] }));",
      'model.add(tf.layers.dropout({ rate: 0.9 }));',
      "model.add(tf.layers.dense({ units: 3, activation: 'sigmoid' }));",
      "model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' });",
    ].join('\n'),
    'await model.fit(xs, ys, { epochs: 5 });',
  ];
  const layer = (index: number, className: string, rankInClass: number) => ({ kind: 'layer' as const, index, className, name: `${className}_${index}`, rankInClass });

  it('puts fit findings on the fit call, layer findings on the call that made the layer, compile findings on compile', () => {
    assert.deepEqual(locateFinding(cells, 2, { kind: 'fit' }), { cell: 2, offset: cells[2].indexOf('fit(') });
    assert.deepEqual(locateFinding(cells, 2, { kind: 'compile' }), { cell: 1, offset: cells[1].indexOf('compile(') });
    const second = locateFinding(cells, 2, layer(2, 'Dense', 1))!;
    assert.equal(second.cell, 1);
    assert.equal(cells[1].slice(second.offset).split('\n')[0], "dense({ units: 3, activation: 'sigmoid' }));");
    assert.equal(cells[1].slice(locateFinding(cells, 2, layer(1, 'Dropout', 0))!.offset).split('(')[0], 'dropout');
  });

  it('fixes edit the layer, the loss or the learning rate where they are written, and only once', () => {
    const fix = (finding: Parameters<typeof findingFixEdits>[2], kind: Parameters<typeof findingFixEdits>[3]) => {
      const r = findingFixEdits(cells, 2, finding, kind);
      return r && { cell: r.cell, text: applyEdits(cells[r.cell], r.edits) };
    };
    const base = { id: 'missing-activation' as const, message: { en: '', zh: '' }, evidence: [], fixes: [] };
    assert.match(fix({ ...base, location: layer(0, 'Dense', 0) }, 'add-relu')!.text, /dense\(\{ units: 32, inputShape: \[2\], activation: 'relu' \}\)/);
    assert.match(fix({ ...base, location: layer(2, 'Dense', 1) }, 'output-softmax')!.text, /units: 3, activation: 'softmax'/);
    assert.equal(fix({ ...base, location: layer(2, 'Dense', 1) }, 'output-sigmoid'), undefined, 'already sigmoid');
    assert.match(fix({ ...base, location: layer(1, 'Dropout', 0) }, 'lower-dropout')!.text, /dropout\(\{ rate: 0\.3 \}\)/);
    assert.match(fix({ ...base, location: { kind: 'compile' } }, 'loss-sparse-categorical')!.text, /loss: 'sparseCategoricalCrossentropy'/);
    assert.match(fix({ ...base, location: { kind: 'fit' } }, 'raise-learning-rate')!.text, /sgd\(5\)/);
    assert.match(fix({ ...base, location: { kind: 'fit' } }, 'lower-learning-rate')!.text, /sgd\(0\.05\)/);
    assert.equal(fix({ ...base, location: { kind: 'fit' } }, 'add-early-stopping')!.cell, 2);
  });

  it('places every finding of a run and prints it as mlnb run does', () => {
    const model: ModelSummary = {
      layers: [
        { name: 'dense_Dense1', className: 'Dense', activation: 'linear', units: 32, inbound: [] },
        { name: 'dropout_Dropout1', className: 'Dropout', rate: 0.9, inbound: ['dense_Dense1'] },
        { name: 'dense_Dense2', className: 'Dense', activation: 'sigmoid', units: 3, inbound: ['dropout_Dropout1'] },
      ],
      losses: ['categoricalCrossentropy'],
      outputLayers: ['dense_Dense2'],
      outputUnits: [3],
    };
    const hints = placeHints(cells, 2, { status: 'done', epochs: 5, epoch: 4, batch: 0, batchesPerEpoch: 1, elapsedMs: 0, batchLogs: {}, history: { loss: [1, 0.9, 0.8, 0.7, 0.6] }, evidence: { model } });
    const lines = hints.map((h) => hintLine(h, (i) => i + 1));
    assert.deepEqual(lines.map((l) => l.split(':').slice(0, 2).join(':')), ['hint mlnb(loss-activation-mismatch) cell 2:4', 'hint mlnb(missing-activation) cell 2:2', 'hint mlnb(dropout-too-high) cell 2:3']);
  });
});
