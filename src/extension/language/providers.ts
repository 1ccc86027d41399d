/**
 * Completion, hover, signature help, go to (type) definition, references, highlights, rename, TypeScript's
 * quick fixes and semantic highlighting for mlnb cells, answered by the notebook's whole-notebook language service and translated
 * into VS Code's types here.
 */
import * as vscode from 'vscode';
import type ts from 'typescript';
import type { CellCompletionEntry, CodeLocation } from '../../core/language/cellResults';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES } from '../../core/language/semanticTokens';
import { cellDocument, spanRange, type CellRef, type NotebookServices } from './notebookServices';
import { LanguageRequestCancelled, LanguageWorkerStopped } from '../../host/languageWorkerClient';

/** TypeScript's ScriptElementKind strings → VS Code's completion kinds. */
const COMPLETION_KINDS: Record<string, vscode.CompletionItemKind> = {
  primitive: vscode.CompletionItemKind.Keyword,
  keyword: vscode.CompletionItemKind.Keyword,
  var: vscode.CompletionItemKind.Variable,
  'local var': vscode.CompletionItemKind.Variable,
  let: vscode.CompletionItemKind.Variable,
  const: vscode.CompletionItemKind.Constant,
  using: vscode.CompletionItemKind.Variable,
  'await using': vscode.CompletionItemKind.Variable,
  property: vscode.CompletionItemKind.Field,
  getter: vscode.CompletionItemKind.Property,
  setter: vscode.CompletionItemKind.Property,
  accessor: vscode.CompletionItemKind.Property,
  method: vscode.CompletionItemKind.Method,
  'local function': vscode.CompletionItemKind.Function,
  function: vscode.CompletionItemKind.Function,
  constructor: vscode.CompletionItemKind.Constructor,
  'construct': vscode.CompletionItemKind.Constructor,
  class: vscode.CompletionItemKind.Class,
  'local class': vscode.CompletionItemKind.Class,
  interface: vscode.CompletionItemKind.Interface,
  type: vscode.CompletionItemKind.TypeParameter,
  alias: vscode.CompletionItemKind.Variable,
  'type parameter': vscode.CompletionItemKind.TypeParameter,
  enum: vscode.CompletionItemKind.Enum,
  'enum member': vscode.CompletionItemKind.EnumMember,
  module: vscode.CompletionItemKind.Module,
  'external module name': vscode.CompletionItemKind.Module,
  directory: vscode.CompletionItemKind.Folder,
  script: vscode.CompletionItemKind.File,
  string: vscode.CompletionItemKind.Constant,
  parameter: vscode.CompletionItemKind.Variable,
  label: vscode.CompletionItemKind.Text,
};

const COMPLETION_TRIGGERS = ['.', '"', "'", '`', '/', '@', '<', '#'];
const SEMANTIC_TOKENS_LEGEND = new vscode.SemanticTokensLegend([...SEMANTIC_TOKEN_TYPES], [...SEMANTIC_TOKEN_MODIFIERS]);
/** After an edit, other cells' highlighting is asked for again once typing pauses (a name's kind may have changed). */
const SEMANTIC_TOKENS_REFRESH_MS = 300;
const SIGNATURE_TRIGGERS = ['(', ',', '<'];

/** A completion item that remembers where it came from, to fetch its details when VS Code asks. */
class CellCompletionItem extends vscode.CompletionItem {
  constructor(
    readonly entry: CellCompletionEntry,
    readonly cell: CellRef,
    readonly offset: number,
  ) {
    super(entry.labelDetails ? { label: entry.name, ...entry.labelDetails } : entry.name, COMPLETION_KINDS[entry.kind] ?? vscode.CompletionItemKind.Property);
  }
}

/** Runs a provider body; a failure is logged (and the feature gives no answer) rather than thrown into VS Code's console. */
export async function guarded<T>(log: vscode.LogOutputChannel, what: string, body: () => Promise<T>): Promise<T | undefined> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof LanguageWorkerStopped || error instanceof LanguageRequestCancelled) log.debug(`TypeScript ${what}: ${error.message}`);
    else log.error(`TypeScript ${what} failed: ${(error as Error).stack ?? String(error)}`);
    return undefined;
  }
}

