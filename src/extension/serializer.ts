/** Reads and writes .mlnb (and, as an option, .ipynb) files through the core nbformat module. */
import * as vscode from 'vscode';
import { parseNotebook, serializeNotebook } from '../core/notebook';
import { fromNotebookData, toNotebookData } from './notebookData';

export class MlnbSerializer implements vscode.NotebookSerializer {
  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    // parseNotebook throws a NotebookFormatError naming the problem and position; VS Code then opens nothing,
    // so a file we cannot read is never replaced by an empty notebook on save. VS Code's editor placeholder
    // only says "could not be opened due to an unexpected error", so the reason is shown here.
    try {
      return toNotebookData(parseNotebook(content));
    } catch (error) {
      void vscode.window.showErrorMessage(`mlnb cannot open this notebook: ${(error as Error).message}. The file was not changed.`);
      throw error;
    }
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    return Buffer.from(serializeNotebook(fromNotebookData(data)), 'utf8');
  }
}

export const NOTEBOOK_TYPES = ['mlnb', 'mlnb-ipynb'] as const;

export const isMlnbNotebook = (notebook: vscode.NotebookDocument): boolean => (NOTEBOOK_TYPES as readonly string[]).includes(notebook.notebookType);

export function registerSerializer(): vscode.Disposable {
  const serializer = new MlnbSerializer();
  const options: vscode.NotebookDocumentContentOptions = { transientOutputs: false };
  return vscode.Disposable.from(...NOTEBOOK_TYPES.map((type) => vscode.workspace.registerNotebookSerializer(type, serializer, options)));
}
