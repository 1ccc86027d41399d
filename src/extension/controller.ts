/**
 * The notebook controller: one kernel process per notebook (started on first run, stopped when the
 * notebook closes), cells run one at a time in order, interrupt → grace period → kill and restart.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import { KernelSession } from '../host/kernelSession';
import type { KernelProcess } from '../host/kernelProcess';
import type { NbOutput } from '../core/outputs';
import { COMPILED_TRAINING_ENV, DEBUG_SOURCES_ENV, NATIVE_BACKEND_DIR_ENV, PRACTICE_LANGUAGE_ENV, type BackendReport } from '../core/protocol';
import { practiceMetadataOf } from '../core/practice/notebook';
import { Config } from './config';
import { NOTEBOOK_TYPES } from './serializer';
import { CODE_CELL_LANGUAGES } from './cellLanguage';
import { toCellOutput } from './notebookData';
import { CellOutputs, errorOutput, type OutputChange } from '../core/cellOutputs';

export interface NotebookKernelInfo {
  state: 'idle' | 'busy' | 'starting' | 'dead';
  backend?: BackendReport;
  tensorsAlive?: number;
}

/** A cell's run ended (also after an error, an interrupt or a dead kernel; not when it was cancelled while queued). */
export interface FinishedCell {
  notebook: vscode.NotebookDocument;
  cell: vscode.NotebookCell;
  ms: number;
  /** It ended without an error: what VS Code shows as the cell's ✓. */
  success: boolean;
}

interface QueuedCell {
  execution: vscode.NotebookCellExecution;
  cancelled: boolean;
}

class NotebookKernel {
  readonly session: KernelSession;
  info: NotebookKernelInfo = { state: 'dead' };
  /** When a cell last started, finished or printed (for stopping kernels nobody uses: idleKernels.ts). */
  lastActive = Date.now();
  private queue: QueuedCell[] = [];
  private draining: Promise<void> | undefined;

  constructor(
    readonly notebook: vscode.NotebookDocument,
    private readonly host: KernelController,
  ) {
    const cwd = notebook.uri.scheme === 'file' ? path.dirname(notebook.uri.fsPath) : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd());
    this.session = new KernelSession({
      cwd,
      kernelPath: host.kernelPath,
      backend: Config.backend(),
      nodePath: Config.nodePath(),
      nodeArgs: Config.kernelNodeArgs(),
      interruptGraceMs: Config.interruptGraceMs(),
      // Desktop VS Code's execPath is Electron: make it behave as Node for the kernel. The native backend, once
      // built by `mlnb: Build the Native TF.js Backend`, is in the extension's global storage.
      env: {
        ELECTRON_RUN_AS_NODE: '1',
        [DEBUG_SOURCES_ENV]: '1',
        [COMPILED_TRAINING_ENV]: Config.compiledTraining(),
        [PRACTICE_LANGUAGE_ENV]: practiceMetadataOf(notebook.metadata as { metadata?: unknown })?.language ?? Config.language(),
        ...(host.nativeBackendDir ? { [NATIVE_BACKEND_DIR_ENV]: host.nativeBackendDir } : {}) },
      log: (line) => host.log.info(`[${path.basename(notebook.uri.path)}] ${line}`),
    });
    this.session.onStart((kernel) => this.watch(kernel));
    this.session.onStateChange((state) => {
      this.info = { ...this.info, state };
      host.changed(notebook);
    });
  }

  enqueue(cells: readonly vscode.NotebookCell[], controller: vscode.NotebookController): void {
    for (const cell of cells) {
      const execution = controller.createNotebookCellExecution(cell);
      const queued: QueuedCell = { execution, cancelled: false };
      execution.token.onCancellationRequested(() => {
        if (this.queue.includes(queued)) this.cancel(queued);
      });
      this.queue.push(queued);
    }
    void this.drain();
  }

  /** Queued cells that have not started end with no state and keep their old outputs. */
  cancelQueued(): void {
    for (const queued of this.queue.splice(0)) this.cancel(queued);
  }

  private cancel(queued: QueuedCell): void {
    if (queued.cancelled) return;
    queued.cancelled = true;
    this.queue = this.queue.filter((q) => q !== queued);
    queued.execution.end(undefined);
  }

  private drain(): Promise<void> {
    this.draining ??= (async () => {
      try {
        for (let next = this.queue.shift(); next; next = this.queue.shift()) {
          const ok = await this.runCell(next.execution);
          // As in Jupyter: after an error, interrupt or crash the rest of the queue does not run.
          if (!ok) this.cancelQueued();
        }
      } finally {
        this.draining = undefined;
      }
    })();
    return this.draining;
  }

  /** A process that runs no cell and has none queued. */
  get idle(): boolean {
    return this.queue.length === 0 && !this.draining && this.session.state === 'idle';
  }

  /** Cancels what is queued, stops the kernel, and returns once the running cell has ended. */
  async stop(): Promise<void> {
    this.cancelQueued();
    await this.session.shutdown();
    await this.draining;
  }

  private async runCell(execution: vscode.NotebookCellExecution): Promise<boolean> {
    const cell = execution.cell;
    this.lastActive = Date.now();
    execution.start(Date.now());
    await execution.clearOutput();
    const outputs = new CellOutputs();
    // VS Code's outputs of this run, one for each of `outputs.outputs`, at the same index.
    const shown: vscode.NotebookCellOutput[] = [];
    const pending: Thenable<void>[] = [];
    const show = (change: OutputChange) => {
      this.lastActive = Date.now();
      pending.push(applyOutputChange(execution, shown, change));
    };
    const sink = {
      output: (output: NbOutput) => show(outputs.add(output)),
      update: (displayId: string, output: NbOutput) => show(outputs.update(displayId, output)),
    };
    const started = Date.now();
    const outcome = await this.session.execute(cell.document.uri.toString(), cell.document.getText(), sink);
    const ending = outputs.finish(outcome);
    if (ending) show(ending);
    await Promise.all(pending);
    if (outcome.status === 'died') {
      void vscode.window.showWarningMessage(`mlnb: ${outcome.message.split('\n')[0]}`);
    } else if (outcome.status !== 'cancelled') {
      execution.executionOrder = outcome.executionCount;
      this.info = { ...this.info, tensorsAlive: outcome.tensorsAlive };
      // The kernel went idle (and the status bar redrew) before this outcome arrived: redraw with its count.
      this.host.changed(this.notebook);
      await recordTensorLeak(cell, outcome.tensorsLeaked);
    }
    const success = outcome.status === 'ok';
    this.lastActive = Date.now();
    execution.end(success, Date.now());
    this.host.cellFinished({ notebook: this.notebook, cell, ms: Date.now() - started, success });
    return success;
  }

  private watch(kernel: KernelProcess): void {
    this.info = { state: 'starting', tensorsAlive: 0 };
    kernel.backend.then(
      (report) => {
        this.info = { ...this.info, backend: report };
        this.host.changed(this.notebook);
        this.host.backendStarted(report);
      },
      () => undefined, // a kernel that dies while starting is reported by the cell that ran on it
    );
  }
}

