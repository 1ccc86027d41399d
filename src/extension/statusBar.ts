/** Status bar: the active notebook's backend, kernel state and live tensor count; click to pick a backend. */
import * as vscode from 'vscode';
import type { KernelController } from './controller';
import { isMlnbNotebook } from './serializer';

export function registerStatusBar(controller: KernelController): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('mlnb.kernelStatus', vscode.StatusBarAlignment.Right, 100);
  item.name = 'mlnb kernel';
  item.command = 'mlnb.selectBackend';

  const update = () => {
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    if (!notebook || !isMlnbNotebook(notebook)) {
      item.hide();
      return;
    }
    const info = controller.info(notebook);
    const state = info?.state === 'dead' || !info ? 'no kernel' : info.state;
    const backend = info?.backend?.backend ?? 'backend: not started';
    const icon = info?.state === 'busy' ? '$(loading~spin)' : info?.state === 'dead' ? '$(circle-slash)' : '$(pulse)';
    const tensors = info?.tensorsAlive !== undefined && info.state !== 'dead' ? ` · ${info.tensorsAlive} tensors` : '';
    item.text = `${icon} ${backend} · ${state}${tensors}`;
    const tooltip = new vscode.MarkdownString(`**mlnb kernel** — ${state}\n\nBackend: ${backend}`);
    if (info?.backend?.fallbackReasons.length) tooltip.appendMarkdown(`\n\nFell back: ${info.backend.fallbackReasons.join('; ')}`);
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
