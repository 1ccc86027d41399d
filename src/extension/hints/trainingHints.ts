/**
 * After a cell trains, diagnose its last training run (src/core/runDiagnosis.ts over the evidence the kernel saved
 * with the run) and show each finding where it belongs — the fit call, the layer, the compile, in this cell or one
 * above: a diagnostic `mlnb(<id>)` with the evidence and the concept's explanation, a code lens above the line
 * (where it is seen: a note after the end of a long line was off screen) with the safe edits as one-click fixes,
 * and the same as Quick Fixes with the related interview question. A cell's hints are cleared when it is edited,
 * and a run's hints when its cell runs again.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import type { Concept } from '../../core/concepts/catalog';
import { FIX_TITLES } from '../../core/concepts/findingConcepts';
import { loadFindingConceptsFromDir } from '../../host/contentFiles';
import { MIME, readTrainingView, type TrainingView } from '../../core/outputs';
import type { FindingFix, FindingId } from '../../core/runDiagnosis';
import type { PlacedHint } from '../../core/notebookHints';
import type { KernelController } from '../controller';
import { isMlnbNotebook } from '../serializer';
import { Config, onSettingsChange } from '../config';
import { HINT_SELECTOR, loadOnce, say } from './shared';

interface Hint {
  placed: PlacedHint;
  notebook: vscode.NotebookDocument;
  /** The cell the hint is shown in, and the cell whose run it is about. */
  cellUri: string;
  fitCellUri: string;
  line: number;
  message: string;
}

/** Bugs in the model or the data are warnings; what a run's curves show (overfitting, a plateau…) is information. */
const WARNINGS: ReadonlySet<FindingId> = new Set(['nan-input', 'label-format', 'missing-activation', 'loss-activation-mismatch', 'unnormalized-input', 'dropout-too-high', 'validation-leak', 'divergence', 'lr-too-high']);

/** The training views of a cell's outputs, in order. */
export function trainingViews(cell: vscode.NotebookCell): TrainingView[] {
  const views: TrainingView[] = [];
  for (const output of cell.outputs) {
    for (const item of output.items) {
      if (item.mime !== MIME.training) continue;
      try {
        const view = readTrainingView(JSON.parse(new TextDecoder().decode(item.data)));
        if (view) views.push(view);
      } catch {
        // Not ours to judge: a malformed output is shown by the renderer.
      }
    }
  }
  return views;
}

type HintsModule = typeof import('../../core/notebookHints') & typeof import('../../core/concepts/findingEdits');
let hintsModule: HintsModule | undefined;

/** Placement and fixes use the TypeScript parser, a large module: evaluated on the first finished training. */
function hintsCode(): HintsModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  hintsModule ??= { ...require('../../core/notebookHints'), ...require('../../core/concepts/findingEdits') } as HintsModule;
  return hintsModule;
}

