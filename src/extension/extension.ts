/** Entry point: activate() only composes the features; each returns its own Disposable. */
import * as vscode from 'vscode';
import path from 'node:path';
import { KernelController, nativeBackendDir } from './controller';
import { registerSerializer } from './serializer';
import { registerStatusBar } from './statusBar';
import { registerIdleKernels } from './idleKernels';
import { registerVariablesView } from './variablesView';
import { registerQuestions } from './questions';
import { registerSnippets } from './snippets';
import { registerCommands, registerLongCellNotice, registerSlowBackendNotice } from './commands';
import { registerHints } from './hints';
import { registerNotebookLanguage } from './language';
import { QuestionTitles } from './questions/titles';
import { registerWalkthrough } from './walkthrough';
import { registerDebugging } from './debugging';
import { registerConfig } from './config';

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  try {
    const log = vscode.window.createOutputChannel('mlnb', { log: true });
    const controller = new KernelController(path.join(context.extensionPath, 'dist', 'kernel.js'), log, nativeBackendDir(context));
    const titles = new QuestionTitles(context.extensionPath);
    const runningNotebooks = () => vscode.workspace.notebookDocuments.filter((notebook) => controller.session(notebook));
    context.subscriptions.push(
      log,
      registerConfig({ count: () => runningNotebooks().length, restartAll: async () => void (await Promise.all(runningNotebooks().map((nb) => controller.restart(nb)))) }),
      registerSerializer(),
      controller,
      registerStatusBar(controller),
      registerIdleKernels(controller),
      registerVariablesView(controller),
      registerQuestions(context, controller.onDidFinishCell, log),
      registerSnippets(context, titles),
      registerCommands(context, controller, log),
      registerSlowBackendNotice(context, controller),
      registerLongCellNotice(controller),
      registerHints(controller, titles, context.extensionPath),
      registerNotebookLanguage(context, log),
      registerWalkthrough(context),
      registerDebugging(controller, context.extensionPath, log),
    );
    log.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);
  } catch (error) {
    void vscode.window.showErrorMessage(`mlnb could not start: ${(error as Error).message}`);
    throw error;
  }
}

export function deactivate(): void {}
