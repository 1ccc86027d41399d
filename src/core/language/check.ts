/**
 * Type errors of whole notebooks without an editor (`mlnb check`, and the warnings of `mlnb run`): the same
 * language service the editor uses (notebookLanguageService.ts), over a notebook read from disk, with positions
 * as a person reads them: the cell's number in the notebook and a line and column in that cell, from 1.
 */
import { isCodeCell, notebookLanguage, type Notebook } from '../notebook';
import type { CellDiagnostic } from './cellResults';
import { NotebookLanguageService } from './notebookLanguageService';
import type { LanguageFileSystem } from './notebookProgram';

export interface NotebookProblem {
  /** The cell's number among all cells of the notebook, from 1 (as `mlnb run` and the editor count them). */
  readonly cell: number;
  /** Line in the cell, from 1. */
  readonly line: number;
  /** Column in the line, from 1 (UTF-16 code units, as TypeScript and VS Code count). */
  readonly column: number;
  readonly category: CellDiagnostic['category'];
  /** `TS2322` for TypeScript's errors, `mlnb(imported-later)` for mlnb's own checks. */
  readonly code: string;
  readonly message: string;
}

/**
 * Checks notebooks one after another. Notebooks of one folder share a language service (their imports resolve
 * from that folder): TypeScript keeps what it has read and checked of TF.js's types, so the next notebook
 * takes a fraction of the first one's time.
 */
export class NotebookChecker {
  private readonly services = new Map<string, NotebookLanguageService>();
  /** Gives each check's cells ids no earlier check used, so nothing of an earlier notebook is taken as known. */
  private checks = 0;

  /** `packageRoot`: mlnb's install folder, where TF.js's and Node's types are; `fileSystem` reads them (`ts.sys`). */
  constructor(
    private readonly packageRoot: string,
    private readonly fileSystem: LanguageFileSystem,
  ) {}

  /** The problems of a notebook whose imports resolve from `notebookDir`, in cell order, then by position. */
  check(notebook: Notebook, notebookDir: string): NotebookProblem[] {
    let service = this.services.get(notebookDir);
    if (!service) {
      service = new NotebookLanguageService({ notebookDir, packageRoot: this.packageRoot, fileSystem: this.fileSystem });
      this.services.set(notebookDir, service);
    }
    const check = ++this.checks;
    // As the editor opens it: a JavaScript notebook's cells get syntax errors only, any other language is TypeScript.
    const typeCheck = notebookLanguage(notebook) !== 'javascript';
    const code = notebook.cells.flatMap((cell, index) => (isCodeCell(cell) ? [{ id: `${check}:${index}`, number: index + 1, text: cell.source }] : []));
    service.update(code.map(({ id, text }) => ({ id, text, typeCheck })));
    const byCell = service.diagnostics();
    return code.flatMap(({ id, number, text }) =>
      (byCell.get(id) ?? [])
        .map((diagnostic) => ({ ...lineAndColumn(text, diagnostic.start), diagnostic }))
        .sort((a, b) => a.line - b.line || a.column - b.column)
        .map(({ line, column, diagnostic }) => ({
          cell: number,
          line,
          column,
          category: diagnostic.category,
          code: diagnostic.source === 'ts' ? `TS${diagnostic.code}` : `mlnb(${diagnostic.code})`,
          message: diagnostic.message,
        })),
    );
  }

  dispose(): void {
    for (const service of this.services.values()) service.dispose();
    this.services.clear();
  }
}

/**
 * One line per problem, `file:cell N:line:col category code message`, like `tsc` and nbQA print theirs: the
 * message's own line breaks (TypeScript's chains of reasons) become spaces.
 */
export function formatProblem(file: string, problem: NotebookProblem): string {
  const message = problem.message.split(/\r?\n/).map((part) => part.trim()).filter(Boolean).join(' ');
  return `${file}:cell ${problem.cell}:${problem.line}:${problem.column} ${problem.category} ${problem.code} ${message}`;
}

/** Line and column, from 1, of an offset in a text whose lines end in \n, \r\n or \r (as the editor counts them). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (const match of text.slice(0, offset).matchAll(/\r\n?|\n/g)) {
    line++;
    lineStart = match.index + match[0].length;
  }
  return { line, column: offset - lineStart + 1 };
}