class TrainingHints implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('mlnb');
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  /** Hints by the cell whose run they are about. */
  private readonly byRun = new Map<string, Hint[]>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];
  /** What each finding means and which question goes deeper (content/concepts/findings), read on the first hint. */
  private readonly findingConcepts: () => Readonly<Record<FindingId, Concept>> | undefined;

  constructor(controller: KernelController, extensionPath: string) {
    this.findingConcepts = loadOnce('training hints go without their explanations', () => loadFindingConceptsFromDir(path.join(extensionPath, 'content', 'concepts')));
    this.disposables.push(
      this.diagnostics,
      this.lensesChanged,
      controller.onDidFinishCell(({ cell }) => this.analyse(cell)),
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        for (const change of e.cellChanges) if (change.outputs !== undefined) this.schedule(change.cell);
        for (const content of e.contentChanges) for (const cell of content.removedCells) this.clearCell(cell.document.uri.toString());
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.clearCell(e.document.uri.toString());
      }),
      vscode.workspace.onDidCloseNotebookDocument((nb) => nb.getCells().forEach((cell) => this.clearCell(cell.document.uri.toString()))),
      onSettingsChange(['hints.enabled', 'language'], () => this.reanalyseAll()),
      vscode.languages.registerCodeActionsProvider(HINT_SELECTOR, { provideCodeActions: (doc, _range, ctx) => this.codeActions(doc, ctx) }, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
      vscode.languages.registerCodeLensProvider(HINT_SELECTOR, { onDidChangeCodeLenses: this.lensesChanged.event, provideCodeLenses: (doc) => this.codeLenses(doc) }),
      vscode.commands.registerCommand('mlnb.applyTrainingFix', (cellUri: string, index: number, fix: FindingFix) => this.applyFix(cellUri, index, fix)),
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
    const key = cell.document.uri.toString();
    const touched = new Set((this.byRun.get(key) ?? []).map((h) => h.cellUri));
    this.byRun.delete(key);
    const view = Config.hintsEnabled() && cell.kind === vscode.NotebookCellKind.Code && isMlnbNotebook(cell.notebook) ? hintsCode().lastEndedTraining(trainingViews(cell)) : undefined;
    if (view) {
      const cells = cell.notebook.getCells();
      const sources = cells.map((c) => (c.kind === vscode.NotebookCellKind.Code ? c.document.getText() : ''));
      const hints = hintsCode()
        .placeHints(sources, cell.index, view)
        .map((placed) => ({ placed, notebook: cell.notebook, cellUri: cells[placed.cell].document.uri.toString(), fitCellUri: key, line: placed.line, message: say(placed.finding.message, ' / ') }));
      if (hints.length > 0) this.byRun.set(key, hints);
      for (const h of hints) touched.add(h.cellUri);
    }
    this.refresh(touched);
  }

  private hintsIn(cellUri: string): Hint[] {
    return [...this.byRun.values()].flat().filter((h) => h.cellUri === cellUri);
  }

  /** An edited (or removed) cell loses the hints shown in it, and the hints of its own run. */
  private clearCell(cellUri: string): void {
    clearTimeout(this.pending.get(cellUri));
    this.pending.delete(cellUri);
    const touched = new Set<string>();
    const own = this.byRun.get(cellUri);
    if (own) {
      own.forEach((h) => touched.add(h.cellUri));
      this.byRun.delete(cellUri);
    }
    for (const [run, hints] of this.byRun) {
      const kept = hints.filter((h) => h.cellUri !== cellUri);
      if (kept.length === hints.length) continue;
      touched.add(cellUri);
      if (kept.length > 0) this.byRun.set(run, kept);
      else this.byRun.delete(run);
    }
    if (touched.size > 0 || this.diagnostics.has(vscode.Uri.parse(cellUri))) this.refresh(new Set([...touched, cellUri]));
  }

  private refresh(cellUris: Set<string>): void {
    for (const uri of cellUris) {
      const target = vscode.Uri.parse(uri);
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      const hints = this.hintsIn(uri);
      if (hints.length === 0 || !document) {
        this.diagnostics.delete(target);
        continue;
      }
      this.diagnostics.set(target, hints.filter((h) => h.line < document.lineCount).map((h) => this.diagnostic(document, h)));
    }
    this.lensesChanged.fire();
  }

  private diagnostic(document: vscode.TextDocument, hint: Hint): vscode.Diagnostic {
    const text = document.lineAt(hint.line);
    const finding = hint.placed.finding;
    const concept = this.findingConcepts()?.[finding.id];
    const evidence = finding.evidence.map((e) => `• ${say(e, ' / ')}`).join('\n');
    const message = [hint.message, evidence, concept ? say(concept.explain, '\n') : ''].filter(Boolean).join('\n');
    const severity = WARNINGS.has(finding.id) ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
    const diagnostic = new vscode.Diagnostic(new vscode.Range(hint.line, text.firstNonWhitespaceCharacterIndex, hint.line, text.range.end.character), message, severity);
    diagnostic.source = 'mlnb';
    diagnostic.code = finding.id;
    return diagnostic;
  }

  /** Each hint above its line, then one lens per fix that has a safe edit. */
  private codeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    this.hintsIn(document.uri.toString()).forEach((hint, index) => {
      if (hint.line >= document.lineCount) return;
      const range = document.lineAt(hint.line).range;
      // A long hint can push the fix lenses past the cell's width: clicking the hint itself offers them all.
      lenses.push(new vscode.CodeLens(range, {
        title: `💡 mlnb(${hint.placed.finding.id}): ${hint.message}`,
        command: 'mlnb.showTrainingHintFixes',
        arguments: [document.uri.toString(), hint.line],
        tooltip: say({ en: 'Show the fixes (and the interview question)', zh: '显示修复方法（及相关面试题）' }, ' / '),
      }));
      for (const fix of hint.placed.finding.fixes) {
        if (this.fixEdit(hint, fix)) lenses.push(new vscode.CodeLens(range, { title: say(FIX_TITLES[fix], ' / '), command: 'mlnb.applyTrainingFix', arguments: [document.uri.toString(), index, fix] }));
      }
    });
    return lenses;
  }

  private fixEdit(hint: Hint, fix: FindingFix): vscode.WorkspaceEdit | undefined {
    const cells = hint.notebook.getCells();
    const fitCell = cells.find((c) => c.document.uri.toString() === hint.fitCellUri);
    if (!fitCell) return undefined;
    const sources = cells.map((c) => (c.kind === vscode.NotebookCellKind.Code ? c.document.getText() : ''));
    const found = hintsCode().findingFixEdits(sources, fitCell.index, hint.placed.finding, fix);
    if (!found) return undefined;
    const document = cells[found.cell].document;
    const edit = new vscode.WorkspaceEdit();
    for (const e of found.edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.newText);
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

  private async applyFix(cellUri: string, index: number, fix: FindingFix): Promise<boolean> {
    const hint = this.hintsIn(cellUri)[index];
    const edit = hint && this.fixEdit(hint, fix);
    return edit ? vscode.workspace.applyEdit(edit) : false;
  }

  private codeActions(document: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const hints = this.hintsIn(document.uri.toString());
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'mlnb') continue;
      const hint = hints.find((h) => h.placed.finding.id === diagnostic.code && h.line === diagnostic.range.start.line);
      if (!hint) continue;
      for (const fix of hint.placed.finding.fixes) {
        const edit = this.fixEdit(hint, fix);
        if (!edit) continue;
        const action = new vscode.CodeAction(say(FIX_TITLES[fix], ' / '), vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.edit = edit;
        if (!actions.some((a) => a.isPreferred)) action.isPreferred = true;
        actions.push(action);
      }
      const question = this.findingConcepts()?.[hint.placed.finding.id]?.questions[0];
      if (question && !actions.some((a) => a.command?.arguments?.[0] === question)) {
        const action = new vscode.CodeAction(say({ en: `Open interview question: ${question}`, zh: `打开面试题：${question}` }, ' / '), vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.command = { command: 'mlnb.openQuestion', title: 'Open interview question', arguments: [question] };
        actions.push(action);
      }
    }
    return actions;
  }

  dispose(): void {
    clearTimeout(this.initial);
    for (const timer of this.pending.values()) clearTimeout(timer);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

export function registerTrainingHints(controller: KernelController, extensionPath: string): vscode.Disposable {
  return new TrainingHints(controller, extensionPath);
}
