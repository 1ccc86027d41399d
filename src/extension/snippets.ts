/**
 * Model snippets in the editor: "mlnb: Insert Model…" (a quick pick grouped by category) and the Snippets
 * view in the mlnb sidebar. Both insert the snippet as a SnippetString, so its tab stops work, into a new code
 * cell below the active one (or into the active cell when it is an empty code cell), which is then selected:
 * a whole model is a cell of its own, never text spliced into the code where the cursor happened to be.
 * Snippets, with their titles, categories and question links, come from content/snippets/<prefix>.json, the
 * source the build also generates VS Code's `mlnb-…` completions (dist/mlnb.code-snippets) from.
 */
import * as vscode from 'vscode';
import { snippetsByCategory, type SnippetCategory, type SnippetInfo } from '../core/snippets/catalog';
import { loadSnippetsFromDir } from '../host/contentFiles';
import { expandSnippet } from '../core/snippets/expand';
import { isMlnbNotebook } from './serializer';
import { NOTEBOOK_TYPESCRIPT } from './cellLanguage';
import type { QuestionTitles } from './questions/titles';

export const SNIPPET_COMMANDS = {
  /** Quick pick of all model snippets. Optional argument: a prefix, to insert that one without asking. */
  insertModel: 'mlnb.insertModel',
  /** Insert one snippet: argument a prefix or a Snippets-view item (what a click passes). */
  insertSnippet: 'mlnb.insertSnippet',
  /** Open an interview question a snippet illustrates (one: directly; several: pick). */
  openSnippetQuestion: 'mlnb.openSnippetQuestion',
} as const;
export const SNIPPETS_VIEW_ID = 'mlnb.snippets';

const CATEGORY_ICONS: Record<SnippetCategory, string> = {
  Basics: 'symbol-numeric',
  Vision: 'device-camera',
  Sequences: 'list-ordered',
  Attention: 'eye',
  Generative: 'sparkle',
  Unsupervised: 'group-by-ref-type',
  Training: 'pulse',
  Data: 'database',
  Deployment: 'package',
};

type Node = { kind: 'category'; category: SnippetCategory; snippets: SnippetInfo[] } | { kind: 'snippet'; snippet: SnippetInfo };

class SnippetLibrary {
  private loaded: Promise<SnippetInfo[]> | undefined;
  constructor(private readonly extensionUri: vscode.Uri) {}

  /** The catalog's snippets in display order. A broken catalogue (a packaging bug) is reported naming file and field. */
  all(): Promise<SnippetInfo[]> {
    this.loaded ??= (async () => {
      try {
        return [...loadSnippetsFromDir(vscode.Uri.joinPath(this.extensionUri, 'content', 'snippets').fsPath).all];
      } catch (error) {
        void vscode.window.showErrorMessage(`mlnb: the model snippets cannot be read: ${(error as Error).message}`);
        throw error;
      }
    })();
    this.loaded.catch(() => (this.loaded = undefined)); // a failed read is retried next time
    return this.loaded;
  }

  async find(prefix: string): Promise<SnippetInfo | undefined> {
    return (await this.all()).find((s) => s.prefix === prefix);
  }
}

