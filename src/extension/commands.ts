/** The command palette entries: new notebook, kernel control, backend choice, Jupyter interop, log. */
import * as vscode from 'vscode';
import path from 'node:path';
import { parseNotebook, serializeNotebook } from '../core/notebook';
import type { BackendPreference } from '../core/protocol';
import { longCellNotice, slowBackendNotice } from '../core/notices';
import { Config } from './config';
import type { KernelController } from './controller';
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
      await Config.setBackend(picked.label as BackendPreference);
      const notebook = vscode.window.activeNotebookEditor?.notebook;
      if (notebook && controller.session(notebook)) {
        const restart = await vscode.window.showInformationMessage(`Backend set to ${picked.label}. Restart this notebook's kernel to use it?`, 'Restart Kernel');
        if (restart) await controller.restart(notebook);
      }
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
    vscode.commands.registerCommand('mlnb.buildNativeBackend', () => {
      const terminal = vscode.window.createTerminal({ name: 'mlnb: native backend', cwd: context.extensionUri.fsPath });
      terminal.show();
      terminal.sendText('npm run native-backend');
    }),
  );
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
