/** Concept hovers and training-run hints for mlnb cells. */
import * as vscode from 'vscode';
import type { KernelController } from '../controller';
import type { QuestionTitles } from '../questions/titles';
import { registerHover } from './hover';
import { registerTrainingHints } from './trainingHints';

export function registerHints(controller: KernelController, titles: QuestionTitles, extensionPath: string): vscode.Disposable {
  return vscode.Disposable.from(registerHover(titles, extensionPath), registerTrainingHints(controller, extensionPath));
}