/**
 * Shows one change of a cell's outputs (src/core/cellOutputs.ts) in the running cell: a stream chunk is
 * appended to the output it joined rather than replacing it, so a cell printing many lines stays linear.
 */
function applyOutputChange(execution: vscode.NotebookCellExecution, shown: vscode.NotebookCellOutput[], change: OutputChange): Thenable<void> {
  const target = shown[change.index];
  if (change.kind === 'append' || !target) {
    const output = toCellOutput(change.output);
    shown[change.index] = output;
    return execution.appendOutput(output);
  }
  if (change.kind === 'appendText' && change.output.output_type === 'stream') {
    const item = change.output.name === 'stderr' ? vscode.NotebookCellOutputItem.stderr(change.text) : vscode.NotebookCellOutputItem.stdout(change.text);
    return execution.appendOutputItems(item, target);
  }
  return execution.replaceOutputItems(toCellOutput(change.output).items, target);
}

/** Saved with the notebook (as `mlnb run` does), so leaks can be shown next to the cell. */
async function recordTensorLeak(cell: vscode.NotebookCell, tensorsLeaked: number): Promise<void> {
  const previous = (cell.metadata.metadata ?? {}) as Record<string, unknown>;
  const mlnb = { ...(previous.mlnb as object | undefined), tensorsLeaked };
  const edit = new vscode.WorkspaceEdit();
  edit.set(cell.notebook.uri, [vscode.NotebookEdit.updateCellMetadata(cell.index, { ...cell.metadata, metadata: { ...previous, mlnb } })]);
  await vscode.workspace.applyEdit(edit);
}

/** The folder `mlnb: Build the Native TF.js Backend` builds tfjs-node into: the extension's global storage. */
export function nativeBackendDir(context: vscode.ExtensionContext): string {
  return vscode.Uri.joinPath(context.globalStorageUri, 'native-backend').fsPath;
}

export class KernelController implements vscode.Disposable {
  private readonly kernels = new Map<vscode.NotebookDocument, NotebookKernel>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.NotebookDocument>();
  private readonly cellFinishedEmitter = new vscode.EventEmitter<FinishedCell>();
  private readonly backendEmitter = new vscode.EventEmitter<BackendReport>();
  readonly onDidChangeKernel = this.changeEmitter.event;
  readonly onDidFinishCell = this.cellFinishedEmitter.event;
  readonly onDidStartBackend = this.backendEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** Run before an interrupt or restart reaches a kernel: one paused in the debugger is let go first (debugging.ts). */
  private readonly beforeStopHooks: ((notebook: vscode.NotebookDocument) => Promise<void>)[] = [];

