/**
 * What practice notebooks need from activation on: the cell status bar items of the learner's cell (hint,
 * solution, reset: ./practiceHelp.ts makes them), the context key `mlnb.practiceNotebookActive` (the notebook
 * toolbar's Hint button and the palette entries), and a finished check cell counted as an attempt. Only a
 * practice notebook loads the question features (`load`); every other notebook costs a metadata lookup.
 */
import * as vscode from 'vscode';
import { practiceCellRoleOf, practiceMetadataOf, type PracticeNotebookMetadata } from '../../core/practice/notebook';
import type { FinishedCell } from '../controller';
import type { QuestionsFeature } from './feature';

/** True while the active notebook editor shows a practice notebook. */
export const PRACTICE_ACTIVE_CONTEXT = 'mlnb.practiceNotebookActive';

/** The practice role of a VS Code cell (its nbformat metadata is kept under `cell.metadata.metadata`). */
export function roleOfCell(cell: vscode.NotebookCell): ReturnType<typeof practiceCellRoleOf> {
  return practiceCellRoleOf((cell.metadata as { metadata?: unknown }).metadata);
}

/** The practice metadata of a VS Code notebook, if it is a practice notebook. */
export function practiceOf(notebook: vscode.NotebookDocument): PracticeNotebookMetadata | undefined {
  return practiceMetadataOf(notebook.metadata as { metadata?: unknown });
}

export function registerPracticeNotebooks(
  load: () => Promise<QuestionsFeature>,
  onDidFinishCell: vscode.Event<FinishedCell>,
  log: (message: string) => void,
): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  let listening: vscode.Disposable | undefined;
  const feature = async () => {
    const f = await load();
    listening ??= f.practiceHelp.onDidChange(() => changed.fire());
    return f;
  };
  const provider: vscode.NotebookCellStatusBarItemProvider = {
    onDidChangeCellStatusBarItems: changed.event,
    async provideCellStatusBarItems(cell) {
      if (roleOfCell(cell)?.role !== 'exercise' || !practiceOf(cell.notebook)) return [];
      try {
        return (await feature()).practiceHelp.statusBarItems(cell);
      } catch (error) {
        log(`practice status bar: ${(error as Error).message}`);
        return [];
      }
    },
  };
  const setActive = () => void vscode.commands.executeCommand('setContext', PRACTICE_ACTIVE_CONTEXT, !!vscode.window.activeNotebookEditor && !!practiceOf(vscode.window.activeNotebookEditor.notebook));
  setActive();
  return vscode.Disposable.from(
    changed,
    { dispose: () => listening?.dispose() },
    vscode.notebooks.registerNotebookCellStatusBarItemProvider('mlnb', provider),
    vscode.window.onDidChangeActiveNotebookEditor(setActive),
    // Cells added or removed (a hint cell deleted), or a run's result: the items may change. Not on typing.
    vscode.workspace.onDidChangeNotebookDocument((e) => {
      if ((e.contentChanges.length > 0 || e.cellChanges.some((c) => c.executionSummary)) && practiceOf(e.notebook)) changed.fire();
    }),
    onDidFinishCell(({ notebook, cell, success }) => {
      if (!practiceOf(notebook) || roleOfCell(cell)?.role !== 'check') return;
      feature().then((f) => f.practiceHelp.cellFinished(cell, success)).catch((error: Error) => {
        log(`practice progress not recorded: ${error.message}`);
        void vscode.window.showErrorMessage(`mlnb: the practice progress was not recorded: ${error.message}`);
      });
    }),
  );
}
