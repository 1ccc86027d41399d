/**
 * Runs `model.fit` and `model.fitDataset` through a compiled training step where it can: TF.js's own loops still do
 * everything around the step (batching, shuffle, class and sample weights, validation, callbacks, History,
 * stopTraining), only their train function is swapped for one `session.run` per batch. Weights move into the
 * session at each epoch's start and back to the model at each epoch's end and before validation, so callbacks,
 * predict and save see them. Anything not supported runs TF.js's eager loop unchanged, with the reason logged once
 * per model.
 *
 * `install()` also routes TF.js's batch loops for evaluate, predict and validation (`testLoop`, `predictLoop`) through
 * the same session's inference pass, after pushing the model's weights (the model's weights are the truth outside
 * a fit); those fall back to TF.js silently.
 */
import type { CompiledTrainingSetting } from '../../core/protocol';
import type { GraphAddon } from './addon';
import { UnsupportedForCompilation } from './compile';
import { describeModel, targetShapeOf, trainingModel } from './describe';
import { withSampleWeights } from './sampleWeights';
import { CompiledTrainer } from './trainer';

type TfModule = typeof import('@tensorflow/tfjs');
type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Tensor = import('@tensorflow/tfjs').Tensor;

type TrainFunction = (data: Tensor[]) => Tensor[];
type TestLoop = (this: LayersModel, f: unknown, ins: unknown, batchSize?: number, verbose?: number, steps?: number) => Tensor[];
type PredictLoop = (this: LayersModel, ins: unknown, batchSize?: number, verbose?: boolean) => Tensor | Tensor[];

interface Patchable {
  makeTrainFunction: () => TrainFunction;
  testLoop: TestLoop;
  evaluateDataset: (...args: unknown[]) => Promise<unknown>;
  testFunction?: unknown;
  isTraining?: boolean;
  loss?: unknown;
}

type Prepared = { reason: string } | { trainer: CompiledTrainer };

export class CompiledTraining {
  /** One trainer per training model (a Sequential's inner model), rebuilt when its spec changes. */
  private readonly trainers = new WeakMap<LayersModel, { key: string; trainer: CompiledTrainer }>();
  private readonly loggedReasons = new WeakMap<LayersModel, string>();
  /** Models whose fit or fitDataset ran compiled, and how often (for tests and the log). */
  readonly compiledRuns = new WeakMap<LayersModel, number>();
  /** Training models whose evaluate / predict / validation loops ran through the inference pass, and how often. */
  private readonly inferenceRuns = new WeakMap<LayersModel, number>();

  constructor(
    private readonly tf: TfModule,
    private readonly setting: CompiledTrainingSetting,
    private readonly loadAddon: () => { addon?: GraphAddon; error?: string },
    private readonly log: (message: string) => void,
  ) {}

  /** How many evaluate / predict / validation loops of `model` ran compiled (tests). */
  compiledInferenceRuns(model: LayersModel): number {
    return this.inferenceRuns.get(trainingModel(model)) ?? 0;
  }

  /** Why nothing can run compiled in this kernel right now, or the addon. */
  private addon(): { reason: string } | { addon: GraphAddon } {
    if (this.setting === 'off') return { reason: 'mlnb.compiledTraining is off' };
    if (this.tf.getBackend() !== 'tensorflow') return { reason: `the backend is '${this.tf.getBackend()}' (compiled training needs 'tensorflow')` };
    const { addon, error } = this.loadAddon();
    return addon ? { addon } : { reason: error ?? 'the graph addon is not available' };
  }