  constructor(
    readonly kernelPath: string,
    readonly log: vscode.LogOutputChannel,
    /** Where the native-backend command builds tfjs-node (see nativeBackendDir). */
    readonly nativeBackendDir?: string,
  ) {
    for (const type of NOTEBOOK_TYPES) {
      const controller = vscode.notebooks.createNotebookController(`mlnb.kernel.${type}`, type, 'TypeScript · TensorFlow.js');
      controller.supportedLanguages = CODE_CELL_LANGUAGES;
      controller.supportsExecutionOrder = true;
      controller.description = 'mlnb kernel';
      controller.executeHandler = (cells, notebook, c) => this.execute(cells, notebook, c);
      controller.interruptHandler = (notebook) => this.interrupt(notebook);
      this.disposables.push(controller);
      // The only kernel for these notebooks: no picker.
      this.disposables.push(vscode.workspace.onDidOpenNotebookDocument((nb) => nb.notebookType === type && controller.updateNotebookAffinity(nb, vscode.NotebookControllerAffinity.Preferred)));
      for (const nb of vscode.workspace.notebookDocuments) if (nb.notebookType === type) controller.updateNotebookAffinity(nb, vscode.NotebookControllerAffinity.Preferred);
    }
    this.disposables.push(
      vscode.workspace.onDidCloseNotebookDocument((notebook) => void this.shutdown(notebook)),
      this.changeEmitter,
      this.cellFinishedEmitter,
      this.backendEmitter,
    );
  }

  info(notebook: vscode.NotebookDocument): NotebookKernelInfo | undefined {
    return this.kernels.get(notebook)?.info;
  }

  /** Notebooks whose kernel process is alive, with whether it is idle and since when it was last used. */
  liveKernels(): { notebook: vscode.NotebookDocument; idle: boolean; lastActive: number }[] {
    return [...this.kernels].filter(([, k]) => k.session.state !== 'dead').map(([notebook, k]) => ({ notebook, idle: k.idle, lastActive: k.lastActive }));
  }

  session(notebook: vscode.NotebookDocument): KernelSession | undefined {
    return this.kernels.get(notebook)?.session;
  }

  changed(notebook: vscode.NotebookDocument): void {
    this.changeEmitter.fire(notebook);
  }

  cellFinished(finished: FinishedCell): void {
    this.cellFinishedEmitter.fire(finished);
  }

  backendStarted(report: BackendReport): void {
    this.backendEmitter.fire(report);
  }

  onWillStopCell(hook: (notebook: vscode.NotebookDocument) => Promise<void>): vscode.Disposable {
    this.beforeStopHooks.push(hook);
    return new vscode.Disposable(() => this.beforeStopHooks.splice(this.beforeStopHooks.indexOf(hook), 1));
  }

  private async beforeStop(notebook: vscode.NotebookDocument): Promise<void> {
    await Promise.all(this.beforeStopHooks.map((hook) => hook(notebook).catch((error) => this.log.warn(`before interrupt/restart: ${error}`))));
  }

  /** The notebook's kernel session, created if needed (Debug Cell opens the inspector before the cell runs). */
  sessionFor(notebook: vscode.NotebookDocument): KernelSession {
    let kernel = this.kernels.get(notebook);
    if (!kernel) {
      kernel = new NotebookKernel(notebook, this);
      this.kernels.set(notebook, kernel);
    }
    return kernel.session;
  }

  async restart(notebook: vscode.NotebookDocument): Promise<void> {
    const kernel = this.kernels.get(notebook);
    if (!kernel) return;
    await this.beforeStop(notebook);
    this.kernels.delete(notebook);
    await kernel.stop();
    this.log.info(`[${path.basename(notebook.uri.path)}] kernel restarted`);
    this.changed(notebook);
  }

  async shutdown(notebook: vscode.NotebookDocument): Promise<void> {
    const kernel = this.kernels.get(notebook);
    if (!kernel) return;
    this.kernels.delete(notebook);
    await kernel.stop();
  }

  private execute(cells: vscode.NotebookCell[], notebook: vscode.NotebookDocument, controller: vscode.NotebookController): void {
    if (!vscode.workspace.isTrusted) {
      this.refuseUntrusted(cells, controller);
      return;
    }
    this.sessionFor(notebook);
    this.kernels.get(notebook)!.enqueue(cells, controller);
  }

  private async interrupt(notebook: vscode.NotebookDocument): Promise<void> {
    const kernel = this.kernels.get(notebook);
    if (!kernel) return;
    kernel.cancelQueued();
    await this.beforeStop(notebook);
    const result = await kernel.session.interrupt();
    this.log.info(`[${path.basename(notebook.uri.path)}] interrupt: ${result}`);
  }

  /** Restricted Mode: no kernel process starts from any path; the cell says why. */
  private refuseUntrusted(cells: readonly vscode.NotebookCell[], controller: vscode.NotebookController): void {
    const message = 'mlnb runs no code in Restricted Mode. Trust this workspace (Manage Workspace Trust) to run cells; no reload is needed.';
    for (const cell of cells) {
      const execution = controller.createNotebookCellExecution(cell);
      execution.start(Date.now());
      void execution.replaceOutput(toCellOutput(errorOutput('RestrictedMode', message)));
      execution.end(false, Date.now());
    }
    void vscode.window.showWarningMessage(message, 'Manage Workspace Trust').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  }

  dispose(): void {
    for (const notebook of [...this.kernels.keys()]) void this.shutdown(notebook);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
