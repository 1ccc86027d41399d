/**
 * Gathers the evidence runDiagnosis.ts judges, around one `fit` call, without changing its results:
 * - before training: the model's layers and compile config, and one summary per tensor given to fit (min, max,
 *   mean, std over finite values, NaN/Infinity counts, whether labels are one-hot and each class's share), computed
 *   once per call inside tf.tidy; and how many sampled validation rows are exact rows of the training data;
 * - while training: the weights at the start of each epoch (clones that share the variables' buffers: an update
 *   gives a variable a new buffer, so a clone keeps the old values for free), until the loss first turns NaN;
 * - after training: one batch re-run layer by layer from those weights (which layer, the loss or the gradients
 *   first produced NaN/Infinity, and which TF.js op inside it), and, when the loss barely moved, the gradient on
 *   one batch. The model's weights are put back exactly as training left them.
 * A failure here never fails the user's fit: the evidence is just left out (and logged).
 */
import type { GradientProbe, LayerSummary, ModelSummary, NanReplay, RunEvidence, TensorSummary } from '../core/runDiagnosis';
import type { TfModule } from './tfLoader';

type Tf = TfModule;
type Tensor = import('@tensorflow/tfjs').Tensor;
type LayersModel = import('@tensorflow/tfjs').LayersModel;
type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** Above this many training values the validation overlap is not checked (it reads the data into JavaScript). */
const OVERLAP_MAX_VALUES = 2_000_000;
const OVERLAP_SAMPLES = 64;
/** The replay and the gradient probe use one batch of at most this many rows. */
const PROBE_BATCH = 64;
/** Spread and whole-number checks look at this many values from the start of a larger tensor. */
const SAMPLE_VALUES = 1_000_000;
/** Labels with more classes than this get no per-class shares. */
const MAX_CLASSES = 1000;

export class RunEvidenceRecorder {
  readonly evidence: RunEvidence = {};
  private readonly x: Tensor | undefined;
  private readonly y: Tensor | undefined;
  private snapshot: Tensor[] | undefined;
  private badEpoch: number | undefined;

  constructor(
    private readonly tf: Tf,
    private readonly model: LayersModel,
    x: unknown,
    y: unknown,
    args: Record<string, unknown>,
    batchesPerEpoch: number | null,
    private readonly log: (message: string) => void,
  ) {
    this.x = singleTensor(tf, x);
    this.y = singleTensor(tf, y);
    if (batchesPerEpoch) this.evidence.batchesPerEpoch = batchesPerEpoch;
    const earlyStopping = earlyStoppingOf(args.callbacks);
    if (earlyStopping) this.evidence.earlyStopping = earlyStopping;
    this.attempt('model summary', () => (this.evidence.model = summarizeModel(model)));
    if (x !== undefined) {
      this.attempt('data summary', () => (this.evidence.data = summarizeData(tf, x, y, args)));
      this.attempt('validation overlap', () => {
        const overlap = validationOverlap(tf, x, args);
        if (overlap) this.evidence.validationOverlap = overlap;
      });
    }
  }

  /** Keep the weights this epoch starts from, until an epoch has ended with a loss that is not finite. */
  epochBegin(): void {
    if (this.badEpoch !== undefined || !this.x || !this.y) return;
    this.attempt('weight snapshot', () => {
      this.disposeSnapshot();
      this.snapshot = this.model.getWeights().map((w) => this.tf.keep(this.tf.clone(w)));
    });
  }

  epochEnd(epoch: number, loss: number | undefined): void {
    if (this.badEpoch === undefined && loss !== undefined && !Number.isFinite(loss)) this.badEpoch = epoch;
  }

  /** After fit: the replay, the gradient probe, or the error fit threw. */
  async finish(history: Record<string, number[]>, error?: unknown): Promise<void> {
    if (error !== undefined) this.evidence.fitError = String((error as Error)?.message ?? error).split('\n')[0];
    try {
      if (this.badEpoch !== undefined && this.snapshot) {
        const replay = await this.replay(this.badEpoch, this.snapshot);
        if (replay) this.evidence.replay = replay;
      } else if (error === undefined && barelyMoved(history.loss)) {
        const gradient = this.gradientProbe();
        if (gradient) this.evidence.gradient = gradient;
      }
    } catch (e) {
      this.log(`mlnb: run evidence after fit: ${(e as Error).message}`);
    } finally {
      this.disposeSnapshot();
    }
  }

