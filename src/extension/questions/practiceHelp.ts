/**
 * Help inside a practice notebook, on the learner's `exercise` cell: the hint ladder (`$(lightbulb) Hint 1/3`,
 * one step per click, each a markdown cell after the exercise and the hints already shown), the reference
 * solution once the check has run (`$(eye) Show solution`, a code cell right after the learner's, which it
 * leaves as it is) and `$(discard) Reset` (back to the starter, after a modal confirmation, undoable). Also
 * records each finished check in the exercise's progress (QuestionsService.updatePracticeProgress).
 *
 * Loaded with the rest of the question features (./feature.ts); ./practiceNotebooks.ts registers the status
 * bar provider and the listeners at activation and calls in here only for practice notebooks.
 */
import * as vscode from 'vscode';
import { chromeLang, type DisplayLanguage } from '../../core/i18n';
import { newNotebook, type NotebookCell } from '../../core/notebook';
import { practiceReportOf } from '../../core/practice/grader';
import { practiceCode, practiceHintCell, practiceSolutionCell, type PracticeNotebookMetadata } from '../../core/practice/notebook';
import { recordCheck, recordHint, recordOpened, recordSolutionShown, type PracticeProgressState } from '../../core/practice/progress';
import type { PracticeExercise } from '../../core/practice/types';
import { toNotebookData } from '../notebookData';
import { practiceOf, roleOfCell } from './practiceNotebooks';
import type { QuestionsService } from './service';

const WORDS = {
  en: {
    hint: (next: number, total: number) => `Hint ${next}/${total}`,
    hintTooltip: (next: number, total: number) => `Show hint step ${next} of ${total}: from a nudge to nearly the answer, one step at a time`,
    allHints: (total: number) => `All ${total} hints shown`,
    allHintsTooltip: 'Every step of the hint ladder is in the notebook, under your cell',
    allHintsMessage: (total: number) => `All ${total} hints of this exercise are shown.`,
    noHints: 'This exercise has no hints.',
    solution: 'Show solution',
    solutionTooltip: 'Insert the reference solution as a new cell under yours (your code stays as it is)',
    tryFirst: 'Try first: run the check cell once (an attempt), then the solution is offered.',
    reset: 'Reset',
    resetTooltip: 'Replace your code with the starter code (undo brings it back)',
    resetConfirm: 'Reset your code to the starter? The code in your cell is replaced (Undo brings it back).',
    resetAction: 'Reset to starter',
    notPractice: 'This is not a practice notebook: open one with "mlnb: Practice Question in a Notebook".',
    noExercise: (id: string) => `The exercise "${id}" of this practice notebook is not in this version of mlnb.`,
    noCell: (role: string) => `This practice notebook has no ${role} cell (it was deleted?): open the practice again for a fresh notebook.`,
    newerVersion: 'This notebook was made from another version of the exercise: the hints and solution are of the current one.',
  },
  zh: {
    hint: (next: number, total: number) => `提示 ${next}/${total}`,
    hintTooltip: (next: number, total: number) => `显示第 ${next}/${total} 步提示：从点拨到接近答案，每次一步`,
    allHints: (total: number) => `${total} 步提示已全部显示`,
    allHintsTooltip: '提示的每一步都已在笔记本中，位于你的单元格下方',
    allHintsMessage: (total: number) => `本练习的 ${total} 步提示已全部显示。`,
    noHints: '本练习没有提示。',
    solution: '查看答案',
    solutionTooltip: '把参考答案插入为你的单元格下方的新单元格（你的代码保持不变）',
    tryFirst: '先自己试一试：运行一次检查单元格后，才会提供答案。',
    reset: '重置',
    resetTooltip: '把你的代码换回初始代码（可撤销）',
    resetConfirm: '把你的代码重置为初始代码？你单元格中的代码会被替换（可撤销）。',
    resetAction: '重置为初始代码',
    notPractice: '这不是练习笔记本：请用“mlnb: Practice Question in a Notebook”打开一个。',
    noExercise: (id: string) => `此版本的 mlnb 中没有这个练习笔记本的练习 "${id}"。`,
    noCell: (role: string) => `这个练习笔记本没有 ${role} 单元格（被删除了？）：请重新打开练习，得到新的笔记本。`,
    newerVersion: '这个笔记本来自该练习的另一个版本：提示和答案是当前版本的。',
  },
};

/** A practice notebook with what help needs: its metadata, exercise, and cells by role. */
interface PracticeContext {
  notebook: vscode.NotebookDocument;
  meta: PracticeNotebookMetadata;
  exercise: PracticeExercise;
  /** The notebook's own language (its hints and solution follow it). */
  language: DisplayLanguage;
}

