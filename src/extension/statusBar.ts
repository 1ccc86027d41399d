/**
 * Status bar: the active notebook's backend, kernel state and live tensor count (click to pick a backend), and how
 * many kernel processes run in this window when that is more than the one on screen (each holds ~400 MB).
 */
import * as vscode from 'vscode';
import type { KernelController } from './controller';
import { isMlnbNotebook } from './serializer';

export function registerStatusBar(controller: KernelController): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('mlnb.kernelStatus', vscode.StatusBarAlignment.Right, 100);
  item.name = 'mlnb kernel';
  item.command = 'mlnb.selectBackend';

  const update = () => {
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    const kernels = controller.liveKernels().length;
    const running = `${kernels} mlnb kernel${kernels === 1 ? '' : 's'} running (one process per notebook that ran code)`;
    const stopIdle = '[Stop idle kernels](command:mlnb.stopIdleKernels)';
    if (!notebook || !isMlnbNotebook(notebook)) {
      if (kernels === 0) return item.hide();
      // Kernels of notebooks not on screen still hold their memory: say so outside notebooks too.
      item.text = `$(pulse) mlnb: ${kernels} kernel${kernels === 1 ? '' : 's'}`;
      item.command = undefined;
      item.tooltip = trusted(`${running}.\n\n${stopIdle}`);
      item.show();
      return;
    }
    const info = controller.info(notebook);
    const state = info?.state === 'dead' || !info ? 'no kernel' : info.state;
    const backend = info?.backend?.backend ?? 'backend: not started';
    const icon = info?.state === 'busy' ? '$(loading~spin)' : info?.state === 'dead' ? '$(circle-slash)' : '$(pulse)';
    const tensors = info?.tensorsAlive !== undefined && info.state !== 'dead' ? ` · ${info.tensorsAlive} tensor${info.tensorsAlive === 1 ? '' : 's'}` : '';
    const others = kernels > 1 || (kernels === 1 && state === 'no kernel') ? ` · ${kernels} kernel${kernels === 1 ? '' : 's'}` : '';
    item.text = `${icon} ${backend} · ${state}${tensors}${others}`;
    item.command = 'mlnb.selectBackend';
    const tooltip = trusted(`**mlnb kernel** — ${state}\n\nBackend: ${backend}`);
    if (info?.backend?.fallbackReasons.length) tooltip.appendMarkdown(`\n\nFell back: ${info.backend.fallbackReasons.join('; ')}`);
    tooltip.appendMarkdown(`\n\n${running}. ${stopIdle}`);
    tooltip.appendMarkdown('\n\nClick to choose a backend.');
    item.tooltip = tooltip;
    item.show();
  };

  update();
  return vscode.Disposable.from(
    item,
    controller.onDidChangeKernel(update),
    vscode.window.onDidChangeActiveNotebookEditor(update),
  );
}

function trusted(markdown: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown);
  md.isTrusted = { enabledCommands: ['mlnb.stopIdleKernels'] };
  return md;
}
