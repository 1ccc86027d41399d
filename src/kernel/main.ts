/**
 * The kernel: a child process, forked by the extension or by `mlnb run`, that runs notebook cells in one
 * shared global scope and reports through the typed protocol in src/core/protocol.ts.
 */
import vm from 'node:vm';
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { transpileCell, CellSyntaxError, RUNTIME_GLOBAL } from '../core/cellTranspiler';
import { CellSourceMaps, cellScriptName } from '../core/stackTrace';
import type { BackendPreference, CellLocation, CompiledTrainingSetting, ExecutionStatus, HostMessage, KernelMessage, VariableInfo } from '../core/protocol';
import { toJsonData, type ChartView, type ErrorOutput, type MimeBundle, type NbOutput } from '../core/outputs';
import { loadTf, explainMissingKernel, type LoadedTf, type TfModule } from './tfLoader';
import { ModuleLoader } from './moduleLoader';
import { createGrader, PRACTICE_MODULE, PRACTICE_REPORT_KEY } from '../core/practice/grader';
import { isDisplayLanguage } from '../core/i18n';
import { RichOutput } from './richOutput';
import { TrainingInterrupted, TrainingMonitor } from './trainingMonitor';
import { CompiledTraining } from './compiledTraining/compiledFit';
import { loadGraphAddon } from './compiledTraining/addon';
import { installWarningFilter } from './warnings';
import { FailedImports } from './failedImports';
import type { CellImport } from '../core/cellTranspiler';
import { KernelDebugger, tensorDescription, tensorProperties } from './debugSession';
import { COMPILED_TRAINING_ENV, DEBUG_SOURCES_ENV, PRACTICE_LANGUAGE_ENV, hostMessageProblem, requestIdOf } from '../core/protocol';

class InterruptSignal extends Error {
  constructor() {
    super('Execution interrupted');
    this.name = 'KeyboardInterrupt';
  }
}

/** How long a training loop gets to finish its current batch after SIGINT before the cell is settled. */
const TRAINING_STOP_GRACE_MS = 2000;

class Kernel {
  private executionCount = 0;
  /** Output produced outside any cell (timers, late promises) goes to the last cell that ran. */
  private outputRequestId = 0;
  private running = false;
  private pendingExecutions = 0;
  private interruptBeforeStart = false;
  private interruptCurrent: ((error: Error) => void) | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly userNames = new Set<string>();
  private readonly sourceMaps = new CellSourceMaps();
  private readonly displayIds = new Set<string>();
  private tf: TfModule | undefined;
  private training: TrainingMonitor | undefined;
  private readonly rich = new RichOutput(() => this.tf);
  private readonly modules: ModuleLoader;
  /** The practice grader (`mlnb/practice`), made when a cell first imports it. */
  private grader: ReturnType<typeof createGrader> | undefined;
  private readonly tfReady: Promise<LoadedTf | undefined>;
  private readonly failedImports = new FailedImports();
  private currentImports: CellImport[] = [];
  /** Debug Cell support, only in kernels started by the extension (not `mlnb run`). */
  private readonly debugger = process.env[DEBUG_SOURCES_ENV] === '1' ? new KernelDebugger() : undefined;

  constructor(private readonly send: (message: KernelMessage) => void, backend: BackendPreference) {
    this.modules = new ModuleLoader(process.cwd(), require, () => this.tf, { [PRACTICE_MODULE]: () => this.practiceGrader().exports });
    this.installGlobals();
    this.captureOutput();
    // Loading TF.js takes most of a cold start; answer "ready" first and load it on the next turn.
    this.tfReady = new Promise((resolve) => setImmediate(resolve)).then(() => this.startTf(backend));
  }

  /** A message from the host is acted on only once it is checked against the protocol. */
  receive(message: unknown): void {
    const problem = hostMessageProblem(message);
    if (problem === undefined) this.handle(message as HostMessage);
    else this.refuse(message, problem);
  }

