/**
 * TypeScript problems of mlnb notebooks, checked over the whole notebook and shown on the cell they are
 * in. Checked shortly after typing stops (as VS Code's TypeScript does), so keystrokes stay cheap.
 */
import * as vscode from 'vscode';
import type { CellDiagnostic } from '../../core/language/cellResults';
import { LanguageRequestCancelled, LanguageWorkerStopped } from '../../host/languageWorkerClient';
import { isMlnbNotebook } from '../serializer';
import { cellDocument, cellId, serviceCells, spanRange, type NotebookServices } from './notebookServices';

const DEBOUNCE_MS = 200;

const SEVERITY: Record<CellDiagnostic['category'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  suggestion: vscode.DiagnosticSeverity.Hint,
  message: vscode.DiagnosticSeverity.Information,
};

export class NotebookDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('mlnb-typescript');
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the problems of some cells were set or cleared. */
  readonly onDidChange = this.changed.event;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** The check running per notebook: a change cancels it (its answer would be out of date). */
  private readonly running = new Map<string, vscode.CancellationTokenSource>();
  /** Cell URIs that have diagnostics, per notebook, to clear cells that left (deleted, or another language). */
  private readonly shown = new Map<string, Set<string>>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly services: NotebookServices,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables = [
      this.collection,
      this.changed,
      vscode.workspace.onDidOpenNotebookDocument((notebook) => this.schedule(notebook)),
      vscode.workspace.onDidChangeNotebookDocument((event) => event.contentChanges.length && this.schedule(event.notebook)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        const notebook = event.contentChanges.length ? this.services.notebookOf(event.document) : undefined;
        if (notebook) this.schedule(notebook);
      }),
      // A cell whose language changes is closed and reopened as a new document.
      vscode.workspace.onDidOpenTextDocument((document) => {
        const notebook = this.services.notebookOf(document);
        if (notebook) this.schedule(notebook);
      }),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => this.forget(notebook)),
      // After `npm install`, a "Cannot find module" goes away without an edit.
      this.services.onDidChangePackages((uri) => {
        const notebook = vscode.workspace.notebookDocuments.find((candidate) => candidate.uri.toString() === uri);
        if (notebook) this.schedule(notebook);
      }),
    ];
    for (const notebook of vscode.workspace.notebookDocuments) this.schedule(notebook);
  }

  private schedule(notebook: vscode.NotebookDocument): void {
    if (!isMlnbNotebook(notebook)) return;
    const key = notebook.uri.toString();
    clearTimeout(this.pending.get(key));
    this.running.get(key)?.cancel();
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        void this.check(notebook);
      }, DEBOUNCE_MS),
    );
  }

  private async check(notebook: vscode.NotebookDocument): Promise<void> {
    const key = notebook.uri.toString();
    const cells = serviceCells(notebook);
    const now = new Set<string>();
    if (cells.length) {
      const cancellation = new vscode.CancellationTokenSource();
      this.running.get(key)?.cancel();
      this.running.set(key, cancellation);
      try {
        const byCell = await this.services.request(cancellation.token, notebook, 'diagnostics');
        if (notebook.isClosed) return;
        for (const cell of cells) {
          if (cell.document.isClosed) continue;
          const id = cellId(cell.document);
          const diagnostics = (byCell.get(id) ?? []).map((d) => toDiagnostic(notebook, cell.document, d));
          this.collection.set(cell.document.uri, diagnostics);
          now.add(id);
        }
      } catch (error) {
        if (error instanceof LanguageWorkerStopped || error instanceof LanguageRequestCancelled) this.log.debug(`TypeScript diagnostics of ${notebook.uri.fsPath}: ${error.message}`);
        else this.log.error(`TypeScript diagnostics of ${notebook.uri.fsPath} failed: ${(error as Error).stack ?? String(error)}`);
        return;
      } finally {
        if (this.running.get(key) === cancellation) this.running.delete(key);
        cancellation.dispose();
      }
    }
    for (const id of this.shown.get(key) ?? []) if (!now.has(id)) this.collection.delete(vscode.Uri.parse(id));
    this.shown.set(key, now);
    this.changed.fire();
  }

  /** The errors (not warnings or hints) shown on a cell. */
  errorsOf(cell: vscode.Uri): readonly vscode.Diagnostic[] {
    return (this.collection.get(cell) ?? []).filter((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error);
  }

  private forget(notebook: vscode.NotebookDocument): void {
    const key = notebook.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.running.get(key)?.cancel();
    for (const id of this.shown.get(key) ?? []) this.collection.delete(vscode.Uri.parse(id));
    this.shown.delete(key);
    this.changed.fire();
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const check of this.running.values()) check.cancel();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function toDiagnostic(notebook: vscode.NotebookDocument, document: vscode.TextDocument, d: CellDiagnostic): vscode.Diagnostic {
  const range = spanRange(document, d.start, d.length);
  const diagnostic = new vscode.Diagnostic(range, d.message, SEVERITY[d.category]);
  diagnostic.source = d.source;
  diagnostic.code = d.code;
  const related = d.source === 'mlnb' && cellDocument(notebook, d.related.cellId);
  if (related) diagnostic.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(related.uri, spanRange(related, d.related.start, d.related.length)), d.related.message)];
  diagnostic.tags = [...(d.unnecessary ? [vscode.DiagnosticTag.Unnecessary] : []), ...(d.deprecated ? [vscode.DiagnosticTag.Deprecated] : [])];
  return diagnostic;
}