  private disposeSnapshot(): void {
    if (this.snapshot) this.tf.dispose(this.snapshot);
    this.snapshot = undefined;
  }

  private attempt(what: string, f: () => void): void {
    try {
      f();
    } catch (e) {
      this.log(`mlnb: run evidence (${what}): ${(e as Error).message}`);
    }
  }

  private lossFunction(): LossFn | undefined {
    const inner = (this.model as unknown as { model?: { lossFunctions?: LossFn[] }; lossFunctions?: LossFn[] });
    return (inner.model?.lossFunctions ?? inner.lossFunctions)?.[0];
  }

  private batch(): { xb: Tensor; yb: Tensor } | undefined {
    if (!this.x || !this.y) return undefined;
    const n = Math.min(PROBE_BATCH, this.x.shape[0] ?? 0);
    if (n <= 0) return undefined;
    return { xb: this.x.slice(0, n), yb: this.y.slice(0, n) };
  }

  private gradientProbe(): GradientProbe | undefined {
    const lossFn = this.lossFunction();
    const variables = this.model.trainableWeights.map((w) => (w as unknown as { val: import('@tensorflow/tfjs').Variable }).val);
    if (!lossFn || variables.length === 0) return undefined;
    const tf = this.tf;
    return tf.tidy(() => {
      const batch = this.batch();
      if (!batch) return undefined;
      const { value, grads } = tf.variableGrads(() => tf.mean(lossFn(batch.yb, this.model.apply(batch.xb) as Tensor)) as import('@tensorflow/tfjs').Scalar, variables);
      const list = Object.values(grads);
      const l2 = Math.sqrt(tf.addN(list.map((g) => g.square().sum())).dataSync()[0]);
      const l1 = tf.addN(list.map((g) => g.abs().sum())).dataSync()[0];
      const params = list.reduce((n, g) => n + g.size, 0);
      const loss = value.dataSync()[0];
      return [l2, l1, loss].every(Number.isFinite) ? { l2, l1, params, loss } : undefined;
    });
  }

  /** One batch through the model from the weights before the loss went bad, step by step; the weights are restored. */
  private async replay(epoch: number, weights: Tensor[]): Promise<NanReplay | undefined> {
    const tf = this.tf;
    const lossFn = this.lossFunction();
    const batch = this.batch();
    if (!batch || !lossFn) {
      if (batch) tf.dispose([batch.xb, batch.yb]);
      return undefined;
    }
    const trained = this.model.getWeights().map((w) => tf.keep(tf.clone(w)));
    const keep: Tensor[] = [batch.xb, batch.yb];
    try {
      this.model.setWeights(weights);
      const steps: NanReplay['steps'] = [];
      let firstBad: string | undefined;
      let redo: (() => unknown) | undefined;
      const record = (step: string, t: Tensor, again: () => unknown) => {
        const finite = allFinite(tf, t);
        steps.push({ step, finite });
        if (!finite && firstBad === undefined) {
          firstBad = step;
          redo = again;
        }
        return finite;
      };
      let out = batch.xb;
      if (record('input', out, () => undefined)) {
        const chain = layerChain(this.model);
        if (chain) {
          for (const layer of chain) {
            const input = out;
            out = tf.tidy(() => layer.apply(input) as Tensor);
            keep.push(out);
            if (!record(layer.name, out, () => layer.apply(input))) break;
          }
        } else {
          const input = out;
          out = tf.tidy(() => this.model.apply(input) as Tensor);
          keep.push(out);
          record('model', out, () => this.model.apply(input));
        }
        if (firstBad === undefined) {
          const predictions = out;
          const loss = tf.tidy(() => tf.mean(lossFn(batch.yb, predictions)));
          keep.push(loss);
          if (record('loss', loss, () => lossFn(batch.yb, predictions)) && firstBad === undefined) {
            const variables = this.model.trainableWeights.map((w) => (w as unknown as { val: import('@tensorflow/tfjs').Variable }).val);
            const grads = tf.variableGrads(() => tf.mean(lossFn(batch.yb, this.model.apply(batch.xb) as Tensor)) as import('@tensorflow/tfjs').Scalar, variables);
            const list = Object.values(grads.grads);
            keep.push(grads.value, ...list);
            const maxAbs = tf.tidy(() => tf.max(tf.stack(list.map((g) => g.abs().max()))));
            keep.push(maxAbs);
            if (record('gradients', maxAbs, () => undefined)) return { epoch, steps, gradientMaxAbs: maxAbs.dataSync()[0] };
          }
        }
      }
      const op = redo && firstBad !== 'input' && firstBad !== 'gradients' ? await firstNonFiniteOp(tf, redo) : undefined;
      return { epoch, steps, ...(firstBad ? { firstBad } : {}), ...(op ? { op } : {}) };
    } finally {
      this.model.setWeights(trained);
      tf.dispose([...trained, ...keep]);
    }
  }
}

