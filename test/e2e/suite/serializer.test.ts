/** The serializer in the real editor: a notebook opened and saved through VS Code comes back byte for byte. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { copyToWorkspace, saveNotebook } from './helpers';

/** Makes the notebook dirty without changing it: type a character into the first cell, then delete it. */
async function touch(notebook: vscode.NotebookDocument): Promise<void> {
  const cell = notebook.cellAt(0);
  const end = cell.document.lineAt(cell.document.lineCount - 1).range.end;
  const insert = new vscode.WorkspaceEdit();
  insert.insert(cell.document.uri, end, 'x');
  assert.ok(await vscode.workspace.applyEdit(insert), 'insert applied');
  const remove = new vscode.WorkspaceEdit();
  remove.delete(cell.document.uri, new vscode.Range(end, end.translate(0, 1)));
  assert.ok(await vscode.workspace.applyEdit(remove), 'delete applied');
}

export default function register(): void {
  suite('serializer', () => {
    for (const file of ['examples/linear-regression.mlnb', 'examples/mlp-classifier.mlnb', 'test/fixtures/notebooks/good/basic.mlnb']) {
      test(`${file} round-trips byte for byte through openNotebookDocument + save`, async () => {
        const target = copyToWorkspace(file);
        const before = fs.readFileSync(target);
        const mtimeBefore = fs.statSync(target).mtimeMs;
        const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(target));
        assert.equal(notebook.notebookType, 'mlnb');
        assert.ok(notebook.cellCount > 0, 'has cells');
        await touch(notebook);
        assert.equal(notebook.isDirty, true, 'dirty after the edits');
        await new Promise((r) => setTimeout(r, 20)); // let the clock move so the write shows in mtime
        await saveNotebook(notebook);
        assert.notEqual(fs.statSync(target).mtimeMs, mtimeBefore, 'the file was written');
        const after = fs.readFileSync(target);
        assert.equal(after.toString('utf8'), before.toString('utf8'));
        assert.ok(after.equals(before), 'same bytes');
      });
    }

    test('a truncated file is refused with the problem and position, and left as it was', async () => {
      const target = copyToWorkspace('test/fixtures/notebooks/bad/truncated.mlnb');
      const before = fs.readFileSync(target);
      await assert.rejects(
        Promise.resolve(vscode.workspace.openNotebookDocument(vscode.Uri.file(target))),
        (error: Error) => /\d+:\d+/.test(error.message) && /truncated|end of file/i.test(error.message),
      );
      assert.ok(fs.readFileSync(target).equals(before), 'bytes unchanged');
    });
  });
}
