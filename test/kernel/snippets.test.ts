/**
 * Every model snippet (content/snippets/*.json), expanded to its default text (every tab stop keeps its
 * default) and run in the real kernel, one fresh kernel per snippet. After it runs, a probe cell reads what
 * the snippet left behind (histories, models, results) and the checks below assert what it should achieve.
 *
 * The list comes from the snippet file itself: a snippet without an entry in CHECKS fails, and each entry
 * must check exactly the assertion kinds its file's `assertions` declare.
 *
 * Backend: the default (auto), like a new user's kernel. A snippet the wasm backend cannot train
 * (convolutions, Embedding; `wasm: false` in its file) runs on cpu when the default is wasm. MLNB_SNIPPET_BACKEND=cpu|wasm|
 * tensorflow forces a backend for a local run.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { KernelSession } from '../../src/host/kernelSession';
import type { BackendName, BackendPreference } from '../../src/core/protocol';
import { expandSnippet } from '../../src/core/snippets/expand';
import type { AssertionKind, SnippetInfo } from '../../src/core/snippets/catalog';
import { loadSnippetsFromDir } from '../../src/host/contentFiles';
import { describeHints, runHints } from './runHints';
import { run, startSession, tempDir, type CellRun } from './helpers';

const SNIPPETS = loadSnippetsFromDir(path.resolve(__dirname, '..', '..', 'content', 'snippets')).all;
const REQUESTED = (process.env.MLNB_SNIPPET_BACKEND || 'auto') as BackendPreference;
const PROBE_MARK = '@@mlnb-probe@@';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Probe = any;
interface RunContext {
  backend: BackendName;
  /** The kernel's working directory (the "notebook folder"). */
  cwd: string;
  cell: CellRun;
}
interface SnippetCheck {
  /** Body of an async function run in the kernel after the snippet; its JSON-able result goes to the checks. */
  probe: string;
  checks: Partial<Record<AssertionKind, (p: Probe, ctx: RunContext) => void>>;
}

const first = (xs: number[]) => xs[0];
const last = (xs: number[]) => xs[xs.length - 1];
const fmt = (xs: number[]) => `[${xs.map((x) => Number(x).toPrecision(3)).join(', ')}]`;

/** The last value is below `factor` × the first (factor 1: any decrease). */
function lossDecreases(losses: number[], factor = 1): void {
  assert.ok(losses.length >= 2, `need at least two loss values, got ${fmt(losses)}`);
  assert.ok(losses.every(Number.isFinite), `a loss is not finite: ${fmt(losses)}`);
  assert.ok(last(losses) < first(losses) * factor, `loss did not fall below ${factor} × its first value: ${fmt(losses)}`);
}

function near(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
}

function countClasses(classes: string[], name: string): number {
  return classes.filter((c) => c === name).length;
}

