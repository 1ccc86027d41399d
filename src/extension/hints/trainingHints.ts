/**
 * After a cell trains, diagnose its last finished training run and show at most one hint on its last
 * `fit(` line: an Information diagnostic, a code lens above the line (where it is seen: a note after the end
 * of a long fit line was off screen) with the safe edits as one-click fixes, and the same as Quick Fixes.
 * Cleared when the cell is edited or re-run.
 */
import * as vscode from 'vscode';
import { DIAGNOSIS_QUESTIONS } from '../../core/concepts/catalog';
import type { FixKind } from '../../core/concepts/quickFixes';
import { MIME, readTrainingView, type TrainingView } from '../../core/outputs';
import { diagnoseHistory, type Diagnosis } from '../../core/trainingDiagnosis';
import type { KernelController } from '../controller';
import { isMlnbNotebook } from '../serializer';
import { HINT_SELECTOR, hintsEnabled, say, syntax } from './shared';

interface Hint {
  diagnosis: Diagnosis;
  line: number;
  message: string;
}

const FIX_TITLES: Record<FixKind, { en: string; zh: string }> = {
  'add-early-stopping': { en: 'Add early stopping (val_loss, patience 5)', zh: '添加早停（val_loss，patience 5）' },
  'lower-learning-rate': { en: 'Divide the learning rate by 10', zh: '把学习率除以 10' },
  'add-dropout': { en: 'Add dropout (rate 0.3) after the first dense layer', zh: '在第一个全连接层后添加 dropout（rate 0.3）' },
};

/** The history of the last training output that finished ('done' or 'stopped'). */
export function lastFinishedTraining(cell: vscode.NotebookCell): TrainingView | undefined {
  let found: TrainingView | undefined;
  for (const output of cell.outputs) {
    for (const item of output.items) {
      if (item.mime !== MIME.training) continue;
      try {
        const view = readTrainingView(JSON.parse(new TextDecoder().decode(item.data)));
        if (view && (view.status === 'done' || view.status === 'stopped')) found = view;
      } catch {
        // Not ours to judge: a malformed output is shown by the renderer.
      }
    }
  }
  return found;
}

