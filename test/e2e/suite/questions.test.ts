/** The question commands in the extension host: a question's `practice` slug decides its practice notebook. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension } from './helpers';

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
