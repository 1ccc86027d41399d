/**
 * A TypeScript LanguageService over a whole notebook (the virtual document of virtualDocument.ts), with
 * every position given and returned as (cell, offset in that cell). No vscode here: the extension's
 * providers translate these plain results into the editor's types.
 */
import path from 'node:path';
import ts from 'typescript';
import { nodeAt } from '../syntaxTree';
import { KERNEL_GLOBAL_NAMES, KERNEL_GLOBALS_DTS, KERNEL_GLOBALS_FILE } from './kernelGlobals';
import { cellsToCheckAgain, type CellStatements } from './editImpact';
import { shapeCell, VirtualDocument, type CellShape, type CellText } from './virtualDocument';
import { CellSyntax, type CellFoldingRange, type CellFormatSettings, type CellSelectionRange, type CellSymbol, type CellTextEdit } from './cellSyntax';

export type { CellText } from './virtualDocument';

export interface NotebookLanguageServiceOptions {
  /** The notebook's folder: user imports resolve from here first, as in the kernel. */
  readonly notebookDir: string;
  /** mlnb's install folder: TF.js, Node's types and the kernel globals resolve from here. */
  readonly packageRoot: string;
}

export interface CellSpan {
  readonly cellId: string;
  readonly start: number;
  readonly length: number;
}

/** A place in code: a span of a cell of this notebook, or a range of a file (e.g. TF.js's .d.ts). */
export type CodeLocation = (
  | ({ readonly kind: 'cell' } & CellSpan)
  | { readonly kind: 'file'; readonly fileName: string; readonly start: ts.LineAndCharacter; readonly end: ts.LineAndCharacter }
) & {
  /** For references: whether this one is the declaration. */
  readonly isDefinition?: boolean;
};

export interface CellHighlight {
  readonly start: number;
  readonly length: number;
  /** Written (assigned, declared) rather than read. */
  readonly write: boolean;
}

export type CellRenameInfo =
  | { readonly canRename: true; readonly start: number; readonly length: number; readonly placeholder: string }
  | { readonly canRename: false; readonly message: string };

/** A quick fix TypeScript offers for an error: its title and its edits, all in cells. */
export interface CellCodeFix {
  readonly title: string;
  readonly edits: readonly (CellSpan & { readonly newText: string })[];
}

/** Where a rename changes the notebook: each span becomes `prefix + newName + suffix` (`{ x }` → `{ x: y }`). */
export interface CellRenameEdit extends CellSpan {
  readonly prefix: string;
  readonly suffix: string;
}

/** A problem in a cell: TypeScript's (by its error number), or one of mlnb's own checks (by name). */
export type CellDiagnostic = {
  readonly start: number;
  readonly length: number;
  readonly message: string;
  readonly category: 'error' | 'warning' | 'suggestion' | 'message';
  readonly unnecessary: boolean;
  readonly deprecated: boolean;
} & (
  | { readonly source: 'ts'; readonly code: number }
  /** A use of a name only a later cell imports; `related` is that import. */
  | { readonly source: 'mlnb'; readonly code: 'imported-later'; readonly related: CellSpan & { readonly message: string } }
);

export interface CellCompletionEntry extends ts.CompletionEntry {
  /** The cell range the entry replaces, when TypeScript gives one. */
  readonly replacement?: { readonly start: number; readonly length: number };
}

export interface CellCompletions {
  readonly isIncomplete: boolean;
  readonly entries: readonly CellCompletionEntry[];
  /** Range of the word being completed, for entries without their own replacement. */
  readonly wordRange?: { readonly start: number; readonly length: number };
}

export interface CellQuickInfo {
  readonly start: number;
  readonly length: number;
  /** The signature, e.g. `const x: number` (TypeScript source). */
  readonly display: string;
  /** JSDoc text (markdown). */
  readonly documentation: string;
  readonly tags: readonly ts.JSDocTagInfo[];
}

export interface CellSignatureHelp {
  readonly signatures: readonly {
    readonly label: string;
    readonly documentation: string;
    /** Each parameter as [start, end) in `label`. */
    readonly parameters: readonly { readonly label: readonly [number, number]; readonly documentation: string }[];
  }[];
  readonly activeSignature: number;
  readonly activeParameter: number;
}