export class PracticeHelp implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** The status bar items changed (an attempt, a revealed step, a reset). */
  readonly onDidChange = this.changed.event;
  /** Notebooks whose check cell has finished in this session (a saved notebook also counts its check's last run). */
  private readonly attempted = new WeakSet<vscode.NotebookDocument>();

  constructor(private readonly svc: QuestionsService) {}

  dispose(): void {
    this.changed.dispose();
  }

  private words() {
    return WORDS[chromeLang(this.svc.language())];
  }

  private contextOf(notebook: vscode.NotebookDocument): PracticeContext | string {
    const meta = practiceOf(notebook);
    if (!meta) return this.words().notPractice;
    const id = meta.exerciseId ?? meta.questionId;
    const exercise = this.svc.practice.byId(id);
    if (!exercise) return this.words().noExercise(id);
    return { notebook, meta, exercise, language: meta.language ?? this.svc.language() };
  }

  private cellOf(notebook: vscode.NotebookDocument, role: string): vscode.NotebookCell | undefined {
    return notebook.getCells().find((c) => roleOfCell(c)?.role === role);
  }

  /** The hint steps in the notebook (their step numbers). */
  private hintSteps(notebook: vscode.NotebookDocument): number[] {
    return notebook.getCells().flatMap((c) => {
      const role = roleOfCell(c);
      return role?.role === 'hint' && role.step !== undefined ? [role.step] : [];
    });
  }

  /** Whether the learner has run the check in this notebook. */
  hasAttempted(notebook: vscode.NotebookDocument): boolean {
    if (this.attempted.has(notebook)) return true;
    const summary = this.cellOf(notebook, 'check')?.executionSummary;
    return summary?.executionOrder !== undefined || summary?.success !== undefined;
  }

  /** The status bar items of a cell: only the learner's `exercise` cell of a practice notebook gets any. */
  statusBarItems(cell: vscode.NotebookCell): vscode.NotebookCellStatusBarItem[] {
    if (roleOfCell(cell)?.role !== 'exercise') return [];
    const ctx = this.contextOf(cell.notebook);
    if (typeof ctx === 'string') return [];
    const w = this.words();
    const args = [cell.notebook.uri];
    const items: vscode.NotebookCellStatusBarItem[] = [];
    const item = (text: string, tooltip: string, command?: string) => {
      const it = new vscode.NotebookCellStatusBarItem(text, vscode.NotebookCellStatusBarAlignment.Left);
      it.tooltip = tooltip;
      if (command) it.command = { command, title: tooltip, arguments: args };
      it.accessibilityInformation = { label: `${text.replace(/^\$\([a-z-]+\) /, '')}: ${tooltip}` };
      items.push(it);
    };
    const total = ctx.exercise.hints.length;
    if (total > 0) {
      const shown = Math.max(0, ...this.hintSteps(cell.notebook));
      if (shown < total) item(`$(lightbulb) ${w.hint(shown + 1, total)}`, w.hintTooltip(shown + 1, total), 'mlnb.showNextHint');
      else item(`$(lightbulb) ${w.allHints(total)}`, w.allHintsTooltip);
    }
    if (this.hasAttempted(cell.notebook) && !this.cellOf(cell.notebook, 'solution')) item(`$(eye) ${w.solution}`, w.solutionTooltip, 'mlnb.showSolution');
    item(`$(discard) ${w.reset}`, w.resetTooltip, 'mlnb.resetToStarter');
    return items;
  }

  /** The practice notebook a command is about: its argument (a Uri or notebook), else the active one. */
  private target(arg: unknown): PracticeContext | undefined {
    const uri = arg instanceof vscode.Uri ? arg.toString() : typeof arg === 'string' ? arg : (arg as { uri?: vscode.Uri } | undefined)?.uri?.toString();
    const notebook = uri ? vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === uri) : vscode.window.activeNotebookEditor?.notebook;
    const ctx = notebook ? this.contextOf(notebook) : this.words().notPractice;
    if (typeof ctx === 'string') {
      void vscode.window.showInformationMessage(`mlnb: ${ctx}`);
      return undefined;
    }
    if (ctx.meta.version !== ctx.exercise.version) void vscode.window.showInformationMessage(`mlnb: ${this.words().newerVersion}`);
    return ctx;
  }

  /** `mlnb.showNextHint`: inserts the next hint step after the exercise and the hints shown. Returns the step shown. */
  async showNextHint(arg?: unknown): Promise<number | undefined> {
    const ctx = this.target(arg);
    if (!ctx) return undefined;
    const w = this.words();
    const total = ctx.exercise.hints.length;
    if (total === 0) {
      void vscode.window.showInformationMessage(`mlnb: ${w.noHints}`);
      return undefined;
    }
    const steps = this.hintSteps(ctx.notebook);
    const step = Math.max(0, ...steps) + 1;
    if (step > total) {
      void vscode.window.showInformationMessage(`mlnb: ${w.allHintsMessage(total)}`);
      return undefined;
    }
    const exerciseCell = this.learnerCell(ctx.notebook);
    if (!exerciseCell) return undefined;
    // After the exercise cell, and after the hint cells already shown below it (the ladder reads top down).
    const hintsBelow = ctx.notebook.getCells().filter((c) => c.index > exerciseCell.index && roleOfCell(c)?.role === 'hint');
    const index = hintsBelow.length > 0 ? hintsBelow[hintsBelow.length - 1].index + 1 : exerciseCell.index + 1;
    await this.insert(ctx, index, practiceHintCell(ctx.exercise, step, ctx.language));
    await this.record(ctx, (state, id) => recordHint(state, id, step));
    this.changed.fire();
    return step;
  }

  /** `mlnb.showSolution`: after an attempt, inserts the reference solution right after the learner's cell. */
  async showSolution(arg?: unknown): Promise<boolean> {
    const ctx = this.target(arg);
    if (!ctx) return false;
    const w = this.words();
    if (!this.hasAttempted(ctx.notebook)) {
      void vscode.window.showInformationMessage(`mlnb: ${w.tryFirst}`);
      return false;
    }
    const existing = this.cellOf(ctx.notebook, 'solution');
    if (existing) {
      this.reveal(ctx.notebook, existing.index);
      return true;
    }
    const exerciseCell = this.learnerCell(ctx.notebook);
    if (!exerciseCell) return false;
    await this.insert(ctx, exerciseCell.index + 1, practiceSolutionCell(ctx.exercise, ctx.language));
    await this.record(ctx, (state, id) => recordSolutionShown(state, id, Date.now()));
    this.changed.fire();
    return true;
  }

  /** `mlnb.resetToStarter`: after a modal confirmation, the learner's cell gets the starter back (an undoable edit). */
  async resetToStarter(arg?: unknown): Promise<boolean> {
    const ctx = this.target(arg);
    if (!ctx) return false;
    const w = this.words();
    const cell = this.learnerCell(ctx.notebook);
    if (!cell) return false;
    const choice = await vscode.window.showWarningMessage(w.resetConfirm, { modal: true }, w.resetAction);
    if (choice !== w.resetAction) return false;
    const doc = cell.document;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), practiceCode(ctx.exercise, { language: ctx.language }).exercise);
    const ok = await vscode.workspace.applyEdit(edit);
    this.changed.fire();
    return ok;
  }

  /** The notebook was opened for an exercise (starts its "time to pass" clock the first time). */
  async opened(exerciseId: string): Promise<void> {
    await this.svc.updatePracticeProgress((state) => recordOpened(state, exerciseId, Date.now()));
  }

  /** A cell of a practice notebook finished: a check counts as an attempt, with its report. */
  async cellFinished(cell: vscode.NotebookCell, success: boolean): Promise<void> {
    if (roleOfCell(cell)?.role !== 'check') return;
    const ctx = this.contextOf(cell.notebook);
    if (typeof ctx === 'string') return;
    this.attempted.add(cell.notebook);
    let report: { passed: number; total: number } | undefined;
    for (const output of cell.outputs) {
      const found = practiceReportOf((output.metadata as { metadata?: unknown } | undefined)?.metadata);
      if (found) report = { passed: found.passed, total: found.total };
    }
    this.changed.fire();
    await this.record(ctx, (state, id) => recordCheck(state, id, { ok: success, ...(report ? { report } : {}) }, Date.now()));
  }

  /** The learner's cell (role `exercise`), or undefined after saying it is missing (the learner deleted it). */
  private learnerCell(notebook: vscode.NotebookDocument): vscode.NotebookCell | undefined {
    const cell = this.cellOf(notebook, 'exercise');
    if (!cell) void vscode.window.showWarningMessage(`mlnb: ${this.words().noCell('exercise')}`);
    return cell;
  }

  private async record(ctx: PracticeContext, change: (state: PracticeProgressState, id: string) => PracticeProgressState): Promise<void> {
    const id = ctx.exercise.questionId;
    await this.svc.updatePracticeProgress((state) => change(state, id));
  }

  private async insert(ctx: PracticeContext, index: number, cell: NotebookCell): Promise<void> {
    const data = toNotebookData(newNotebook([cell])).cells[0];
    const edit = new vscode.WorkspaceEdit();
    edit.set(ctx.notebook.uri, [vscode.NotebookEdit.insertCells(index, [data])]);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not insert the ${cell.id} cell into ${ctx.notebook.uri.toString()}`);
    this.reveal(ctx.notebook, index);
  }

  private reveal(notebook: vscode.NotebookDocument, index: number): void {
    const editor = vscode.window.visibleNotebookEditors.find((e) => e.notebook === notebook);
    editor?.revealRange(new vscode.NotebookRange(index, index + 1), vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
  }
}
