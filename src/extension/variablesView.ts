/**
 * The Variables view: the kernel's user-defined globals, refreshed after each cell and whenever the active
 * notebook's kernel starts, restarts or dies (a dead kernel's variables are gone: the view must not keep them).
 */
import * as vscode from 'vscode';
import type { VariableInfo } from '../core/protocol';
import type { KernelController } from './controller';

class VariablesProvider implements vscode.TreeDataProvider<VariableInfo> {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private variables: VariableInfo[] = [];
  private lastJson = '[]';
  private generation = 0;

  constructor(private readonly controller: KernelController) {}

  /** Returns what the view now shows. */
  async refresh(): Promise<VariableInfo[]> {
    const generation = ++this.generation;
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    const kernel = notebook ? this.controller.session(notebook)?.kernel : undefined;
    const variables = kernel && kernel.state !== 'dead' ? await kernel.variables() : [];
    // An answer queued behind a long cell may arrive after a restart was shown: the newest request wins.
    if (generation !== this.generation) return this.variables;
    const json = JSON.stringify(variables);
    if (json === this.lastJson) return this.variables; // nothing changed: no tree refresh
    this.lastJson = json;
    this.variables = variables;
    this.emitter.fire();
    return variables;
  }

  getTreeItem(variable: VariableInfo): vscode.TreeItem {
    const item = new vscode.TreeItem(variable.name);
    if (variable.importFailed) {
      const { cell, specifier, message } = variable.importFailed;
      item.description = `undefined · its import from '${specifier}' failed in In[${cell}]`;
      item.iconPath = new vscode.ThemeIcon('warning');
      item.tooltip = `${variable.name} is undefined because its import from '${specifier}' failed in In[${cell}]:\n${message}`;
      return item;
    }
    if (variable.tensor) {
      item.description = `${variable.tensor.dtype} [${variable.tensor.shape.join(', ')}] · ${formatBytes(variable.tensor.bytes)}`;
      item.iconPath = new vscode.ThemeIcon('symbol-array');
    } else if (variable.model) {
      item.description = `${variable.type} · ${variable.model.layers} layers · ${variable.model.params.toLocaleString('en-US')} params`;
      item.iconPath = new vscode.ThemeIcon('symbol-class');
    } else {
      item.description = `${variable.type} · ${variable.summary}`;
      item.iconPath = new vscode.ThemeIcon(variable.type === 'function' ? 'symbol-method' : 'symbol-variable');
    }
    item.tooltip = `${variable.name}: ${variable.type}\n${variable.summary}`;
    return item;
  }

  getChildren(): VariableInfo[] {
    return this.variables;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

export function registerVariablesView(controller: KernelController): vscode.Disposable {
  const provider = new VariablesProvider(controller);
  const refresh = () => void provider.refresh();
  return vscode.Disposable.from(
    provider,
    vscode.window.createTreeView('mlnb.variables', { treeDataProvider: provider }),
    controller.onDidFinishCell(refresh),
    // Kernel started, restarted, died or was shut down (state changes and restarts both fire this).
    controller.onDidChangeKernel((notebook) => notebook === vscode.window.activeNotebookEditor?.notebook && refresh()),
    vscode.window.onDidChangeActiveNotebookEditor(refresh),
    vscode.commands.registerCommand('mlnb.refreshVariables', () => provider.refresh()),
  );
}
