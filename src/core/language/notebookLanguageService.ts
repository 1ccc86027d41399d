/**
 * A TypeScript LanguageService over a whole notebook (the virtual document of virtualDocument.ts), with
 * every position given and returned as (cell, offset in that cell): the editor's queries (completions, hovers,
 * definitions, renames, fixes) answered here; the TypeScript host in notebookProgram.ts, problems in
 * cellDiagnostics.ts, highlighting in semanticTokens.ts, per-cell syntax features in cellSyntax.ts. No vscode
 * here: the extension's providers translate these plain results into the editor's types.
 */
import ts from 'typescript';
import { NotebookDiagnostics } from './cellDiagnostics';
import type {
  CellCodeFix,
  CellCompletions,
  CellDiagnostic,
  CellHighlight,
  CellQuickInfo,
  CellRenameEdit,
  CellRenameInfo,
  CellSignatureHelp,
  CellSpan,
  CodeLocation,
} from './cellResults';
import { CellSyntax, type CellFoldingRange, type CellFormatSettings, type CellSelectionRange, type CellSymbol, type CellTextEdit } from './cellSyntax';
import { NotebookProgram, type NotebookProgramOptions } from './notebookProgram';
import { semanticTokens } from './semanticTokens';
import { shapeCell, VirtualDocument, type CellShape, type CellText } from './virtualDocument';

export class NotebookLanguageService {
  private readonly program: NotebookProgram;
  private readonly problems: NotebookDiagnostics;
  /** Formatting, outline, folding and smart selection: from each cell's text alone. */
  private readonly syntax: CellSyntax;
  private document = VirtualDocument.build([]);
  private readonly shapes = new Map<string, { text: string; shape: CellShape }>();

  constructor(options: NotebookProgramOptions) {
    this.program = new NotebookProgram(options);
    this.problems = new NotebookDiagnostics(this.program);
    this.syntax = new CellSyntax(options.notebookDir);
  }

  /** The TypeScript service and the virtual file's name, for the queries below. */
  private get service(): ts.LanguageService {
    return this.program.service;
  }

  private get virtualFile(): string {
    return this.program.virtualFile;
  }

  /** Sets the notebook's code cells, in document order. Cheap when nothing changed. */
  update(cells: readonly CellText[]): void {
    const live = new Set(cells.map((cell) => cell.id));
    for (const id of this.shapes.keys()) if (!live.has(id)) this.shapes.delete(id);
    this.syntax.keepOnly(live);
    const next = VirtualDocument.build(cells, (cell) => {
      const known = this.shapes.get(cell.id);
      if (known?.text === cell.text) return known.shape;
      const shape = shapeCell(cell.text);
      this.shapes.set(cell.id, { text: cell.text, shape });
      return shape;
    });
    this.program.setText(next.text, next.text.slice(0, next.importsEnd) !== this.document.text.slice(0, this.document.importsEnd));
    this.document = next;
  }

  /**
   * Packages were installed, upgraded or removed where the notebook's imports resolve: looks them up and
   * reads changed type files again now, so the next request (say, diagnostics) sees the change.
   */
  packagesChanged(): void {
    this.problems.forgetChecked(); // what an import declares can change the type of anything
    this.program.packagesChanged();
  }

  /** The cancellation the next requests answer to (until set again). */
  setCancellation(token: ts.HostCancellationToken | undefined): void {
    this.program.setCancellation(token);
  }

  /** The virtual document (for tests and benchmarks). */
  get virtualDocument(): VirtualDocument {
    return this.document;
  }

  completions(cellId: string, offset: number, triggerCharacter?: ts.CompletionsTriggerCharacter): CellCompletions | undefined {
    const position = this.document.toVirtual(cellId, offset);
    if (position === undefined) return undefined;
    const info = this.service.getCompletionsAtPosition(this.virtualFile, position, {
      triggerCharacter,
      includeCompletionsWithInsertText: true,
      includeAutomaticOptionalChainCompletions: true,
      includeCompletionsForModuleExports: false,
      quotePreference: 'auto',
    });
    if (!info) return undefined;
    const toCellSpan = (span: ts.TextSpan | undefined) => {
      const range = span && this.document.toCellRange(span.start, span.length);
      return range && range.cellId === cellId ? { start: range.offset, length: range.length } : undefined;
    };
    return {
      isIncomplete: !!info.isIncomplete,
      wordRange: toCellSpan(info.optionalReplacementSpan),
      entries: info.entries.map((entry) => ({ ...entry, replacement: toCellSpan(entry.replacementSpan) })),
    };
  }

