/**
 * Streams the progress of every `model.fit` / `model.fitDataset` a cell starts, without the user adding
 * callbacks: one live output per call, updated per epoch and (throttled) per batch, ending with the
 * full per-epoch history so charts and hints can read it from the saved notebook.
 */
import { MIME, type MimeBundle, type TrainingView } from '../core/outputs';
import { trainingText } from '../core/trainingText';
import type { TfModule } from './tfLoader';
import { RunEvidenceRecorder } from './runEvidence';
import type { CompiledTraining } from './compiledTraining/compiledFit';

type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Logs = Record<string, number | { data?: () => Promise<ArrayLike<number>> }>;

export interface TrainingSink {
  start(displayId: string, bundle: MimeBundle): void;
  update(displayId: string, bundle: MimeBundle): void;
}

/** Thrown out of `fit` when the user interrupted training; the partial history is in the output. */
export class TrainingInterrupted extends Error {
  constructor() {
    super('Training was interrupted');
    this.name = 'KeyboardInterrupt';
  }
}

const UPDATE_INTERVAL_MS = 250;
/** Training awaits only microtasks; yield a macrotask now and then so SIGINT and IPC get through. */
const YIELD_INTERVAL_MS = 50;

export class TrainingMonitor {
  private readonly active = new Set<LayersModel>();
  private interruptRequested = false;
  private runs = 0;
  /** Runs in flight with the cell that started them, so a cell that ends badly can settle its own. */
  private readonly inFlight = new Set<{ cell: number; settle: (status: 'stopped' | 'failed') => void }>();
  private cell = 0;

  constructor(
    private readonly tf: TfModule,
    private readonly sink: () => TrainingSink,
    /** Where the kernel's own problems go (the mlnb log), never the cell's output. */
    private readonly log: (message: string) => void = () => undefined,
    /** Runs supported fits as a compiled graph; absent: TF.js's own fit. */
    private readonly compiled?: CompiledTraining,
  ) {}

  install(): void {
    type Fit = (this: LayersModel, x: unknown, y: unknown, args?: Record<string, unknown>) => Promise<unknown>;
    type FitDataset = (this: LayersModel, dataset: unknown, args?: Record<string, unknown>) => Promise<unknown>;
    const proto = this.tf.LayersModel.prototype as unknown as { fit: Fit; fitDataset: FitDataset };
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the patched methods' own `this` is the model
    const monitor = this;
    const originalFit = proto.fit;
    const originalFitDataset = proto.fitDataset;
    proto.fit = function (this: LayersModel, x: unknown, y: unknown, args: Record<string, unknown> = {}) {
      const eager = (a: Record<string, unknown>) => originalFit.call(this, x, y, a);
      const fit = monitor.compiled ? (a: Record<string, unknown>) => monitor.compiled!.fit(this, x, y, a, eager) : eager;
      return monitor.run(this, args, epochsOf(args), batchesPerEpochForFit(x, args), fit, { x, y });
    };
    proto.fitDataset = function (this: LayersModel, dataset: unknown, args: Record<string, unknown> = {}) {
      const batches = typeof args.batchesPerEpoch === 'number' ? args.batchesPerEpoch : null;
      const eager = (a: Record<string, unknown>) => originalFitDataset.call(this, dataset, a);
      const fit = monitor.compiled ? (a: Record<string, unknown>) => monitor.compiled!.fitDataset(this, a, eager) : eager;
      // A dataset's batches are not read twice (a generator may not replay): the model's structure is the evidence.
      return monitor.run(this, args, epochsOf(args), batches, fit, {});
    };
  }

  /** Called on SIGINT: every training loop stops after its current batch. */
  interrupt(): void {
    this.interruptRequested = true;
    for (const model of this.active) model.stopTraining = true;
  }

  /** Called when a new cell starts. */
  reset(): void {
    this.interruptRequested = false;
    this.cell++;
  }

  /**
   * Called when the current cell ends interrupted or with an error: its training runs still in flight stop
   * at their next batch and their views say so now, not "running" until then (or forever).
   */
  settle(status: 'stopped' | 'failed'): void {
    for (const run of this.inFlight) if (run.cell === this.cell) run.settle(status);
  }

  get isTraining(): boolean {
    return this.active.size > 0;
  }

