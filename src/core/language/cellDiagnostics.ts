/**
 * A notebook's problems per cell, computed incrementally: syntax errors of each cell parsed on its own, type
 * errors of the whole notebook checked again only where an edit can have changed them (editImpact.ts), the
 * TypeScript errors a REPL does not have left out, and mlnb's own check for a name only a later cell imports
 * (with its quick fix).
 */
import ts from 'typescript';
import type { CellCodeFix, CellDiagnostic, CellSpan } from './cellResults';
import { cellsToCheckAgain, type CellStatements } from './editImpact';
import { KERNEL_GLOBAL_NAMES } from './kernelGlobals';
import type { NotebookProgram } from './notebookProgram';
import type { VirtualDocument } from './virtualDocument';

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

type CellRange = { cellId: string; offset: number; length: number };

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

interface RegionDiagnostics {
  /** Type errors of the statements in some ranges of a file (tsserver checks a large file's visible part first with it). */
  getRegionSemanticDiagnostics?(fileName: string, ranges: ts.TextRange[]): { diagnostics: ts.Diagnostic[] } | undefined;
}

/** The diagnostics of one notebook, remembering the last check to redo only what an edit changed. */
export class NotebookDiagnostics {
  /** Last semantic diagnostics per cell. */
  private lastSemantic = new Map<string, CellTypeErrors>();
  /** The notebook as the last `compute()` saw it. */
  private checked: CheckedNotebook | undefined;
  /** Cells whose last diagnostics were kept from an earlier check, not computed (a broken cell above them). */
  private stale = new Set<string>();

  constructor(private readonly program: NotebookProgram) {}

  /** Checks every cell again next time (what an import declares can change the type of anything). */
  forgetChecked(): void {
    this.checked = undefined;
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
  compute(document: VirtualDocument): Map<string, CellDiagnostic[]> {
    const { cells, shapes } = document;
    const firstBroken = shapes.findIndex((shape) => shape.syntaxErrors.length > 0);
    const reliable = (cellIndex: number) => firstBroken < 0 || cellIndex <= firstBroken;
    const changed = this.changedCells(document);
    const typeCheck = (index: number) => cells[index]!.typeCheck !== false;
    // Last type errors stand for a cell only if they were found in its current text, checked the same way.
    const lastFor = (index: number) => {
      const last = this.lastSemantic.get(cells[index]!.id);
      return last && last.text === cells[index]!.text && last.typeCheck === typeCheck(index) ? last : undefined;
    };
    const due = cells.map((cell, index) => changed === 'all' || changed.has(index) || this.stale.has(cell.id) || !lastFor(index));
    const fresh = this.semanticDiagnostics(document, due.flatMap((isDue, index) => (isDue && reliable(index) && typeCheck(index) ? [index] : [])));
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
      imports: document.text.slice(0, document.importsEnd),
      cells: new Map(cells.map((cell, index) => [cell.id, { text: cell.text, statements: shapes[index]!.statements }])),
    };
    return result;
  }