/** What an EarlyStopping callback among fit's callbacks watches, and its patience. */
function earlyStoppingOf(callbacks: unknown): RunEvidence['earlyStopping'] {
  const list = Array.isArray(callbacks) ? callbacks : [callbacks];
  for (const c of list) {
    const stop = c as { constructor?: { name?: string }; getClassName?: () => string; monitor?: unknown; patience?: unknown } | null;
    if (!stop || typeof stop !== 'object') continue;
    if (typeof stop.monitor === 'string' && typeof stop.patience === 'number') return { monitor: stop.monitor, patience: stop.patience };
  }
  return undefined;
}

/** A single tensor (fit's x or y), the first of a list, or undefined for dicts. */
function singleTensor(tf: Tf, value: unknown): Tensor | undefined {
  if (value instanceof tf.Tensor) return value;
  if (Array.isArray(value) && value.length === 1 && value[0] instanceof tf.Tensor) return value[0];
  return undefined;
}

function barelyMoved(loss: number[] | undefined): boolean {
  if (!loss || loss.length < 5 || !loss.every(Number.isFinite)) return false;
  const first = loss[0];
  return Math.abs(first - Math.min(...loss)) / Math.max(Math.abs(first), 1e-12) < 0.01;
}

/** The model's layers in order when each feeds the next (a sequential stack), else undefined. */
function layerChain(model: LayersModel): import('@tensorflow/tfjs').layers.Layer[] | undefined {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  for (let i = 1; i < layers.length; i++) {
    const inbound = layers[i].inboundNodes[0]?.inboundLayers ?? [];
    if (inbound.length !== 1 || inbound[0] !== layers[i - 1]) return undefined;
  }
  return layers;
}

function allFinite(tf: Tf, t: Tensor): boolean {
  if (t.dtype !== 'float32') return true;
  return tf.tidy(() => tf.all(tf.isFinite(t)).dataSync()[0] === 1);
}

/**
 * Which TF.js op first produced NaN/Infinity when `run` runs again: TF.js's debug mode checks every op's output
 * and warns "Found NaN in the result of 'Log'". The warnings (and the per-op log lines debug mode prints) are
 * captured, never shown, and debug mode is off again before anything else runs.
 */
async function firstNonFiniteOp(tf: Tf, run: () => unknown): Promise<string | undefined> {
  const env = tf.env();
  const wasDebug = env.getBool('DEBUG');
  const { warn, log } = console;
  const warnings: string[] = [];
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  console.log = () => undefined;
  try {
    env.set('DEBUG', true);
    try {
      tf.tidy(() => {
        run();
      });
    } finally {
      env.set('DEBUG', wasDebug);
    }
    // The checks read each op's output asynchronously.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  } finally {
    console.warn = warn;
    console.log = log;
  }
  for (const w of warnings) {
    const m = /Found (?:NaN|-?Infinity) in the result of '([^']+)'/.exec(w);
    if (m) return m[1];
  }
  return undefined;
}

