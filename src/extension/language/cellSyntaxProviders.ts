/**
 * Format Cell / Format Notebook, the outline and breadcrumbs, folding and Expand Selection for mlnb cells:
 * what VS Code's TypeScript gives a .ts file, answered from each cell's own text by the language worker.
 */
import * as vscode from 'vscode';
import type { CellFoldingRange, CellFormatSettings, CellSelectionRange, CellSymbol } from '../../core/language/cellSyntax';
import { NOTEBOOK_TYPESCRIPT } from '../cellLanguage';
import { Config } from '../config';
import { spanRange, type NotebookServices } from './notebookServices';
import { guarded } from './providers';

/** VS Code's `typescript.format.*` / `javascript.format.*` settings that TypeScript's formatter takes as they are. */
const FORMAT_SETTINGS = [
  'insertSpaceAfterCommaDelimiter', 'insertSpaceAfterConstructor', 'insertSpaceAfterSemicolonInForStatements',
  'insertSpaceBeforeAndAfterBinaryOperators', 'insertSpaceAfterKeywordsInControlFlowStatements',
  'insertSpaceAfterFunctionKeywordForAnonymousFunctions', 'insertSpaceBeforeFunctionParenthesis',
  'insertSpaceAfterOpeningAndBeforeClosingNonemptyParenthesis', 'insertSpaceAfterOpeningAndBeforeClosingNonemptyBrackets',
  'insertSpaceAfterOpeningAndBeforeClosingNonemptyBraces', 'insertSpaceAfterOpeningAndBeforeClosingEmptyBraces',
  'insertSpaceAfterOpeningAndBeforeClosingTemplateStringBraces', 'insertSpaceAfterTypeAssertion',
  'placeOpenBraceOnNewLineForFunctions', 'placeOpenBraceOnNewLineForControlBlocks', 'semicolons', 'indentSwitchCase',
] as const;

/** TypeScript's ScriptElementKind → the outline's symbol kinds. */
const SYMBOL_KINDS: Record<string, vscode.SymbolKind> = {
  module: vscode.SymbolKind.Module,
  class: vscode.SymbolKind.Class,
  'local class': vscode.SymbolKind.Class,
  interface: vscode.SymbolKind.Interface,
  type: vscode.SymbolKind.TypeParameter,
  enum: vscode.SymbolKind.Enum,
  'enum member': vscode.SymbolKind.EnumMember,
  function: vscode.SymbolKind.Function,
  'local function': vscode.SymbolKind.Function,
  method: vscode.SymbolKind.Method,
  constructor: vscode.SymbolKind.Constructor,
  property: vscode.SymbolKind.Property,
  getter: vscode.SymbolKind.Property,
  setter: vscode.SymbolKind.Property,
  const: vscode.SymbolKind.Constant,
};

const FOLDING_KINDS: Record<CellFoldingRange['kind'], vscode.FoldingRangeKind | undefined> = {
  comment: vscode.FoldingRangeKind.Comment,
  region: vscode.FoldingRangeKind.Region,
  imports: vscode.FoldingRangeKind.Imports,
  code: undefined,
};

/** Formatting options as TypeScript takes them, or undefined when the user turned formatting off. */
function formatSettings(document: vscode.TextDocument, options: vscode.FormattingOptions): CellFormatSettings | undefined {
  const config = Config.editorFormat(document, document.languageId === NOTEBOOK_TYPESCRIPT);
  if (config.get('enable') === false) return undefined;
  const settings: Record<string, unknown> = {
    tabSize: options.tabSize,
    indentSize: options.tabSize,
    convertTabsToSpaces: options.insertSpaces,
    newLineCharacter: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
  };
  for (const key of FORMAT_SETTINGS) {
    const value = config.get(key);
    if (value !== undefined) settings[key] = value;
  }
  return settings as CellFormatSettings;
}

function toSymbol(document: vscode.TextDocument, symbol: CellSymbol): vscode.DocumentSymbol {
  const range = spanRange(document, symbol.start, symbol.length);
  const name = spanRange(document, symbol.nameStart, symbol.nameLength);
  const result = new vscode.DocumentSymbol(symbol.name, '', SYMBOL_KINDS[symbol.kind] ?? vscode.SymbolKind.Variable, range, range.contains(name) ? name : range);
  result.children = symbol.children.map((child) => toSymbol(document, child));
  return result;
}

/** A fold ends on the line before a closing `}`, `]`, `)` or backtick, which stays visible (as in VS Code's TypeScript). */
function toFoldingRange(document: vscode.TextDocument, fold: CellFoldingRange): vscode.FoldingRange[] {
  const range = spanRange(document, fold.start, fold.length);
  const closer = fold.length > 0 && '}])`'.includes(document.getText(spanRange(document, fold.start + fold.length - 1, 1)));
  const end = closer ? range.end.line - 1 : range.end.line;
  return end > range.start.line ? [new vscode.FoldingRange(range.start.line, end, FOLDING_KINDS[fold.kind])] : [];
}

function toSelectionRange(document: vscode.TextDocument, selection: CellSelectionRange): vscode.SelectionRange {
  return new vscode.SelectionRange(spanRange(document, selection.start, selection.length), selection.parent && toSelectionRange(document, selection.parent));
}

export function registerCellSyntaxProviders(selector: vscode.DocumentSelector, services: NotebookServices, log: vscode.LogOutputChannel): vscode.Disposable {
  const formatEdits = (document: vscode.TextDocument, options: vscode.FormattingOptions, token: vscode.CancellationToken, range?: vscode.Range) =>
    guarded(log, 'formatting', async () => {
      const cell = services.cellOf(document);
      const settings = formatSettings(document, options);
      if (!cell || !settings) return undefined;
      const part = range && { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
      const edits = await services.request(token, cell.notebook, 'format', cell.cellId, settings, part);
      return edits.map((edit) => vscode.TextEdit.replace(spanRange(document, edit.start, edit.length), edit.newText));
    });

  return vscode.Disposable.from(
    vscode.languages.registerDocumentFormattingEditProvider(selector, {
      provideDocumentFormattingEdits: (document, options, token) => formatEdits(document, options, token),
    }),
    vscode.languages.registerDocumentRangeFormattingEditProvider(selector, {
      provideDocumentRangeFormattingEdits: (document, range, options, token) => formatEdits(document, options, token, range),
    }),
    vscode.languages.registerDocumentSymbolProvider(
      selector,
      {
        provideDocumentSymbols: (document, token) =>
          guarded(log, 'outline', async () => {
            const cell = services.cellOf(document);
            return cell && (await services.request(token, cell.notebook, 'symbols', cell.cellId)).map((symbol) => toSymbol(document, symbol));
          }),
      },
      { label: 'mlnb TypeScript' },
    ),
    vscode.languages.registerFoldingRangeProvider(selector, {
      provideFoldingRanges: (document, _context, token) =>
        guarded(log, 'folding', async () => {
          const cell = services.cellOf(document);
          return cell && (await services.request(token, cell.notebook, 'foldingRanges', cell.cellId)).flatMap((fold) => toFoldingRange(document, fold));
        }),
    }),
    vscode.languages.registerSelectionRangeProvider(selector, {
      provideSelectionRanges: (document, positions, token) =>
        guarded(log, 'smart selection', async () => {
          const cell = services.cellOf(document);
          const offsets = positions.map((position) => document.offsetAt(position));
          return cell && (await services.request(token, cell.notebook, 'selectionRanges', cell.cellId, offsets)).map((selection) => toSelectionRange(document, selection));
        }),
    }),
  );
}
