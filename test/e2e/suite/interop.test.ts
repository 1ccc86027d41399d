/** Jupyter interop and the Variables view, through the extension's commands in a real VS Code. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { copyToWorkspace, notebookJson, waitFor, workspaceDir, writeToWorkspace } from './helpers';

export default function register(): void {
  suite('jupyter interop and variables', () => {
    test('an .ipynb with TypeScript cells (as tslab writes it) opens as an mlnb notebook, outputs kept', async () => {
      const file = copyToWorkspace('test/fixtures/notebooks/good/tslab-nbformat-4.4.ipynb', 'tslab.ipynb');
      await vscode.commands.executeCommand('mlnb.openIpynb', vscode.Uri.file(file));
      const notebook = await waitFor('the ipynb to open as mlnb', () => {
        const nb = vscode.window.activeNotebookEditor?.notebook;
        return nb?.notebookType === 'mlnb-ipynb' ? nb : undefined;
      }, 30_000);
      const code = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
      assert.ok(code.length > 0);
      assert.ok(code.every((c) => c.document.languageId === 'mlnb-typescript'), code.map((c) => c.document.languageId).join());
      const source = JSON.parse(readFileSync(file, 'utf8')) as { cells: { outputs?: unknown[] }[] };
      const outputsInFile = source.cells.reduce((n, c) => n + (c.outputs?.length ?? 0), 0);
      assert.equal(code.reduce((n, c) => n + c.outputs.length, 0), outputsInFile);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    test('Export to .ipynb writes an nbformat 4 notebook with the cells and outputs', async () => {
      const file = writeToWorkspace('export.mlnb', notebookJson(['const exported = 6 * 7;\nexported']));
      const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
      await vscode.window.showNotebookDocument(notebook);
      await vscode.commands.executeCommand('notebook.execute', notebook.uri);
      await waitFor('the cell to run', () => notebook.cellAt(0).executionSummary?.success !== undefined, 90_000);
      const target = vscode.Uri.file(`${workspaceDir()}/exported.ipynb`);
      await vscode.commands.executeCommand('mlnb.exportIpynb', target);
      const written = JSON.parse(readFileSync(target.fsPath, 'utf8'));
      assert.equal(written.nbformat, 4);
      assert.equal(written.cells[0].cell_type, 'code');
      assert.deepEqual(written.cells[0].source, ['const exported = 6 * 7;\n', 'exported']);
      assert.equal(written.cells[0].outputs[0].output_type, 'execute_result');
      assert.equal(written.cells[0].outputs[0].data['text/plain'][0] ?? written.cells[0].outputs[0].data['text/plain'], '42');
    });

    test('Insert Model puts a snippet into the notebook, and it runs', async () => {
      const file = writeToWorkspace('snippet.mlnb', notebookJson(['']));
      const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
      await vscode.window.showNotebookDocument(notebook);
      await vscode.commands.executeCommand('mlnb.insertModel', 'mlnb-linear-regression');
      const cell = await waitFor('the snippet text in a cell', () => notebook.getCells().find((c) => c.document.getText().includes('const linN = 200;')), 10_000);
      await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: cell.index, end: cell.index + 1 }] }, notebook.uri);
      await waitFor('the snippet cell to run', () => cell.executionSummary?.success !== undefined, 90_000);
      assert.equal(cell.executionSummary?.success, true);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('the Variables view lists tensors, models and plain values from the kernel', async () => {
      const notebook = vscode.window.activeNotebookEditor!.notebook;
      const edit = new vscode.WorkspaceEdit();
      edit.set(notebook.uri, [
        vscode.NotebookEdit.insertCells(1, [
          new vscode.NotebookCellData(vscode.NotebookCellKind.Code, "const weights = tf.zeros([2, 3]);\nconst net = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });\nconst label = 'hi';", 'typescript'),
        ]),
      ]);
      await vscode.workspace.applyEdit(edit);
      await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: 1, end: 2 }] }, notebook.uri);
      await waitFor('the cell to run', () => notebook.cellAt(1).executionSummary?.success !== undefined, 90_000);
      const variables = (await vscode.commands.executeCommand('mlnb.refreshVariables')) as { name: string; tensor?: unknown; model?: unknown; type: string }[];
      const byName = new Map(variables.map((v) => [v.name, v]));
      assert.deepEqual(byName.get('weights')?.tensor, { dtype: 'float32', shape: [2, 3], bytes: 24 });
      assert.deepEqual(byName.get('net')?.model, { layers: 1, params: 8 });
      assert.equal(byName.get('label')?.type, 'string');
      assert.ok(byName.has('exported'));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });
}