export function summarizeModel(model: LayersModel): ModelSummary {
  const layers: LayerSummary[] = model.layers
    .filter((l) => l.getClassName() !== 'InputLayer')
    .map((l) => {
      const config = l.getConfig() as Record<string, unknown>;
      const summary: LayerSummary = { name: l.name, className: l.getClassName(), inbound: (l.inboundNodes[0]?.inboundLayers ?? []).filter((i) => i.getClassName() !== 'InputLayer').map((i) => i.name) };
      if (typeof config.activation === 'string') summary.activation = config.activation;
      if (typeof config.units === 'number') summary.units = config.units;
      if (typeof config.filters === 'number') summary.filters = config.filters;
      if (typeof config.rate === 'number') summary.rate = config.rate;
      return summary;
    });
  const loss = (model as unknown as { loss?: unknown }).loss;
  const lossList = Array.isArray(loss) ? loss : loss && typeof loss === 'object' ? Object.values(loss) : [loss];
  const optimizer = model.optimizer as unknown as { getClassName?: () => string; learningRate?: unknown } | undefined;
  return {
    layers,
    losses: lossList.filter((l) => l !== undefined).map((l) => (typeof l === 'string' ? l : '<function>')),
    outputLayers: model.outputs.map((o) => o.sourceLayer.name),
    outputUnits: model.outputs.map((o) => o.shape[o.shape.length - 1] ?? null),
    ...(optimizer?.getClassName ? { optimizer: optimizer.getClassName() } : {}),
    ...(typeof optimizer?.learningRate === 'number' ? { learningRate: optimizer.learningRate } : {}),
    trainableParams: model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0),
  };
}

function summarizeData(tf: Tf, x: unknown, y: unknown, args: Record<string, unknown>): TensorSummary[] {
  const out: TensorSummary[] = [];
  const add = (value: unknown, role: TensorSummary['role']) => {
    for (const [name, t] of tensorsOf(tf, value)) out.push(summarizeTensor(tf, t, role, name));
  };
  add(x, 'x');
  add(y, 'y');
  const validation = args.validationData;
  if (Array.isArray(validation)) {
    add(validation[0], 'val-x');
    add(validation[1], 'val-y');
  }
  return out;
}

function tensorsOf(tf: Tf, value: unknown): [string | undefined, Tensor][] {
  if (value instanceof tf.Tensor) return [[undefined, value]];
  if (Array.isArray(value)) {
    const tensors = value.filter((v): v is Tensor => v instanceof tf.Tensor);
    return tensors.map((t, i) => [tensors.length > 1 ? String(i) : undefined, t]);
  }
  if (value && typeof value === 'object') return Object.entries(value).filter((e): e is [string, Tensor] => e[1] instanceof tf.Tensor);
  return [];
}

export function summarizeTensor(tf: Tf, t: Tensor, role: TensorSummary['role'], name?: string): TensorSummary {
  const label = role === 'y' || role === 'val-y';
  const count = t.size;
  // One statistic at a time, each in its own tidy: a tensor of MNIST's size (47M values) never has more than one
  // full-size temporary alive beside it.
  const scalar = (f: () => Tensor) => tf.tidy(() => f().dataSync()[0]);
  // Reductions run on the tensor as it is: a reshape of a large native tensor, or a float32 copy of it, costs a
  // full-size buffer (seconds the first time); an int32 tensor is cast, its only full-size copy.
  const all = t.dtype === 'float32' ? t : tf.tidy(() => t.toFloat());
  try {
    // A finite sum means every value is finite (the common case, and the cheapest check); only otherwise are the
    // NaN and Infinity values counted and masked out of the statistics.
    const sum = scalar(() => all.sum());
    const allFinite = Number.isFinite(sum);
    const nan = allFinite ? 0 : scalar(() => tf.isNaN(all).sum());
    const finiteCount = allFinite ? count : scalar(() => tf.isFinite(all).sum());
    const finiteOnly = (x: Tensor, fill: number) => (allFinite ? x : tf.where(tf.isFinite(x), x, tf.fill(x.shape, fill)));
    const n = Math.max(finiteCount, 1);
    const min = scalar(() => finiteOnly(all, Infinity).min());
    const max = scalar(() => finiteOnly(all, -Infinity).max());
    const mean = allFinite ? sum / n : scalar(() => finiteOnly(all, 0).sum().div(n));
    // The spread and the whole-number check from the first rows (about a million values): squaring all of MNIST
    // would allocate a 188 MB temporary for a number that only has to say "about 1" or "about 80".
    const rows = all.rank === 0 ? 0 : Math.max(1, Math.floor(SAMPLE_VALUES / Math.max(1, count / all.shape[0])));
    const head = (fill: number) => finiteOnly(all.rank === 0 || rows >= all.shape[0] ? all : all.slice(0, rows), fill);
    const std = scalar(() => head(mean).sub(mean).square().mean().sqrt());
    const fraction = scalar(() => {
      const h = head(0);
      return h.sub(h.round()).abs().max();
    });
    const summary: TensorSummary = {
      role,
      ...(name !== undefined ? { name } : {}),
      dtype: t.dtype,
      shape: t.shape,
      count,
      nan,
      inf: count - finiteCount - nan,
      min: finiteCount > 0 ? min : null,
      max: finiteCount > 0 ? max : null,
      mean: finiteCount > 0 ? mean : null,
      std: finiteCount > 0 ? std : null,
      integer: finiteCount > 0 && fraction === 0,
    };
    if (label && allFinite && count > 0) Object.assign(summary, labelShape(tf, t, summary));
    return summary;
  } finally {
    if (all !== t) all.dispose();
  }
}