  /**
   * A malformed message is answered, never dropped and never fatal: the log says what was wrong, and a request
   * the host waits on (an execution, a variables or debug request with a usable id) gets an answer that ends it.
   */
  private refuse(message: unknown, problem: string): void {
    const description = `the kernel received a message that does not follow the protocol (${problem}); it was not acted on`;
    this.send({ type: 'log', level: 'error', message: description });
    const requestId = requestIdOf(message);
    if (requestId === undefined) return;
    const type = (message as { type?: unknown }).type;
    if (type === 'debug') this.send({ type: 'debugging', requestId, error: description });
    else if (type === 'inspectVariables') this.send({ type: 'variables', requestId, variables: [] });
    else if (type === 'execute') {
      this.send({ type: 'output', requestId, output: { output_type: 'error', ename: 'ProtocolError', evalue: description, traceback: [`ProtocolError: ${description}`] } });
      const tensors = this.tf?.memory().numTensors ?? 0;
      this.send({ type: 'done', requestId, status: 'error', executionCount: this.executionCount, durationMs: 0, tensors: { before: tensors, after: tensors, leaked: 0 } });
    }
  }

  handle(message: HostMessage): void {
    switch (message.type) {
      case 'execute':
        this.pendingExecutions++;
        this.queue = this.queue.then(() => this.execute(message.requestId, message.cellId, message.code));
        break;
      case 'inspectVariables':
        this.queue = this.queue.then(() => this.send({ type: 'variables', requestId: message.requestId, variables: this.variables() }));
        break;
      case 'interrupt':
        this.interrupt();
        break;
      case 'debug':
        this.send(this.debug(message));
        break;
      case 'shutdown':
        process.exit(0);
    }
  }

  /** SIGINT from the host. While a cell runs synchronously, vm's breakOnSigint handles it instead. */
  interrupt(): void {
    if (!this.running) {
      // A cell is queued behind TF.js loading: it will be settled as interrupted instead of running.
      if (this.pendingExecutions > 0) this.interruptBeforeStart = true;
      return;
    }
    const stop = this.interruptCurrent;
    if (this.training?.isTraining) {
      this.training.interrupt();
      setTimeout(() => stop?.(new InterruptSignal()), TRAINING_STOP_GRACE_MS).unref();
    } else {
      this.training?.interrupt();
      stop?.(new InterruptSignal());
    }
  }

  /** Opens or closes the inspector; answered at once, even while a cell runs (it must, for the debugger to attach to it). */
  private debug(message: Extract<HostMessage, { type: 'debug' }>): KernelMessage {
    try {
      if (!this.debugger) throw new Error(`debugging needs a kernel started with ${DEBUG_SOURCES_ENV}=1`);
      if (!message.open) {
        this.debugger.close();
        return { type: 'debugging', requestId: message.requestId };
      }
      return { type: 'debugging', requestId: message.requestId, ...this.debugger.open(message.pauseInCell) };
    } catch (error) {
      return { type: 'debugging', requestId: message.requestId, error: describe(error) };
    }
  }

  removeDebugSources(): void {
    this.debugger?.removeSources();
  }

  /** Errors from code that outlived its cell are shown, never fatal. */
  installProcessErrorHandlers(): void {
    const report = (kind: string) => (error: unknown) =>
      this.emit({ output_type: 'stream', name: 'stderr', text: `${kind}: ${describe(error)}\n` });
    for (const [event, kind] of [['unhandledRejection', 'Unhandled promise rejection'], ['uncaughtException', 'Uncaught exception']] as const) {
      process.removeAllListeners(event);
      process.on(event, report(kind));
    }
  }

  /** Process warnings: the cell's own in its output, the kernel's and its libraries' deprecations in the log. */
  installWarningFilter(): void {
    installWarningFilter({
      show: (text) => this.emit({ output_type: 'stream', name: 'stderr', text }),
      log: (text) => this.send({ type: 'log', level: 'info', message: text }),
    });
  }