  /** The model's trainer for targets of `targetShape` (its cached one if the spec is unchanged), or why there is none. */
  private trainerFor(model: LayersModel, targetShape: number[]): Prepared {
    const available = this.addon();
    if ('reason' in available) return available;
    const described = describeModel(model, targetShape, this.tf.backend().epsilon());
    if ('reason' in described) return described;
    const inner = trainingModel(model);
    const key = JSON.stringify(described.spec);
    const cached = this.trainers.get(inner);
    if (cached?.key === key) return { trainer: cached.trainer };
    // A fit is using the cached trainer (its session holds the weights in training): leave it alone.
    if (cached?.trainer.fitting) return { reason: 'the model is training with targets of another shape' };
    cached?.trainer.close();
    this.trainers.delete(inner);
    try {
      const trainer = new CompiledTrainer(this.tf, available.addon, described.spec, model);
      this.trainers.set(inner, { key, trainer });
      return { trainer };
    } catch (error) {
      if (error instanceof UnsupportedForCompilation) return { reason: error.message };
      return { reason: `building the graph failed: ${String((error as Error)?.message ?? error)}` };
    }
  }

  /** Why this fit cannot run compiled, or the trainer that will run it. */
  private prepareFit(model: LayersModel, x: unknown, y: unknown, args: Record<string, unknown>): Prepared {
    if (this.setting === 'off') return { reason: 'mlnb.compiledTraining is off' };
    for (const key of ['stepsPerEpoch', 'validationSteps'] as const) {
      if (args[key] != null) return { reason: `fit was given ${key}` };
    }
    if (args.shuffle === 'batch') return { reason: "shuffle: 'batch'" };
    if (!(x instanceof this.tf.Tensor) || !(y instanceof this.tf.Tensor)) return { reason: 'x or y is not a single tensor' };
    const targetShape = targetShapeOf(y);
    if (!targetShape) return { reason: 'y is not a tensor' };
    const prepared = this.trainerFor(model, targetShape);
    if ('trainer' in prepared && !prepared.trainer.step.sampleWeight && (args.sampleWeight != null || args.classWeight != null)) {
      return { reason: `${args.sampleWeight != null ? 'sampleWeight' : 'classWeight'} with a loss of more than one value per sample (a target of rank ${targetShape.length + 1})` };
    }
    return prepared;
  }

  private logReason(model: LayersModel, reason: string): void {
    if (this.setting === 'off' || this.loggedReasons.get(model) === reason) return;
    this.loggedReasons.set(model, reason);
    this.log(`compiled training: model '${model.name}' trains eagerly: ${reason}`);
  }

  /** `fit` with the same arguments and results as TF.js's, compiled when possible. */
  async fit(model: LayersModel, x: unknown, y: unknown, args: Record<string, unknown>, eagerFit: (args: Record<string, unknown>) => Promise<unknown>): Promise<unknown> {
    const inner = trainingModel(model);
    // A fit already running on this model: TF.js refuses the second one; leave the first one's patches alone.
    if ((inner as unknown as Patchable).isTraining) return eagerFit(args);
    if (args.sampleWeight != null) return withSampleWeights(this.tf, inner, args.sampleWeight, () => this.fitTensors(model, x, y, args, eagerFit));
    return this.fitTensors(model, x, y, args, eagerFit);
  }

  private async fitTensors(model: LayersModel, x: unknown, y: unknown, args: Record<string, unknown>, eagerFit: (args: Record<string, unknown>) => Promise<unknown>): Promise<unknown> {
    const prepared = this.prepareFit(model, x, y, args);
    if ('reason' in prepared) {
      this.logReason(model, prepared.reason);
      return eagerFit(args);
    }
    return this.trainCompiled(model, () => prepared, args, eagerFit);
  }

  /**
   * `fitDataset` with the same arguments and results as TF.js's. A dataset's batches can only be seen as they come:
   * the first batch decides (its x and y tensors give the spec), and a fit that cannot be compiled runs TF.js's own
   * train function for every batch.
   */
  async fitDataset(model: LayersModel, args: Record<string, unknown>, eagerFitDataset: (args: Record<string, unknown>) => Promise<unknown>): Promise<unknown> {
    if ((trainingModel(model) as unknown as Patchable).isTraining) return eagerFitDataset(args);
    const available = this.addon();
    if ('reason' in available) {
      this.logReason(model, available.reason);
      return eagerFitDataset(args);
    }
    return this.trainCompiled(model, (batch) => {
      if (batch.length < 2 || batch.length > 3 || !(batch[0] instanceof this.tf.Tensor) || !(batch[1] instanceof this.tf.Tensor)) {
        return { reason: 'the dataset does not yield {xs, ys} of one tensor each' };
      }
      const prepared = this.trainerFor(model, batch[1].shape.slice(1));
      if ('trainer' in prepared && batch[2] && !prepared.trainer.step.sampleWeight) {
        return { reason: `classWeight with a loss of more than one value per sample (a target of rank ${batch[1].rank})` };
      }
      return prepared;
    }, args, eagerFitDataset);
  }