const CHECKS: Record<string, SnippetCheck> = {
  'mlnb-linear-regression': {
    probe: 'return { loss: linHistory.history.loss, w: linW, b: linB };',
    checks: {
      'loss-decreases': (p) => lossDecreases(p.loss, 0.2),
      'parameters-recovered': (p) => {
        near(p.w, 3, 0.3, 'slope');
        near(p.b, 2, 0.3, 'intercept');
      },
    },
  },
  'mlnb-logistic-regression': {
    probe: 'return { loss: logHistory.history.loss, acc: logHistory.history.acc };',
    checks: {
      // Adam at 0.05 may learn most of it within the first epoch (whose mean loss is the first value), so
      // "fell by 20 % from epoch 1" was a coin toss; the end must still beat a constant guess (ln 2) by far.
      'loss-decreases': (p) => {
        lossDecreases(p.loss);
        assert.ok(last(p.loss) < 0.8 * Math.LN2, `final loss ${last(p.loss)} is not well below a constant guess's ${Math.LN2.toFixed(3)}: ${fmt(p.loss)}`);
      },
      accuracy: (p) => assert.ok(last(p.acc) > 0.85, `train accuracy ${last(p.acc)}`),
    },
  },
  'mlnb-mlp': {
    probe: `return {
      loss: mlpHistory.history.loss, valAcc: mlpHistory.history.val_acc,
      outputShape: mlpModel.outputs[0].shape,
      predictShape: tf.tidy(() => mlpModel.predict(tf.zeros([5, 2])).shape),
    };`,
    checks: {
      'loss-decreases': (p) => lossDecreases(p.loss, 0.5),
      accuracy: (p) => assert.ok(last(p.valAcc) > 0.8, `val accuracy ${fmt(p.valAcc)} (chance: 0.33)`),
      'output-shape': (p) => {
        assert.deepEqual(p.outputShape, [null, 3]);
        assert.deepEqual(p.predictShape, [5, 3]);
      },
    },
  },
  'mlnb-cnn': {
    probe: `return {
      loss: cnnHistory.history.loss,
      inputShape: cnnModel.inputs[0].shape, outputShape: cnnModel.outputs[0].shape,
      predictShape: tf.tidy(() => cnnModel.predict(cnnXs.slice(0, 2)).shape),
      classes: cnnModel.layers.map((l) => l.getClassName()),
    };`,
    checks: {
      'loss-decreases': (p) => lossDecreases(p.loss),
      'output-shape': (p) => {
        assert.deepEqual(p.inputShape, [null, 32, 32, 3]);
        assert.deepEqual(p.outputShape, [null, 10]);
        assert.deepEqual(p.predictShape, [2, 10]);
      },
      architecture: (p) => {
        // (conv, conv, pool, dropout) ×2, flatten, dense, dropout, dense
        assert.deepEqual(p.classes, [
          'Conv2D', 'Conv2D', 'MaxPooling2D', 'Dropout', 'Conv2D', 'Conv2D', 'MaxPooling2D', 'Dropout', 'Flatten', 'Dense', 'Dropout', 'Dense',
        ]);
      },
    },
  },
  'mlnb-resnet-block': {
    probe: `return {
      loss: resHistory.history.loss, outputShape: resModel.outputs[0].shape,
      predictShape: tf.tidy(() => resModel.predict(resXs.slice(0, 3)).shape),
      classes: resModel.layers.map((l) => l.getClassName()),
      addInputs: resModel.layers.filter((l) => l.getClassName() === 'Add').map((l) => l.inboundNodes[0].inboundLayers.length),
    };`,
    checks: {
      'loss-decreases': (p) => lossDecreases(p.loss, 0.9),
      'output-shape': (p) => {
        assert.deepEqual(p.outputShape, [null, 3]);
        assert.deepEqual(p.predictShape, [3, 3]);
      },
      architecture: (p) => {
        assert.deepEqual(p.addInputs, [2, 2], 'two residual blocks, each adding shortcut and branch');
        assert.equal(countClasses(p.classes, 'BatchNormalization'), 4);
        assert.equal(countClasses(p.classes, 'Conv2D'), 6, 'stem + 2×2 block convs + one 1×1 projection');
      },
    },
  },
  'mlnb-rnn': {
    probe: `return {
      loss: rnnHistory.history.loss, valLoss: rnnHistory.history.val_loss,
      variance: tf.tidy(() => rnnYs.sub(rnnYs.mean()).square().mean().dataSync()[0]),
      classes: rnnModel.layers.map((l) => l.getClassName()),
    };`,
    checks: {
      'loss-decreases': (p) => {
        lossDecreases(p.loss, 0.5);
        assert.equal(p.classes[0], 'SimpleRNN');
      },
      'beats-baseline': (p) => assert.ok(last(p.valLoss) < 0.1 * p.variance, `val MSE ${fmt(p.valLoss)} vs variance ${p.variance}`),
    },
  },
  'mlnb-lstm': {
    probe: `return {
      loss: lstmHistory.history.loss, valLoss: lstmHistory.history.val_loss,
      variance: tf.tidy(() => lstmYs.sub(lstmYs.mean()).square().mean().dataSync()[0]),
      classes: lstmModel.layers.map((l) => l.getClassName()),
    };`,
    checks: {
      'loss-decreases': (p) => {
        lossDecreases(p.loss, 0.5);
        assert.equal(p.classes[0], 'LSTM');
      },
      // Guessing the mean gives the variance (≈ 1/6); the LSTM must have learned to use the markers.
      'beats-baseline': (p) => assert.ok(last(p.valLoss) < 0.5 * p.variance, `val MSE ${fmt(p.valLoss)} vs variance ${p.variance}`),
    },
  },
  'mlnb-gru': {
    probe: `return { loss: gruHistory.history.loss, valAcc: gruHistory.history.val_acc, classes: gruModel.layers.map((l) => l.getClassName()) };`,
    checks: {
      'loss-decreases': (p) => {
        lossDecreases(p.loss, 0.8);
        assert.equal(p.classes[0], 'GRU');
      },
      accuracy: (p) => assert.ok(last(p.valAcc) > 0.6, `val accuracy ${fmt(p.valAcc)} (chance: 0.33)`),
    },
  },
  'mlnb-bilstm': {
    probe: `return {
      loss: bilHistory.history.loss, valAcc: bilHistory.history.val_acc,
      majority: tf.tidy(() => 1 - bilYs.mean().dataSync()[0]),
      outputShape: bilModel.outputs[0].shape,
      predictShape: tf.tidy(() => bilModel.predict(bilXs.slice(0, 4)).shape),
      classes: bilModel.layers.map((l) => l.getClassName()),
    };`,
    checks: {
      'loss-decreases': (p) => lossDecreases(p.loss, 0.8),
      accuracy: (p) => assert.ok(last(p.valAcc) > p.majority + 0.1, `per-step val accuracy ${fmt(p.valAcc)}; always "no peak" scores ${p.majority}`),
      'output-shape': (p) => {
        assert.deepEqual(p.classes, ['Bidirectional', 'TimeDistributed']);
        assert.deepEqual(p.outputShape, [null, 8, 1]);
        assert.deepEqual(p.predictShape, [4, 8, 1]);
      },
    },
  },
  'mlnb-text-classification': {
    probe: 'return { loss: txtHistory.history.loss, valAcc: txtHistory.history.val_acc, scores: Array.from(txtScores), firstLayer: txtModel.layers[0].getClassName() };',
    checks: {
      'loss-decreases': (p) => {
        lossDecreases(p.loss, 0.5);
        assert.equal(p.firstLayer, 'Embedding');
      },
      accuracy: (p) => {
        assert.ok(last(p.valAcc) > 0.9, `val accuracy ${fmt(p.valAcc)}`);
        assert.ok(p.scores[0] > 0.5 && p.scores[1] < 0.5, `the positive review should score > 0.5 and the negative < 0.5: ${p.scores}`);
      },
    },
  },
  'mlnb-transformer': {
    probe: `
      let artifacts;
      await trfModel.save(tf.io.withSaveHandler(async (a) => { artifacts = a; return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) }; }));
      const reloaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
      const probeInputs = trfXs.slice(0, 4);
      const diff = tf.tidy(() => trfModel.predict(probeInputs).sub(reloaded.predict(probeInputs)).abs().max().dataSync()[0]);
      return {
        loss: trfHistory.history.loss,
        blockShape: tf.tidy(() => trfModel.layers[1].apply(tf.randomNormal([2, trfLen, trfWidth])).shape),
        outputShape: trfModel.outputs[0].shape,
        registered: 'TransformerEncoderBlock' in tf.serialization.SerializationMap.getMap().classNameMap,
        reloadedClasses: reloaded.layers.map((l) => l.getClassName()),
        reloadedHeads: reloaded.layers[1].getConfig().numHeads,
        diff,
      };`,
    checks: {
      'loss-decreases': (p) => lossDecreases(p.loss, 0.5),
      'output-shape': (p) => {
        assert.deepEqual(p.blockShape, [2, 10, 16], 'an encoder block keeps [batch, time, width]');
        assert.deepEqual(p.outputShape, [null, 1]);
      },
      'custom-layer-registered': (p) => {
        assert.ok(p.registered);
        assert.deepEqual(p.reloadedClasses, ['Dense', 'TransformerEncoderBlock', 'GlobalAveragePooling1D', 'Dense']);
        assert.equal(p.reloadedHeads, 2);
        assert.ok(p.diff < 1e-5, `reloaded model predicts differently: ${p.diff}`);
      },
    },
  },
  'mlnb-dcgan': {
    probe: `return {
      d: ganLosses.map((l) => l.dLoss), g: ganLosses.map((l) => l.gLoss),
      sampleShape: ganSamples.shape, min: ganSamples.min().dataSync()[0], max: ganSamples.max().dataSync()[0],
      generatorOut: ganGenerator.outputs[0].shape, discriminatorOut: ganDiscriminator.outputs[0].shape,
    };`,
    checks: {
      'discriminator-learns': (p) => {
        assert.ok([...p.d, ...p.g].every(Number.isFinite), `a loss is not finite: D ${fmt(p.d)} G ${fmt(p.g)}`);
        // D starts at chance (2·ln 2 ≈ 1.386) and must learn to tell real blobs from generated noise.
        assert.ok(Math.min(...p.d) < Math.min(first(p.d) - 0.1, 1.3), `D loss never fell below chance: ${fmt(p.d)}`);
      },
      'output-shape': (p, ctx) => {
        assert.deepEqual(p.generatorOut, [null, 16, 16, 1]);
        assert.deepEqual(p.discriminatorOut, [null, 1]);
        assert.deepEqual(p.sampleShape, [4, 16, 16, 1]);
        assert.ok(p.min >= -1 && p.max <= 1, `tanh output out of [-1, 1]: ${p.min} … ${p.max}`);
        assert.ok(ctx.cell.outputs.some((o) => o.output_type === 'display_data' && 'image/png' in o.data), 'the samples are shown as an image');
      },
    },
  },
  'mlnb-vae': {
    probe: `return {
      total: vaeLosses.map((l) => l.total), kl: vaeLosses.map((l) => l.kl),
      generatedShape: vaeGenerated.shape, zShape: vaeEncoder.outputs[2].shape,
      registered: 'VaeSampling' in tf.serialization.SerializationMap.getMap().classNameMap,
      reloadedClasses: vaeEncoderReloaded.layers.map((l) => l.getClassName()),
    };`,
    checks: {
      'loss-decreases': (p) => {
        lossDecreases(p.total, 0.85);
        assert.ok(p.kl.every((k: number) => Number.isFinite(k) && k >= 0), `KL must be finite and ≥ 0: ${fmt(p.kl)}`);
      },
      'output-shape': (p) => {
        assert.deepEqual(p.generatedShape, [5, 8]);
        assert.deepEqual(p.zShape, [null, 2]);
      },
      'custom-layer-registered': (p) => {
        assert.ok(p.registered);
        assert.ok(p.reloadedClasses.includes('VaeSampling'), `reloaded encoder: ${p.reloadedClasses}`);
      },
    },
  },
  'mlnb-autoencoder': {
    probe: `return {
      loss: aeHistory.history.loss, valLoss: aeHistory.history.val_loss, baseline: aeBaseline,
      codeShape: aeEncoder.outputs[0].shape, outputShape: aeModel.outputs[0].shape,
      codes: tf.tidy(() => aeEncoder.predict(aeXs.slice(0, 4)).shape),
    };`,
    checks: {
      'loss-decreases': (p) => lossDecreases(p.loss, 0.5),
      'beats-baseline': (p) => assert.ok(last(p.valLoss) < 0.25 * p.baseline, `val MSE ${fmt(p.valLoss)} vs ${p.baseline} for the mean`),
      'output-shape': (p) => {
        assert.deepEqual(p.codeShape, [null, 3]);
        assert.deepEqual(p.outputShape, [null, 20]);
        assert.deepEqual(p.codes, [4, 3]);
      },
    },
  },
  'mlnb-kmeans': {
    probe: `
      const found = kmBest.assignments.arraySync(), truth = kmTruth.arraySync();
      let agree = 0;
      for (let c = 0; c < kmK; c++) {
        const counts = new Array(kmK).fill(0);
        found.forEach((f, i) => { if (f === c) counts[truth[i]]++; });
        agree += Math.max(...counts);
      }
      const centroids = kmBest.centroids.arraySync(), centers = kmCenters.arraySync();
      const centreError = Math.max(...centers.map((t) => Math.min(...centroids.map((c) => Math.hypot(c[0] - t[0], c[1] - t[1])))));
      return { inertia: kmBest.inertia, purity: agree / truth.length, centreError };`,
    checks: {
      'inertia-decreases': (p) => {
        assert.ok(p.inertia.length >= 2, `inertia ${fmt(p.inertia)}`);
        for (let i = 1; i < p.inertia.length; i++) assert.ok(p.inertia[i] <= p.inertia[i - 1] * (1 + 1e-5), `inertia rose: ${fmt(p.inertia)}`);
        assert.ok(last(p.inertia) < first(p.inertia), `inertia ${fmt(p.inertia)}`);
      },
      'clusters-recovered': (p) => {
        assert.ok(p.purity >= 0.95, `purity ${p.purity}`);
        assert.ok(p.centreError < 0.5, `a true centre is ${p.centreError} from the nearest centroid`);
      },
    },
  },
  'mlnb-transfer-learning': {
    probe: `return {
      loss: tlHistory.history.loss, valAcc: tlHistory.history.val_acc, change: tlBaseChange,
      trainable: tlModelB.trainableWeights.map((w) => w.name),
      weightsAfter: tlBase.getWeights().map((w) => w.dataSync().slice(0, 3)),
      weightsBefore: tlBaseBefore.map((w) => w.dataSync().slice(0, 3)),
    };`,
    checks: {
      'loss-decreases': (p) => lossDecreases(p.loss, 0.9),
      'base-frozen': (p) => {
        assert.equal(p.change, 0, 'the frozen base changed while the head trained');
        assert.deepEqual(p.weightsAfter, p.weightsBefore);
        assert.ok(p.trainable.length === 2 && p.trainable.every((n: string) => n.startsWith('new_head')), `trainable: ${p.trainable}`);
      },
      accuracy: (p) => assert.ok(last(p.valAcc) > 0.8, `task B val accuracy ${fmt(p.valAcc)}`),
    },
  },
  'mlnb-regularized-mlp': {
    probe: `return {
      loss: regHistory.history.loss, valLoss: regHistory.history.val_loss,
      classes: regModel.layers.map((l) => l.getClassName()),
      l2: regModel.layers.map((l) => l.getConfig().kernelRegularizer?.config?.l2).filter((v) => v !== undefined),
      dropout: regModel.layers.filter((l) => l.getClassName() === 'Dropout').map((l) => l.getConfig().rate),
    };`,
    checks: {
      'loss-decreases': (p) => {
        lossDecreases(p.loss, 0.9);
        assert.ok(p.valLoss.every(Number.isFinite));
      },
      architecture: (p) => {
        assert.equal(countClasses(p.classes, 'BatchNormalization'), 2);
        assert.deepEqual(p.dropout, [0.3, 0.3]);
        assert.equal(p.l2.length, 2);
        p.l2.forEach((v: number) => near(v, 0.01, 1e-9, 'L2 factor'));
      },
    },
  },
  'mlnb-early-stopping': {
    probe: 'return { epochs: esHistory.epoch.length, max: esMaxEpochs, loss: esHistory.history.loss, valLoss: esHistory.history.val_loss };',
    checks: {
      'stopped-early': (p) => {
        assert.ok(p.epochs < p.max, `ran ${p.epochs} of ${p.max} epochs`);
        // It stopped because the last `patience` epochs did not beat the best before them.
        const best = Math.min(...p.valLoss.slice(0, -5));
        assert.ok(p.valLoss.slice(-5).every((v: number) => v > best - 0.001), `val_loss ${fmt(p.valLoss)}`);
      },
      'loss-decreases': (p) => lossDecreases(p.loss, 0.8),
    },
  },
  'mlnb-lr-schedule': {
    probe: 'return { rates: lrsScheduler.rates, current: lrsModel.optimizer.learningRate, epochs: lrsHistory.epoch.length, loss: lrsHistory.history.loss };',
    checks: {
      'lr-scheduled': (p) => {
        assert.equal(p.rates.length, p.epochs);
        p.rates.forEach((r: number, epoch: number) => near(r, 0.05 * 0.8 ** epoch, 1e-12, `rate at epoch ${epoch}`));
        assert.equal(p.current, last(p.rates), "the optimizer's learning rate is the last scheduled one");
      },
      'loss-decreases': (p) => lossDecreases(p.loss, 0.8),
    },
  },
  'mlnb-custom-training-loop': {
    probe: 'return { losses: ctlLosses, params: ctlParams.map((v) => v.dataSync()[0]), truth: ctlTrue };',
    checks: {
      'loss-decreases': (p) => lossDecreases(p.losses, 0.05),
      'parameters-recovered': (p) => p.params.forEach((v: number, i: number) => near(v, p.truth[i], 0.15, `coefficient ${'abcd'[i]}`)),
    },
  },
  'mlnb-tf-data': {
    probe: 'return { loss: dataHistory.history.loss, valAcc: dataHistory.history.val_acc, epochs: dataHistory.epoch.length };',
    checks: {
      'loss-decreases': (p) => {
        assert.equal(p.epochs, 8);
        lossDecreases(p.loss, 0.8);
      },
      accuracy: (p) => assert.ok(last(p.valAcc) > 0.85, `val accuracy ${fmt(p.valAcc)}`),
    },
  },
  'mlnb-save-load': {
    probe: 'return { maxDiff: slMaxDiff, toDisk: slToDisk, path: slPath, backend: tf.getBackend() };',
    checks: {
      'reload-equal': (p, ctx) => {
        assert.ok(p.maxDiff <= 1e-6, `reloaded predictions differ by ${p.maxDiff}`);
        if (ctx.backend === 'tensorflow') {
          assert.ok(p.toDisk, 'with the native backend the model goes to disk');
          assert.ok(existsSync(path.join(ctx.cwd, p.path, 'model.json')), 'model.json was written in the notebook folder');
          assert.ok(existsSync(path.join(ctx.cwd, p.path, 'weights.bin')), 'weights.bin was written in the notebook folder');
        } else {
          assert.equal(p.toDisk, false);
        }
      },
    },
  },
};