/**
 * The kinds of name semantic highlighting tells apart, in the order of TypeScript's 2020 classification
 * (TokenType in its classifier2020.ts) and named as VS Code's TypeScript names them (`member` → `method`).
 */
export const SEMANTIC_TOKEN_TYPES = ['class', 'enum', 'interface', 'namespace', 'typeParameter', 'type', 'parameter', 'variable', 'enumMember', 'property', 'function', 'method'] as const;
/** Bit i of a token's modifiers is SEMANTIC_TOKEN_MODIFIERS[i] (TokenModifier in classifier2020.ts). */
export const SEMANTIC_TOKEN_MODIFIERS = ['declaration', 'static', 'async', 'readonly', 'defaultLibrary', 'local'] as const;
/** A 2020 classification is (type + 1) << 8 | modifiers. */
const TOKEN_TYPE_OFFSET = 8;
const LOCAL_MODIFIER = 1 << SEMANTIC_TOKEN_MODIFIERS.indexOf('local');

/** Every specifier the kernel resolves to its one TF.js (src/kernel/moduleLoader.ts). */
const TFJS_ALIASES = new Set(['@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']);
const DUPLICATE_IDENTIFIER = 2300;
/** "Cannot find name 'x'", without and with a suggestion. */
const CANNOT_FIND_NAME = new Set([2304, 2552]);
/** Block-scoped variable, class or enum used before its declaration. */
const USED_BEFORE_DECLARATION = new Set([2448, 2449, 2450]);
const CATEGORY: Record<ts.DiagnosticCategory, CellDiagnostic['category']> = {
  [ts.DiagnosticCategory.Error]: 'error',
  [ts.DiagnosticCategory.Warning]: 'warning',
  [ts.DiagnosticCategory.Suggestion]: 'suggestion',
  [ts.DiagnosticCategory.Message]: 'message',
};

/** Close to what VS Code gives a loose .ts file, plus what the kernel runs: modern JS with top-level await, in Node. */
export const NOTEBOOK_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  types: [],
  strictNullChecks: true,
  strictFunctionTypes: true,
  strictBindCallApply: true,
  noImplicitAny: false,
  esModuleInterop: true,
  allowSyntheticDefaultImports: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  noEmit: true,
  allowJs: false,
};

/** Library files (lib.d.ts, TF.js's types) are parsed once per extension host, whichever notebook needs them. */
const sharedRegistry = ts.createDocumentRegistry();
/** Library files as last read; the time they were modified is their version (a package upgrade changes it). */
const libraryFiles = new Map<string, { snapshot: ts.IScriptSnapshot | undefined; version: string }>();
const GLOBALS_SNAPSHOT = ts.ScriptSnapshot.fromString(KERNEL_GLOBALS_DTS);
/**
 * Numbers each service's virtual file: the shared registry caches source files by name and version, so two
 * notebooks in one folder must not both be `__mlnb_notebook__.ts` (the second would get the first's file).
 */
let serviceCount = 0;

const modifiedTime = (fileName: string) => String(ts.sys.getModifiedTime?.(fileName)?.getTime() ?? 0);

function libraryFile(fileName: string): { snapshot: ts.IScriptSnapshot | undefined; version: string } {
  let file = libraryFiles.get(fileName);
  if (!file) {
    const text = ts.sys.readFile(fileName);
    file = { snapshot: text === undefined ? undefined : ts.ScriptSnapshot.fromString(text), version: modifiedTime(fileName) };
    libraryFiles.set(fileName, file);
  }
  return file;
}

/** Forgets library files changed or removed on disk since they were read, so they are read again. */
function refreshLibraryFiles(): void {
  for (const [fileName, file] of libraryFiles) if (modifiedTime(fileName) !== file.version) libraryFiles.delete(fileName);
}

