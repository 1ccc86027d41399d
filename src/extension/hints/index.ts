/** Concept hovers and training-run hints for mlnb cells. */
import * as vscode from 'vscode';
import type { KernelController } from '../controller';
import { registerHover } from './hover';
import { registerTrainingHints } from './trainingHints';

export function registerHints(controller: KernelController): vscode.Disposable {
  return vscode.Disposable.from(registerHover(), registerTrainingHints(controller));
}