  /**
   * Runs TF.js's fit loop (`run`) with its train function swapped for the compiled step, decided at the first batch
   * by `decide`; weights synced at epoch boundaries and before validation; everything restored afterwards.
   */
  private async trainCompiled(
    model: LayersModel,
    decide: (batch: Tensor[]) => Prepared,
    args: Record<string, unknown>,
    run: (args: Record<string, unknown>) => Promise<unknown>,
  ): Promise<unknown> {
    const tf = this.tf;
    // TF.js's fit loop runs on a Sequential's inner model: that is the one whose functions are swapped.
    const inner = trainingModel(model);
    const patchable = inner as unknown as Patchable;
    const eagerMakeTrainFunction = patchable.makeTrainFunction;
    let trainer: CompiledTrainer | undefined;
    let eagerTrain: TrainFunction | undefined;
    let steps = 0;
    const pull = () => {
      if (!trainer?.graphAhead) return;
      trainer.pullWeights();
      trainer.graphAhead = false;
    };
    const start = (t: CompiledTrainer) => {
      if (!this.compiledRuns.has(model)) {
        this.log(`compiled training: model '${model.name}' trains as one TensorFlow graph per batch (${t.spec.layers.length} layers, ${t.spec.loss}, ${t.spec.optimizer.kind})`);
      }
      this.compiledRuns.set(model, (this.compiledRuns.get(model) ?? 0) + 1);
      trainer = t;
      t.fitting = true;
      t.pushWeights();
      t.pushOptimizerState();
    };
    class WeightSync extends tf.Callback {
      override async onEpochBegin() {
        // A callback may have changed the model's weights between epochs (setWeights, a restore).
        if (trainer && !trainer.graphAhead) trainer.pushWeights();
      }
      override async onEpochEnd() {
        pull();
      }
    }
    const trainFunction: TrainFunction = (data) => {
      if (!trainer && !eagerTrain) {
        const decided = decide(data);
        if ('reason' in decided) {
          this.logReason(model, decided.reason);
          eagerTrain = eagerMakeTrainFunction.call(inner);
        } else {
          start(decided.trainer);
        }
      }
      if (eagerTrain) return eagerTrain(data);
      const t = trainer!;
      const [xb, yb, wb] = data;
      checkBatch(t, xb, yb, wb);
      const values = t.runBatch(asFloat32(xb.dataSync()), xb.shape, asFloat32(yb.dataSync()), yb.shape, wb ? asFloat32(wb.dataSync()) : undefined);
      steps++;
      t.graphAhead = true;
      return values.map((v) => tf.scalar(v));
    };
    const own = (key: keyof Patchable) => Object.prototype.hasOwnProperty.call(inner, key);
    const saved = { testLoop: own('testLoop') ? patchable.testLoop : undefined, evaluateDataset: own('evaluateDataset') ? patchable.evaluateDataset : undefined };
    const originalTestLoop = patchable.testLoop;
    const originalEvaluateDataset = patchable.evaluateDataset;
    patchable.makeTrainFunction = () => trainFunction;
    // Validation runs inside the epoch's last batch, on the model's own weights: bring them up to date first.
    patchable.testLoop = function (this: LayersModel, ...a) {
      pull();
      return originalTestLoop.apply(this, a);
    };
    patchable.evaluateDataset = function (this: unknown, ...a: unknown[]) {
      pull();
      return originalEvaluateDataset.apply(this, a);
    };
    const callbacks = Array.isArray(args.callbacks) ? args.callbacks : args.callbacks == null ? [] : [args.callbacks];
    try {
      return await run({ ...args, callbacks: [new WeightSync(), ...normalise(tf, callbacks, args.yieldEvery)] });
    } finally {
      delete (inner as unknown as Record<string, unknown>).makeTrainFunction;
      for (const key of ['testLoop', 'evaluateDataset'] as const) {
        if (saved[key]) (patchable as unknown as Record<string, unknown>)[key] = saved[key];
        else delete (inner as unknown as Record<string, unknown>)[key];
      }
      const t = trainer as CompiledTrainer | undefined;
      if (t) {
        pull();
        t.pullOptimizerState(steps);
        t.fitting = false;
      }
    }
  }