export class NotebookLanguageService {
  private readonly virtualFile: string;
  private readonly globalsFile: string;
  private readonly service: ts.LanguageService;
  private readonly resolutionCache: ts.ModuleResolutionCache;
  /** Formatting, outline, folding and smart selection: from each cell's text alone. */
  private readonly syntax: CellSyntax;
  private document = VirtualDocument.build([]);
  private snapshot = new VirtualSnapshot('', 0);
  private readonly shapes = new Map<string, { text: string; shape: CellShape }>();
  /** Last semantic diagnostics per cell. */
  private lastSemantic = new Map<string, CellTypeErrors>();
  /** The notebook as the last `diagnostics()` saw it. */
  private checked: CheckedNotebook | undefined;
  /** Cells whose last diagnostics were kept from an earlier check, not computed (a broken cell above them). */
  private stale = new Set<string>();
  /** Asked by TypeScript while it works: a cancelled request ends in ts.OperationCanceledException. */
  private cancellation: ts.HostCancellationToken | undefined;
  /** Set when packages changed: the notebook's imports are resolved again, though its text is the same. */
  private importsInvalidated = false;

  constructor(private readonly options: NotebookLanguageServiceOptions) {
    this.virtualFile = path.join(options.notebookDir, `__mlnb_notebook_${++serviceCount}__.ts`);
    this.globalsFile = path.join(options.packageRoot, KERNEL_GLOBALS_FILE);
    this.resolutionCache = ts.createModuleResolutionCache(options.notebookDir, (f) => f, NOTEBOOK_COMPILER_OPTIONS);
    const host: ts.LanguageServiceHost & InternalHost = {
      getCompilationSettings: () => NOTEBOOK_COMPILER_OPTIONS,
      getScriptFileNames: () => [this.virtualFile, this.globalsFile],
      getScriptVersion: (fileName) => {
        if (fileName === this.virtualFile) return String(this.snapshot.version);
        return fileName === this.globalsFile ? '0' : libraryFile(fileName).version;
      },
      getScriptSnapshot: (fileName) => {
        if (fileName === this.virtualFile) return this.snapshot;
        if (fileName === this.globalsFile) return GLOBALS_SNAPSHOT;
        return libraryFile(fileName).snapshot;
      },
      getScriptKind: (fileName) => (fileName === this.virtualFile ? ts.ScriptKind.TS : ts.ScriptKind.Unknown),
      getCurrentDirectory: () => options.notebookDir,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (fileName) => fileName === this.virtualFile || fileName === this.globalsFile || ts.sys.fileExists(fileName),
      readFile: (fileName) => (fileName === this.globalsFile ? KERNEL_GLOBALS_DTS : ts.sys.readFile(fileName)),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
      resolveModuleNameLiterals: (literals, containingFile) => literals.map((literal) => this.resolveModule(literal.text, containingFile)),
      getModuleResolutionCache: () => this.resolutionCache,
      // TypeScript passes its lower-cased path on case-insensitive systems.
      hasInvalidatedResolutions: (filePath) => this.importsInvalidated && path.resolve(filePath).toLowerCase() === this.virtualFile.toLowerCase(),
      getCancellationToken: () => ({ isCancellationRequested: () => this.cancellation?.isCancellationRequested() ?? false }),
    };
    this.service = ts.createLanguageService(host, sharedRegistry);
    this.syntax = new CellSyntax(options.notebookDir);
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
    if (next.text !== this.document.text) this.snapshot = new VirtualSnapshot(next.text, this.snapshot.version + 1);
    // Module resolution is cached, failures too: an edited import is looked up afresh (say, after `npm install`).
    if (next.text.slice(0, next.importsEnd) !== this.document.text.slice(0, this.document.importsEnd)) this.resolutionCache.clear();
    this.document = next;
  }

  /**
   * Packages were installed, upgraded or removed where the notebook's imports resolve: looks them up and
   * reads changed type files again now, so the next request (say, diagnostics) sees the change.
   */
  packagesChanged(): void {
    refreshLibraryFiles(); // an upgraded package's types
    this.resolutionCache.clear();
    this.checked = undefined; // what an import declares can change the type of anything
    this.importsInvalidated = true;
    this.setCancellation(undefined);
    try {
      this.service.getProgram();
    } finally {
      this.importsInvalidated = false;
    }
  }

