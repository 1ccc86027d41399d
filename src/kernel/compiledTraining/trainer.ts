/**
 * A compiled training step in a TensorFlow session, tied to one tfjs-layers model: moves weights and optimizer
 * state between the session's variables and the TF.js model/optimizer, and runs one batch per call.
 */
import type { GraphAddon, NativeSession, TensorValue } from './addon';
import { sessionWeightsOf } from './describe';
import { compileTrainingStep, type CompiledStep, type SlotSpec, type TrainingSpec } from './compile';

type TfModule = typeof import('@tensorflow/tfjs');
type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Variable = import('@tensorflow/tfjs').Variable;

/** tfjs-core optimizers keep their state in these arrays, one entry per weight (index = collectedTrainableWeights). */
const SLOT_ARRAYS: Record<string, Partial<Record<SlotSpec['role'], string>>> = {
  momentum: { momentum: 'accumulations' },
  adam: { m: 'accumulatedFirstMoment', v: 'accumulatedSecondMoment' },
  rmsprop: { rms: 'accumulatedMeanSquares', momentum: 'accumulatedMoments', mg: 'accumulatedMeanGrads' },
  adagrad: { accumulator: 'accumulatedGrads' },
};
/** tfjs-core names the state variables `${weight}/${suffix}`. */
const SLOT_SUFFIX: Partial<Record<SlotSpec['role'], string>> = { m: 'm', v: 'v', accumulator: 'accumulator', rms: 'rms', momentum: 'momentum', mg: 'mg' };

type OptimizerState = Record<string, unknown> & { iterations_?: number; iterations: number };

export class CompiledTrainer {
  readonly step: CompiledStep;
  private readonly session: NativeSession;
  private closed = false;
  /** A compiled fit is running on this trainer: its session's variables, not the model's, are the weights in training. */
  fitting = false;
  /** The session's variables have moved past the model's weights (batches ran since the last pull). */
  graphAhead = false;

  constructor(
    private readonly tf: TfModule,
    addon: GraphAddon,
    readonly spec: TrainingSpec,
    private readonly model: LayersModel,
  ) {
    const graph = new addon.Graph();
    this.step = compileTrainingStep(graph, spec);
    this.session = new addon.Session(graph);
  }

  /** The model's weights in the spec's order: trainable ones, then frozen ones and BatchNormalization statistics. */
  private get weights(): Variable[] {
    return sessionWeightsOf(this.model).map((w) => w.read());
  }

  /** TF.js model weights -> session variables. */
  pushWeights(): void {
    const weights = this.weights;
    this.session.run(
      this.step.weights.map((w, i) => ({ name: w.assignInput, dtype: 'float32', shape: weights[i].shape, data: weights[i].dataSync() as Float32Array })),
      [],
      this.step.weights.map((w) => w.assign),
    );
    this.markInSync(weights);
  }

  /**
   * Pushes the model's weights unless the session holds them already: the same Variables, none assigned since the
   * last push or pull (a TF.js Variable gets new data, a new dataId, on every assign: setWeights, an eager step).
   */
  pushWeightsIfChanged(): void {
    const weights = this.weights;
    const synced = this.inSyncWith;
    if (synced && synced.length === weights.length && weights.every((w, i) => w === synced[i].variable && dataIdOf(w) === synced[i].dataId)) return;
    this.pushWeights();
  }

  /** Session variables -> TF.js model weights (assigned like the optimizer would, no constraint applied). */
  pullWeights(): void {
    const values = this.session.run([], this.step.weights.map((w) => w.variable), []);
    const weights = this.weights;
    this.tf.tidy(() => values.forEach((v, i) => weights[i].assign(this.tf.tensor(v.data as Float32Array, v.shape, 'float32'))));
    this.markInSync(weights);
  }

  /** The model's weights (Variables and their data) when the session last held the same values; undefined: unknown. */
  private inSyncWith: { variable: Variable; dataId: unknown }[] | undefined;
  private markInSync(weights: Variable[]): void {
    this.inSyncWith = weights.map((variable) => ({ variable, dataId: dataIdOf(variable) }));
  }