  private async startTf(backend: BackendPreference): Promise<LoadedTf | undefined> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- TF.js and its backends load by name, at run time
      const loaded = await loadTf(backend, (id) => require(id));
      this.tf = loaded.tf;
      const compiled = new CompiledTraining(loaded.tf, compiledTrainingSetting(), loadGraphAddon, (message) => this.send({ type: 'log', level: 'info', message }));
      this.training = new TrainingMonitor(loaded.tf, () => ({
        start: (displayId, data) => this.emitDisplay(data, displayId),
        update: (displayId, data) => this.emitDisplay(data, displayId),
      }), (message) => this.send({ type: 'log', level: 'warn', message }), compiled);
      this.training.install();
      compiled.install();
      // The wasm backend's Emscripten glue installs handlers that rethrow (killing the kernel); keep ours only.
      this.installProcessErrorHandlers();
      transpileCell('', 'warm-up.ts'); // starts esbuild's service now rather than in the first cell
      Object.assign(globalThis, { tf: loaded.tf });
      this.send({ type: 'backend', ...loaded.report });
      return loaded;
    } catch (error) {
      this.send({ type: 'log', level: 'error', message: `TF.js could not start: ${describe(error)}` });
      return undefined;
    }
  }

  private async execute(requestId: number, cellId: string, code: string): Promise<void> {
    await this.tfReady;
    this.pendingExecutions--;
    const executionCount = ++this.executionCount;
    this.outputRequestId = requestId;
    this.displayIds.clear();
    this.running = true;
    this.training?.reset();
    this.grader?.reset();
    const started = performance.now();
    const before = this.tf?.memory().numTensors ?? 0;
    let status: ExecutionStatus = 'ok';
    let errorLocation: CellLocation | undefined;
    const interrupted = new Promise<never>((_, reject) => (this.interruptCurrent = reject));
    try {
      if (this.interruptBeforeStart) {
        this.interruptBeforeStart = false;
        throw new InterruptSignal();
      }
      const scriptName = cellScriptName(executionCount);
      const cell = transpileCell(code, scriptName, { pauseAtStart: this.debugger?.takePauseAtStart(cellId) });
      this.sourceMaps.register(executionCount, cellId, cell);
      for (const name of cell.declaredNames) this.userNames.add(name);
      this.failedImports.forget(cell.declaredNames);
      this.currentImports = cell.imports;
      const script = new vm.Script(this.debugger?.scriptFor(cellId, code, cell) ?? cell.script, { filename: scriptName });
      const completion = script.runInThisContext({ breakOnSigint: true, displayErrors: false }) as Promise<unknown>;
      completion.catch(() => undefined); // if the race below is won by an interrupt, this settles unobserved
      const value = await Promise.race([completion, interrupted]);
      if (cell.returnsValue && value !== undefined) {
        this.emit({ output_type: 'execute_result', data: this.rich.bundle(value, 'repl'), metadata: {}, execution_count: executionCount });
      }
    } catch (error) {
      status = isInterrupt(error) ? 'interrupted' : 'error';
      const formatted = this.formatError(error, cellId);
      errorLocation = formatted.location;
      this.emit(this.failedImports.explain(formatted.output, code, executionCount, (name) => (globalThis as Record<string, unknown>)[name]));
    } finally {
      this.running = false;
      this.interruptCurrent = undefined;
    }
    if (status !== 'ok') this.training?.settle(status === 'interrupted' ? 'stopped' : 'failed');
    const after = this.tf?.memory().numTensors ?? 0;
    this.send({
      type: 'done',
      requestId,
      status,
      executionCount,
      durationMs: performance.now() - started,
      tensors: { before, after, leaked: after - before },
      errorLocation,
    });
  }

  private formatError(error: unknown, cellId: string): { output: ErrorOutput; location?: CellLocation } {
    if (error instanceof CellSyntaxError) {
      const caret = `${' '.repeat(Math.max(0, error.column - 1))}^`;
      return {
        output: { output_type: 'error', ename: 'SyntaxError', evalue: error.message, traceback: [`SyntaxError: ${error.message}`, `    ${error.lineText}`, `    ${caret}`] },
        location: { cellId, line: error.line, column: error.column },
      };
    }
    if (isInterrupt(error)) {
      return { output: { output_type: 'error', ename: 'KeyboardInterrupt', evalue: 'Execution interrupted', traceback: ['KeyboardInterrupt: Execution interrupted'] } };
    }
    if (!(error instanceof Error)) {
      const evalue = inspect(error, { depth: 2 });
      return { output: { output_type: 'error', ename: 'Uncaught', evalue, traceback: [`Uncaught ${evalue}`] } };
    }
    const hint = explainMissingKernel(error.message);
    const evalue = hint ? `${error.message}\n${hint}` : error.message;
    const { frames, location } = this.sourceMaps.rewriteStack(error.stack ?? '', isKernelFrame);
    const traceback = [`${error.name}: ${evalue}`, ...collapseLibraryFrames(frames).map((f) => `    ${f}`)];
    return { output: { output_type: 'error', ename: error.name, evalue, traceback }, location };
  }

  private emit(output: NbOutput): void {
    if (output.output_type === 'display_data' || output.output_type === 'execute_result') output = { ...output, data: jsonBundle(output.data) };
    this.send({ type: 'output', requestId: this.outputRequestId, output });
  }

  private practiceGrader(): ReturnType<typeof createGrader> {
    this.grader ??= createGrader({
      // Read per message: a test kernel switches it between exercises.
      language: () => {
        const language = process.env[PRACTICE_LANGUAGE_ENV];
        return isDisplayLanguage(language) ? language : 'both';
      },
      isTensor: (x): x is import('@tensorflow/tfjs').Tensor => this.tf !== undefined && x instanceof this.tf.Tensor,
      showReport: (text, report) => this.emitDisplay({ 'text/plain': text }, undefined, { mlnb: { [PRACTICE_REPORT_KEY]: toJsonData(report) } }),
      print: (text) => console.log(text),
    });
    return this.grader;
  }

  private emitDisplay(data: MimeBundle, displayId?: string, metadata: Record<string, unknown> = {}): void {
    if (displayId && this.displayIds.has(displayId)) {
      this.send({ type: 'updateOutput', requestId: this.outputRequestId, displayId, output: { output_type: 'display_data', data: jsonBundle(data), metadata: {}, transient: { display_id: displayId } } });
      return;
    }
    if (displayId) this.displayIds.add(displayId);
    this.emit({ output_type: 'display_data', data, metadata, ...(displayId ? { transient: { display_id: displayId } } : {}) });
  }

  private installGlobals(): void {
    const modules = this.modules;
    const rich = this.rich;
    const show = (data: MimeBundle, options?: { id?: string }) => this.emitDisplay(data, options?.id);
    const display = Object.assign((value: unknown, options?: { id?: string }) => show(rich.bundle(value), options), {
      markdown: (text: string, options?: { id?: string }) => show({ 'text/markdown': String(text), 'text/plain': String(text) }, options),
      html: (html: string, options?: { id?: string }) => show({ 'text/html': String(html), 'text/plain': String(html).replace(/<[^>]*>/g, '') }, options),
      json: (value: unknown, options?: { id?: string }) => {
        const data = toJsonData(value);
        show({ 'application/json': data, 'text/plain': JSON.stringify(data, null, 2) }, options);
      },
      image: (image: Uint8Array | import('@tensorflow/tfjs').Tensor, options?: { id?: string }) => show(rich.imageBundle(image), options),
      chart: (spec: ChartView | ChartHistory, options?: { id?: string }) => show(rich.chartBundle(chartSpec(spec)), options),
    });
    Object.assign(globalThis, {
      display,
      require: (specifier: string) => modules.load(specifier),
      [RUNTIME_GLOBAL]: {
        importModule: (specifier: string) => {
          try {
            return modules.load(specifier);
          } catch (error) {
            this.failedImports.record(this.currentImports, specifier, this.executionCount, error);
            throw error;
          }
        },
        defaultExport: ModuleLoader.defaultExport,
        dynamicImport: (specifier: string) => modules.dynamicImport(specifier),
        // Called by the debugger's custom description/properties generators (src/extension/debugging.ts).
        debugIsTensor: (value: unknown) => rich.isTensor(value),
        debugDescription: (value: unknown) => (rich.isTensor(value) ? tensorDescription(value) : undefined),
        debugProperties: (value: unknown) => (rich.isTensor(value) ? tensorProperties(value) : value),
      },
    });
  }

  /** console.* and direct writes to stdout/stderr stream into the running cell, in order. */
  private captureOutput(): void {
    const sink = (name: 'stdout' | 'stderr') =>
      new Writable({
        write: (chunk: Buffer | string, _encoding, callback) => {
          this.emit({ output_type: 'stream', name, text: chunk.toString() });
          callback();
        },
      });
    const stdout = sink('stdout');
    const stderr = sink('stderr');
    globalThis.console = new Console({ stdout, stderr, colorMode: false });
    const redirect = (stream: NodeJS.WriteStream, name: 'stdout' | 'stderr') => {
      stream.write = ((chunk: Uint8Array | string, ...rest: unknown[]) => {
        this.emit({ output_type: 'stream', name, text: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString() });
        const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      }) as typeof stream.write;
    };
    redirect(process.stdout, 'stdout');
    redirect(process.stderr, 'stderr');
  }

  private variables(): VariableInfo[] {
    const g = globalThis as Record<string, unknown>;
    const out: VariableInfo[] = [];
    for (const name of [...this.userNames].sort()) {
      if (!(name in g)) continue;
      const value = g[name];
      const info: VariableInfo = { name, type: typeName(value), summary: '' };
      const importFailed = this.failedImports.of(name, value);
      if (importFailed) {
        info.importFailed = importFailed;
        info.summary = `import from '${importFailed.specifier}' failed in In[${importFailed.cell}]`;
      } else if (this.rich.isTensor(value)) {
        info.tensor = { dtype: value.dtype, shape: [...value.shape], bytes: value.isDisposed ? 0 : value.size * (value.dtype === 'string' ? 0 : 4) };
        info.summary = `${value.dtype}[${value.shape.join(',')}]${value.isDisposed ? ' (disposed)' : ''}`;
      } else if (this.rich.isModel(value)) {
        info.model = { layers: value.layers.length, params: safe(() => value.countParams(), 0) };
        info.summary = `${value.layers.length} layers, ${info.model.params} params`;
      } else {
        info.summary = inspect(value, { depth: 0, breakLength: Infinity, maxArrayLength: 10, maxStringLength: 60 }).slice(0, 120);
      }
      out.push(info);
    }
    return out;
  }
}