class SnippetTreeProvider implements vscode.TreeDataProvider<Node> {
  constructor(
    private readonly library: SnippetLibrary,
    private readonly titles: QuestionTitles,
  ) {}

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'snippet') return [];
    if (node?.kind === 'category') return node.snippets.map((snippet) => ({ kind: 'snippet', snippet }));
    const snippets = await this.library.all();
    return snippetsByCategory(snippets).map((g) => ({ kind: 'category', category: g.category, snippets: g.snippets }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'category') {
      const item = new vscode.TreeItem(node.category, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `category:${node.category}`;
      item.iconPath = new vscode.ThemeIcon(CATEGORY_ICONS[node.category]);
      item.description = `${node.snippets.length}`;
      item.contextValue = 'mlnb.category';
      return item;
    }
    const s = node.snippet;
    const item = new vscode.TreeItem(s.title, vscode.TreeItemCollapsibleState.None);
    item.id = `snippet:${s.prefix}`;
    item.description = s.prefix;
    item.iconPath = new vscode.ThemeIcon('symbol-snippet');
    item.tooltip = snippetTooltip(s, this.titles);
    item.contextValue = s.questions.length > 0 ? 'mlnb.snippet.withQuestions' : 'mlnb.snippet';
    item.command = { command: SNIPPET_COMMANDS.insertSnippet, title: 'Insert', arguments: [s.prefix] };
    item.accessibilityInformation = { label: `${s.title}, ${s.category} snippet ${s.prefix}: ${s.description}` };
    return item;
  }
}

function snippetTooltip(s: SnippetInfo, titles: QuestionTitles): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: ['mlnb.openQuestion'] };
  md.appendMarkdown(`**${escapeMarkdown(s.title)}** · \`${s.prefix}\`\n\n`);
  md.appendMarkdown(`${escapeMarkdown(s.description)}\n\n`);
  if (!s.wasm) md.appendMarkdown('$(warning) Trains on the tensorflow or cpu backend (not wasm).\n\n');
  if (s.questions.length > 0) {
    const links = s.questions.map((id) => `- [${escapeMarkdown(titles.title(id))}](command:mlnb.openQuestion?${encodeURIComponent(JSON.stringify([id]))})`);
    md.appendMarkdown(`Interview questions:\n${links.join('\n')}\n\n`);
  }
  md.appendMarkdown('Click to insert into the notebook.');
  return md;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** Inserts a snippet where the user expects it; returns where it went (for tests and the log). */
export async function insertModelSnippet(snippet: SnippetInfo): Promise<'cell' | 'new-cell' | 'editor' | 'new-notebook'> {
  const snippetString = new vscode.SnippetString(snippet.body);
  let notebookEditor = vscode.window.activeNotebookEditor;
  let where: 'cell' | 'new-cell' | 'new-notebook' = 'new-cell';

  if (!notebookEditor || !isMlnbNotebook(notebookEditor.notebook)) {
    // Not in an ML notebook: a TypeScript editor takes the snippet at its cursor, otherwise a new notebook.
    const editor = vscode.window.activeTextEditor;
    if (!notebookEditor && editor && ['typescript', 'typescriptreact', 'javascript'].includes(editor.document.languageId)) {
      await editor.insertSnippet(snippetString);
      return 'editor';
    }
    await vscode.commands.executeCommand('mlnb.newNotebook');
    notebookEditor = vscode.window.activeNotebookEditor;
    where = 'new-notebook';
    if (!notebookEditor || !isMlnbNotebook(notebookEditor.notebook)) throw new Error('could not open a new ML notebook');
  }

  const notebook = notebookEditor.notebook;
  const selected = notebookEditor.selection.isEmpty ? undefined : notebook.cellAt(notebookEditor.selection.start);
  let cell: vscode.NotebookCell;
  if (selected && selected.kind === vscode.NotebookCellKind.Code && selected.document.getText().trim() === '') {
    cell = selected; // an empty code cell is the natural place: fill it instead of adding another
    where = 'cell';
  } else {
    const index = selected ? notebookEditor.selection.end : notebook.cellCount;
    const edit = new vscode.WorkspaceEdit();
    edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(index, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, '', NOTEBOOK_TYPESCRIPT)])]);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the notebook did not accept a new cell');
    cell = notebook.cellAt(index);
  }
  const range = new vscode.NotebookRange(cell.index, cell.index + 1);
  notebookEditor.selection = range;
  notebookEditor.revealRange(range, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);

  try {
    // Focus the cell's editor so the snippet goes in with live tab stops.
    const editor = await vscode.window.showTextDocument(cell.document, { viewColumn: notebookEditor.viewColumn, preserveFocus: false });
    const end = cell.document.lineAt(cell.document.lineCount - 1).range.end;
    await editor.insertSnippet(snippetString, cell.document.getText() === '' ? end : new vscode.Range(new vscode.Position(0, 0), end));
  } catch {
    // No editor for the cell (e.g. the notebook is not visible): insert the default text without tab stops.
    const edit = new vscode.WorkspaceEdit();
    const all = new vscode.Range(new vscode.Position(0, 0), cell.document.lineAt(cell.document.lineCount - 1).range.end);
    edit.replace(cell.document.uri, all, expandSnippet(snippet.body).text);
    await vscode.workspace.applyEdit(edit);
  }
  return where;
}

