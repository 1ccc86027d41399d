/**
 * Names a failed import left undefined. Cells declare their imports' names up front (they are globals), so after
 * `import { Jimp } from 'jimp'` fails, a later `Jimp.loadData(…)` only says "Cannot read properties of undefined";
 * this remembers why the name is undefined, for that later error and for the variables list.
 */
import type { CellImport } from '../core/cellTranspiler';
import type { ErrorOutput } from '../core/outputs';

export interface ImportFailure {
  /** The execution count of the cell whose import failed (`In[N]`). */
  cell: number;
  specifier: string;
  /** The first line of the import's error. */
  message: string;
}

export class FailedImports {
  private readonly failed = new Map<string, ImportFailure>();

  /** A cell that declares these names again decides their fate anew. */
  forget(names: readonly string[]): void {
    for (const name of names) this.failed.delete(name);
  }

  record(imports: readonly CellImport[], specifier: string, cell: number, error: unknown): void {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    for (const entry of imports) if (entry.specifier === specifier) for (const name of entry.names) this.failed.set(name, { cell, specifier, message });
  }

  /** Why `name` is undefined, while it still is. */
  of(name: string, value: unknown): ImportFailure | undefined {
    return value === undefined ? this.failed.get(name) : undefined;
  }

  /**
   * The error of cell `cell` with a sentence for each name its code uses that an earlier failed import left
   * undefined (the import's own cell needs none: its error is the import's).
   */
  explain(output: ErrorOutput, code: string, cell: number, valueOf: (name: string) => unknown): ErrorOutput {
    const notes: string[] = [];
    for (const [name, failure] of this.failed) {
      if (failure.cell === cell || valueOf(name) !== undefined) continue;
      if (!new RegExp(`(^|[^\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(code)) continue;
      notes.push(`${name} is undefined because its import from '${failure.specifier}' failed in In[${failure.cell}]: ${failure.message}`);
    }
    if (notes.length === 0) return output;
    const evalue = `${output.evalue}\n${notes.join('\n')}`;
    const [first = '', ...frames] = output.traceback;
    return { ...output, evalue, traceback: [`${first}\n${notes.join('\n')}`, ...frames] };
  }
}