/** A tf.History, or an object like it: values per metric over epochs. */
type ChartHistory = { history: Record<string, readonly (number | import('@tensorflow/tfjs').Tensor)[]> };

function chartSpec(spec: ChartView | ChartHistory): ChartView {
  if ('series' in spec) return spec;
  // A tf.History (what `await model.fit(...)` returns): one line per metric over epochs. Its values are numbers
  // once fit returns; one read during training (model.history in a callback) can still hold scalar tensors.
  const series = Object.entries(spec.history).map(([name, values]) => ({ name, y: values.map((v) => (typeof v === 'object' && v !== null && 'dataSync' in v ? v.dataSync()[0]! : Number(v))) }));
  return { kind: 'line', title: 'Training history', xLabel: 'epoch', series };
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return /^class\s/.test(Function.prototype.toString.call(value)) ? 'class' : 'function';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'object';
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

function isInterrupt(error: unknown): boolean {
  return (
    error instanceof InterruptSignal ||
    error instanceof TrainingInterrupted ||
    (error as NodeJS.ErrnoException)?.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED'
  );
}

function isKernelFrame(frame: string): boolean {
  return frame.includes(__filename) || /\(node:|at node:|\(<anonymous>\)|^at new Promise \(<anonymous>\)/.test(frame) || frame === 'at <anonymous>';
}

/** Long runs of frames inside one library say little; keep the first and count the rest. */
function collapseLibraryFrames(frames: string[]): string[] {
  const out: string[] = [];
  let hidden = 0;
  let library = '';
  const flush = () => {
    if (hidden > 0) out.push(`... ${hidden} more frame${hidden > 1 ? 's' : ''} in ${library}`);
    hidden = 0;
  };
  for (const frame of frames) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame)?.[1];
    if (pkg && pkg === library && out.length > 0) {
      hidden++;
      continue;
    }
    flush();
    library = pkg ?? '';
    out.push(frame);
  }
  flush();
  return out;
}

/** What the host receives is what will be saved: plain JSON, NaN and ±Infinity by name (a diverged loss). */
function jsonBundle(data: MimeBundle): MimeBundle {
  return toJsonData(data) as MimeBundle;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : inspect(error);
}

/** `mlnb.compiledTraining` as the extension passed it; anything unexpected means the default. */
function compiledTrainingSetting(): CompiledTrainingSetting {
  return process.env[COMPILED_TRAINING_ENV] === 'off' ? 'off' : 'auto';
}

function main(): void {
  if (!process.send) {
    console.error('The mlnb kernel must be started by its host with an IPC channel (child_process.fork).');
    process.exit(2);
  }
  const ipc = process.send.bind(process);
  const kernel = new Kernel((message) => ipc(message), (process.env.MLNB_BACKEND ?? 'auto') as BackendPreference);
  process.on('message', (message) => kernel.receive(message));
  process.on('SIGINT', () => kernel.interrupt());
  process.on('disconnect', () => process.exit(0)); // the host is gone: never linger as an orphan
  process.on('exit', () => kernel.removeDebugSources());
  kernel.installProcessErrorHandlers();
  kernel.installWarningFilter();
  ipc({ type: 'ready', pid: process.pid, node: process.version });
}

main();
