/**
 * Debug Cell and Run by Line: the cell runs in the notebook's running kernel while VS Code's built-in
 * JavaScript debugger (js-debug, debug type `pwa-node`) is attached to it, so every global the cell makes or
 * changes stays, as after a normal run.
 *
 * - The kernel opens its inspector only for the run (127.0.0.1, a random port) and closes it after.
 * - The kernel runs cell scripts with inline source maps whose source is a copy of the cell in a per-kernel
 *   folder (src/core/debugSources.ts); a debug adapter tracker swaps that file's path and the cell's
 *   `vscode-notebook-cell:` URI in the DAP messages both ways, so breakpoints set in a cell editor bind and
 *   stops show in the cell.
 * - Interrupt or restart while paused first ends the debug session (detaching resumes the kernel).
 */
import * as vscode from 'vscode';
import path from 'node:path';
import type { KernelController } from './controller';
import type { KernelProcess } from '../host/kernelProcess';
import { debugSourcePath } from '../core/debugSources';
import { isMlnbNotebook } from './serializer';

/** js-debug's Node debug type. */
const JS_DEBUG_TYPE = 'pwa-node';
/** Our marker in the attach configuration: which notebook the session debugs. */
const NOTEBOOK_KEY = '__mlnbNotebook';
const CELL_SCHEME = 'vscode-notebook-cell';

// Evaluated by js-debug in the kernel for each object shown in Variables/hovers (`this` is the object); the kernel
// installs the helpers (src/kernel/main.ts). Tensors show dtype, shape and values instead of TF.js internals.
const DESCRIPTION_GENERATOR = `function (defaultValue) { try { const k = globalThis.__mlnb; if (k && k.debugIsTensor(this)) return k.debugDescription(this); } catch (e) {} return defaultValue; }`;
const PROPERTIES_GENERATOR = `function () { try { const k = globalThis.__mlnb; if (k && k.debugIsTensor(this)) return k.debugProperties(this); } catch (e) {} return this; }`;

interface ActiveDebug {
  notebook: vscode.NotebookDocument;
  kernel: KernelProcess;
  sourceDir: string;
  /** The cell being debugged (shown as In[*] in the call stack while it runs). */
  cellUri: string;
  /**
   * Run by Line: the kernel pauses on a `debugger;` it put before the cell's first statement, on that statement's
   * line; one step lands on the statement itself, so that the user's first Step Over goes to the next line.
   */
  stepOffInjectedPause: boolean;
  root?: vscode.DebugSession;
  /** Every session of this debug run (js-debug's top session and the child sessions it starts). */
  sessions: Set<vscode.DebugSession>;
  /** Resolves once the session that talks to the kernel has its breakpoints set (its configurationDone). */
  configured: Promise<void>;
  markConfigured: () => void;
  ended: Promise<void>;
  markEnded: () => void;
}

