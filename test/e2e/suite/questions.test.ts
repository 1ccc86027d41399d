/**
 * The question commands in the extension host: a question's `practice` slug decides its practice notebook; in a
 * practice notebook, the hint ladder, the solution after an attempt and the check's per-case report; resetting and
 * exporting progress covers the practice progress.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { practiceReportOf } from '../../../src/core/practice/grader';
import { extension, outputText, waitFor, workspaceDir } from './helpers';

/** A cell's practice role and hint step (the nbformat metadata is kept under `metadata.metadata`). */
const roleOf = (cell: vscode.NotebookCell) => {
  const mlnb = (cell.metadata as { metadata?: { mlnb?: { practice?: unknown; step?: unknown } } }).metadata?.mlnb;
  return typeof mlnb?.practice === 'string' ? `${mlnb.practice}${typeof mlnb.step === 'number' ? ` ${mlnb.step}` : ''}` : '';
};

export default function register(): void {
  suite('questions', () => {
    test('Practice in a notebook opens the exercise a question borrows by its practice slug (pytorch-linear-regression → linear-regression)', async () => {
      await extension().activate();
      const opened = await vscode.commands.executeCommand('mlnb.practiceQuestion', 'pytorch-linear-regression');
      assert.equal(opened, true, 'mlnb.practiceQuestion found no practice notebook');
      const notebook = vscode.window.activeNotebookEditor?.notebook;
      assert.ok(notebook, 'no notebook editor opened');
      const practice = (notebook.metadata as { metadata?: { mlnb?: { practice?: { questionId?: string; exerciseId?: string } } } }).metadata?.mlnb?.practice;
      assert.equal(practice?.questionId, 'pytorch-linear-regression', JSON.stringify(notebook.metadata));
      assert.equal(practice?.exerciseId, 'linear-regression');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('practice notebook: Show solution only after an attempt, hints one step at a time in order, the check reports each case and passes with the solution', async function () {
      this.timeout(420_000); // a kernel starts and the notebook runs twice, on a busy machine
      await extension().activate();
      assert.equal(await vscode.commands.executeCommand('mlnb.practiceQuestion', 'activation-functions'), true);
      const notebook = vscode.window.activeNotebookEditor!.notebook;
      const roles = () => notebook.getCells().map(roleOf);
      assert.deepEqual(roles(), ['intro', 'task', 'setup', 'exercise', 'check', 'explanation']);
      const learner = () => notebook.getCells().find((c) => roleOf(c) === 'exercise')!.document.getText();
      const starter = learner();
      assert.equal(await vscode.commands.executeCommand('mlnb.showSolution', notebook.uri), false, 'the solution was shown before an attempt');
      assert.deepEqual(roles(), ['intro', 'task', 'setup', 'exercise', 'check', 'explanation']);
      for (const step of [1, 2, 3]) assert.equal(await vscode.commands.executeCommand('mlnb.showNextHint', notebook.uri), step);
      assert.equal(await vscode.commands.executeCommand('mlnb.showNextHint', notebook.uri), undefined, 'a fourth step of a 3-step ladder');
      assert.deepEqual(roles(), ['intro', 'task', 'setup', 'exercise', 'hint 1', 'hint 2', 'hint 3', 'check', 'explanation']);
      assert.match(notebook.cellAt(4).document.getText(), /Hint 1 of 3/);
      assert.match(notebook.cellAt(6).document.getText(), /tf\.cast\(tf\.greater\(x, 0\)/, 'the last step is nearly the answer');

      // The attempt: the starter fails the check, which reports each case.
      const check = () => notebook.getCells().find((c) => roleOf(c) === 'check')!;
      const reportOf = (cell: vscode.NotebookCell) => cell.outputs.map((o) => practiceReportOf((o.metadata as { metadata?: unknown } | undefined)?.metadata)).find((r) => r);
      await vscode.commands.executeCommand('notebook.execute');
      await waitFor('the check to fail', () => check().executionSummary?.success === false, 180_000);
      const failed = reportOf(check());
      assert.ok(failed, `no report in the check's outputs: ${outputText(check())}`);
      assert.ok(failed.total >= 5 && failed.passed < failed.total, JSON.stringify(failed));
      assert.match(outputText(check()), new RegExp(`${failed.passed}/${failed.total} passed`));

      assert.equal(await vscode.commands.executeCommand('mlnb.showSolution', notebook.uri), true);
      assert.deepEqual(roles(), ['intro', 'task', 'setup', 'exercise', 'solution', 'hint 1', 'hint 2', 'hint 3', 'check', 'explanation']);
      assert.equal(learner(), starter, "showing the solution changed the learner's cell");
      await vscode.commands.executeCommand('notebook.execute');
      await waitFor('the check to pass with the solution', () => check().executionSummary?.success === true && reportOf(check())?.passed === failed.total, 180_000);
      assert.match(outputText(check()), /✅/);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('Reset Question Progress clears the practice progress too, and is offered when only practice progress exists; Export carries the practice progress in its own versioned section', async function () {
      this.timeout(180_000);
      await extension().activate();
      // The reset asks in a modal dialog, which a test in the extension host cannot click: the dialog is answered
      // here with the button it offers first (Reset), and what it said is kept.
      const asked: { message: string; modal: boolean; buttons: string[] }[] = [];
      const window = vscode.window as { showWarningMessage: (...args: unknown[]) => unknown };
      const realWarning = window.showWarningMessage;
      window.showWarningMessage = (message: unknown, options: unknown, ...buttons: unknown[]) => {
        asked.push({ message: String(message), modal: (options as { modal?: boolean } | undefined)?.modal === true, buttons: buttons.map(String) });
        return Promise.resolve(buttons[0]);
      };
      const exported = async () => {
        const file = path.join(workspaceDir(), `progress-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
        assert.equal(await vscode.commands.executeCommand('mlnb.exportQuestionProgress', file), file);
        return JSON.parse(fs.readFileSync(file, 'utf8')) as {
          format: string;
          questions: unknown[];
          cards: Record<string, unknown>;
          practice: { format: string; version: number; practised: number; passed: number; exercises: Record<string, { attempts: number; hintsShown: number; openedAt?: number }> };
        };
      };
      try {
        // From nothing (what earlier tests left is reset first): nothing to reset, and no dialog.
        await vscode.commands.executeCommand('mlnb.resetQuestionProgress');
        asked.length = 0;
        assert.equal(await vscode.commands.executeCommand('mlnb.resetQuestionProgress'), false, 'a reset with no progress at all');
        assert.equal(asked.length, 0, 'a dialog with nothing to reset');
        const empty = await exported();
        assert.equal(empty.format, 'mlnb-question-progress');
        assert.deepEqual({ ...empty.practice, exercises: Object.keys(empty.practice.exercises) }, { format: 'mlnb-practice-progress', version: 1, practised: 0, passed: 0, exercises: [] });

        // Practice only (no question reviewed): the notebook opened and one hint shown.
        const before = Date.now();
        assert.equal(await vscode.commands.executeCommand('mlnb.practiceQuestion', 'activation-functions'), true);
        const notebook = vscode.window.activeNotebookEditor!.notebook;
        assert.equal(await vscode.commands.executeCommand('mlnb.showNextHint', notebook.uri), 1);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        const practised = await exported();
        assert.deepEqual(practised.questions, [], 'no question was reviewed');
        assert.equal(practised.practice.practised, 1);
        const progress = practised.practice.exercises['activation-functions'];
        assert.ok(progress, `no practice progress exported for activation-functions: ${JSON.stringify(practised.practice)}`);
        assert.equal(progress.hintsShown, 1);
        assert.equal(progress.attempts, 0);
        assert.ok(typeof progress.openedAt === 'number' && progress.openedAt >= before - 1000, JSON.stringify(progress));

        // The reset is offered, says what it resets, and clears the practice progress.
        assert.equal(await vscode.commands.executeCommand('mlnb.resetQuestionProgress'), true, 'practice progress alone was not offered for reset');
        assert.equal(asked.length, 1);
        assert.equal(asked[0].modal, true);
        assert.match(asked[0].message, /1 exercise practised|1 个已练习的习题/);
        assert.doesNotMatch(asked[0].message, /question[s]? reviewed|道已复习/, 'it counted reviews that are not there');
        const after = await exported();
        assert.deepEqual(after.practice.exercises, {}, 'the reset left practice progress');
        assert.equal(after.practice.practised, 0);
        assert.equal(await vscode.commands.executeCommand('mlnb.resetQuestionProgress'), false, 'after the reset there is nothing left to reset');
      } finally {
        window.showWarningMessage = realWarning;
      }
    });

    test('Select Question Language sets mlnb.language, and a language it does not know leaves the setting as it was', async () => {
      await extension().activate();
      const config = () => vscode.workspace.getConfiguration('mlnb');
      const before = config().inspect<string>('language')?.globalValue;
      try {
        await vscode.commands.executeCommand('mlnb.selectQuestionLanguage', 'zh');
        assert.equal(config().get('language'), 'zh');
        await vscode.commands.executeCommand('mlnb.selectQuestionLanguage', 'fr');
        assert.equal(config().get('language'), 'zh', 'an unknown language changed the setting');
      } finally {
        await config().update('language', before, vscode.ConfigurationTarget.Global);
      }
    });
  });
}
