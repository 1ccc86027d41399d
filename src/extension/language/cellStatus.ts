/**
 * A cell's type errors next to its run status: "⚠ 2 type errors" in the cell's status bar, opening the
 * Problems panel. The kernel runs a cell with type errors anyway (it erases types, as ts-node
 * --transpile-only and Deno do, and as `mlnb run` does with a warning), so without this a cell could show a
 * green ✓ while its code is underlined, and the two would seem to disagree.
 */
import * as vscode from 'vscode';
import { NOTEBOOK_TYPES } from '../serializer';
import { NOTEBOOK_TYPESCRIPT } from '../cellLanguage';
import type { NotebookDiagnostics } from './diagnostics';

export function registerTypeErrorStatus(diagnostics: NotebookDiagnostics): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.NotebookCellStatusBarItemProvider = {
    onDidChangeCellStatusBarItems: changed.event,
    provideCellStatusBarItems(cell) {
      if (cell.kind !== vscode.NotebookCellKind.Code || cell.document.languageId !== NOTEBOOK_TYPESCRIPT) return [];
      const errors = diagnostics.errorsOf(cell.document.uri);
      if (!errors.length) return [];
      const count = `${errors.length} type error${errors.length === 1 ? '' : 's'}`;
      const item = new vscode.NotebookCellStatusBarItem(`$(warning) ${count}`, vscode.NotebookCellStatusBarAlignment.Left);
      item.command = { title: 'Show Problems', command: 'workbench.actions.view.problems' };
      item.tooltip = [
        `${count} in this cell (click for the Problems panel):`,
        ...errors.slice(0, 5).map((error) => `line ${error.range.start.line + 1}: ${error.message.split('\n')[0]}`),
        ...(errors.length > 5 ? [`… and ${errors.length - 5} more`] : []),
        'The cell still runs: the kernel runs TypeScript without checking types. `mlnb check` lists these errors from a terminal.',
      ].join('\n');
      item.accessibilityInformation = { label: `${count} in this cell`, role: 'button' };
      return [item];
    },
  };
  return vscode.Disposable.from(
    changed,
    diagnostics.onDidChange(() => changed.fire()),
    ...NOTEBOOK_TYPES.map((type) => vscode.notebooks.registerNotebookCellStatusBarItemProvider(type, provider)),
  );
}
