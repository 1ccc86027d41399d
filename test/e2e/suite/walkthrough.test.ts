/** The walkthrough's sample and its "Run all cells" step, through the extension's own command and controller. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ranAllCells } from '../../../src/extension/walkthrough';
import { outputText, waitFor } from './helpers';

export default function register(): void {
  suite('walkthrough', () => {
    test('Open a Sample Notebook opens a clean file (not Untitled); running all its cells is seen as done', async () => {
      const uri = (await vscode.commands.executeCommand('mlnb.openSample')) as vscode.Uri;
      const notebook = await waitFor('the sample in the editor', () => vscode.window.activeNotebookEditor?.notebook, 30_000);
      assert.equal(notebook.uri.scheme, 'file', `the sample is ${notebook.uri.toString()}`);
      assert.equal(notebook.uri.toString(), uri.toString());
      assert.ok(!notebook.isUntitled && !notebook.isDirty, 'opens clean');
      assert.ok(!ranAllCells(notebook), 'nothing ran yet');
      const seen: string[] = [];
      const listener = vscode.workspace.onDidChangeNotebookDocument((e) => {
        for (const c of e.cellChanges) if (c.executionSummary) seen.push(`${c.cell.index}:${JSON.stringify(c.executionSummary)}`);
      });
      await vscode.commands.executeCommand('notebook.execute', notebook.uri);
      const code = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
      await waitFor('every code cell to finish', () => code.every((c) => c.executionSummary?.success !== undefined), 120_000);
      listener.dispose();
      assert.deepEqual(code.map((c) => c.executionSummary?.success), code.map(() => true), code.map(outputText).join('\n---\n'));
      assert.ok(ranAllCells(notebook), `all cells ran; summaries seen: ${seen.join(' ')}`);
      assert.ok(seen.length > 0, 'execution summaries arrive as notebook changes');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });
}
