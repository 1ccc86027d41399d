/** TypeScript language features over the whole notebook for mlnb's TypeScript and JavaScript cells. */
import * as vscode from 'vscode';
import path from 'node:path';
import { NOTEBOOK_TYPES } from '../serializer';
import { NOTEBOOK_LANGUAGES } from '../cellLanguage';
import { NotebookServices } from './notebookServices';
import { NotebookDiagnostics } from './diagnostics';
import { registerLanguageProviders } from './providers';
import { registerCellSyntaxProviders } from './cellSyntaxProviders';
import { registerTypeErrorStatus } from './cellStatus';

export function registerNotebookLanguage(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
  const selector = NOTEBOOK_TYPES.flatMap((notebookType) => NOTEBOOK_LANGUAGES.map((language) => ({ notebookType, language })));
  const services = new NotebookServices(path.join(context.extensionPath, 'dist', 'languageWorker.js'), context.extensionPath, log);
  const diagnostics = new NotebookDiagnostics(services, log);
  return vscode.Disposable.from(services, diagnostics, registerTypeErrorStatus(diagnostics), registerLanguageProviders(selector, services, log), registerCellSyntaxProviders(selector, services, log));
}