  completionDetails(cellId: string, offset: number, entry: Pick<ts.CompletionEntry, 'name' | 'source' | 'data'>): { detail: string; documentation: string } | undefined {
    const position = this.document.toVirtual(cellId, offset);
    if (position === undefined) return undefined;
    const details = this.service.getCompletionEntryDetails(this.virtualFile, position, entry.name, undefined, entry.source, undefined, entry.data);
    if (!details) return undefined;
    return { detail: ts.displayPartsToString(details.displayParts), documentation: documentationMarkdown(details.documentation, details.tags) };
  }

  quickInfo(cellId: string, offset: number): CellQuickInfo | undefined {
    const position = this.document.toVirtual(cellId, offset);
    if (position === undefined) return undefined;
    const info = this.service.getQuickInfoAtPosition(this.virtualFile, position);
    const range = info && this.document.toCellRange(info.textSpan.start, info.textSpan.length);
    if (!info || !range) return undefined;
    return {
      start: range.offset,
      length: range.length,
      display: ts.displayPartsToString(info.displayParts),
      documentation: documentationMarkdown(info.documentation, info.tags),
      tags: info.tags ?? [],
    };
  }

  signatureHelp(cellId: string, offset: number, trigger?: ts.SignatureHelpTriggerReason): CellSignatureHelp | undefined {
    const position = this.document.toVirtual(cellId, offset);
    if (position === undefined) return undefined;
    const items = this.service.getSignatureHelpItems(this.virtualFile, position, { triggerReason: trigger });
    if (!items) return undefined;
    const signatures = items.items.map((item) => {
      let label = ts.displayPartsToString(item.prefixDisplayParts);
      const separator = ts.displayPartsToString(item.separatorDisplayParts);
      const parameters = item.parameters.map((parameter, index) => {
        if (index > 0) label += separator;
        const start = label.length;
        label += ts.displayPartsToString(parameter.displayParts);
        return { label: [start, label.length] as const, documentation: ts.displayPartsToString(parameter.documentation) };
      });
      label += ts.displayPartsToString(item.suffixDisplayParts);
      return { label, parameters, documentation: documentationMarkdown(item.documentation, item.tags) };
    });
    return { signatures, activeSignature: items.selectedItemIndex, activeParameter: items.argumentIndex };
  }

  definition(cellId: string, offset: number): CodeLocation[] {
    const position = this.document.toVirtual(cellId, offset);
    return position === undefined ? [] : this.locations(this.service.getDefinitionAtPosition(this.virtualFile, position) ?? []);
  }

  /** Where the type of the value at the position is declared (for `model`: TF.js's `Sequential`). */
  typeDefinition(cellId: string, offset: number): CodeLocation[] {
    const position = this.document.toVirtual(cellId, offset);
    return position === undefined ? [] : this.locations(this.service.getTypeDefinitionAtPosition(this.virtualFile, position) ?? []);
  }

  /** Every use of the name at the position, across cells (and in library files). */
  references(cellId: string, offset: number): CodeLocation[] {
    const position = this.document.toVirtual(cellId, offset);
    if (position === undefined) return [];
    const symbols = this.service.findReferences(this.virtualFile, position) ?? [];
    return this.locations(
      symbols.flatMap(({ definition, references }) =>
        references.map((reference) => ({
          ...reference,
          isDefinition: reference.isDefinition ?? (reference.fileName === definition.fileName && reference.textSpan.start === definition.textSpan.start),
        })),
      ),
    );
  }