  /**
   * Routes TF.js's evaluate / validation loop and predict loop (every LayersModel) through the compiled inference
   * pass where the model is supported; returns the function that puts TF.js's own loops back.
   */
  install(): () => void {
    const proto = this.tf.LayersModel.prototype as unknown as { testLoop: TestLoop; predictLoop: PredictLoop };
    const originalTestLoop = proto.testLoop;
    const originalPredictLoop = proto.predictLoop;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the patched methods' own `this` is the model
    const compiled = this;
    proto.testLoop = function (this: LayersModel, f, ins, batchSize, verbose, steps) {
      const result = (f === (this as unknown as Patchable).testFunction && steps == null && !verbose) ? compiled.testLoop(this, ins, batchSize ?? 32) : undefined;
      return result ?? originalTestLoop.call(this, f, ins, batchSize, verbose, steps);
    };
    proto.predictLoop = function (this: LayersModel, ins, batchSize, verbose) {
      return (verbose ? undefined : compiled.predictLoop(this, ins, batchSize ?? 32)) ?? originalPredictLoop.call(this, ins, batchSize, verbose);
    };
    return () => {
      proto.testLoop = originalTestLoop;
      proto.predictLoop = originalPredictLoop;
    };
  }

  /**
   * The trainer whose inference pass can stand in for TF.js's loops on `model` now, with the model's weights in its
   * session; undefined to let TF.js run them. `targetShape` undefined (predict): any trainer the model has.
   */
  private inferenceTrainer(model: LayersModel, x: Tensor, targetShape?: number[]): CompiledTrainer | undefined {
    if (this.setting === 'off' || this.tf.getBackend() !== 'tensorflow') return undefined;
    if (x.dtype !== 'float32' || x.shape[0] === 0) return undefined;
    let trainer = this.trainers.get(model)?.trainer;
    if (!trainer || (targetShape && !sameShape(trainer.spec.targetShape, targetShape))) {
      // Predict before any fit: the targets fit would be given are unknown; the output's shape (a class index for a
      // sparse loss) is the likely one. An uncompiled model has no spec and runs eagerly.
      const loss = (model as unknown as Patchable).loss;
      if (typeof loss !== 'string') return undefined;
      const guess = targetShape ?? (loss === 'sparseCategoricalCrossentropy' ? [1] : model.outputs[0]?.shape.slice(1));
      if (!guess || guess.some((d) => typeof d !== 'number')) return undefined;
      const prepared = this.trainerFor(model, guess as number[]);
      if ('reason' in prepared) return undefined;
      trainer = prepared.trainer;
    }
    if (!sameShape(trainer.spec.inputShape, x.shape.slice(1))) return undefined;
    if (trainer.fitting) {
      // Mid-epoch the model's weights lag the session's: TF.js's loop on the model's weights is what eager does.
      if (trainer.graphAhead) return undefined;
    } else {
      trainer.pushWeightsIfChanged();
    }
    this.inferenceRuns.set(model, (this.inferenceRuns.get(model) ?? 0) + 1);
    return trainer;
  }