async function probe(session: KernelSession, code: string): Promise<Probe> {
  const cell = await run(session, `console.log(${JSON.stringify(PROBE_MARK)} + JSON.stringify(await (async () => {\n${code}\n})()));`);
  assert.equal(cell.outcome.status, 'ok', `probe failed:\n${cell.text}`);
  const line = cell.text.split('\n').find((l) => l.startsWith(PROBE_MARK));
  assert.ok(line, `probe printed nothing:\n${cell.text}`);
  return JSON.parse(line.slice(PROBE_MARK.length));
}

/** Runs a snippet's default text and asserts every check of its entry. */
async function runAndCheck(session: KernelSession, snippet: SnippetInfo, ctx: Omit<RunContext, 'cell'>): Promise<void> {
  const check = CHECKS[snippet.prefix];
  const source = expandSnippet(snippet.body).text;
  const cell = await run(session, source);
  assert.equal(cell.outcome.status, 'ok', `${snippet.prefix} failed on ${ctx.backend}:\n${cell.text}`);
  // Every snippet trains a working model: a run hint on it is a false alarm.
  const hints = runHints([source], [cell.outputs]);
  assert.equal(hints.length, 0, `${snippet.prefix}: run hints on a snippet (false alarms):\n${describeHints(hints)}`);
  const values = await probe(session, check.probe);
  for (const [kind, assertKind] of Object.entries(check.checks)) {
    try {
      assertKind!(values, { ...ctx, cell });
    } catch (error) {
      (error as Error).message = `${snippet.prefix} [${kind}] on ${ctx.backend}: ${(error as Error).message}`;
      throw error;
    }
  }
}