  /** The TF.js optimizer's state (or its initial values when it has not stepped yet) -> session variables. */
  pushOptimizerState(): void {
    if (!this.step.slots.length) return;
    const opt = this.model.optimizer as unknown as OptimizerState;
    const arrays = SLOT_ARRAYS[this.spec.optimizer.kind] ?? {};
    const feeds = this.step.slots.map((slot) => {
      let data: Float32Array;
      const size = slot.shape.reduce((a, b) => a * b, 1);
      if (slot.role === 'accBeta1' || slot.role === 'accBeta2') {
        data = (opt[slot.role] as Variable).dataSync() as Float32Array;
      } else {
        const entry = (opt[arrays[slot.role]!] as ({ variable: Variable } | undefined)[] | undefined)?.[slot.weight!];
        const initial = slot.role === 'accumulator' && this.spec.optimizer.kind === 'adagrad' ? this.spec.optimizer.initialAccumulatorValue : 0;
        data = entry ? (entry.variable.dataSync() as Float32Array) : new Float32Array(size).fill(initial);
      }
      return { name: slot.assignInput, dtype: 'float32' as const, shape: slot.shape, data };
    });
    this.session.run(feeds, [], this.step.slots.map((s) => s.assign));
  }

  /** Session optimizer state -> the TF.js optimizer, so a later eager fit, or this one resumed, continues it. */
  pullOptimizerState(steps: number): void {
    const opt = this.model.optimizer as unknown as OptimizerState;
    opt.iterations_ = opt.iterations + steps;
    if (!this.step.slots.length) return;
    const values = this.session.run([], this.step.slots.map((s) => s.variable), []);
    const arrays = SLOT_ARRAYS[this.spec.optimizer.kind] ?? {};
    const weights = this.weights;
    this.tf.tidy(() => {
      this.step.slots.forEach((slot, i) => {
        const value = this.tf.tensor(values[i].data as Float32Array, values[i].shape, 'float32');
        if (slot.role === 'accBeta1' || slot.role === 'accBeta2') {
          (opt[slot.role] as Variable).assign(value);
          return;
        }
        const list = opt[arrays[slot.role]!] as ({ originalName: string; variable: Variable } | undefined)[];
        const entry = list[slot.weight!];
        if (entry) entry.variable.assign(value);
        else list[slot.weight!] = { originalName: `${weights[slot.weight!].name}/${SLOT_SUFFIX[slot.role]}`, variable: this.tf.keep(value.variable(false)) };
      });
    });
  }

  /**
   * One training step on a batch; returns [loss, ...metrics] as tfjs computes them. `sampleWeights` (one per
   * sample) weigh the loss as tfjs-layers' computeWeightedLoss does; without them every sample weighs 1.
   */
  runBatch(x: Float32Array, xShape: number[], y: Float32Array, yShape: number[], sampleWeights?: Float32Array): number[] {
    const feeds: (TensorValue & { name: string })[] = [
      { name: this.step.x, dtype: 'float32', shape: xShape, data: x },
      { name: this.step.y, dtype: 'float32', shape: yShape, data: y },
    ];
    const batch = xShape[0];
    if (this.step.sampleWeight) {
      feeds.push({ name: this.step.sampleWeight, dtype: 'float32', shape: [batch], data: sampleWeights ?? this.ones(batch) });
    } else if (sampleWeights) {
      throw new Error('compiled training: this model\'s loss is not one value per sample, so sample weights cannot weigh it');
    }
    // From here the session's weights move on without the model's.
    this.inSyncWith = undefined;
    const out = this.session.run(feeds, [this.step.loss, ...this.step.metrics], [this.step.train]);
    return out.map((t) => Number((t.data as Float32Array)[0]));
  }

  /** The inference pass's loss and metrics on a batch, as tfjs-layers' test function computes them (unweighted). */
  evaluateBatch(x: Float32Array, xShape: number[], y: Float32Array, yShape: number[]): number[] {
    const out = this.session.run(
      [
        { name: this.step.x, dtype: 'float32', shape: xShape, data: x },
        { name: this.step.y, dtype: 'float32', shape: yShape, data: y },
      ],
      [this.step.inference.loss, ...this.step.inference.metrics],
      [],
    );
    return out.map((t) => Number((t.data as Float32Array)[0]));
  }

  /** The model's output for a batch, in inference mode. */
  predictBatch(x: Float32Array, xShape: number[]): { data: Float32Array; shape: number[] } {
    const [out] = this.session.run([{ name: this.step.x, dtype: 'float32', shape: xShape, data: x }], [this.step.inference.output], []);
    return { data: out.data as Float32Array, shape: out.shape };
  }

  private onesCache = new Float32Array(0);
  private ones(n: number): Float32Array {
    if (this.onesCache.length < n) this.onesCache = new Float32Array(n).fill(1);
    return this.onesCache.subarray(0, n);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.session.close();
  }
}

function dataIdOf(variable: Variable): unknown {
  return (variable as unknown as { dataId: unknown }).dataId;
}
