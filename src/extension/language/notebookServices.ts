/** One whole-notebook TypeScript language service per open mlnb notebook, kept in step with its cells. */
import * as vscode from 'vscode';
import os from 'node:os';
import path from 'node:path';
import type { CellText, NotebookLanguageService } from '../../core/language/notebookLanguageService';
import { NOTEBOOK_TYPES } from '../serializer';
import { NOTEBOOK_TYPESCRIPT } from '../cellLanguage';

type ServiceModule = typeof import('../../core/language/notebookLanguageService');
let serviceModule: ServiceModule | undefined;

/** TypeScript is a large module: evaluated when a notebook first needs language features, not at activation. */
function services(): ServiceModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  serviceModule ??= require('../../core/language/notebookLanguageService') as ServiceModule;
  return serviceModule;
}

export const isMlnbNotebook = (notebook: vscode.NotebookDocument): boolean => (NOTEBOOK_TYPES as readonly string[]).includes(notebook.notebookType);

/** Cells the language service covers: code cells in mlnb's TypeScript, in document order. */
export const typescriptCells = (notebook: vscode.NotebookDocument): vscode.NotebookCell[] =>
  notebook.getCells().filter((cell) => cell.kind === vscode.NotebookCellKind.Code && cell.document.languageId === NOTEBOOK_TYPESCRIPT);

export const cellId = (document: vscode.TextDocument): string => document.uri.toString();

/** The service of a cell's notebook, updated to the notebook's current text, and the cell's id in it. */
export interface CellTarget {
  readonly service: NotebookLanguageService;
  readonly notebook: vscode.NotebookDocument;
  readonly cellId: string;
}

export class NotebookServices implements vscode.Disposable {
  private readonly byNotebook = new Map<string, NotebookLanguageService>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly packageRoot: string) {
    this.disposables = [
      vscode.workspace.onDidCloseNotebookDocument((notebook) => {
        const key = notebook.uri.toString();
        this.byNotebook.get(key)?.dispose();
        this.byNotebook.delete(key);
      }),
    ];
  }

  /** The notebook a cell document belongs to, if it is an mlnb notebook. */
  notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
    if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
    return vscode.workspace.notebookDocuments.find((notebook) => isMlnbNotebook(notebook) && notebook.getCells().some((cell) => cell.document === document));
  }

  /** The up-to-date service for a cell, or undefined when the document is not a TypeScript cell of an mlnb notebook. */
  target(document: vscode.TextDocument): CellTarget | undefined {
    if (document.languageId !== NOTEBOOK_TYPESCRIPT) return undefined;
    const notebook = this.notebookOf(document);
    return notebook && { service: this.updated(notebook), notebook, cellId: cellId(document) };
  }

  /** The notebook's service with its cells' current text. */
  updated(notebook: vscode.NotebookDocument): NotebookLanguageService {
    const key = notebook.uri.toString();
    let service = this.byNotebook.get(key);
    if (!service) {
      service = new (services().NotebookLanguageService)({ notebookDir: notebookDir(notebook), packageRoot: this.packageRoot });
      this.byNotebook.set(key, service);
    }
    service.update(typescriptCells(notebook).map((cell): CellText => ({ id: cellId(cell.document), text: cell.document.getText() })));
    return service;
  }

  dispose(): void {
    for (const service of this.byNotebook.values()) service.dispose();
    this.byNotebook.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** Where imports of the notebook resolve from, as in the kernel: its folder, else the workspace's, else home. */
function notebookDir(notebook: vscode.NotebookDocument): string {
  if (notebook.uri.scheme === 'file') return path.dirname(notebook.uri.fsPath);
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
}
