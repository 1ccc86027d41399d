/**
 * One notebook's kernel over time: starts a process on first use, starts a fresh one after a crash or a
 * restart, and turns an interrupt the cell ignores into a kill + restart that the caller is told about.
 */
import { KernelProcess, type ExecutionSink, type KernelProcessOptions, type KernelState } from './kernelProcess';
import type { BackendReport } from '../core/protocol';
import type { ExecutionOutcome } from '../core/cellOutputs';

export interface KernelSessionOptions extends KernelProcessOptions {
  /** How long a cell gets to stop after an interrupt before the kernel is killed (default 3 s). */
  interruptGraceMs?: number;
}

export type InterruptResult =
  /** Nothing was running. */
  | 'idle'
  /** The cell stopped; the kernel and its variables live on. */
  | 'interrupted'
  /** The cell ignored the interrupt; the kernel was killed and the next run starts a fresh one. */
  | 'killed';

export class KernelSession {
  private process: KernelProcess | undefined;
  private readonly stateListeners: ((state: KernelState, kernel: KernelProcess | undefined) => void)[] = [];
  private readonly startListeners: ((kernel: KernelProcess) => void)[] = [];
  private readonly killedForIgnoringInterrupt = new WeakSet<KernelProcess>();

  constructor(private readonly options: KernelSessionOptions) {}

  get kernel(): KernelProcess | undefined {
    return this.process;
  }

  get state(): KernelState {
    return this.process?.state ?? 'dead';
  }

  onStateChange(listener: (state: KernelState, kernel: KernelProcess | undefined) => void): void {
    this.stateListeners.push(listener);
  }

  onStart(listener: (kernel: KernelProcess) => void): void {
    this.startListeners.push(listener);
  }

  /** The running kernel, or a fresh one if there is none (first run, after a crash or a kill). */
  ensureStarted(): KernelProcess {
    if (this.process && this.process.state !== 'dead') return this.process;
    const kernel = new KernelProcess(this.options);
    this.process = kernel;
    kernel.onStateChange((state) => this.stateListeners.forEach((l) => l(state, kernel)));
    this.startListeners.forEach((l) => l(kernel));
    return kernel;
  }

  backend(): Promise<BackendReport> {
    return this.ensureStarted().backend;
  }

  async execute(cellId: string, code: string, sink: ExecutionSink): Promise<ExecutionOutcome> {
    const kernel = this.ensureStarted();
    const outcome = await kernel.execute(cellId, code, sink);
    if (outcome.status === 'died' && this.killedForIgnoringInterrupt.has(kernel)) {
      const seconds = (this.options.interruptGraceMs ?? 3000) / 1000;
      return {
        status: 'died',
        message: `The cell did not stop within ${seconds} s of the interrupt, so the kernel was killed; the next run starts a fresh kernel (earlier variables are gone).`,
      };
    }
    return outcome;
  }

  /** Interrupts the running cell; kills the kernel if the cell does not stop within the grace period. */
  async interrupt(): Promise<InterruptResult> {
    const kernel = this.process;
    if (!kernel || kernel.state !== 'busy') return 'idle';
    let removeListener = () => {};
    const stopped = new Promise<true>((resolve) => (removeListener = kernel.onStateChange((state) => state !== 'busy' && resolve(true))));
    kernel.interrupt();
    // A kernel still loading TF.js cannot take the signal yet: the grace period starts once it can.
    await kernel.backend.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const grace = this.options.interruptGraceMs ?? 3000;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), grace)));
    const inTime = await Promise.race([stopped, timedOut]);
    clearTimeout(timer);
    removeListener();
    if (inTime) return 'interrupted';
    this.killedForIgnoringInterrupt.add(kernel);
    await kernel.kill();
    return 'killed';
  }

  async restart(): Promise<KernelProcess> {
    await this.shutdown();
    return this.ensureStarted();
  }

  async shutdown(): Promise<void> {
    const kernel = this.process;
    this.process = undefined;
    await kernel?.shutdown();
  }
}
