/**
 * Registers the interview-question features: the Questions tree (view `mlnb.questions`), the daily
 * question status bar item, and the commands in ./commandIds.ts.
 *
 * Activation stays cheap: this module and its static imports are small; the bank, fuse.js, ts-fsrs and
 * the webview panels live behind `import('./feature')`, which runs the first time the tree is shown or a
 * question command runs.
 */
import * as vscode from 'vscode';
import { DAILY_STATUS_BAR_ID, QUESTION_COMMANDS, QUESTIONS_VIEW_ID } from './commandIds';
import { Config, onSettingsChange } from '../config';
import type { QuestionsFeature } from './feature';
import type { QuestionNode } from './tree';
import type { FinishedCell } from '../controller';
import { registerPracticeNotebooks } from './practiceNotebooks';

type Node = QuestionNode | { kind: 'error'; message: string };

export function registerQuestions(context: vscode.ExtensionContext, onDidFinishCell: vscode.Event<FinishedCell>, log?: vscode.LogOutputChannel): vscode.Disposable {
  const info = (m: string) => log?.info(m);
  const changed = new vscode.EventEmitter<void>();
  let feature: QuestionsFeature | undefined;
  let loading: Promise<QuestionsFeature> | undefined;
  let reported = false;

  const statusBar = vscode.window.createStatusBarItem(DAILY_STATUS_BAR_ID, vscode.StatusBarAlignment.Right, 90);
  statusBar.name = 'mlnb daily question';
  statusBar.command = 'mlnb.dailyQuestion';
  const statusText = () => {
    const zh = Config.language() === 'zh';
    statusBar.text = zh ? '$(mortar-board) 每日一题' : '$(mortar-board) Daily question';
    if (!feature) statusBar.tooltip = zh ? '打开今日面试题' : "Open today's interview question";
  };
  statusText();
  statusBar.show();

  const provider: vscode.TreeDataProvider<Node> = {
    onDidChangeTreeData: changed.event,
    async getChildren(element) {
      if (element?.kind === 'error') return [];
      try {
        return (await load()).tree.getChildren(element);
      } catch (error) {
        if (!reported) {
          reported = true;
          void vscode.window.showErrorMessage(`mlnb could not load the question bank: ${firstLine(error)}`);
        }
        return [{ kind: 'error', message: firstLine(error) }];
      }
    },
    getTreeItem(element) {
      if (element.kind === 'error') {
        const item = new vscode.TreeItem('Could not load the question bank');
        item.description = element.message;
        item.tooltip = element.message;
        item.iconPath = new vscode.ThemeIcon('error');
        return item;
      }
      return feature!.tree.getTreeItem(element);
    },
    getParent(element) {
      return element.kind === 'error' ? undefined : feature?.tree.getParent(element);
    },
  };
  const treeView = vscode.window.createTreeView<Node>(QUESTIONS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });

  function load(): Promise<QuestionsFeature> {
    loading ??= import('./feature')
      .then((m) => {
        feature = m.QuestionsFeature.create({
          context,
          treeView: treeView as vscode.TreeView<QuestionNode>,
          refreshTree: () => changed.fire(),
          statusBar,
          log: info,
        });
        return feature;
      })
      .catch((error: Error) => {
        loading = undefined; // try again next time (e.g. after the bank file is fixed)
        log?.error(`questions: ${error.message}`);
        throw error;
      });
    return loading;
  }

  const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0];
  const commands = QUESTION_COMMANDS.map((id) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await (await load()).run(id, args);
      } catch (error) {
        void vscode.window.showErrorMessage(`mlnb: ${firstLine(error)}`);
        return undefined;
      }
    }),
  );

  return vscode.Disposable.from(
    changed,
    statusBar,
    treeView,
    ...commands,
    onSettingsChange(['language'], statusText),
    registerPracticeNotebooks(load, onDidFinishCell, (m) => log?.warn(m)),
    { dispose: () => feature?.dispose() },
  );
}