class TrainingHints implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('mlnb');
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  private readonly hints = new Map<string, Hint>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(controller: KernelController) {
    this.disposables.push(
      this.diagnostics,
      this.lensesChanged,
      controller.onDidFinishCell(({ cell }) => this.analyse(cell)),
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        for (const change of e.cellChanges) if (change.outputs !== undefined) this.schedule(change.cell);
        for (const content of e.contentChanges) for (const cell of content.removedCells) this.clear(cell.document.uri);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.hints.has(e.document.uri.toString())) this.clear(e.document.uri);
      }),
      vscode.workspace.onDidCloseNotebookDocument((nb) => nb.getCells().forEach((cell) => this.clear(cell.document.uri))),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('mlnb.hints.enabled') || e.affectsConfiguration('mlnb.language')) this.reanalyseAll();
      }),
      vscode.languages.registerCodeActionsProvider(HINT_SELECTOR, { provideCodeActions: (doc, _range, ctx) => this.codeActions(doc, ctx) }, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
      vscode.languages.registerCodeLensProvider(HINT_SELECTOR, { onDidChangeCodeLenses: this.lensesChanged.event, provideCodeLenses: (doc) => this.codeLenses(doc) }),
      vscode.commands.registerCommand('mlnb.applyTrainingFix', (uri: string, fix: FixKind) => this.applyFix(uri, fix)),
      vscode.commands.registerCommand('mlnb.showTrainingHintFixes', (uri: string, line: number) => this.showFixes(uri, line)),
    );
    // Cells that come with saved training outputs: look after activation, not during it.
    this.initial = setTimeout(() => this.reanalyseAll(), 0);
  }

  private readonly initial: ReturnType<typeof setTimeout>;

  private reanalyseAll(): void {
    for (const nb of vscode.workspace.notebookDocuments) if (isMlnbNotebook(nb)) nb.getCells().forEach((c) => this.analyse(c));
  }

  /** Output changes come in bursts while a model trains: look once they settle. */
  private schedule(cell: vscode.NotebookCell): void {
    const key = cell.document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      this.analyse(cell);
    }, 150));
  }

  analyse(cell: vscode.NotebookCell): void {
    const uri = cell.document.uri;
    if (!hintsEnabled() || cell.kind !== vscode.NotebookCellKind.Code || !isMlnbNotebook(cell.notebook)) return this.clear(uri);
    const view = lastFinishedTraining(cell);
    const diagnosis = view && diagnoseHistory(view.history, { stopped: view.status === 'stopped' });
    const offset = diagnosis && syntax().lastFitOffset(cell.document.getText());
    if (!diagnosis || offset === undefined) return this.clear(uri);
    const line = cell.document.positionAt(offset).line;
    const message = say(diagnosis.summary, ' / ');
    this.hints.set(uri.toString(), { diagnosis, line, message });
    const text = cell.document.lineAt(line);
    const diagnostic = new vscode.Diagnostic(new vscode.Range(line, text.firstNonWhitespaceCharacterIndex, line, text.range.end.character), message, vscode.DiagnosticSeverity.Information);
    diagnostic.source = 'mlnb';
    diagnostic.code = diagnosis.kind;
    this.diagnostics.set(uri, [diagnostic]);
    this.lensesChanged.fire();
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    if (!this.hints.delete(key) && !this.diagnostics.has(uri)) return;
    this.diagnostics.delete(uri);
    this.lensesChanged.fire();
  }

  /** The hint above its fit line, then one lens per safe fix. */
  private codeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const hint = this.hints.get(document.uri.toString());
    if (!hint || hint.line >= document.lineCount) return [];
    const range = document.lineAt(hint.line).range;
    // A long hint can push the fix lenses past the cell's width: clicking the hint itself offers them all.
    const lenses = [
      new vscode.CodeLens(range, {
        title: `💡 ${hint.message}`,
        command: 'mlnb.showTrainingHintFixes',
        arguments: [document.uri.toString(), hint.line],
        tooltip: say({ en: 'Show the fixes (and the interview question)', zh: '显示修复方法（及相关面试题）' }, ' / '),
      }),
    ];
    for (const fix of hint.diagnosis.fixes) {
      if (this.fixEdit(document, fix)) lenses.push(new vscode.CodeLens(range, { title: say(FIX_TITLES[fix], ' / '), command: 'mlnb.applyTrainingFix', arguments: [document.uri.toString(), fix] }));
    }
    return lenses;
  }

  private fixEdit(document: vscode.TextDocument, fix: FixKind): vscode.WorkspaceEdit | undefined {
    const edits = syntax().quickFix(document.getText(), fix);
    if (!edits) return undefined;
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.newText);
    return edit;
  }

  /** The Quick Fix menu of the hint's line: its fixes and the interview question. */
  private async showFixes(uri: string, line: number): Promise<void> {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
    if (!editor || line >= editor.document.lineCount) return;
    const start = new vscode.Position(line, editor.document.lineAt(line).firstNonWhitespaceCharacterIndex);
    editor.selection = new vscode.Selection(start, start);
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, selection: editor.selection });
    await vscode.commands.executeCommand('editor.action.quickFix');
  }

  private async applyFix(uri: string, fix: FixKind): Promise<boolean> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    const edit = document && this.fixEdit(document, fix);
    return edit ? vscode.workspace.applyEdit(edit) : false;
  }

  private codeActions(document: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const hint = this.hints.get(document.uri.toString());
    const diagnostic = context.diagnostics.find((d) => d.source === 'mlnb' && d.code === hint?.diagnosis.kind);
    if (!hint || !diagnostic) return [];
    const actions: vscode.CodeAction[] = [];
    for (const fix of hint.diagnosis.fixes) {
      const edit = this.fixEdit(document, fix);
      if (!edit) continue;
      const action = new vscode.CodeAction(say(FIX_TITLES[fix], ' / '), vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.edit = edit;
      if (actions.length === 0) action.isPreferred = true;
      actions.push(action);
    }
    const question = DIAGNOSIS_QUESTIONS[hint.diagnosis.kind];
    if (question) {
      const action = new vscode.CodeAction(say({ en: `Open interview question: ${question}`, zh: `打开面试题：${question}` }, ' / '), vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.command = { command: 'mlnb.openQuestion', title: 'Open interview question', arguments: [question] };
      actions.push(action);
    }
    return actions;
  }

  dispose(): void {
    clearTimeout(this.initial);
    for (const timer of this.pending.values()) clearTimeout(timer);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

export function registerTrainingHints(controller: KernelController): vscode.Disposable {
  return new TrainingHints(controller);
}
