/** Concept hovers and training hints in mlnb cells, through the real providers and a real kernel. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { notebookJson, outputText, waitFor, writeToWorkspace } from './helpers';

async function open(name: string, sources: string[]): Promise<vscode.NotebookDocument> {
  const file = writeToWorkspace(name, notebookJson(sources));
  const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
  await vscode.window.showNotebookDocument(notebook);
  return notebook;
}

const hoverText = (hovers: vscode.Hover[]) =>
  hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');

const OVERFIT = [
  'const xs = tf.randomNormal([30, 8], 0, 1, "float32", 1);',
  'const ys = tf.randomUniform([30, 1], 0, 1, "float32", 2).round();',
  'const vx = tf.randomNormal([30, 8], 0, 1, "float32", 3);',
  'const vy = tf.randomUniform([30, 1], 0, 1, "float32", 4).round();',
  'const model = tf.sequential();',
  "model.add(tf.layers.dense({ units: 256, activation: 'relu', inputShape: [8] }));",
  "model.add(tf.layers.dense({ units: 256, activation: 'relu' }));",
  "model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));",
  "model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });",
  'await model.fit(xs, ys, { epochs: 200, batchSize: 30, validationData: [vx, vy], verbose: 0 });',
].join('\n');

export default function register(): void {
  suite('hints', () => {
    test('hovering tf.layers.dropout in a cell explains dropout with a question link', async () => {
      const source = '// dropout is not matched in comments\nconst layer = tf.layers.dropout({ rate: 0.3 });';
      const notebook = await open('hover.mlnb', [source]);
      const doc = notebook.cellAt(0).document;
      const at = doc.positionAt(source.indexOf('dropout({') + 2);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
      const text = hoverText(hovers);
      assert.match(text, /zeroes a random fraction/, text);
      assert.match(text, /command:mlnb\.openQuestion\?/, text);
      const inComment = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(source.indexOf('dropout') + 2));
      assert.doesNotMatch(hoverText(inComment), /zeroes a random fraction/);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('an overfitting run puts an mlnb diagnostic with Quick Fixes on the fit line', async () => {
      const notebook = await open('overfit.mlnb', [OVERFIT]);
      await vscode.commands.executeCommand('notebook.selectKernel', { id: 'mlnb.kernel.mlnb', extension: 'mlnb.mlnb' }).then(undefined, () => undefined);
      await vscode.commands.executeCommand('notebook.execute', notebook.uri);
      const cell = notebook.cellAt(0);
      await waitFor('the training cell to finish', () => cell.executionSummary?.success !== undefined, 120_000);
      assert.equal(cell.executionSummary?.success, true, outputText(cell));
      const diagnostic = await waitFor('an mlnb diagnostic', () => vscode.languages.getDiagnostics(cell.document.uri).find((d) => d.source === 'mlnb'), 10_000);
      assert.equal(diagnostic.code, 'overfitting', diagnostic.message);
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Information);
      assert.equal(diagnostic.range.start.line, OVERFIT.split('\n').findIndex((l) => l.includes('model.fit(')));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', cell.document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const titles = actions.map((a) => a.title).join('\n');
      assert.match(titles, /early stopping/i, titles);
      assert.match(titles, /dropout/i, titles);
      assert.match(titles, /interview question/i, titles);
      // Editing the cell clears the hint.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(cell.document.uri, new vscode.Position(0, 0), '// edited\n');
      await vscode.workspace.applyEdit(edit);
      await waitFor('the hint to clear', () => !vscode.languages.getDiagnostics(cell.document.uri).some((d) => d.source === 'mlnb'), 5_000);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });
}
