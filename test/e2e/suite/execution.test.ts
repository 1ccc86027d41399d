/** Cells run through the mlnb controller (a real kernel process) from the notebook API. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { notebookJson, outputText, waitFor, writeToWorkspace } from './helpers';

async function openAndRun(name: string, sources: string[]): Promise<vscode.NotebookDocument> {
  const file = writeToWorkspace(name, notebookJson(sources));
  const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
  await vscode.window.showNotebookDocument(notebook);
  await vscode.commands.executeCommand('notebook.selectKernel', { id: 'mlnb.kernel.mlnb', extension: 'mlnb.mlnb' }).then(undefined, () => undefined);
  await vscode.commands.executeCommand('notebook.execute', notebook.uri);
  return notebook;
}

async function closeWithoutSaving(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

export default function register(): void {
  suite('execution', () => {
    test('running cells through the controller gives outputs and executionSummary.success', async () => {
      const notebook = await openAndRun('run.mlnb', [
        'const x = 40 + 2;\nx',
        "console.log('hello from the kernel');\nconst t = tf.tensor([1, 2, 3]).mul(2);\nt",
      ]);
      const cells = notebook.getCells();
      await waitFor('both cells to finish', () => cells.every((c) => c.executionSummary?.success !== undefined), 90_000);
      assert.deepEqual(cells.map((c) => c.executionSummary?.success), [true, true], cells.map(outputText).join('\n---\n'));
      assert.deepEqual(cells.map((c) => c.executionSummary?.executionOrder), [1, 2]);
      assert.match(outputText(cells[0]), /\b42\b/);
      const second = outputText(cells[1]);
      assert.match(second, /application\/vnd\.code\.notebook\.stdout\] hello from the kernel/);
      assert.match(second, /application\/vnd\.mlnb\.tensor\+json/, 'a tensor output');
      assert.match(second, /\[text\/plain\] Tensor[\s\S]*\[2, 4, 6\]/, 'the tensor as text');
      await closeWithoutSaving();
    });

    test('an error fails its cell and stops the rest of the run', async () => {
      const notebook = await openAndRun('error.mlnb', ["throw new Error('boom from e2e')", '1 + 1']);
      const [bad, next] = notebook.getCells();
      await waitFor('the failing cell to finish', () => bad.executionSummary?.success !== undefined, 90_000);
      assert.equal(bad.executionSummary?.success, false);
      assert.match(outputText(bad), /application\/vnd\.code\.notebook\.error\][\s\S]*boom from e2e/);
      await new Promise((r) => setTimeout(r, 300));
      assert.notEqual(next.executionSummary?.success, true, 'the next cell did not run');
      assert.equal(next.outputs.length, 0);
      await closeWithoutSaving();
    });
  });
}
