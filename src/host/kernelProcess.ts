/**
 * The host side of one kernel process: forks it, sends typed messages, runs executions one at a time,
 * and explains its death (exit code or signal, last stderr lines). Used by the extension and `mlnb run`;
 * never imports 'vscode'.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kernelMessageProblem, requestIdOf, type BackendPreference, type BackendReport, type DebugReply, type HostMessage, type KernelMessage, type VariableInfo } from '../core/protocol';
import { debugSourceDir } from '../core/debugSources';
import type { NbOutput } from '../core/outputs';
import { errorOutput, type ExecutionOutcome } from '../core/cellOutputs';
import { LiveTraining } from './liveTraining';
import { isStartupNoise } from './stderrNoise';

export interface KernelProcessOptions {
  /** The notebook's folder: the kernel's working directory and first place to resolve imports. */
  cwd: string;
  backend?: BackendPreference;
  /** Defaults to the built `dist/kernel.js` of this package. */
  kernelPath?: string;
  /** Defaults to the running Node (`process.execPath`). */
  nodePath?: string;
  env?: NodeJS.ProcessEnv;
  /** Node flags for the kernel process, e.g. `--max-old-space-size=4096`. */
  nodeArgs?: string[];
  /** Lines the kernel writes outside cells (stderr, lifecycle), for a log channel. */
  log?: (line: string) => void;
}

/** Receives a cell's outputs while it runs. */
export interface ExecutionSink {
  output(output: NbOutput): void;
  /** Replace the output that was emitted with this display id. */
  update(displayId: string, output: NbOutput): void;
}

export type KernelState = 'starting' | 'idle' | 'busy' | 'dead';

interface PendingExecution {
  requestId: number;
  cellId: string;
  code: string;
  sink: ExecutionSink;
  live: LiveTraining;
  resolve: (outcome: ExecutionOutcome) => void;
}

const STDERR_TAIL_LINES = 20;

export class KernelProcess {
  readonly child: ChildProcess;
  /** Resolves with the backend report once TF.js is loaded. */
  readonly backend: Promise<BackendReport>;
  private resolveBackend!: (report: BackendReport) => void;
  private rejectBackend!: (error: Error) => void;
  private readonly ready: Promise<void>;
  private state_: KernelState = 'starting';
  private nextRequestId = 1;
  private running: PendingExecution | undefined;
  private readonly queue: PendingExecution[] = [];
  private readonly variableRequests = new Map<number, (variables: VariableInfo[]) => void>();
  private readonly debugRequests = new Map<number, (reply: DebugReply) => void>();
  private readonly stderrTail: string[] = [];
  private readonly exitListeners: ((description: string) => void)[] = [];
  private readonly stateListeners: ((state: KernelState) => void)[] = [];
  private exitDescription: string | undefined;
  private shuttingDown = false;
  private readonly exited: Promise<void>;