async function pickSnippet(library: SnippetLibrary): Promise<SnippetInfo | undefined> {
  type Item = vscode.QuickPickItem & { snippet?: SnippetInfo };
  const items: Item[] = [];
  for (const group of snippetsByCategory(await library.all())) {
    items.push({ label: group.category, kind: vscode.QuickPickItemKind.Separator });
    for (const snippet of group.snippets) {
      items.push({
        label: `$(${CATEGORY_ICONS[group.category]}) ${snippet.title}`,
        description: snippet.prefix + (snippet.wasm ? '' : ' · tensorflow/cpu backend'),
        detail: snippet.description,
        snippet,
      });
    }
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'mlnb: Insert Model',
    placeHolder: 'A complete model with its own small data: cnn, lstm, transformer, gan, k-means…',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.snippet;
}

export function registerSnippets(context: vscode.ExtensionContext, titles: QuestionTitles): vscode.Disposable {
  const library = new SnippetLibrary(context.extensionUri);
  const prefixOf = (arg: unknown): string | undefined =>
    typeof arg === 'string' ? arg : (arg as Node | undefined)?.kind === 'snippet' ? (arg as Extract<Node, { kind: 'snippet' }>).snippet.prefix : undefined;

  const insert = async (snippet: SnippetInfo | undefined) => {
    if (!snippet) return undefined;
    try {
      return await insertModelSnippet(snippet);
    } catch (error) {
      void vscode.window.showErrorMessage(`mlnb: could not insert ${snippet.prefix}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const byPrefix = async (prefix: string) => {
    const snippet = await library.find(prefix);
    if (!snippet) void vscode.window.showErrorMessage(`mlnb: there is no model snippet "${prefix}".`);
    return snippet;
  };

  return vscode.Disposable.from(
    vscode.window.createTreeView(SNIPPETS_VIEW_ID, { treeDataProvider: new SnippetTreeProvider(library, titles), showCollapseAll: true }),
    vscode.commands.registerCommand(SNIPPET_COMMANDS.insertModel, async (arg?: unknown) => {
      const prefix = prefixOf(arg);
      return insert(prefix ? await byPrefix(prefix) : await pickSnippet(library));
    }),
    vscode.commands.registerCommand(SNIPPET_COMMANDS.insertSnippet, async (arg?: unknown) => {
      const prefix = prefixOf(arg);
      return insert(prefix ? await byPrefix(prefix) : await pickSnippet(library));
    }),
    vscode.commands.registerCommand(SNIPPET_COMMANDS.openSnippetQuestion, async (arg?: unknown) => {
      const prefix = prefixOf(arg);
      const snippet = prefix ? await byPrefix(prefix) : await pickSnippet(library);
      if (!snippet || snippet.questions.length === 0) return undefined;
      const id =
        snippet.questions.length === 1
          ? snippet.questions[0]
          : (await vscode.window.showQuickPick(snippet.questions.map((q) => ({ label: titles.title(q), id: q })), { title: `Interview questions on ${snippet.title}` }))?.id;
      return id ? vscode.commands.executeCommand('mlnb.openQuestion', id) : undefined;
    }),
  );
}