  /** tfjs-layers' testLoop over [x, y] with the inference pass: per-batch means weighted by batch size, in float32. */
  private testLoop(model: LayersModel, ins: unknown, batchSize: number): Tensor[] | undefined {
    if (!Array.isArray(ins) || ins.length !== 2 || !(ins[0] instanceof this.tf.Tensor) || !(ins[1] instanceof this.tf.Tensor)) return undefined;
    const [x, y] = ins as Tensor[];
    const trainer = this.inferenceTrainer(model, x, y.shape.slice(1));
    if (!trainer) return undefined;
    const samples = x.shape[0];
    const xData = asFloat32(x.dataSync());
    const yData = asFloat32(y.dataSync());
    const xSize = xData.length / samples;
    const ySize = yData.length / samples;
    let totals: number[] | undefined;
    for (let start = 0; start < samples; start += batchSize) {
      const end = Math.min(samples, start + batchSize);
      const values = trainer.evaluateBatch(
        xData.subarray(start * xSize, end * xSize), [end - start, ...x.shape.slice(1)],
        yData.subarray(start * ySize, end * ySize), [end - start, ...y.shape.slice(1)],
      );
      totals ??= values.map(() => 0);
      values.forEach((v, i) => (totals![i] = Math.fround(totals![i] + Math.fround((end - start) * v))));
    }
    return totals!.map((total) => this.tf.scalar(Math.fround(total / samples)));
  }

  /** tfjs-layers' predictLoop over x with the inference pass, batch by batch, concatenated. */
  private predictLoop(model: LayersModel, ins: unknown, batchSize: number): Tensor | undefined {
    const x = Array.isArray(ins) ? (ins.length === 1 ? ins[0] : undefined) : ins;
    if (!(x instanceof this.tf.Tensor)) return undefined;
    const trainer = this.inferenceTrainer(model, x);
    if (!trainer) return undefined;
    const samples = x.shape[0];
    const xData = asFloat32(x.dataSync());
    const xSize = xData.length / samples;
    let out: Float32Array | undefined;
    let sampleShape: number[] = [];
    for (let start = 0; start < samples; start += batchSize) {
      const end = Math.min(samples, start + batchSize);
      const batch = trainer.predictBatch(xData.subarray(start * xSize, end * xSize), [end - start, ...x.shape.slice(1)]);
      sampleShape = batch.shape.slice(1);
      const size = batch.data.length / (end - start);
      out ??= new Float32Array(samples * size);
      out.set(batch.data, start * size);
    }
    return this.tf.tensor(out!, [samples, ...sampleShape], 'float32');
  }
}

/** A batch the compiled step cannot take gets TF.js-like words, not TensorFlow's. */
function checkBatch(trainer: CompiledTrainer, x: Tensor, y: Tensor, weights: Tensor | undefined): void {
  const { inputShape, targetShape } = trainer.spec;
  if (!sameShape(x.shape.slice(1), inputShape)) {
    throw new Error(`a batch of x has shape [${x.shape.join(', ')}], but the model takes [null, ${inputShape.join(', ')}]`);
  }
  if (!sameShape(y.shape.slice(1), targetShape) || y.shape[0] !== x.shape[0]) {
    throw new Error(`a batch of y has shape [${y.shape.join(', ')}], but this fit's targets have shape [${x.shape[0]}, ${targetShape.join(', ')}]`);
  }
  if (weights && (weights.rank !== 1 || weights.shape[0] !== x.shape[0])) {
    throw new Error(`a batch's sample weights have shape [${weights.shape.join(', ')}], expected [${x.shape[0]}]`);
  }
}

function sameShape(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function asFloat32(data: ArrayLike<number>): Float32Array {
  return data instanceof Float32Array ? data : Float32Array.from(data);
}

/** tfjs accepts callback configs or BaseCallbacks, but a list must be all BaseCallbacks once ours is first. */
function normalise(tf: TfModule, callbacks: unknown[], yieldEvery: unknown): unknown[] {
  return callbacks.map((c) => (c instanceof tf.Callback || c instanceof tf.CustomCallback ? c : new tf.CustomCallback(c as never, yieldEvery as never)));
}
