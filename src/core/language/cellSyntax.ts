/**
 * Editor features that need only one cell's own text, parsed as the kernel compiles it (alone): formatting,
 * the outline, folding and smart selection. A syntax-only TypeScript LanguageService (no program, no types)
 * over one in-memory file per cell; offsets are the cell's own, so nothing needs mapping.
 */
import ts from 'typescript';
import { joinFileName } from './notebookProgram';
import type { CellText } from './virtualDocument';

/** An edit of the cell's text. */
export interface CellTextEdit {
  readonly start: number;
  readonly length: number;
  readonly newText: string;
}

/** A declaration in a cell, for the outline and breadcrumbs; spans are offsets in the cell. */
export interface CellSymbol {
  readonly name: string;
  /** TypeScript's ScriptElementKind ('const', 'function', 'class', 'method', …). */
  readonly kind: string;
  readonly start: number;
  readonly length: number;
  /** The span of the name (inside start/length). */
  readonly nameStart: number;
  readonly nameLength: number;
  readonly children: readonly CellSymbol[];
}

export interface CellFoldingRange {
  readonly start: number;
  readonly length: number;
  readonly kind: 'comment' | 'region' | 'code' | 'imports';
}

/** A smart-selection step and the larger ones around it. */
export interface CellSelectionRange {
  readonly start: number;
  readonly length: number;
  readonly parent?: CellSelectionRange;
}

/** Formatting preferences (tab size, spaces, VS Code's `typescript.format.*` settings). */
export type CellFormatSettings = ts.FormatCodeSettings;

interface CellFile {
  readonly fileName: string;
  text: string;
  version: number;
  snapshot: ts.IScriptSnapshot;
}

let fileCount = 0;

export class CellSyntax {
  /** By cell id, and by file name (as TypeScript asks). */
  private readonly files = new Map<string, CellFile>();
  private readonly byName = new Map<string, CellFile>();
  private readonly service: ts.LanguageService;

  constructor(private readonly dir: string) {
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => ({ target: ts.ScriptTarget.Latest }),
      getScriptFileNames: () => [...this.byName.keys()],
      getScriptVersion: (fileName) => String(this.byName.get(fileName)?.version ?? 0),
      getScriptSnapshot: (fileName) => this.byName.get(fileName)?.snapshot,
      getScriptKind: () => ts.ScriptKind.TS,
      getCurrentDirectory: () => dir,
      getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
      fileExists: (fileName) => this.byName.has(fileName),
      readFile: (fileName) => this.byName.get(fileName)?.text,
    };
    this.service = ts.createLanguageService(host, undefined, ts.LanguageServiceMode.Syntactic);
  }

  /** Drops the files of cells that are gone. */
  keepOnly(cellIds: ReadonlySet<string>): void {
    for (const [id, file] of this.files) {
      if (cellIds.has(id)) continue;
      this.files.delete(id);
      this.byName.delete(file.fileName);
    }
  }

  /** Formatting edits for the whole cell, or for the part from `start` to `end`. */
  format(cell: CellText, settings: CellFormatSettings, range?: { start: number; end: number }): CellTextEdit[] {
    const fileName = this.fileOf(cell);
    const changes = range
      ? this.service.getFormattingEditsForRange(fileName, range.start, range.end, settings)
      : this.service.getFormattingEditsForDocument(fileName, settings);
    return changes.map(({ span, newText }) => ({ start: span.start, length: span.length, newText }));
  }

  /** The cell's declarations as a tree, as VS Code's TypeScript shows them in the outline (no imports, no anonymous functions). */
  symbols(cell: CellText): CellSymbol[] {
    const toSymbol = (item: ts.NavigationTree): CellSymbol[] => {
      if (item.kind === ts.ScriptElementKind.alias || !item.text || item.text.startsWith('<')) return [];
      const span = item.spans[0]!;
      const name = item.nameSpan ?? span;
      return [{
        name: item.text,
        kind: item.kind,
        start: span.start,
        length: span.length,
        nameStart: name.start,
        nameLength: name.length,
        children: (item.childItems ?? []).flatMap(toSymbol),
      }];
    };
    return (this.service.getNavigationTree(this.fileOf(cell)).childItems ?? []).flatMap(toSymbol);
  }

  foldingRanges(cell: CellText): CellFoldingRange[] {
    return this.service.getOutliningSpans(this.fileOf(cell)).map((span) => ({ start: span.textSpan.start, length: span.textSpan.length, kind: span.kind as CellFoldingRange['kind'] }));
  }

  /** For each offset, the nested ranges "Expand Selection" steps through, smallest first. */
  selectionRanges(cell: CellText, offsets: readonly number[]): CellSelectionRange[] {
    const fileName = this.fileOf(cell);
    const convert = (range: ts.SelectionRange): CellSelectionRange => ({
      start: range.textSpan.start,
      length: range.textSpan.length,
      ...(range.parent ? { parent: convert(range.parent) } : {}),
    });
    return offsets.map((offset) => convert(this.service.getSmartSelectionRange(fileName, offset)));
  }

  dispose(): void {
    this.service.dispose();
  }

  private fileOf(cell: CellText): string {
    let file = this.files.get(cell.id);
    if (!file) {
      file = { fileName: joinFileName(this.dir, `__mlnb_cell_${++fileCount}__.ts`), text: cell.text, version: 1, snapshot: ts.ScriptSnapshot.fromString(cell.text) };
      this.files.set(cell.id, file);
      this.byName.set(file.fileName, file);
    } else if (file.text !== cell.text) {
      file.text = cell.text;
      file.version++;
      file.snapshot = ts.ScriptSnapshot.fromString(cell.text);
    }
    return file.fileName;
  }
}
