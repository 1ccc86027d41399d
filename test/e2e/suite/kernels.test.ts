/** Kernels of notebooks nobody uses are stopped (each is a ~400 MB process), the one on screen is kept. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { notebookJson, outputText, waitFor, writeToWorkspace } from './helpers';

/** Kernel processes (dist/kernel.js) started by this extension host. */
function kernelPids(): Set<number> {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  } catch {
    return new Set(); // ps exits 1 when there are none
  }
  const pids = out.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
  return new Set(pids.filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z' && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kernel.js');
    } catch {
      return false;
    }
  }));
}

/** Opens a notebook in a tab of its own, runs it and returns the pid of the kernel it started. */
async function openAndRun(name: string, source: string, column = vscode.ViewColumn.Active): Promise<{ notebook: vscode.NotebookDocument; pid: number }> {
  const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(writeToWorkspace(name, notebookJson([source]))));
  await vscode.window.showNotebookDocument(notebook, { preview: false, viewColumn: column });
  const before = kernelPids();
  await vscode.commands.executeCommand('notebook.execute', notebook.uri);
  await waitFor('the cell to finish', () => notebook.cellAt(0).executionSummary?.success !== undefined, 90_000);
  assert.equal(notebook.cellAt(0).executionSummary?.success, true);
  const pid = await waitFor('its kernel process', () => [...kernelPids()].find((p) => !before.has(p)), 10_000);
  return { notebook, pid };
}

const setTimeoutMinutes = (minutes: number | undefined) =>
  vscode.workspace.getConfiguration('mlnb').update('stopIdleKernelsAfterMinutes', minutes, vscode.ConfigurationTarget.Global);

export default function register(): void {
  suite('idle kernels', () => {
    test("closing a notebook's editor stops its kernel, though VS Code keeps the document open a while", async () => {
      const { notebook, pid } = await openAndRun('closed.mlnb', 'const kept = 1;');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      // What VS Code does: the document outlives its editor (so stopping on onDidCloseNotebookDocument alone is late).
      console.log(`after closing its editor the notebook document is ${notebook.isClosed ? 'closed' : 'still open'}`);
      await waitFor('the kernel process to exit', () => !kernelPids().has(pid), 20_000);
    });

    test('a kernel idle in a tab that is not visible stops after mlnb.stopIdleKernelsAfterMinutes; the visible one stays', async () => {
      await setTimeoutMinutes(0.05); // 3 s
      try {
        const hidden = await openAndRun('hidden.mlnb', 'const hidden = 1;');
        const shown = await openAndRun('shown.mlnb', 'const shown = 1;'); // same group: hidden.mlnb's tab goes to the background
        assert.ok(vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputNotebook && t.input.uri.toString() === hidden.notebook.uri.toString())), 'hidden.mlnb still has a tab');
        await waitFor('the hidden idle kernel to exit', () => !kernelPids().has(hidden.pid), 30_000);
        await new Promise((r) => setTimeout(r, 4000)); // longer than the timeout: the visible one is kept
        assert.ok(kernelPids().has(shown.pid), 'the kernel of the notebook on screen is kept');
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        await vscode.window.showNotebookDocument(hidden.notebook);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      } finally {
        await setTimeoutMinutes(undefined);
      }
    });

    test('mlnb.stopIdleKernels stops every kernel that is not running a cell', async () => {
      const idle = await openAndRun('idle.mlnb', 'const idle = 1;');
      const busy = await openAndRun('busy.mlnb', 'const busy = 1;', vscode.ViewColumn.Beside);
      const edit = new vscode.WorkspaceEdit();
      edit.set(busy.notebook.uri, [vscode.NotebookEdit.replaceCells(new vscode.NotebookRange(0, 1), [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, "console.log('slow cell started');\nawait new Promise((r) => setTimeout(r, 5000));", 'mlnb-typescript')])]);
      await vscode.workspace.applyEdit(edit);
      void vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: 0, end: 1 }] }, busy.notebook.uri);
      await waitFor('the slow cell to start', () => outputText(busy.notebook.cellAt(0)).includes('slow cell started'), 30_000);
      // At least the idle one: kernels of earlier suites' notebooks may still be alive in this extension host.
      const stopped = await vscode.commands.executeCommand<number>('mlnb.stopIdleKernels');
      assert.ok(stopped >= 1, `stopped ${stopped}`);
      await waitFor('the idle kernel to exit', () => !kernelPids().has(idle.pid), 20_000);
      assert.ok(kernelPids().has(busy.pid), 'the busy kernel keeps running');
      await waitFor('the slow cell to finish', () => busy.notebook.cellAt(0).executionSummary?.success === true, 30_000);
      for (const notebook of [busy.notebook, idle.notebook]) {
        await vscode.window.showNotebookDocument(notebook);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    });
  });
}
