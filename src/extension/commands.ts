/** The command palette entries: new notebook, kernel control, backend choice, Jupyter interop, log. */
import * as vscode from 'vscode';
import path from 'node:path';
import { parseNotebook, serializeNotebook } from '../core/notebook';
import type { BackendPreference } from '../core/protocol';
import { longCellNotice, slowBackendNotice } from '../core/notices';
import { buildNativeBackend, type NativeBuildResult } from '../host/nativeBackendBuild';
import { Config } from './config';
import { nativeBackendDir, type KernelController } from './controller';
import { documentToNotebookData, fromNotebookData, toNotebookData } from './notebookData';
import { isMlnbNotebook } from './serializer';

const BACKEND_CHOICES: { backend: BackendPreference; detail: string }[] = [
  { backend: 'auto', detail: 'tensorflow if installed, else wasm, else cpu' },
  { backend: 'tensorflow', detail: 'Native TensorFlow via tfjs-node — fastest; build it with "mlnb: Build the Native TF.js Backend"' },
  { backend: 'wasm', detail: 'WebAssembly — no native code; cannot train convolution layers' },
  { backend: 'cpu', detail: 'Pure JavaScript — slowest, but every kernel exists' },
];

export function registerCommands(context: vscode.ExtensionContext, controller: KernelController, log: vscode.LogOutputChannel): vscode.Disposable {
  const activeMlnbNotebook = (): vscode.NotebookDocument | undefined => {
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    if (notebook && isMlnbNotebook(notebook)) return notebook;
    void vscode.window.showInformationMessage('Open an ML notebook (.mlnb) first.');
    return undefined;
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand('mlnb.newNotebook', async () => {
      const document = await vscode.workspace.openNotebookDocument('mlnb', toNotebookData(parseNotebook('')));
      await vscode.window.showNotebookDocument(document);
    }),
    vscode.commands.registerCommand('mlnb.restartKernel', async () => {
      const notebook = activeMlnbNotebook();
      if (notebook) await controller.restart(notebook);
    }),
    vscode.commands.registerCommand('mlnb.restartAndRunAll', async () => {
      const notebook = activeMlnbNotebook();
      if (!notebook) return;
      await controller.restart(notebook);
      await vscode.commands.executeCommand('notebook.execute', notebook.uri);
    }),
    vscode.commands.registerCommand('mlnb.selectBackend', async () => {
      const current = Config.backend();
      const picked = await vscode.window.showQuickPick(
        BACKEND_CHOICES.map((c) => ({ label: c.backend, description: c.backend === current ? '(current)' : undefined, detail: c.detail })),
        { title: 'TF.js backend for mlnb kernels' },
      );
      if (!picked || picked.label === current) return;
      // Running kernels are offered a restart by the settings listener (./config.ts), as for a change in settings.json.
      await Config.setBackend(picked.label as BackendPreference);
    }),
    vscode.commands.registerCommand('mlnb.exportIpynb', async (targetArg?: vscode.Uri) => {
      const notebook = activeMlnbNotebook();
      if (!notebook) return;
      const base = notebook.uri.scheme === 'file' ? notebook.uri.fsPath.replace(/\.mlnb$/, '') : path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', 'notebook');
      const target = targetArg ?? (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(`${base}.ipynb`), filters: { 'Jupyter Notebook': ['ipynb'] } }));
      if (!target) return;
      const text = serializeNotebook(fromNotebookData(documentToNotebookData(notebook)));
      await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
      void vscode.window.showInformationMessage(`Exported to ${vscode.workspace.asRelativePath(target)}`);
      return target;
    }),
    vscode.commands.registerCommand('mlnb.openIpynb', async (uri?: vscode.Uri) => {
      const target = uri ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Jupyter Notebook': ['ipynb'] } }))?.[0];
      if (target) await vscode.commands.executeCommand('vscode.openWith', target, 'mlnb-ipynb');
    }),
    vscode.commands.registerCommand('mlnb.showKernelLog', () => log.show()),
    vscode.commands.registerCommand('mlnb.buildNativeBackend', () => buildNativeBackendCommand(context, controller, log)),
  );
}

/**
 * Builds tfjs-node into the extension's global storage (an installed extension ships without it), with the
 * script's steps as progress, and says what to do when it cannot. Kernels started afterwards load it from there.
 * Returns the result (the extension-host tests read it).
 */
async function buildNativeBackendCommand(context: vscode.ExtensionContext, controller: KernelController, log: vscode.LogOutputChannel): Promise<NativeBuildResult> {
  const prefix = nativeBackendDir(context);
  log.info(`[native-backend] building into ${prefix}`);
  const started = Date.now();
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'mlnb: building the native TF.js backend', cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      progress.report({ message: 'starting…' });
      return buildNativeBackend({
        script: path.join(context.extensionPath, 'scripts', 'native-backend.mjs'),
        prefix,
        nodePath: Config.nodePath(),
        signal: abort.signal,
        onLine: (line) => log.info(`[native-backend] ${line}`),
        onStep: (step) => progress.report({ message: step.length > 120 ? `${step.slice(0, 117)}…` : step }),
      });
    },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (result.ok) {
    log.info(`[native-backend] ready in ${seconds} s: ${result.summary}`);
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    const running = notebook && isMlnbNotebook(notebook) && controller.session(notebook);
    const message = `mlnb: the native TF.js backend is ready (${result.summary}). Kernels started from now on use it.`;
    const choice = await vscode.window.showInformationMessage(message, ...(running ? ['Restart Kernel'] : []));
    if (choice && notebook) await controller.restart(notebook);
  } else if (result.cancelled) {
    void vscode.window.showInformationMessage('mlnb: building the native TF.js backend was cancelled; kernels keep using wasm or cpu.');
  } else {
    log.error(`[native-backend] failed after ${seconds} s: ${result.error}${result.hint ? ` — ${result.hint}` : ''}`);
    const choice = await vscode.window.showErrorMessage(
      `mlnb could not build the native TF.js backend: ${result.error}. ${result.hint ? `Next: ${result.hint} ` : ''}Notebooks keep running on wasm or cpu.`,
      'Show Log',
    );
    if (choice) log.show();
  }
  return result;
}

/** Says once per backend kind that only a slow backend is available, with the way to the native one. */
export function registerSlowBackendNotice(context: vscode.ExtensionContext, controller: KernelController): vscode.Disposable {
  let shown = false;
  return controller.onDidStartBackend(async (report) => {
    const message = slowBackendNotice(report);
    if (!message || shown || context.globalState.get('mlnb.slowBackendNoticeShown')) return;
    shown = true;
    await context.globalState.update('mlnb.slowBackendNoticeShown', true);
    const choice = await vscode.window.showInformationMessage(message, 'Build Native Backend');
    if (choice) await vscode.commands.executeCommand('mlnb.buildNativeBackend');
  });
}

/** A cell that ran longer than the threshold finished while the window was in the background. */
export function registerLongCellNotice(controller: KernelController): vscode.Disposable {
  return controller.onDidFinishCell(({ notebook, cell, ms }) => {
    const message = longCellNotice({ index: cell.index, notebookName: path.basename(notebook.uri.path), ms }, Config.notifyLongCellMs(), vscode.window.state.focused);
    if (message) void vscode.window.showInformationMessage(message);
  });
}
