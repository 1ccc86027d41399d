/**
 * The extension's handle on the notebooks' language services: they run in the language worker (one per
 * open mlnb notebook); this sends each request with the notebook's TypeScript cells as they are now.
 */
import * as vscode from 'vscode';
import os from 'node:os';
import path from 'node:path';
import { LanguageWorkerClient } from '../../host/languageWorkerClient';
import type { LanguageMethod, LanguageParams, LanguageResult } from '../../core/language/protocol';
import { isMlnbNotebook } from '../serializer';
import { NOTEBOOK_LANGUAGES, NOTEBOOK_TYPESCRIPT } from '../cellLanguage';

/** Cells the language service covers: code cells in mlnb's TypeScript or JavaScript, in document order. */
export const serviceCells = (notebook: vscode.NotebookDocument): vscode.NotebookCell[] =>
  notebook.getCells().filter((cell) => cell.kind === vscode.NotebookCellKind.Code && NOTEBOOK_LANGUAGES.includes(cell.document.languageId));

export const cellId = (document: vscode.TextDocument): string => document.uri.toString();

/** The document of the notebook's cell with that id (as the language service names cells). */
export const cellDocument = (notebook: vscode.NotebookDocument, id: string): vscode.TextDocument | undefined =>
  notebook.getCells().find((cell) => cellId(cell.document) === id)?.document;

/** A cell's span (offset and length, as the language service gives them) as a range of its document. */
export const spanRange = (document: vscode.TextDocument, start: number, length: number): vscode.Range =>
  new vscode.Range(document.positionAt(start), document.positionAt(start + length));

/** A TypeScript cell of an mlnb notebook, as the language service knows it. */
export interface CellRef {
  readonly notebook: vscode.NotebookDocument;
  readonly cellId: string;
}

export class NotebookServices implements vscode.Disposable {
  private readonly worker: LanguageWorkerClient;
  private readonly disposables: vscode.Disposable[];
  private readonly packagesChanged = new vscode.EventEmitter<string>();
  /** Fires with a notebook's URI when packages were installed or removed where its imports resolve. */
  readonly onDidChangePackages = this.packagesChanged.event;

  constructor(workerPath: string, packageRoot: string, log: vscode.LogOutputChannel) {
    this.worker = new LanguageWorkerClient(workerPath, { packageRoot }, log);
    this.disposables = [
      this.worker.onPackagesChanged((uri) => this.packagesChanged.fire(uri)),
      this.packagesChanged,
      vscode.workspace.onDidCloseNotebookDocument((notebook) => {
        if (!isMlnbNotebook(notebook)) return;
        // The worker holds TF.js's types (~300 MB): stopped when no mlnb notebook is open, started again on demand.
        if (vscode.workspace.notebookDocuments.some((other) => other !== notebook && isMlnbNotebook(other))) this.worker.close(notebook.uri.toString());
        else void this.worker.dispose();
      }),
    ];
  }

  /** The notebook a cell document belongs to, if it is an mlnb notebook. */
  notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
    if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
    return vscode.workspace.notebookDocuments.find((notebook) => isMlnbNotebook(notebook) && notebook.getCells().some((cell) => cell.document === document));
  }

  /** The cell a document is, when it is a TypeScript or JavaScript cell of an mlnb notebook. */
  cellOf(document: vscode.TextDocument): CellRef | undefined {
    if (!NOTEBOOK_LANGUAGES.includes(document.languageId)) return undefined;
    const notebook = this.notebookOf(document);
    return notebook && { notebook, cellId: cellId(document) };
  }

  /** Asks the notebook's language service, with the cells' current text; `token` cancels the request. */
  request<M extends LanguageMethod>(token: vscode.CancellationToken | undefined, notebook: vscode.NotebookDocument, method: M, ...params: LanguageParams<M>): Promise<LanguageResult<M>> {
    const cells = serviceCells(notebook).map((cell) => ({ id: cellId(cell.document), text: cell.document.getText(), typeCheck: cell.document.languageId === NOTEBOOK_TYPESCRIPT }));
    return this.worker.cancellable(token && abortSignal(token), { uri: notebook.uri.toString(), dir: notebookDir(notebook) }, cells, method, ...params);
  }

  dispose(): void {
    void this.worker.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function abortSignal(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

/** Where imports of the notebook resolve from, as in the kernel: its folder, else the workspace's, else home. */
function notebookDir(notebook: vscode.NotebookDocument): string {
  if (notebook.uri.scheme === 'file') return path.dirname(notebook.uri.fsPath);
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
}