  /** The fix for a use of a name a later cell imports: that import statement moves to the top of this cell. */
  moveImportFix(document: VirtualDocument, cellId: string, offset: number): CellCodeFix[] {
    const position = document.toVirtual(cellId, offset);
    const source = this.program.virtualSource();
    if (!source || position === undefined) return [];
    const name = this.program.identifierAt(position);
    const statement = name && laterImport(document, source.program.getTypeChecker(), source.file, name, document.indexOf(cellId));
    if (!statement) return [];
    const importCell = document.cells[document.indexOf(statement.cellId)]!.text;
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

  /** Cells whose type errors can have changed since the last check; added, removed or moved cells and changed imports change everything. */
  private changedCells(document: VirtualDocument): Set<number> | 'all' {
    const { cells, shapes } = document;
    const last = this.checked;
    const imports = document.text.slice(0, document.importsEnd);
    if (!last || last.imports !== imports || last.ids.length !== cells.length || cells.some((cell, i) => cell.id !== last.ids[i])) return 'all';
    return cellsToCheckAgain(last.cells, cells.map((cell, index) => ({ id: cell.id, text: cell.text, statements: shapes[index]!.statements })));
  }

  /** Type errors of some cells: the whole file when that is all of them, else just those cells' text. */
  private semanticDiagnostics(document: VirtualDocument, cellIndexes: readonly number[]): Map<string, CellDiagnostic[]> {
    const { cells } = document;
    const { service, virtualFile } = this.program;
    const byCell = new Map<string, CellDiagnostic[]>(cellIndexes.map((index) => [cells[index]!.id, []]));
    if (!cellIndexes.length) return byCell;
    const ranges = cellIndexes.map((index) => document.bodyRange(index));
    const region = cellIndexes.length < cells.length ? (service as RegionDiagnostics).getRegionSemanticDiagnostics?.(virtualFile, ranges) : undefined;
    for (const diagnostic of region?.diagnostics ?? service.getSemanticDiagnostics(virtualFile)) {
      if (diagnostic.start === undefined) continue;
      if (diagnostic.code === DUPLICATE_IDENTIFIER && diagnostic.start < document.importsEnd) continue; // re-importing in a later cell is fine in a REPL
      const range = document.toCellRange(diagnostic.start, diagnostic.length ?? 0);
      if (!range || usesEarlierDeclaration(document, diagnostic.code, range) || usesBlockVar(document, diagnostic.code, range)) continue;
      if (this.laterDeclarationUsedLater(document, diagnostic.code, diagnostic.start, range)) continue;
      byCell.get(range.cellId)?.push(toCellDiagnostic(diagnostic, range.offset, range.length));
    }
    for (const [cellId, diagnostics] of this.importedLater(document, cellIndexes)) byCell.get(cellId)?.push(...diagnostics);
    return byCell;
  }

  /**
   * Uses of a name that only a later cell imports. Imports are hoisted in the virtual file, so TypeScript
   * sees them everywhere; the kernel runs cells in order, so at this point the name does not exist yet.
   * Uses that run later (in a function) or are types only are fine, as TypeScript's own "used before its
   * declaration" allows them.
   */
  private importedLater(document: VirtualDocument, cellIndexes: readonly number[]): Map<string, CellDiagnostic[]> {
    const byCell = new Map<string, CellDiagnostic[]>();
    const source = this.program.virtualSource();
    if (!source) return byCell;
    const { program, file } = source;
    // Each name a cell imports as a value, with the first cell importing it.
    const importedBy = new Map<string, number>();
    for (const statement of file.statements) {
      if (statement.pos >= document.importsEnd) break;
      for (const name of importedValueNames(statement)) {
        const cell = document.toCell(name.getStart(file));
        const index = cell ? document.indexOf(cell.cellId) : -1;
        const first = importedBy.get(name.text);
        // Before `import * as tf from '@tensorflow/tfjs'` in a later cell, `tf` is the kernel's own global.
        if (index >= 0 && !KERNEL_GLOBAL_NAMES.has(name.text) && (first === undefined || index < first)) importedBy.set(name.text, index);
      }
    }
    if (!importedBy.size) return byCell;
    const checker = program.getTypeChecker();
    for (const index of cellIndexes) {
      const names = new Set(document.shapes[index]!.statements.flatMap((statement) => [...statement.references].filter((name) => (importedBy.get(name) ?? -1) > index)));
      if (!names.size) continue;
      const body = document.bodyRange(index);
      const found: CellDiagnostic[] = [];
      const visit = (node: ts.Node): void => {
        if (node.end <= body.pos || node.pos >= body.end || ts.isFunctionLike(node) || ts.isTypeNode(node)) return;
        if (ts.isIdentifier(node) && names.has(node.text) && node.getStart(file) >= body.pos) {
          const importedAt = laterImport(document, checker, file, node, index);
          const use = importedAt && document.toCellRange(node.getStart(file), node.text.length);
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
      if (found.length) byCell.set(document.cells[index]!.id, found);
    }
    return byCell;
  }

  /**
   * "Cannot find name" for a name a later cell declares, used where it runs later (in a function) or as a type
   * only: as in one file, where TypeScript allows such uses before the declaration. In the kernel that name is
   * a global by the time the function is called (a setup cell's `train()` calling the learner's `loss`). The
   * virtual document cannot type it (cells are nested blocks, an earlier one cannot see into a later one), so
   * the use is untyped rather than an error.
   */
  private laterDeclarationUsedLater(document: VirtualDocument, code: number, virtualStart: number, range: CellRange): boolean {
    if (!CANNOT_FIND_NAME.has(code)) return false;
    const index = document.indexOf(range.cellId);
    const name = document.cells[index]!.text.slice(range.offset, range.offset + range.length);
    if (!document.shapes.slice(index + 1).some((shape) => shape.statements.some((statement) => statement.declared.includes(name)))) return false;
    const file = this.program.virtualSource()?.file;
    const body = document.bodyRange(index);
    for (let node: ts.Node | undefined = file && this.program.identifierAt(virtualStart); node && node.getStart(file) >= body.pos; node = node.parent) {
      if (ts.isFunctionLike(node) || ts.isTypeNode(node)) return true;
    }
    return false;
  }
}

/** The import statement, in a cell after `cellIndex`, that declares what `name` (in that cell) refers to. */
function laterImport(document: VirtualDocument, checker: ts.TypeChecker, file: ts.SourceFile, name: ts.Identifier, cellIndex: number): CellSpan | undefined {
  const symbol = ts.isShorthandPropertyAssignment(name.parent) ? checker.getShorthandAssignmentValueSymbol(name.parent) : checker.getSymbolAtLocation(name);
  let statement: ts.Node | undefined = symbol?.declarations?.[0];
  if (!statement || statement.getSourceFile() !== file || statement.pos >= document.importsEnd) return undefined;
  while (statement.parent !== file) statement = statement.parent;
  const start = statement.getStart(file);
  const range = document.toCellRange(start, statement.end - start);
  return range && document.indexOf(range.cellId) > cellIndex ? { cellId: range.cellId, start: range.offset, length: range.length } : undefined;
}

/**
 * "Used before its declaration" for a name an earlier cell declares, as in `let x = x + 1` in a later cell:
 * in the kernel, declarations become globals, so the use reads the earlier cell's value and works.
 */
function usesEarlierDeclaration(document: VirtualDocument, code: number, range: CellRange): boolean {
  if (!USED_BEFORE_DECLARATION.has(code)) return false;
  const index = document.indexOf(range.cellId);
  const name = document.cells[index]!.text.slice(range.offset, range.offset + range.length);
  return document.shapes.slice(0, index).some((shape) => shape.statements.some((statement) => statement.declared.includes(name)));
}

/** "Cannot find name" for a `var` of the cell's loops or blocks, used outside them: the cell's own in the kernel. */
function usesBlockVar(document: VirtualDocument, code: number, range: CellRange): boolean {
  if (!CANNOT_FIND_NAME.has(code)) return false;
  const index = document.indexOf(range.cellId);
  return document.shapes[index]!.blockVars.includes(document.cells[index]!.text.slice(range.offset, range.offset + range.length));
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