  private async run(
    model: LayersModel,
    args: Record<string, unknown>,
    epochs: number,
    batchesPerEpoch: number | null,
    fit: (args: Record<string, unknown>) => Promise<unknown>,
    data: { x?: unknown; y?: unknown },
  ): Promise<unknown> {
    const displayId = `mlnb-training-${++this.runs}`;
    const sink = this.sink();
    const started = Date.now();
    // Evidence for the run's hints (runDiagnosis.ts), gathered once before training starts.
    const evidence = new RunEvidenceRecorder(this.tf, model, data.x, data.y, args, batchesPerEpoch, this.log);
    const view: TrainingView = {
      status: 'running', epochs, epoch: 0, batch: 0, batchesPerEpoch, elapsedMs: 0, history: {}, batchLogs: {}, evidence: evidence.evidence,
    };
    let lastPublished = 0;
    const publish = () => {
      lastPublished = Date.now();
      view.elapsedMs = lastPublished - started;
      sink.update(displayId, trainingBundle(view));
    };
    // Updates carry the whole history: throttle them so a run of 10,000 tiny epochs stays cheap.
    const publishIfDue = () => Date.now() - lastPublished >= UPDATE_INTERVAL_MS && publish();
    let lastYield = Date.now();
    // A plain Callback (not a CustomCallback): its batch logs stay unresolved tensors, so a batch costs
    // nothing unless an update is due.
    class ProgressCallback extends this.tf.Callback {
      override async onEpochBegin(epoch: number) {
        view.epoch = epoch;
        view.batch = 0;
        evidence.epochBegin();
      }
      override async onBatchEnd(batch: number, logs?: Logs) {
        view.batch = batch + 1;
        const now = Date.now();
        if (now - lastPublished >= UPDATE_INTERVAL_MS) {
          view.batchLogs = await numericLogs(logs);
          publish();
        }
        if (now - lastYield >= YIELD_INTERVAL_MS) {
          lastYield = now;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      override async onEpochEnd(epoch: number, logs?: Logs) {
        view.epoch = epoch;
        const values = await numericLogs(logs);
        for (const [name, value] of Object.entries(values)) (view.history[name] ??= []).push(value);
        evidence.epochEnd(epoch, values.loss);
        publishIfDue();
      }
    }
    const progress = new ProgressCallback();

    sink.start(displayId, trainingBundle(view));
    this.active.add(model);
    let settled: 'stopped' | 'failed' | undefined;
    const inFlight = {
      cell: this.cell,
      settle: (status: 'stopped' | 'failed') => {
        settled = status;
        model.stopTraining = true;
        view.status = status;
        publish();
      },
    };
    this.inFlight.add(inFlight);
    if (this.interruptRequested) model.stopTraining = true;
    try {
      const result = await fit({ ...args, verbose: args.verbose ?? 0, callbacks: withCallback(this.tf, args.callbacks, args.yieldEvery, progress) });
      await evidence.finish(view.history);
      view.status = settled ?? (this.interruptRequested ? 'stopped' : 'done');
      publish();
      if (this.interruptRequested) throw new TrainingInterrupted();
      return result;
    } catch (error) {
      if (!(error instanceof TrainingInterrupted)) {
        await evidence.finish(view.history, error);
        view.status = settled ?? 'failed';
        publish();
      }
      throw error;
    } finally {
      this.active.delete(model);
      this.inFlight.delete(inFlight);
    }
  }
}

function epochsOf(args: Record<string, unknown>): number {
  return typeof args.epochs === 'number' ? args.epochs : 1;
}

/** tfjs accepts one callback config, a BaseCallback, or a list; a list must be all BaseCallbacks. */
function withCallback(tf: TfModule, callbacks: unknown, yieldEvery: unknown, extra: InstanceType<TfModule['Callback']>): unknown[] {
  const list = callbacks == null ? [] : Array.isArray(callbacks) ? callbacks : [callbacks];
  const normalised = list.map((c) => (c instanceof tf.Callback || c instanceof tf.CustomCallback ? c : new tf.CustomCallback(c as never, yieldEvery as never)));
  return [...normalised, extra];
}

function batchesPerEpochForFit(x: unknown, args: Record<string, unknown>): number | null {
  const first = Array.isArray(x) ? x[0] : x && typeof x === 'object' && !('shape' in x) ? Object.values(x)[0] : x;
  const samples = (first as { shape?: number[] } | undefined)?.shape?.[0];
  if (typeof samples !== 'number') return null;
  const split = typeof args.validationSplit === 'number' ? args.validationSplit : 0;
  const batchSize = typeof args.batchSize === 'number' ? args.batchSize : 32;
  const trainSamples = split > 0 ? Math.floor(samples * (1 - split)) : samples;
  return Math.max(1, Math.ceil(trainSamples / batchSize));
}

/** Logs hold numbers or scalar tensors (disposed after the callback returns): read them now. */
async function numericLogs(logs: Logs | undefined): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(logs ?? {})) {
    if (typeof value === 'number') out[name] = value;
    else if (value && typeof value.data === 'function') out[name] = Number((await value.data())[0]);
  }
  return out;
}

export function trainingBundle(view: TrainingView): MimeBundle {
  return { [MIME.training]: { ...view, history: { ...view.history }, batchLogs: { ...view.batchLogs } }, 'text/plain': trainingText(view) };
}