export function registerDebugging(controller: KernelController, extensionPath: string, log: vscode.LogOutputChannel): vscode.Disposable {
  const active = new Map<vscode.NotebookDocument, ActiveDebug>();

  const debugOf = (session: vscode.DebugSession): ActiveDebug | undefined => {
    for (let s: vscode.DebugSession | undefined = session; s; s = s.parentSession) {
      const uri = s.configuration[NOTEBOOK_KEY] as string | undefined;
      if (uri) return [...active.values()].find((d) => d.notebook.uri.toString() === uri);
    }
    return undefined;
  };

  const tracker: vscode.DebugAdapterTrackerFactory = {
    createDebugAdapterTracker(session) {
      const debug = debugOf(session);
      if (!debug) return undefined;
      return {
        onWillReceiveMessage: (message: DapMessage) => rewriteSources(message, (p) => toKernelSource(debug, p)),
        onDidSendMessage: (message: DapMessage) => {
          rewriteSources(message, (p) => toCellSource(debug, p));
          if (message.type === 'response' && message.command === 'stackTrace') nameCellFrames(debug, message);
          // js-debug's top session only attaches; the child session it starts talks to the kernel.
          if (message.type === 'response' && message.command === 'configurationDone' && session.parentSession) debug.markConfigured();
          if (message.type === 'event' && message.event === 'stopped' && debug.stepOffInjectedPause) {
            debug.stepOffInjectedPause = false;
            const threadId = (message.body as { threadId?: number } | undefined)?.threadId;
            void session.customRequest('next', { threadId }).then(undefined, (error) => log.warn(`run by line: first step: ${error}`));
          }
        },
      };
    },
  };

  const end = async (debug: ActiveDebug): Promise<void> => {
    if (active.get(debug.notebook) !== debug) return;
    active.delete(debug.notebook);
    debug.markEnded();
    // Detaching resumes a paused kernel; it answers the close once it is free (a busy cell may keep it a while).
    for (const session of [...debug.sessions].reverse()) await vscode.debug.stopDebugging(session).then(undefined, () => undefined);
    void debug.kernel.debug({ open: false }).then((reply) => {
      if (reply.error && debug.kernel.state !== 'dead') log.warn(`closing the kernel's inspector: ${reply.error}`);
    });
  };

  const run = async (cell: vscode.NotebookCell | undefined, byLine: boolean): Promise<void> => {
    cell ??= activeCell();
    if (!cell || !isMlnbNotebook(cell.notebook) || cell.kind !== vscode.NotebookCellKind.Code) {
      void vscode.window.showErrorMessage('mlnb: select a code cell of an ML notebook to debug.');
      return;
    }
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('mlnb runs no code in Restricted Mode. Trust this workspace to debug cells.');
      return;
    }
    const notebook = cell.notebook;
    if (active.has(notebook)) {
      void vscode.window.showWarningMessage('mlnb: a cell of this notebook is already being debugged; continue or stop it first.');
      return;
    }
    const kernel = controller.sessionFor(notebook).ensureStarted();
    const cellUri = cell.document.uri.toString();
    const reply = await kernel.debug({ open: true, ...(byLine ? { pauseInCell: cellUri } : {}) });
    if (reply.error || !reply.port || !reply.sourceDir) {
      void vscode.window.showErrorMessage(`mlnb: the kernel could not start debugging: ${reply.error ?? 'no inspector port'}`);
      return;
    }
    let markConfigured!: () => void;
    let markEnded!: () => void;
    const debug: ActiveDebug = {
      notebook,
      kernel,
      sourceDir: reply.sourceDir,
      cellUri,
      sessions: new Set(),
      stepOffInjectedPause: byLine,
      configured: new Promise((resolve) => (markConfigured = resolve)),
      markConfigured: () => markConfigured(),
      ended: new Promise((resolve) => (markEnded = resolve)),
      markEnded: () => markEnded(),
    };
    active.set(notebook, debug);
    const onStart = vscode.debug.onDidStartDebugSession((session) => {
      if (debugOf(session) !== debug) return;
      debug.sessions.add(session);
      if (!session.parentSession) debug.root ??= session;
    });
    try {
      const dist = path.join(extensionPath, 'dist');
      const ok = await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(notebook.uri), {
        type: JS_DEBUG_TYPE,
        request: 'attach',
        name: `${byLine ? 'Run by Line' : 'Debug'}: ${path.basename(notebook.uri.path)}, cell ${cell.index + 1}`,
        address: '127.0.0.1',
        port: reply.port,
        [NOTEBOOK_KEY]: notebook.uri.toString(),
        // The kernel's children are not the notebook's code.
        autoAttachChildProcesses: false,
        attachExistingChildren: false,
        continueOnAttach: true,
        sourceMaps: true,
        pauseForSourceMap: true,
        // js-debug matches an inline map by its script's name: cells are In[n], not workspace files (the default
        // allow-list). Packages' maps stay unread (an installed mlnb ships none: each would be a warning).
        resolveSourceMapLocations: ['**', '/**', '!**/node_modules/**'],
        // Stepping past a cell's last line goes back to the caller, never into mlnb's own kernel.
        skipFiles: ['<node_internals>/**', `${dist}/**`, `${path.join(extensionPath, 'src')}/**`],
        customDescriptionGenerator: DESCRIPTION_GENERATOR,
        customPropertiesGenerator: PROPERTIES_GENERATOR,
      }, { suppressSaveBeforeStart: true });
      if (!ok) throw new Error('VS Code did not start the JavaScript debugger');
      if (!(await within(debug.configured, 90_000))) throw new Error('the JavaScript debugger did not attach to the kernel within 90 s');
    } catch (error) {
      onStart.dispose();
      await end(debug);
      void vscode.window.showErrorMessage(`mlnb: could not debug the cell: ${(error as Error).message}`);
      return;
    }
    log.info(`[${path.basename(notebook.uri.path)}] ${byLine ? 'run by line' : 'debug'}: cell ${cell.index + 1}, inspector on 127.0.0.1:${reply.port}`);
    const finished = new Promise<void>((resolve) => {
      const listener = controller.onDidFinishCell((e) => {
        if (e.cell.document.uri.toString() !== cellUri) return;
        listener.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: cell.index, end: cell.index + 1 }], document: notebook.uri });
    // The cell finishes (continued to its end, interrupted, or the kernel died), or the user stops the session.
    await Promise.race([finished, debug.ended]);
    await end(debug);
    onStart.dispose();
  };

  return vscode.Disposable.from(
    vscode.debug.registerDebugAdapterTrackerFactory(JS_DEBUG_TYPE, tracker),
    vscode.debug.onDidTerminateDebugSession((session) => {
      // The user stopped debugging: the cell runs on to its end in the resumed kernel.
      const debug = [...active.values()].find((d) => d.root === session);
      if (debug) void end(debug);
      for (const d of active.values()) d.sessions.delete(session);
    }),
    controller.onWillStopCell(async (notebook) => {
      const debug = active.get(notebook);
      if (debug) await end(debug);
    }),
    vscode.commands.registerCommand('mlnb.debugCell', (cell?: vscode.NotebookCell) => run(asCell(cell), false)),
    vscode.commands.registerCommand('mlnb.runByLine', (cell?: vscode.NotebookCell) => run(asCell(cell), true)),
    new vscode.Disposable(() => {
      for (const debug of active.values()) void end(debug);
    }),
  );
}