  /** The uses of the name at the position in the same cell, for the editor's highlight. */
  highlights(cellId: string, offset: number): CellHighlight[] {
    const position = this.document.toVirtual(cellId, offset);
    if (position === undefined) return [];
    const spans = (this.service.getDocumentHighlights(this.virtualFile, position, [this.virtualFile]) ?? []).flatMap((h) => h.highlightSpans);
    return spans.flatMap((span) => {
      const range = this.document.toCellRange(span.textSpan.start, span.textSpan.length);
      return range?.cellId === cellId ? [{ start: range.offset, length: range.length, write: span.kind === ts.HighlightSpanKind.writtenReference }] : [];
    });
  }

  renameInfo(cellId: string, offset: number): CellRenameInfo {
    const position = this.document.toVirtual(cellId, offset);
    const info = position === undefined ? undefined : this.service.getRenameInfo(this.virtualFile, position, { allowRenameOfImportPath: false });
    if (!info) return { canRename: false, message: 'Nothing to rename here.' };
    if (!info.canRename) return { canRename: false, message: info.localizedErrorMessage };
    const range = this.document.toCellRange(info.triggerSpan.start, info.triggerSpan.length);
    if (!range || range.cellId !== cellId) return { canRename: false, message: 'Nothing to rename here.' };
    return { canRename: true, start: range.offset, length: range.length, placeholder: info.displayName };
  }

  /** The edits renaming the name at the position, or why it cannot be renamed (it is declared outside the notebook). */
  renameEdits(cellId: string, offset: number): { edits: CellRenameEdit[] } | { message: string } {
    const info = this.renameInfo(cellId, offset);
    if (!info.canRename) return { message: info.message };
    const position = this.document.toVirtual(cellId, offset)!;
    const locations = this.service.findRenameLocations(this.virtualFile, position, false, false, { providePrefixAndSuffixTextForRename: true }) ?? [];
    const edits: CellRenameEdit[] = [];
    for (const location of locations) {
      const range = location.fileName === this.virtualFile ? this.document.toCellRange(location.textSpan.start, location.textSpan.length) : undefined;
      if (!range) return { message: `'${info.placeholder}' is also used outside the notebook (${location.fileName}): rename it there first.` };
      edits.push({ cellId: range.cellId, start: range.offset, length: range.length, prefix: location.prefixText ?? '', suffix: location.suffixText ?? '' });
    }
    return { edits };
  }

  /**
   * TypeScript's quick fixes for errors in a cell range (say, "Change spelling to 'model'"). Fixes that would
   * edit anything but cells (a file on disk, or the generated parts of the virtual document) are left out.
   */
  codeFixes(cellId: string, start: number, end: number, errorCodes: readonly CellDiagnostic['code'][]): CellCodeFix[] {
    const own = errorCodes.includes('imported-later') ? this.problems.moveImportFix(this.document, cellId, start) : [];
    return [...own, ...this.typeScriptFixes(cellId, start, end, errorCodes.filter((code) => typeof code === 'number'))];
  }

  private typeScriptFixes(cellId: string, start: number, end: number, errorCodes: readonly number[]): CellCodeFix[] {
    const from = this.document.toVirtual(cellId, start);
    // A range running into a hoisted import is not contiguous in the virtual file: it is cut where it leaves.
    const to = Math.max(from ?? 0, Math.min(this.document.toVirtual(cellId, end) ?? 0, (from ?? 0) + end - start));
    if (from === undefined || !errorCodes.length) return [];
    // Indentation 0: cells sit in nested blocks of the virtual document, which TypeScript would indent for.
    const format = { ...ts.getDefaultFormatCodeSettings('\n'), indentSize: 0, baseIndentSize: 0 };
    const fixes = this.service.getCodeFixesAtPosition(this.virtualFile, from, to, errorCodes, format, { quotePreference: 'auto' });
    return fixes.flatMap((fix) => {
      const edits: (CellSpan & { newText: string })[] = [];
      for (const change of fix.changes) {
        if (change.fileName !== this.virtualFile) return [];
        for (const { span, newText } of change.textChanges) {
          const range = this.document.toCellRange(span.start, span.length);
          if (!range || range.length !== span.length) return [];
          edits.push({ cellId: range.cellId, start: range.offset, length: range.length, newText });
        }
      }
      return edits.length ? [{ title: fix.description, edits }] : [];
    });
  }

