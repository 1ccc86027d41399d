/**
 * The "Get started with mlnb" walkthrough's moving parts: its sample notebook, and the context key that
 * completes its "Run all cells" step (`completionEvents: onContext:mlnb.walkthrough.ranAllCells`). A command
 * event cannot do that: the toolbar's Run All, a cell's ▷ and Shift+Enter each run a different command.
 * The key turns true only for the sample, and is false from activation on: VS Code (1.139) never completes a
 * step whose context key is already true when it registers the walkthrough, which it does lazily.
 */
import * as vscode from 'vscode';

export const SAMPLE_NAME = 'linear-regression.mlnb';
export const RAN_ALL_CONTEXT_KEY = 'mlnb.walkthrough.ranAllCells';

/** Every code cell of the notebook succeeded in this session (outputs saved in the file do not count). */
export function ranAllCells(notebook: vscode.NotebookDocument): boolean {
  const code = notebook.getCells().filter((cell) => cell.kind === vscode.NotebookCellKind.Code);
  return code.length > 0 && code.every((cell) => cell.executionSummary?.success === true);
}

export function registerWalkthrough(context: vscode.ExtensionContext): vscode.Disposable {
  let ranAll = false;
  void vscode.commands.executeCommand('setContext', RAN_ALL_CONTEXT_KEY, false);
  const samples = vscode.Uri.joinPath(context.globalStorageUri, 'samples');
  const isSample = (notebook: vscode.NotebookDocument) => notebook.uri.toString().startsWith(`${samples.toString()}/`);
  return vscode.Disposable.from(
    vscode.commands.registerCommand('mlnb.openSample', async () => {
      // A real file of the learner's own (in mlnb's storage): an Untitled copy would open dirty and ask to be
      // saved. An existing copy is opened as it was left, with the learner's changes.
      const sample = vscode.Uri.joinPath(samples, SAMPLE_NAME);
      const exists = await vscode.workspace.fs.stat(sample).then(() => true, () => false);
      if (!exists) await vscode.workspace.fs.copy(vscode.Uri.joinPath(context.extensionUri, 'examples', SAMPLE_NAME), sample);
      const document = await vscode.workspace.openNotebookDocument(sample);
      await vscode.window.showNotebookDocument(document);
      return sample;
    }),
    vscode.workspace.onDidChangeNotebookDocument((e) => {
      if (ranAll || !isSample(e.notebook) || !e.cellChanges.some((c) => c.executionSummary !== undefined)) return;
      if (!ranAllCells(e.notebook)) return;
      ranAll = true;
      void vscode.commands.executeCommand('setContext', RAN_ALL_CONTEXT_KEY, true);
    }),
  );
}
