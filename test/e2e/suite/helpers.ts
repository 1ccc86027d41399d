/** Shared helpers for the extension-host tests. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'mlnb.mlnb';

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
  return ext;
}

/** The repo (the development extension's folder). */
export function repo(): string {
  return extension().extensionPath;
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

/** Copies a repo file into a fresh subfolder of the workspace; returns its path there. */
export function copyToWorkspace(repoRelative: string, name = path.basename(repoRelative)): string {
  const dir = fs.mkdtempSync(path.join(workspaceDir(), 'ext-'));
  const target = path.join(dir, name);
  fs.copyFileSync(path.join(repo(), repoRelative), target);
  return target;
}

export function writeToWorkspace(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(workspaceDir(), 'ext-'));
  const target = path.join(dir, name);
  fs.writeFileSync(target, text);
  return target;
}

/**
 * Saves a notebook and requires it saved. VS Code gives each extension's onWillSaveNotebookDocument listener
 * 1750 ms ("Aborted onWillSaveNotebookDocument-event after 1750ms" in the window log) and then save() answers
 * false with nothing written: seen on a busy machine for a first save. A later attempt saves.
 */
export async function saveNotebook(notebook: vscode.NotebookDocument, what = 'saved'): Promise<void> {
  for (let attempt = 0; attempt < 3 && !(await notebook.save()); attempt++) await new Promise((r) => setTimeout(r, 1000));
  assert.equal(notebook.isDirty, false, what);
}

export async function waitFor<T>(what: string, fn: () => T | undefined | false, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function outputText(cell: vscode.NotebookCell): string {
  return cell.outputs.flatMap((o) => o.items).map((i) => `[${i.mime}] ${Buffer.from(i.data).toString('utf8')}`).join('\n');
}

/** A minimal nbformat 4 notebook with TypeScript code cells. */
export function notebookJson(sources: string[]): string {
  return JSON.stringify({
    cells: sources.map((source, i) => ({ cell_type: 'code', execution_count: null, id: `c${i}`, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { display_name: 'TypeScript (TensorFlow.js)', language: 'typescript', name: 'mlnb-tfjs' }, language_info: { name: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 5,
  }, null, 1) + '\n';
}