/** A DAP message as the tracker sees it. */
interface DapMessage {
  type?: string;
  command?: string;
  event?: string;
  body?: { stackFrames?: { name: string; source?: DapSource }[] };
  [key: string]: unknown;
}

interface DapSource {
  name?: string;
  path?: string;
  sourceReference?: number;
}

/** Rewrites the `path` of every DAP Source in the message (requests' arguments, responses' and events' bodies). */
function rewriteSources(message: unknown, map: (p: string) => { path: string; name?: string } | undefined): void {
  const visit = (value: unknown, depth: number): void => {
    if (depth > 8 || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.path === 'string') {
      const mapped = map(record.path);
      if (mapped) {
        record.path = mapped.path;
        if (mapped.name) record.name = mapped.name;
        // The file's text is the cell's: let VS Code open the cell (or the file), not a read-only copy.
        if (typeof record.sourceReference === 'number') record.sourceReference = 0;
      }
    }
    for (const key of Object.keys(record)) if (key !== 'path') visit(record[key], depth + 1);
  };
  visit(message, 0);
}

function toKernelSource(debug: ActiveDebug, p: string): { path: string } | undefined {
  if (!p.startsWith(`${CELL_SCHEME}:`)) return undefined;
  const uri = vscode.Uri.parse(p).toString();
  const cell = debug.notebook.getCells().find((c) => c.document.uri.toString() === uri);
  return cell ? { path: debugSourcePath(debug.sourceDir, uri) } : undefined;
}

function toCellSource(debug: ActiveDebug, p: string): { path: string; name: string } | undefined {
  if (!p.startsWith(debug.sourceDir)) return undefined;
  const cell = debug.notebook.getCells().find((c) => debugSourcePath(debug.sourceDir, c.document.uri.toString()) === p);
  return cell ? { path: cell.document.uri.toString(), name: cellLabel(debug, cell) } : undefined;
}

/** As in Jupyter: In[n] by the cell's execution count, In[*] for the cell running now. */
function cellLabel(debug: ActiveDebug, cell: vscode.NotebookCell): string {
  if (cell.document.uri.toString() === debug.cellUri) return 'In[*]';
  const order = cell.executionSummary?.executionOrder;
  return order !== undefined ? `In[${order}]` : `cell ${cell.index + 1}`;
}

/** The cell's own top level runs in an anonymous wrapper: name its frame after the cell. */
function nameCellFrames(debug: ActiveDebug, message: DapMessage): void {
  for (const frame of message.body?.stackFrames ?? []) {
    const source = frame.source;
    if (source?.path?.startsWith(`${CELL_SCHEME}:`) && (frame.name === '<anonymous>' || frame.name === '')) frame.name = source.name ?? frame.name;
  }
}

function activeCell(): vscode.NotebookCell | undefined {
  const editor = vscode.window.activeNotebookEditor;
  if (!editor) return undefined;
  const index = editor.selection?.start;
  return index === undefined ? undefined : editor.notebook.cellAt(index);
}

/** Menus pass the cell; the command palette passes nothing; keybindings may pass a URI. */
function asCell(argument: unknown): vscode.NotebookCell | undefined {
  if (argument && typeof argument === 'object' && 'document' in argument && 'notebook' in argument) return argument as vscode.NotebookCell;
  return undefined;
}

function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
