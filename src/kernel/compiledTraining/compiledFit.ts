/**
 * Runs `model.fit` through a compiled training step where it can: TF.js's own fit loop still does everything
 * around the step (batching, shuffle, validation, callbacks, History, stopTraining), only its train function
 * is swapped for one `session.run` per batch. Weights move into the session at each epoch's start and back to
 * the model at each epoch's end and before validation, so callbacks, predict and save see them.
 * Anything not supported runs TF.js's eager fit unchanged, with the reason logged once per model.
 */
import type { CompiledTrainingSetting } from '../../core/protocol';
import type { GraphAddon } from './addon';
import { UnsupportedForCompilation } from './compile';
import { describeModel, targetShapeOf, trainingModel } from './describe';
import { CompiledTrainer } from './trainer';

type TfModule = typeof import('@tensorflow/tfjs');
type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Tensor = import('@tensorflow/tfjs').Tensor;


interface Patchable {
  makeTrainFunction: () => (data: Tensor[]) => Tensor[];
  testLoop: (...args: unknown[]) => unknown;
}

export class CompiledTraining {
  private readonly trainers = new WeakMap<LayersModel, { key: string; trainer: CompiledTrainer }>();
  private readonly loggedReasons = new WeakMap<LayersModel, string>();
  /** Models whose last fit ran compiled (for tests and the log). */
  readonly compiledRuns = new WeakMap<LayersModel, number>();

  constructor(
    private readonly tf: TfModule,
    private readonly setting: CompiledTrainingSetting,
    private readonly loadAddon: () => { addon?: GraphAddon; error?: string },
    private readonly log: (message: string) => void,
  ) {}

  /** Why this fit cannot run compiled, or the trainer that will run it. */
  private prepare(model: LayersModel, x: unknown, y: unknown, args: Record<string, unknown>): { reason: string } | { trainer: CompiledTrainer } {
    if (this.setting === 'off') return { reason: 'mlnb.compiledTraining is off' };
    if (this.tf.getBackend() !== 'tensorflow') return { reason: `the backend is '${this.tf.getBackend()}' (compiled training needs 'tensorflow')` };
    for (const key of ['sampleWeight', 'classWeight', 'stepsPerEpoch', 'validationSteps'] as const) {
      if (args[key] != null) return { reason: `fit was given ${key}` };
    }
    if (args.shuffle === 'batch') return { reason: "shuffle: 'batch'" };
    if (!(x instanceof this.tf.Tensor) || !(y instanceof this.tf.Tensor)) return { reason: 'x or y is not a single tensor' };
    const targetShape = targetShapeOf(y);
    if (!targetShape) return { reason: 'y is not a tensor' };
    const { addon, error } = this.loadAddon();
    if (!addon) return { reason: error ?? 'the graph addon is not available' };
    const described = describeModel(model, targetShape, this.tf.backend().epsilon());
    if ('reason' in described) return described;
    const key = JSON.stringify(described.spec);
    const cached = this.trainers.get(model);
    if (cached?.key === key) return { trainer: cached.trainer };
    cached?.trainer.close();
    try {
      const trainer = new CompiledTrainer(this.tf, addon, described.spec, model);
      this.trainers.set(model, { key, trainer });
      return { trainer };
    } catch (error) {
      if (error instanceof UnsupportedForCompilation) return { reason: error.message };
      return { reason: `building the graph failed: ${String((error as Error)?.message ?? error)}` };
    }
  }

  /** `fit` with the same arguments and results as TF.js's, compiled when possible. */
  async fit(model: LayersModel, x: unknown, y: unknown, args: Record<string, unknown>, eagerFit: (args: Record<string, unknown>) => Promise<unknown>): Promise<unknown> {
    // A fit already running on this model: TF.js refuses the second one; leave the first one's patches alone.
    if ((trainingModel(model) as unknown as { isTraining?: boolean }).isTraining) return eagerFit(args);
    const prepared = this.prepare(model, x, y, args);
    if ('reason' in prepared) {
      if (this.setting !== 'off' && this.loggedReasons.get(model) !== prepared.reason) {
        this.loggedReasons.set(model, prepared.reason);
        this.log(`compiled training: model '${model.name}' trains eagerly: ${prepared.reason}`);
      }
      return eagerFit(args);
    }
    const { trainer } = prepared;
    // TF.js's fit loop runs on a Sequential's inner model: that is the one whose train function is swapped.
    const inner = trainingModel(model);
    if (!this.compiledRuns.has(model)) {
      this.log(`compiled training: model '${model.name}' trains as one TensorFlow graph per batch (${trainer.spec.layers.length} layers, ${trainer.spec.loss}, ${trainer.spec.optimizer.kind})`);
    }
    const tf = this.tf;
    const patchable = inner as unknown as Patchable;
    let steps = 0;
    let graphAhead = false;
    const pull = () => {
      if (!graphAhead) return;
      trainer.pullWeights();
      graphAhead = false;
    };
    class WeightSync extends tf.Callback {
      override async onEpochBegin() {
        // A callback may have changed the model's weights between epochs (setWeights, a restore).
        trainer.pushWeights();
      }
      override async onEpochEnd() {
        pull();
      }
    }
    const trainFunction = (data: Tensor[]): Tensor[] => {
      const [xb, yb] = data;
      const values = trainer.runBatch(asFloat32(xb.dataSync()), xb.shape, asFloat32(yb.dataSync()), yb.shape);
      steps++;
      graphAhead = true;
      return values.map((v) => tf.scalar(v));
    };
    const ownTestLoop = Object.prototype.hasOwnProperty.call(inner, 'testLoop');
    const originalTestLoop = patchable.testLoop;
    patchable.makeTrainFunction = () => trainFunction;
    // Validation runs inside the epoch's last batch, on the model's own weights: bring them up to date first.
    patchable.testLoop = function (this: unknown, ...a: unknown[]) {
      pull();
      return originalTestLoop.apply(this, a);
    };
    trainer.pushOptimizerState();
    const callbacks = Array.isArray(args.callbacks) ? args.callbacks : args.callbacks == null ? [] : [args.callbacks];
    this.compiledRuns.set(model, (this.compiledRuns.get(model) ?? 0) + 1);
    try {
      return await eagerFit({ ...args, callbacks: [new WeightSync(), ...normalise(tf, callbacks, args.yieldEvery)] });
    } finally {
      delete (inner as unknown as Record<string, unknown>).makeTrainFunction;
      if (ownTestLoop) patchable.testLoop = originalTestLoop;
      else delete (inner as unknown as Record<string, unknown>).testLoop;
      pull();
      trainer.pullOptimizerState(steps);
    }
  }
}

function asFloat32(data: ArrayLike<number>): Float32Array {
  return data instanceof Float32Array ? data : Float32Array.from(data);
}

/** tfjs accepts callback configs or BaseCallbacks, but a list must be all BaseCallbacks once ours is first. */
function normalise(tf: TfModule, callbacks: unknown[], yieldEvery: unknown): unknown[] {
  return callbacks.map((c) => (c instanceof tf.Callback || c instanceof tf.CustomCallback ? c : new tf.CustomCallback(c as never, yieldEvery as never)));
}
