/**
 * Kernels nobody uses any more are stopped: each holds a process of ~400 MB (TF.js loaded), and VS Code keeps a
 * notebook document open for a while after its last editor closed, so "stop when the document closes" alone left
 * kernels of closed notebooks running for as long as the window. Rules:
 *  - a notebook with no editor tab left (closed) has its kernel stopped once it is idle (running cells finish first);
 *  - a notebook open in a tab that is not visible has its kernel stopped after `mlnb.stopIdleKernelsAfterMinutes`
 *    without use (0: never), so the notebook on screen keeps its variables however long it sits;
 *  - `mlnb: Stop Idle Kernels` stops every kernel not running a cell now.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import type { KernelController } from './controller';
import { Config, onSettingsChange } from './config';

/** A tab can close and reopen in one gesture (moved to another group, reopened with another editor): wait that out. */
const CLOSED_GRACE_MS = 1500;

function notebooksWithTabs(): Set<string> {
  const uris = new Set<string>();
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input;
      if (input instanceof vscode.TabInputNotebook) uris.add(input.uri.toString());
      else if (input instanceof vscode.TabInputNotebookDiff) uris.add(input.original.toString()).add(input.modified.toString());
    }
  }
  return uris;
}

class IdleKernels implements vscode.Disposable {
  /** When each notebook was last on screen. */
  private readonly lastSeen = new WeakMap<vscode.NotebookDocument, number>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private closedCheck: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly controller: KernelController) {
    this.disposables.push(
      vscode.window.tabGroups.onDidChangeTabs(() => this.scheduleClosedCheck()),
      vscode.window.onDidChangeVisibleNotebookEditors(() => this.markVisible()),
      // A closed notebook's cell that was still running has finished: its kernel can go now.
      controller.onDidChangeKernel(() => this.scheduleClosedCheck()),
      onSettingsChange(['stopIdleKernelsAfterMinutes'], () => this.startTimer()),
      vscode.commands.registerCommand('mlnb.stopIdleKernels', () => this.stopAllIdle()),
    );
    this.markVisible();
    this.startTimer();
  }

  private markVisible(): void {
    const now = Date.now();
    for (const editor of vscode.window.visibleNotebookEditors) this.lastSeen.set(editor.notebook, now);
  }

  private scheduleClosedCheck(): void {
    clearTimeout(this.closedCheck);
    this.closedCheck = setTimeout(() => void this.check(), CLOSED_GRACE_MS);
  }

  /** Checks often enough that a kernel goes within a quarter of the timeout after it is due. */
  private startTimer(): void {
    clearInterval(this.timer);
    const timeout = Config.stopIdleKernelsAfterMs();
    this.timer = timeout > 0 ? setInterval(() => void this.check(), Math.min(60_000, Math.max(1000, timeout / 4))) : undefined;
  }

  private async check(): Promise<void> {
    this.markVisible();
    const now = Date.now();
    const tabs = notebooksWithTabs();
    const visible = new Set(vscode.window.visibleNotebookEditors.map((e) => e.notebook));
    const timeout = Config.stopIdleKernelsAfterMs();
    for (const { notebook, idle, lastActive } of this.controller.liveKernels()) {
      if (!idle) continue;
      if (!tabs.has(notebook.uri.toString())) {
        await this.stop(notebook, 'its notebook was closed');
      } else if (timeout > 0 && !visible.has(notebook) && now - Math.max(lastActive, this.lastSeen.get(notebook) ?? 0) >= timeout) {
        await this.stop(notebook, `unused for ${Config.stopIdleKernelsAfterMinutes()} min in a tab that is not visible (mlnb.stopIdleKernelsAfterMinutes)`);
      }
    }
  }

  private async stopAllIdle(): Promise<number> {
    const idle = this.controller.liveKernels().filter((k) => k.idle);
    for (const { notebook } of idle) await this.stop(notebook, 'mlnb: Stop Idle Kernels');
    void vscode.window.showInformationMessage(
      idle.length ? `mlnb: stopped ${idle.length} idle kernel${idle.length === 1 ? '' : 's'}.` : 'mlnb: no idle kernel to stop.',
    );
    return idle.length;
  }

  private async stop(notebook: vscode.NotebookDocument, why: string): Promise<void> {
    this.controller.log.info(`[${path.basename(notebook.uri.path)}] kernel stopped: ${why}`);
    await this.controller.shutdown(notebook);
  }

  dispose(): void {
    clearInterval(this.timer);
    clearTimeout(this.closedCheck);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

export function registerIdleKernels(controller: KernelController): vscode.Disposable {
  return new IdleKernels(controller);
}