  constructor(private readonly options: KernelProcessOptions) {
    this.backend = new Promise((resolve, reject) => {
      this.resolveBackend = resolve;
      this.rejectBackend = reject;
    });
    this.backend.catch(() => undefined);
    this.child = fork(options.kernelPath ?? defaultKernelPath(), [], {
      cwd: options.cwd,
      execPath: options.nodePath ?? process.execPath,
      execArgv: options.nodeArgs ?? [],
      env: { ...process.env, ...options.env, TF_CPP_MIN_LOG_LEVEL: '2', MLNB_BACKEND: options.backend ?? 'auto' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.child.stdout?.setEncoding('utf8').on('data', (text: string) => this.logLines('stdout', text));
    this.child.stderr?.setEncoding('utf8').on('data', (text: string) => this.logLines('stderr', text));
    this.child.on('message', (message) => this.receive(message));
    this.ready = new Promise((resolve) => this.child.once('message', () => resolve()));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        // stderr may still hold the last lines (an abort message): wait briefly for it to drain.
        let finished = false;
        const finish = () => {
          if (finished) return;
          finished = true;
          clearTimeout(timer);
          this.handleExit(code, signal);
          resolve();
        };
        const timer = setTimeout(finish, 200);
        if (this.child.stderr && !this.child.stderr.readableEnded) this.child.stderr.once('end', finish);
        else finish();
      }),
    );
    this.child.on('error', (error) => this.options.log?.(`kernel process error: ${error.message}`));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get state(): KernelState {
    return this.state_;
  }

  /** Returns a function that removes the listener. */
  onStateChange(listener: (state: KernelState) => void): () => void {
    this.stateListeners.push(listener);
    return () => {
      const index = this.stateListeners.indexOf(listener);
      if (index >= 0) this.stateListeners.splice(index, 1);
    };
  }

  /** Called once when the process exits, with a sentence saying how. */
  onExit(listener: (description: string) => void): void {
    if (this.exitDescription) listener(this.exitDescription);
    else this.exitListeners.push(listener);
  }

  /** Queues a cell. Cells run one at a time in the order they were queued. */
  execute(cellId: string, code: string, sink: ExecutionSink): Promise<ExecutionOutcome> {
    return new Promise((resolve) => {
      if (this.state_ === 'dead') {
        resolve({ status: 'cancelled', message: this.exitDescription ?? 'The kernel is not running.' });
        return;
      }
      this.queue.push({ requestId: this.nextRequestId++, cellId, code, sink, live: new LiveTraining(), resolve });
      this.pump();
    });
  }

  /** Cells queued but not started yet are dropped (they resolve as cancelled). */
  cancelQueued(reason: string): void {
    for (const pending of this.queue.splice(0)) pending.resolve({ status: 'cancelled', message: reason });
  }

  /** SIGINT: a busy loop breaks (vm breakOnSigint), an awaiting cell or a training loop stops. */
  interrupt(): void {
    // Before "ready" the kernel may not have its SIGINT handler yet, and the signal would kill it.
    void this.ready.then(() => {
      if (this.state_ === 'dead' || !this.child.pid) return;
      this.send({ type: 'interrupt' });
      this.child.kill('SIGINT');
    });
  }

  async variables(): Promise<VariableInfo[]> {
    if (this.state_ === 'dead') return [];
    await this.ready;
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      this.variableRequests.set(requestId, resolve);
      this.send({ type: 'inspectVariables', requestId });
    });
  }

  /**
   * Opens the kernel's inspector (127.0.0.1, a random port) for Debug Cell, optionally pausing at the first
   * statement of the next run of `pauseInCell` (Run by Line); `open: false` closes it. Answered even while a
   * cell runs, but not while the kernel is paused in the debugger.
   */
  async debug(options: { open: true; pauseInCell?: string } | { open: false }): Promise<DebugReply> {
    if (this.state_ === 'dead') return { type: 'debugging', requestId: 0, error: 'the kernel is not running' };
    await this.ready;
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      this.debugRequests.set(requestId, resolve);
      this.send({ type: 'debug', requestId, ...options });
    });
  }

  /** Graceful first (ask the kernel), then SIGTERM, then SIGKILL; done within about 5 s. */
  async shutdown(): Promise<void> {
    this.cancelQueued('The kernel was shut down.');
    if (this.state_ === 'dead') return;
    this.shuttingDown = true;
    this.send({ type: 'shutdown' });
    if (await this.exitsWithin(2000)) return;
    this.child.kill('SIGTERM');
    if (await this.exitsWithin(1500)) return;
    this.child.kill('SIGKILL');
    await this.exitsWithin(1500);
  }

  /** Immediate SIGKILL, for a cell that ignored an interrupt. */
  async kill(): Promise<void> {
    this.cancelQueued('The kernel was killed.');
    if (this.state_ === 'dead') return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Resolves true if the process exits within `ms`. */
  exitsWithin(ms: number): Promise<boolean> {
    if (this.state_ === 'dead') return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      void this.exited.then(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private pump(): void {
    if (this.running || this.state_ === 'dead') return;
    const next = this.queue.shift();
    if (!next) return;
    this.running = next;
    this.setState('busy');
    this.send({ type: 'execute', requestId: next.requestId, cellId: next.cellId, code: next.code });
  }

  private send(message: HostMessage): void {
    if (this.child.connected) this.child.send(message);
  }

  /** A message from the kernel is used only once it is checked against the protocol. */
  private receive(message: unknown): void {
    const problem = kernelMessageProblem(message);
    if (problem === undefined) this.onMessage(message as KernelMessage);
    else this.malformed(message, problem);
  }

  /**
   * A message that does not follow the protocol (a kernel of another mlnb version, or a bug) is said in the
   * log; one about the running cell is also said in that cell, and a malformed 'done' still ends the cell,
   * so it never waits for an end that already came.
   */
  private malformed(message: unknown, problem: string): void {
    const description = `mlnb: the kernel sent a message that does not follow the protocol (${problem}); it was not used.`;
    this.options.log?.(`[error] ${description} The message: ${preview(message)}`);
    const requestId = requestIdOf(message);
    const target = requestId === undefined ? undefined : this.targetFor(requestId);
    target?.sink.output(errorOutput('ProtocolError', description));
    if (target && target === this.running && (message as { type?: unknown }).type === 'done') {
      this.running = undefined;
      this.settleTraining(target, 'failed');
      target.resolve({ status: 'error', executionCount: 0, durationMs: 0, tensorsLeaked: 0, tensorsAlive: 0 });
      this.setState('idle');
      this.pump();
    }
  }

  private onMessage(message: KernelMessage): void {
    switch (message.type) {
      case 'ready':
        if (this.state_ === 'starting') this.setState(this.running ? 'busy' : 'idle');
        this.options.log?.(`kernel ${message.pid} ready (Node ${message.node})`);
        break;
      case 'backend': {
        const { type: _type, ...report } = message;
        this.options.log?.(`backend ${report.backend}${report.fallbackReasons.length ? ` (fell back: ${report.fallbackReasons.join('; ')})` : ''}`);
        this.resolveBackend(report);
        break;
      }
      case 'log':
        this.options.log?.(`[${message.level}] ${message.message}`);
        if (message.level === 'error' && /TF\.js could not start/.test(message.message)) this.rejectBackend(new Error(message.message));
        break;
      case 'output': {
        const target = this.targetFor(message.requestId);
        target?.live.observe(message.output);
        target?.sink.output(message.output);
        break;
      }
      case 'updateOutput': {
        const target = this.targetFor(message.requestId);
        target?.live.observe(message.output, message.displayId);
        target?.sink.update(message.displayId, message.output);
        break;
      }
      case 'done': {
        const running = this.running;
        if (!running || running.requestId !== message.requestId) break;
        this.running = undefined;
        // The kernel settles the training runs of a cell that failed or was interrupted; this catches any it could not.
        if (message.status !== 'ok') this.settleTraining(running, message.status === 'interrupted' ? 'stopped' : 'failed');
        running.resolve({
          status: message.status,
          executionCount: message.executionCount,
          durationMs: message.durationMs,
          tensorsLeaked: message.tensors.leaked,
          tensorsAlive: message.tensors.after,
          errorLocation: message.errorLocation,
        });
        this.setState('idle');
        this.pump();
        break;
      }
      case 'variables':
        this.variableRequests.get(message.requestId)?.(message.variables);
        this.variableRequests.delete(message.requestId);
        break;
      case 'debugging':
        this.debugRequests.get(message.requestId)?.(message);
        this.debugRequests.delete(message.requestId);
        break;
    }
  }

  /** Output that arrives after its cell finished (timers) is still shown on that cell when possible. */
  private lastTarget: PendingExecution | undefined;
  private targetFor(requestId: number): PendingExecution | undefined {
    if (this.running?.requestId === requestId) {
      this.lastTarget = this.running;
      return this.running;
    }
    return this.lastTarget?.requestId === requestId ? this.lastTarget : undefined;
  }

  private settleTraining(execution: PendingExecution | undefined, status: 'failed' | 'stopped'): void {
    for (const { displayId, output } of execution?.live.settle(status) ?? []) execution?.sink.update(displayId, output);
  }

  private handleExit(code: number | null, signal: NodeJS.Signals | null): void {
    const how = signal ? `was killed by signal ${signal}` : `exited with code ${code}`;
    const tail = this.stderrTail.length ? `\nLast stderr lines:\n${this.stderrTail.join('\n')}` : '';
    this.exitDescription = `The kernel process ${how}.${tail}`;
    this.options.log?.(`kernel ${this.child.pid} ${how}`);
    this.setState('dead');
    this.rejectBackend(new Error(this.exitDescription));
    const running = this.running;
    this.running = undefined;
    // Nothing in the dead process can end its training views: a restart stopped them, anything else failed them.
    this.settleTraining(running, this.shuttingDown ? 'stopped' : 'failed');
    if (this.lastTarget !== running) this.settleTraining(this.lastTarget, this.shuttingDown ? 'stopped' : 'failed');
    running?.resolve(
      this.shuttingDown ? { status: 'cancelled', message: 'The kernel was shut down while this cell ran.' } : { status: 'died', message: this.exitDescription },
    );
    this.cancelQueued(`Not run: ${this.exitDescription}`);
    for (const resolve of this.variableRequests.values()) resolve([]);
    this.variableRequests.clear();
    for (const [requestId, resolve] of this.debugRequests) resolve({ type: 'debugging', requestId, error: this.exitDescription });
    this.debugRequests.clear();
    // A killed kernel could not remove the cell sources it wrote for the debugger.
    if (this.child.pid) rmSync(debugSourceDir(os.tmpdir(), this.child.pid), { recursive: true, force: true });
    for (const listener of this.exitListeners.splice(0)) listener(this.exitDescription);
  }

  private logLines(stream: 'stdout' | 'stderr', text: string): void {
    for (const line of text.split('\n')) {
      if (!line) continue;
      if (stream === 'stderr' && !isStartupNoise(line)) {
        this.stderrTail.push(line);
        if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
      }
      this.options.log?.(`[kernel ${stream}] ${line}`);
    }
  }

  private setState(state: KernelState): void {
    if (this.state_ === state || this.state_ === 'dead') return;
    this.state_ = state;
    for (const listener of this.stateListeners) listener(state);
  }
}

/** A received value for the log: its JSON, shortened (a malformed output may be large). */
function preview(value: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = String(value);
  }
  return json.length > 300 ? `${json.slice(0, 300)}… (${json.length} characters)` : json;
}

/** The built kernel bundle next to this bundle (dist/), or dist/ of the package when run from source. */
function defaultKernelPath(): string {
  const besideMe = path.join(__dirname, 'kernel.js');
  if (existsSync(besideMe)) return besideMe;
  return path.resolve(__dirname, '..', '..', 'dist', 'kernel.js');
}