interface SnippetResult {
  backend: BackendName;
  seconds: number;
  /** CPU time of the kernel process (Linux), a load-independent measure of the snippet's cost. */
  cpuSeconds?: number;
}

function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return undefined;
  }
}

describe('kernel: model snippets (content/snippets)', function () {
  this.timeout(180_000);
  // Snippets run in fresh kernels, CONCURRENCY at a time (each is mostly single-threaded JavaScript), in the
  // order of the tests below; each test awaits its own snippet's result.
  const concurrency = Math.max(1, Number(process.env.MLNB_SNIPPET_CONCURRENCY) || Math.min(2, availableParallelism()));
  let defaultBackend: BackendName;
  const dirs: string[] = [];
  const timings: string[] = [];
  const results = new Map<string, Promise<SnippetResult>>();

  const launch = (backend: BackendPreference) => {
    const cwd = tempDir();
    dirs.push(cwd);
    return { session: startSession({ cwd, backend }), cwd };
  };

  const runSnippet = async (snippet: SnippetInfo): Promise<SnippetResult> => {
    const backend: BackendPreference = !snippet.wasm && defaultBackend === 'wasm' ? 'cpu' : REQUESTED;
    const { session, cwd } = launch(backend);
    const started = Date.now();
    try {
      const actual = (await session.backend()).backend;
      await runAndCheck(session, snippet, { backend: actual, cwd });
      return { backend: actual, seconds: (Date.now() - started) / 1000, cpuSeconds: cpuSeconds(session.kernel?.child.pid) };
    } finally {
      await session.shutdown();
    }
  };

  /** Starts every checked snippet, `concurrency` workers taking them in test order; the tests await the results. */
  const schedule = () => {
    const jobs = SNIPPETS.filter((s) => CHECKS[s.prefix]).map((snippet) => {
      let settle!: { resolve: (r: SnippetResult) => void; reject: (e: unknown) => void };
      const promise = new Promise<SnippetResult>((resolve, reject) => (settle = { resolve, reject }));
      promise.catch(() => undefined); // reported by the snippet's own test
      results.set(snippet.prefix, promise);
      return { snippet, ...settle };
    });
    const worker = async () => {
      for (let job = jobs.shift(); job; job = jobs.shift()) {
        await runSnippet(job.snippet).then(job.resolve, job.reject);
      }
    };
    for (let i = 0; i < concurrency; i++) void worker();
  };

  before(async function () {
    const probeSession = launch(REQUESTED).session;
    try {
      defaultBackend = (await probeSession.backend()).backend;
    } finally {
      await probeSession.shutdown();
    }
    schedule();
  });

  after(async function () {
    await Promise.allSettled(results.values());
    if (timings.length > 0) console.log(`      snippet wall (kernel cpu) seconds, ${defaultBackend} default, ${concurrency} at a time: ${timings.join(', ')}`);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('has snippets, and a check for every one of them (no stale entries either)', () => {
    assert.ok(SNIPPETS.length >= 20, `only ${SNIPPETS.length} snippets`);
    const prefixes = SNIPPETS.map((s) => s.prefix);
    assert.deepEqual(prefixes.filter((p) => !CHECKS[p]), [], 'snippets without an entry in CHECKS');
    assert.deepEqual(Object.keys(CHECKS).filter((p) => !prefixes.includes(p)), [], 'CHECKS entries without a snippet');
  });

  for (const snippet of SNIPPETS) {
    it(`${snippet.prefix} runs as inserted and does what it says`, async function () {
      const check = CHECKS[snippet.prefix];
      assert.ok(check, `no assertion for ${snippet.prefix}: add an entry to CHECKS in test/kernel/snippets.test.ts`);
      assert.deepEqual(Object.keys(check.checks).sort(), [...snippet.assertions].sort(), 'CHECKS must test exactly the assertion kinds its content/snippets file declares');
      const result = await results.get(snippet.prefix)!;
      const cpu = result.cpuSeconds === undefined ? '' : ` (cpu ${result.cpuSeconds.toFixed(1)})`;
      timings.push(`${snippet.prefix.replace(/^mlnb-/, '')} ${result.seconds.toFixed(1)}s${cpu}${result.backend === defaultBackend ? '' : ` on ${result.backend}`}`);
    });
  }

  it('snippets coexist in one notebook: re-running and mixing them (custom layers re-registered, files overwritten) works', async function () {
    await Promise.allSettled(results.values()); // not competing with the per-snippet kernels
    const byPrefix = (prefix: string) => SNIPPETS.find((s) => s.prefix === prefix)!;
    const { session, cwd } = launch(REQUESTED);
    try {
      const backend = (await session.backend()).backend;
      for (const prefix of ['mlnb-vae', 'mlnb-save-load', 'mlnb-kmeans', 'mlnb-vae', 'mlnb-save-load', 'mlnb-custom-training-loop']) {
        await runAndCheck(session, byPrefix(prefix), { backend, cwd });
      }
    } finally {
      await session.shutdown();
    }
  });
});