  /** The cancellation the next requests answer to (until set again). */
  setCancellation(token: ts.HostCancellationToken | undefined): void {
    this.cancellation = token;
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
    const own = errorCodes.includes('imported-later') ? this.moveImportFix(cellId, start) : [];
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

  /** TypeScript's spans as places in cells or files; the kernel globals file (in memory) is left out. */
  private locations(spans: readonly (Pick<ts.DocumentSpan, 'fileName' | 'textSpan'> & { isDefinition?: boolean })[]): CodeLocation[] {
    const program = this.service.getProgram();
    return spans.flatMap((span): CodeLocation[] => {
      const isDefinition = span.isDefinition === undefined ? {} : { isDefinition: span.isDefinition };
      if (span.fileName === this.virtualFile) {
        const range = this.document.toCellRange(span.textSpan.start, span.textSpan.length);
        return range ? [{ kind: 'cell', cellId: range.cellId, start: range.offset, length: range.length, ...isDefinition }] : [];
      }
      const file = span.fileName === this.globalsFile ? undefined : program?.getSourceFile(span.fileName);
      if (!file) return [];
      const { start, length } = span.textSpan;
      return [{ kind: 'file', fileName: span.fileName, start: file.getLineAndCharacterOfPosition(start), end: file.getLineAndCharacterOfPosition(start + length), ...isDefinition }];
    });
  }

  /**
   * Problems per cell: syntax errors from each cell parsed on its own (as the kernel compiles it), type
   * errors from the whole notebook. A cell with syntax errors can swallow the cells after it in the
   * virtual document (an open brace while typing), so those cells keep their last type errors until it
   * parses again, instead of flickering with errors that are not theirs.
   *
   * Type errors are computed again only for cells an edit can have changed (editImpact.ts), the others keep
   * theirs: typing in one cell of a long notebook checks that cell and the later ones that use what it changed.
   */
  diagnostics(): Map<string, CellDiagnostic[]> {
    const { cells, shapes } = this.document;
    const firstBroken = shapes.findIndex((shape) => shape.syntaxErrors.length > 0);
    const reliable = (cellIndex: number) => firstBroken < 0 || cellIndex <= firstBroken;
    const changed = this.changedCells();
    const typeCheck = (index: number) => cells[index]!.typeCheck !== false;
    // Last type errors stand for a cell only if they were found in its current text, checked the same way.
    const lastFor = (index: number) => {
      const last = this.lastSemantic.get(cells[index]!.id);
      return last && last.text === cells[index]!.text && last.typeCheck === typeCheck(index) ? last : undefined;
    };
    const due = cells.map((cell, index) => changed === 'all' || changed.has(index) || this.stale.has(cell.id) || !lastFor(index));
    const fresh = this.semanticDiagnostics(due.flatMap((isDue, index) => (isDue && reliable(index) && typeCheck(index) ? [index] : [])));
    const semantic = new Map<string, CellTypeErrors>();
    const result = new Map<string, CellDiagnostic[]>();
    // Due but below a broken cell: checked once that cell parses again.
    this.stale = new Set(cells.filter((cell, index) => due[index] && !reliable(index)).map((cell) => cell.id));
    cells.forEach((cell, index) => {
      // A cell below a broken one keeps its last type errors; edited, it shows none until it is checked again.
      const own = { text: cell.text, typeCheck: typeCheck(index), diagnostics: fresh.get(cell.id) ?? lastFor(index)?.diagnostics ?? [] };
      semantic.set(cell.id, own);
      const syntax = shapes[index]!.syntaxErrors.map((d) => toCellDiagnostic(d, d.start, d.length));
      result.set(cell.id, [...syntax, ...own.diagnostics]);
    });
    this.lastSemantic = semantic;
    this.checked = {
      ids: cells.map((cell) => cell.id),
      imports: this.document.text.slice(0, this.document.importsEnd),
      cells: new Map(cells.map((cell, index) => [cell.id, { text: cell.text, statements: shapes[index]!.statements }])),
    };
    return result;
  }

  /** Cells whose type errors can have changed since the last check; added, removed or moved cells and changed imports change everything. */
  private changedCells(): Set<number> | 'all' {
    const { cells, shapes } = this.document;
    const last = this.checked;
    const imports = this.document.text.slice(0, this.document.importsEnd);
    if (!last || last.imports !== imports || last.ids.length !== cells.length || cells.some((cell, i) => cell.id !== last.ids[i])) return 'all';
    return cellsToCheckAgain(last.cells, cells.map((cell, index) => ({ id: cell.id, text: cell.text, statements: shapes[index]!.statements })));
  }

  /** Type errors of some cells: the whole file when that is all of them, else just those cells' text. */
  private semanticDiagnostics(cellIndexes: readonly number[]): Map<string, CellDiagnostic[]> {
    const { cells } = this.document;
    const byCell = new Map<string, CellDiagnostic[]>(cellIndexes.map((index) => [cells[index]!.id, []]));
    if (!cellIndexes.length) return byCell;
    const ranges = cellIndexes.map((index) => this.document.bodyRange(index));
    const region = cellIndexes.length < cells.length ? (this.service as RegionDiagnostics).getRegionSemanticDiagnostics?.(this.virtualFile, ranges) : undefined;
    for (const diagnostic of region?.diagnostics ?? this.service.getSemanticDiagnostics(this.virtualFile)) {
      if (diagnostic.start === undefined) continue;
      if (diagnostic.code === DUPLICATE_IDENTIFIER && diagnostic.start < this.document.importsEnd) continue; // re-importing in a later cell is fine in a REPL
      const range = this.document.toCellRange(diagnostic.start, diagnostic.length ?? 0);
      if (!range || this.usesEarlierDeclaration(diagnostic.code, range) || this.usesBlockVar(diagnostic.code, range)) continue;
      if (this.laterDeclarationUsedLater(diagnostic.code, diagnostic.start, range)) continue;
      byCell.get(range.cellId)?.push(toCellDiagnostic(diagnostic, range.offset, range.length));
    }
    for (const [cellId, diagnostics] of this.importedLater(cellIndexes)) byCell.get(cellId)?.push(...diagnostics);
    return byCell;
  }

  /**
   * Uses of a name that only a later cell imports. Imports are hoisted in the virtual file, so TypeScript
   * sees them everywhere; the kernel runs cells in order, so at this point the name does not exist yet.
   * Uses that run later (in a function) or are types only are fine, as TypeScript's own "used before its
   * declaration" allows them.
   */
  private importedLater(cellIndexes: readonly number[]): Map<string, CellDiagnostic[]> {
    const byCell = new Map<string, CellDiagnostic[]>();
    const program = this.service.getProgram();
    const file = program?.getSourceFile(this.virtualFile);
    if (!program || !file) return byCell;
    // Each name a cell imports as a value, with the first cell importing it.
    const importedBy = new Map<string, number>();
    for (const statement of file.statements) {
      if (statement.pos >= this.document.importsEnd) break;
      for (const name of importedValueNames(statement)) {
        const cell = this.document.toCell(name.getStart(file));
        const index = cell ? this.document.indexOf(cell.cellId) : -1;
        const first = importedBy.get(name.text);
        // Before `import * as tf from '@tensorflow/tfjs'` in a later cell, `tf` is the kernel's own global.
        if (index >= 0 && !KERNEL_GLOBAL_NAMES.has(name.text) && (first === undefined || index < first)) importedBy.set(name.text, index);
      }
    }
    if (!importedBy.size) return byCell;
    const checker = program.getTypeChecker();
    for (const index of cellIndexes) {
      const names = new Set(this.document.shapes[index]!.statements.flatMap((statement) => [...statement.references].filter((name) => (importedBy.get(name) ?? -1) > index)));
      if (!names.size) continue;
      const body = this.document.bodyRange(index);
      const found: CellDiagnostic[] = [];
      const visit = (node: ts.Node): void => {
        if (node.end <= body.pos || node.pos >= body.end || ts.isFunctionLike(node) || ts.isTypeNode(node)) return;
        if (ts.isIdentifier(node) && names.has(node.text) && node.getStart(file) >= body.pos) {
          const importedAt = this.laterImport(checker, file, node, index);
          const use = importedAt && this.document.toCellRange(node.getStart(file), node.text.length);
          if (importedAt && use) {
            found.push({
              start: use.offset,
              length: use.length,
              message: `'${node.text}' is imported by a later cell: cells run in order, so it does not exist yet here. Import it in this cell or an earlier one.`,
              code: 'imported-later',
              source: 'mlnb',
              category: 'error',
              unnecessary: false,
              deprecated: false,
              related: { ...importedAt, message: 'imported here' },
            });
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
      if (found.length) byCell.set(this.document.cells[index]!.id, found);
    }
    return byCell;
  }

  /** The import statement, in a cell after `cellIndex`, that declares what `name` (in that cell) refers to. */
  private laterImport(checker: ts.TypeChecker, file: ts.SourceFile, name: ts.Identifier, cellIndex: number): CellSpan | undefined {
    const symbol = ts.isShorthandPropertyAssignment(name.parent) ? checker.getShorthandAssignmentValueSymbol(name.parent) : checker.getSymbolAtLocation(name);
    let statement: ts.Node | undefined = symbol?.declarations?.[0];
    if (!statement || statement.getSourceFile() !== file || statement.pos >= this.document.importsEnd) return undefined;
    while (statement.parent !== file) statement = statement.parent;
    const start = statement.getStart(file);
    const range = this.document.toCellRange(start, statement.end - start);
    return range && this.document.indexOf(range.cellId) > cellIndex ? { cellId: range.cellId, start: range.offset, length: range.length } : undefined;
  }

  /** The fix for a use of a name a later cell imports: that import statement moves to the top of this cell. */
  private moveImportFix(cellId: string, offset: number): CellCodeFix[] {
    const position = this.document.toVirtual(cellId, offset);
    const program = this.service.getProgram();
    const file = program?.getSourceFile(this.virtualFile);
    if (!program || !file || position === undefined) return [];
    const name = identifierAt(file, position);
    const statement = name && this.laterImport(program.getTypeChecker(), file, name, this.document.indexOf(cellId));
    if (!statement) return [];
    const importCell = this.document.cells[this.document.indexOf(statement.cellId)]!.text;
    const text = importCell.slice(statement.start, statement.start + statement.length);
    const lineBreak = /^[ \t]*\r?\n/.exec(importCell.slice(statement.start + statement.length))?.[0].length ?? 0;
    return [{
      title: `Move '${text.split(/\r?\n/)[0]}' to this cell`,
      edits: [
        { cellId, start: 0, length: 0, newText: `${text}\n` },
        { cellId: statement.cellId, start: statement.start, length: statement.length + lineBreak, newText: '' },
      ],
    }];
  }

  /**
   * "Used before its declaration" for a name an earlier cell declares, as in `let x = x + 1` in a later cell:
   * in the kernel, declarations become globals, so the use reads the earlier cell's value and works.
   */
  private usesEarlierDeclaration(code: number, range: { cellId: string; offset: number; length: number }): boolean {
    if (!USED_BEFORE_DECLARATION.has(code)) return false;
    const index = this.document.indexOf(range.cellId);
    const name = this.document.cells[index]!.text.slice(range.offset, range.offset + range.length);
    return this.document.shapes.slice(0, index).some((shape) => shape.statements.some((statement) => statement.declared.includes(name)));
  }

  /** "Cannot find name" for a `var` of the cell's loops or blocks, used outside them: the cell's own in the kernel. */
  private usesBlockVar(code: number, range: { cellId: string; offset: number; length: number }): boolean {
    if (!CANNOT_FIND_NAME.has(code)) return false;
    const index = this.document.indexOf(range.cellId);
    return this.document.shapes[index]!.blockVars.includes(this.document.cells[index]!.text.slice(range.offset, range.offset + range.length));
  }

  /**
   * "Cannot find name" for a name a later cell declares, used where it runs later (in a function) or as a type
   * only: as in one file, where TypeScript allows such uses before the declaration. In the kernel that name is
   * a global by the time the function is called (a setup cell's `train()` calling the learner's `loss`). The
   * virtual document cannot type it (cells are nested blocks, an earlier one cannot see into a later one), so
   * the use is untyped rather than an error.
   */
  private laterDeclarationUsedLater(code: number, virtualStart: number, range: { cellId: string; offset: number; length: number }): boolean {
    if (!CANNOT_FIND_NAME.has(code)) return false;
    const index = this.document.indexOf(range.cellId);
    const name = this.document.cells[index]!.text.slice(range.offset, range.offset + range.length);
    if (!this.document.shapes.slice(index + 1).some((shape) => shape.statements.some((statement) => statement.declared.includes(name)))) return false;
    const file = this.service.getProgram()?.getSourceFile(this.virtualFile);
    const body = this.document.bodyRange(index);
    for (let node: ts.Node | undefined = file && identifierAt(file, virtualStart); node && node.getStart(file) >= body.pos; node = node.parent) {
      if (ts.isFunctionLike(node) || ts.isTypeNode(node)) return true;
    }
    return false;
  }

  /**
   * Semantic highlighting of a cell: for each name, [offset, length, type, modifiers] one after another
   * (type indexes SEMANTIC_TOKEN_TYPES, modifiers is a bit set over SEMANTIC_TOKEN_MODIFIERS), in order.
   */
  semanticTokens(cellId: string): number[] {
    const index = this.document.indexOf(cellId);
    if (index < 0) return [];
    const tokens: [offset: number, length: number, type: number, modifiers: number][] = [];
    // A cell's block opens with the `{` and line break just before its body.
    const cellBlocks = new Set(this.document.cells.map((_, i) => this.document.bodyRange(i).pos - 2));
    for (const { pos, end } of this.document.rangesOf(index)) {
      const { spans } = this.service.getEncodedSemanticClassifications(this.virtualFile, { start: pos, length: end - pos }, ts.SemanticClassificationFormat.TwentyTwenty);
      for (let i = 0; i + 2 < spans.length; i += 3) {
        const [start, length, classification] = [spans[i]!, spans[i + 1]!, spans[i + 2]!];
        const type = (classification >> TOKEN_TYPE_OFFSET) - 1;
        let modifiers = classification & ((1 << TOKEN_TYPE_OFFSET) - 1);
        // Cells are blocks in the virtual file, so TypeScript calls their declarations local; the kernel makes them globals.
        if (modifiers & LOCAL_MODIFIER && this.declaredAtCellTopLevel(start, cellBlocks)) modifiers &= ~LOCAL_MODIFIER;
        const range = this.document.toCellRange(start, length);
        if (range?.cellId === cellId && type >= 0 && type < SEMANTIC_TOKEN_TYPES.length) tokens.push([range.offset, range.length, type, modifiers]);
      }
    }
    // An import below code in the cell comes first in the virtual file (hoisted).
    return tokens.sort((a, b) => a[0] - b[0]).flat();
  }

  /**
   * Whether the name at a virtual position is declared at the top level of a cell, by TypeScript's rule for
   * the top level of a file (the variables of a top-level statement, loops included; a top-level function).
   */
  private declaredAtCellTopLevel(position: number, cellBlocks: ReadonlySet<number>): boolean {
    const program = this.service.getProgram();
    const file = program?.getSourceFile(this.virtualFile);
    const name = file && identifierAt(file, position);
    if (!program || !name) return false;
    let declaration: ts.Node | undefined = program.getTypeChecker().getSymbolAtLocation(name)?.declarations?.[0];
    while (declaration && ts.isBindingElement(declaration)) declaration = declaration.parent.parent;
    const isCellBlock = (node: ts.Node) => ts.isBlock(node) && cellBlocks.has(node.getStart(file));
    if (declaration && ts.isVariableDeclaration(declaration)) return !ts.isCatchClause(declaration.parent) && isCellBlock(declaration.parent.parent.parent);
    return !!declaration && ts.isFunctionDeclaration(declaration) && isCellBlock(declaration.parent);
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
    this.service.dispose();
    this.syntax.dispose();
  }

  private resolveModule(specifier: string, containingFile: string): ts.ResolvedModuleWithFailedLookupLocations {
    const resolve = (name: string, from: string) =>
      ts.resolveModuleName(name, from, NOTEBOOK_COMPILER_OPTIONS, ts.sys, this.resolutionCache);
    const fromPackages = path.join(this.options.packageRoot, '__mlnb__.ts');
    if (containingFile !== this.virtualFile) return resolve(specifier, containingFile);
    if (TFJS_ALIASES.has(specifier)) return resolve('@tensorflow/tfjs', fromPackages);
    const fromNotebook = resolve(specifier, containingFile);
    return fromNotebook.resolvedModule ? fromNotebook : resolve(specifier, fromPackages);
  }
}

/** The virtual file's text at one version; tells TypeScript what changed since another, so it reparses only that. */
class VirtualSnapshot implements ts.IScriptSnapshot {
  constructor(
    readonly text: string,
    readonly version: number,
  ) {}

  getText(start: number, end: number): string {
    return this.text.substring(start, end);
  }

  getLength(): number {
    return this.text.length;
  }

  getChangeRange(old: ts.IScriptSnapshot): ts.TextChangeRange | undefined {
    if (!(old instanceof VirtualSnapshot)) return undefined;
    const [before, after] = [old.text, this.text];
    let start = 0;
    while (start < before.length && start < after.length && before.charCodeAt(start) === after.charCodeAt(start)) start++;
    let [endBefore, endAfter] = [before.length, after.length];
    while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
      endBefore--;
      endAfter--;
    }
    return ts.createTextChangeRange(ts.createTextSpan(start, endBefore - start), endAfter - start);
  }
}

interface CellTypeErrors {
  readonly text: string;
  readonly typeCheck: boolean;
  readonly diagnostics: CellDiagnostic[];
}

interface CheckedNotebook {
  readonly ids: readonly string[];
  /** The hoisted imports' text. */
  readonly imports: string;
  readonly cells: ReadonlyMap<string, CellStatements>;
}

/**
 * Members of TypeScript's objects that tsserver uses but the public typings leave out. Both are optional
 * here: without them the service does the same work the slower way.
 */
interface InternalHost {
  /** Lets program updates reuse the package.json lookups of module resolution (each update reads them again otherwise). */
  getModuleResolutionCache(): ts.ModuleResolutionCache;
  /** Makes a program update resolve a file's imports again though the file is unchanged (public for CompilerHost only). */
  hasInvalidatedResolutions(filePath: ts.Path): boolean;
}
interface RegionDiagnostics {
  /** Type errors of the statements in some ranges of a file (tsserver checks a large file's visible part first with it). */
  getRegionSemanticDiagnostics?(fileName: string, ranges: ts.TextRange[]): { diagnostics: ts.Diagnostic[] } | undefined;
}

/** The identifier at a position of a file (TypeScript's own finder is internal). */
function identifierAt(file: ts.SourceFile, position: number): ts.Identifier | undefined {
  const node = nodeAt(file, position);
  return node && ts.isIdentifier(node) ? node : undefined;
}

/** The names an import statement binds to runtime values (not `import type`, not type-only specifiers). */
function importedValueNames(statement: ts.Statement): ts.Identifier[] {
  if (ts.isImportEqualsDeclaration(statement)) return statement.isTypeOnly ? [] : [statement.name];
  const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
  if (!clause || clause.isTypeOnly) return [];
  const bindings = clause.namedBindings;
  return [
    ...(clause.name ? [clause.name] : []),
    ...(bindings && ts.isNamespaceImport(bindings) ? [bindings.name] : []),
    ...(bindings && ts.isNamedImports(bindings) ? bindings.elements.filter((element) => !element.isTypeOnly).map((element) => element.name) : []),
  ];
}

function toCellDiagnostic(diagnostic: ts.Diagnostic, start: number, length: number): CellDiagnostic {
  return {
    start,
    length,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
    code: diagnostic.code,
    source: 'ts',
    category: CATEGORY[diagnostic.category],
    unnecessary: !!diagnostic.reportsUnnecessary,
    deprecated: !!diagnostic.reportsDeprecated,
  };
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