/** One-hot rows and class shares of a label tensor. */
function labelShape(tf: Tf, t: Tensor, s: TensorSummary): Partial<TensorSummary> {
  const width = t.rank >= 2 ? t.shape[t.rank - 1] : 1;
  if (width > 1 && t.rank === 2 && s.min === 0 && s.max === 1) {
    const oneHot = tf.tidy(() => {
      const f = t.toFloat();
      const binary = tf.logicalOr(f.equal(0), f.equal(1)).all();
      const rowsOfOne = f.sum(-1).equal(1).all();
      return tf.logicalAnd(binary, rowsOfOne).dataSync()[0] === 1;
    });
    if (!oneHot) return { oneHot: false };
    return { oneHot: true, ...(width <= MAX_CLASSES ? { classShares: Array.from(tf.tidy(() => t.toFloat().mean(0).dataSync())) } : {}) };
  }
  if (width === 1 && s.integer && s.min !== null && s.max !== null && s.min >= 0 && s.max < MAX_CLASSES) {
    const k = Math.max(2, s.max + 1);
    const counts = tf.tidy(() => tf.bincount(t.reshape([-1]).toInt() as import('@tensorflow/tfjs').Tensor1D, [], k).dataSync());
    return { classShares: Array.from(counts, (c) => c / t.size) };
  }
  return {};
}

/** Sampled validation rows that are exact rows of the training data (single-tensor x, small enough to read). */
function validationOverlap(tf: Tf, x: unknown, args: Record<string, unknown>): RunEvidence['validationOverlap'] {
  const all = singleTensor(tf, x);
  if (!all || all.rank < 1) return undefined;
  let train: Tensor;
  let val: Tensor;
  let source: 'validationSplit' | 'validationData';
  const data = args.validationData;
  const split = args.validationSplit;
  const dispose: Tensor[] = [];
  if (Array.isArray(data) && data[0] instanceof tf.Tensor) {
    train = all;
    val = data[0];
    source = 'validationData';
  } else if (typeof split === 'number' && split > 0 && split < 1) {
    // TF.js takes the validation rows from the end, before any shuffling.
    const at = Math.floor(all.shape[0] * (1 - split));
    if (at <= 0 || at >= all.shape[0] || all.size > OVERLAP_MAX_VALUES) return undefined;
    train = all.slice(0, at);
    val = all.slice(at);
    dispose.push(train, val);
    source = 'validationSplit';
  } else {
    return undefined;
  }
  try {
    if (train.size > OVERLAP_MAX_VALUES || val.rank !== train.rank || val.shape[0] === 0) return undefined;
    const width = train.size / train.shape[0];
    if (val.size / val.shape[0] !== width) return undefined;
    const rows = new Set<string>();
    const trainValues = tf.tidy(() => train.toFloat().dataSync() as Float32Array);
    const key = (values: Float32Array, row: number) => Buffer.from(values.buffer, values.byteOffset + row * width * 4, width * 4).toString('latin1');
    for (let r = 0; r < train.shape[0]; r++) rows.add(key(trainValues, r));
    const n = val.shape[0];
    const sampled = Math.min(OVERLAP_SAMPLES, n);
    const picks = Array.from({ length: sampled }, (_, i) => Math.floor((i * n) / sampled));
    const valRows = tf.tidy(() => tf.gather(val.toFloat().reshape([n, width]), picks).dataSync() as Float32Array);
    let inTraining = 0;
    for (let i = 0; i < sampled; i++) if (rows.has(key(valRows, i))) inTraining++;
    return { source, sampled, inTraining };
  } finally {
    tf.dispose(dispose);
  }
}