  /** TypeScript's spans as places in cells or files; the in-memory files (kernel globals, `mlnb/practice`) are left out. */
  private locations(spans: readonly (Pick<ts.DocumentSpan, 'fileName' | 'textSpan'> & { isDefinition?: boolean })[]): CodeLocation[] {
    const program = this.service.getProgram();
    return spans.flatMap((span): CodeLocation[] => {
      const isDefinition = span.isDefinition === undefined ? {} : { isDefinition: span.isDefinition };
      if (span.fileName === this.virtualFile) {
        const range = this.document.toCellRange(span.textSpan.start, span.textSpan.length);
        return range ? [{ kind: 'cell', cellId: range.cellId, start: range.offset, length: range.length, ...isDefinition }] : [];
      }
      const file = span.fileName === this.program.globalsFile || span.fileName === this.program.practiceFile ? undefined : program?.getSourceFile(span.fileName);
      if (!file) return [];
      const { start, length } = span.textSpan;
      return [{ kind: 'file', fileName: span.fileName, start: file.getLineAndCharacterOfPosition(start), end: file.getLineAndCharacterOfPosition(start + length), ...isDefinition }];
    });
  }

  /** Problems per cell: syntax errors of each cell, type errors of the notebook (cellDiagnostics.ts). */
  diagnostics(): Map<string, CellDiagnostic[]> {
    return this.problems.compute(this.document);
  }

  /** Semantic highlighting of a cell (semanticTokens.ts). */
  semanticTokens(cellId: string): number[] {
    return semanticTokens(this.program, this.document, cellId);
  }

  /** Formatting edits for a cell, or for the part of it from `range.start` to `range.end`. */
  format(cellId: string, settings: CellFormatSettings, range?: { start: number; end: number }): CellTextEdit[] {
    const cell = this.cell(cellId);
    return cell ? this.syntax.format(cell, settings, range) : [];
  }

  /** A cell's declarations, for the outline and breadcrumbs. */
  symbols(cellId: string): CellSymbol[] {
    const cell = this.cell(cellId);
    return cell ? this.syntax.symbols(cell) : [];
  }

  foldingRanges(cellId: string): CellFoldingRange[] {
    const cell = this.cell(cellId);
    return cell ? this.syntax.foldingRanges(cell) : [];
  }

  selectionRanges(cellId: string, offsets: readonly number[]): CellSelectionRange[] {
    const cell = this.cell(cellId);
    return cell ? this.syntax.selectionRanges(cell, offsets.map((offset) => Math.min(Math.max(offset, 0), cell.text.length))) : [];
  }

  private cell(cellId: string): CellText | undefined {
    return this.document.cells[this.document.indexOf(cellId)];
  }

  dispose(): void {
    this.program.dispose();
    this.syntax.dispose();
  }
}

/** Tags TF.js's API-docs generator reads (`@doc {heading: 'Layers', …}`): markup for its site, noise in a hover. */
const DOC_GENERATOR_TAGS = new Set(['doc', 'docalias', 'docinline', 'innamespace']);

/** JSDoc text and tags as markdown, the way VS Code's TypeScript hovers show them. */
function documentationMarkdown(documentation: readonly ts.SymbolDisplayPart[] | undefined, tags: readonly ts.JSDocTagInfo[] | undefined): string {
  const parts = [ts.displayPartsToString(documentation as ts.SymbolDisplayPart[] | undefined)];
  for (const tag of tags ?? []) {
    if (DOC_GENERATOR_TAGS.has(tag.name)) continue;
    const text = ts.displayPartsToString(tag.text);
    if (tag.name === 'example') parts.push(`*@example*\n\`\`\`ts\n${text.replace(/^```\w*\n?|```$/g, '').trim()}\n\`\`\``);
    else parts.push(`*@${tag.name}*${text ? ` — ${text}` : ''}`);
  }
  return parts.filter(Boolean).join('\n\n');
}