export function registerLanguageProviders(selector: vscode.DocumentSelector, services: NotebookServices, log: vscode.LogOutputChannel): vscode.Disposable {
  type CellPosition = CellRef & { offset: number };
  const at = (document: vscode.TextDocument, position: vscode.Position): CellPosition | undefined => {
    const cell = services.cellOf(document);
    return cell && { ...cell, offset: document.offsetAt(position) };
  };
  /** Answers for a position in an mlnb cell; no answer elsewhere; failures logged. */
  const answer = <T>(what: string, document: vscode.TextDocument, position: vscode.Position, body: (target: CellPosition) => Promise<T | undefined>) =>
    guarded(log, what, async () => {
      const target = at(document, position);
      return target && body(target);
    });

  const completion: vscode.CompletionItemProvider<CellCompletionItem> = {
    provideCompletionItems: (document, position, token, context) =>
      answer('completion', document, position, async (target) => {
        const trigger = context.triggerKind === vscode.CompletionTriggerKind.TriggerCharacter ? (context.triggerCharacter as ts.CompletionsTriggerCharacter) : undefined;
        const result = await services.request(token, target.notebook, 'completions', target.cellId, target.offset, trigger);
        if (!result) return undefined;
        const items = result.entries.map((entry) => {
          const item = new CellCompletionItem(entry, target, target.offset);
          item.sortText = entry.sortText;
          item.filterText = entry.filterText;
          item.preselect = entry.isRecommended;
          if (entry.insertText !== undefined) item.insertText = entry.isSnippet ? new vscode.SnippetString(entry.insertText) : entry.insertText;
          const replacement = entry.replacement ?? result.wordRange;
          if (replacement) item.range = spanRange(document, replacement.start, replacement.length);
          if (entry.kindModifiers?.includes('deprecated')) item.tags = [vscode.CompletionItemTag.Deprecated];
          if (entry.kindModifiers?.includes('optional') && typeof item.label === 'string') {
            item.label = { label: `${entry.name}?` }; // shown as TypeScript shows optional members; inserted without the `?`
            item.insertText ??= entry.name;
            item.filterText ??= entry.name;
          }
          return item;
        });
        return new vscode.CompletionList(items, result.isIncomplete);
      }),
    resolveCompletionItem: (item, token) =>
      guarded(log, 'completion details', async () => {
        const { name, source, data } = item.entry;
        const details = await services.request(token, item.cell.notebook, 'completionDetails', item.cell.cellId, item.offset, { name, source, data });
        if (details) {
          item.detail = details.detail;
          item.documentation = new vscode.MarkdownString(details.documentation);
        }
        return item;
      }).then((resolved) => resolved ?? item),
  };

  const hover: vscode.HoverProvider = {
    provideHover: (document, position, token) =>
      answer('hover', document, position, async (target) => {
        const info = await services.request(token, target.notebook, 'quickInfo', target.cellId, target.offset);
        if (!info) return undefined;
        const contents = [new vscode.MarkdownString().appendCodeblock(info.display, 'typescript')];
        if (info.documentation) contents.push(new vscode.MarkdownString(info.documentation));
        return new vscode.Hover(contents, spanRange(document, info.start, info.length));
      }),
  };

  const signatureHelp: vscode.SignatureHelpProvider = {
    provideSignatureHelp: (document, position, token, context) =>
      answer('signature help', document, position, async (target) => {
        const help = await services.request(token, target.notebook, 'signatureHelp', target.cellId, target.offset, signatureTrigger(context));
        if (!help) return undefined;
        const result = new vscode.SignatureHelp();
        result.signatures = help.signatures.map((signature) => {
          const info = new vscode.SignatureInformation(signature.label, new vscode.MarkdownString(signature.documentation));
          info.parameters = signature.parameters.map((p) => new vscode.ParameterInformation([p.label[0], p.label[1]], p.documentation || undefined));
          return info;
        });
        result.activeSignature = help.activeSignature;
        result.activeParameter = help.activeParameter;
        return result;
      }),
  };

  const definition: vscode.DefinitionProvider = {
    provideDefinition: (document, position, token) =>
      answer('go to definition', document, position, async (target) => {
        const definitions = await services.request(token, target.notebook, 'definition', target.cellId, target.offset);
        return definitions.flatMap((d) => location(target.notebook, d));
      }),
  };

  const typeDefinition: vscode.TypeDefinitionProvider = {
    provideTypeDefinition: (document, position, token) =>
      answer('go to type definition', document, position, async (target) => {
        const definitions = await services.request(token, target.notebook, 'typeDefinition', target.cellId, target.offset);
        return definitions.flatMap((d) => location(target.notebook, d));
      }),
  };

  const references: vscode.ReferenceProvider = {
    provideReferences: (document, position, context, token) =>
      answer('find references', document, position, async (target) => {
        const found = await services.request(token, target.notebook, 'references', target.cellId, target.offset);
        return found.filter((r) => context.includeDeclaration || !r.isDefinition).flatMap((r) => location(target.notebook, r));
      }),
  };

  const highlights: vscode.DocumentHighlightProvider = {
    provideDocumentHighlights: (document, position, token) =>
      answer('highlights', document, position, async (target) => {
        const found = await services.request(token, target.notebook, 'highlights', target.cellId, target.offset);
        return found.map((h) => new vscode.DocumentHighlight(spanRange(document, h.start, h.length), h.write ? vscode.DocumentHighlightKind.Write : vscode.DocumentHighlightKind.Read));
      }),
  };

  // Errors thrown from a rename provider are shown to the user as the reason the rename cannot happen.
  const rename: vscode.RenameProvider = {
    prepareRename: async (document, position, token) => {
      const target = at(document, position);
      if (!target) throw new Error('Only names in TypeScript cells of an mlnb notebook can be renamed here.');
      const info = await services.request(token, target.notebook, 'renameInfo', target.cellId, target.offset);
      if (!info.canRename) throw new Error(info.message);
      return { range: spanRange(document, info.start, info.length), placeholder: info.placeholder };
    },
    provideRenameEdits: async (document, position, newName, token) => {
      const target = at(document, position);
      if (!target) return undefined;
      const result = await services.request(token, target.notebook, 'renameEdits', target.cellId, target.offset);
      if ('message' in result) throw new Error(result.message);
      const edit = new vscode.WorkspaceEdit();
      for (const change of result.edits) {
        const document = cellDocument(target.notebook, change.cellId);
        if (document) edit.replace(document.uri, spanRange(document, change.start, change.length), `${change.prefix}${newName}${change.suffix}`);
      }
      return edit;
    },
  };

  const quickFixes: vscode.CodeActionProvider = {
    provideCodeActions: (document, _range, context, token) =>
      guarded(log, 'quick fixes', async () => {
        const cell = services.cellOf(document);
        // TypeScript's errors, and mlnb's own check with its fix ("Move the import to this cell").
        const errors = context.diagnostics.filter((d) => (d.source === 'ts' && typeof d.code === 'number') || (d.source === 'mlnb' && d.code === 'imported-later'));
        if (!cell || !errors.length) return undefined;
        const actions: vscode.CodeAction[] = [];
        for (const error of errors) {
          const [start, end] = [document.offsetAt(error.range.start), document.offsetAt(error.range.end)];
          for (const fix of await services.request(token, cell.notebook, 'codeFixes', cell.cellId, start, end, [error.code as number | 'imported-later'])) {
            const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
            action.diagnostics = [error];
            action.edit = new vscode.WorkspaceEdit();
            for (const edit of fix.edits) {
              const target = cellDocument(cell.notebook, edit.cellId);
              if (target) action.edit.replace(target.uri, spanRange(target, edit.start, edit.length), edit.newText);
            }
            actions.push(action);
          }
        }
        return actions;
      }),
  };

  const tokensChanged = new vscode.EventEmitter<void>();
  let refresh: NodeJS.Timeout | undefined;
  const semanticTokens: vscode.DocumentSemanticTokensProvider = {
    onDidChangeSemanticTokens: tokensChanged.event,
    provideDocumentSemanticTokens: (document, token) =>
      guarded(log, 'semantic highlighting', async () => {
        const cell = services.cellOf(document);
        if (!cell) return undefined;
        const tokens = await services.request(token, cell.notebook, 'semanticTokens', cell.cellId);
        const builder = new vscode.SemanticTokensBuilder(SEMANTIC_TOKENS_LEGEND);
        for (let i = 0; i + 3 < tokens.length; i += 4) {
          const start = document.positionAt(tokens[i]!);
          builder.push(start.line, start.character, tokens[i + 1]!, tokens[i + 2]!, tokens[i + 3]!);
        }
        return builder.build();
      }),
  };

  return vscode.Disposable.from(
    tokensChanged,
    { dispose: () => clearTimeout(refresh) },
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (!event.contentChanges.length || !services.cellOf(event.document)) return;
      clearTimeout(refresh);
      refresh = setTimeout(() => tokensChanged.fire(), SEMANTIC_TOKENS_REFRESH_MS);
    }),
    vscode.languages.registerDocumentSemanticTokensProvider(selector, semanticTokens, SEMANTIC_TOKENS_LEGEND),
    vscode.languages.registerCodeActionsProvider(selector, quickFixes, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.languages.registerReferenceProvider(selector, references),
    vscode.languages.registerDocumentHighlightProvider(selector, highlights),
    vscode.languages.registerRenameProvider(selector, rename),
    vscode.languages.registerCompletionItemProvider(selector, completion, ...COMPLETION_TRIGGERS),
    vscode.languages.registerHoverProvider(selector, hover),
    vscode.languages.registerSignatureHelpProvider(selector, signatureHelp, { triggerCharacters: SIGNATURE_TRIGGERS, retriggerCharacters: [')'] }),
    vscode.languages.registerDefinitionProvider(selector, definition),
    vscode.languages.registerTypeDefinitionProvider(selector, typeDefinition),
  );
}

function signatureTrigger(context: vscode.SignatureHelpContext): ts.SignatureHelpTriggerReason {
  const character = context.triggerCharacter as ts.SignatureHelpTriggerCharacter | undefined;
  if (context.triggerKind === vscode.SignatureHelpTriggerKind.TriggerCharacter && character && !context.isRetrigger) return { kind: 'characterTyped', triggerCharacter: character };
  if (context.isRetrigger || context.triggerKind === vscode.SignatureHelpTriggerKind.ContentChange) return { kind: 'retrigger', triggerCharacter: character as ts.SignatureHelpRetriggerCharacter | undefined };
  return { kind: 'invoked' };
}

function location(notebook: vscode.NotebookDocument, target: CodeLocation): vscode.Location[] {
  if (target.kind === 'file') {
    return [new vscode.Location(vscode.Uri.file(target.fileName), new vscode.Range(target.start.line, target.start.character, target.end.line, target.end.character))];
  }
  const document = cellDocument(notebook, target.cellId);
  return document ? [new vscode.Location(document.uri, spanRange(document, target.start, target.length))] : [];
}
