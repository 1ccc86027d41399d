/**
 * Rewrites a V8 stack so frames inside notebook cells point at the cell's own TypeScript lines, and
 * drops frames of the kernel itself and of Node internals, which say nothing to the user.
 */
import { TraceMap, originalPositionFor, type SourceMapInput } from '@jridgewell/trace-mapping';
import type { CellLocation } from './protocol';

/** Script file names look like `In[3]`, as in Jupyter: the execution count of the cell run. */
export function cellScriptName(executionCount: number): string {
  return `In[${executionCount}]`;
}

const CELL_FRAME = /In\[(\d+)\]:(\d+):(\d+)/;

interface RegisteredCell {
  cellId: string;
  /** Its source map, read (and decoded) only when an error from the cell needs mapping. */
  source: { readonly map: SourceMapInput };
  trace?: TraceMap;
}

export class CellSourceMaps {
  private readonly cells = new Map<number, RegisteredCell>();

  register(executionCount: number, cellId: string, source: { readonly map: SourceMapInput }): void {
    this.cells.set(executionCount, { cellId, source });
  }

  /** Maps a generated (1-based line, 0-based column) of script `In[n]` to the cell's source. */
  original(executionCount: number, line: number, column: number): CellLocation | undefined {
    const cell = this.cells.get(executionCount);
    if (!cell) return undefined;
    cell.trace ??= new TraceMap(cell.source.map);
    const position = originalPositionFor(cell.trace, { line, column });
    if (position.line === null) return undefined;
    return { cellId: cell.cellId, line: position.line, column: position.column + 1 };
  }

  /**
   * Returns the rewritten stack lines (without the leading "Name: message" line) and the first
   * frame that lies inside a cell.
   */
  rewriteStack(stack: string, isInternalFrame: (frame: string) => boolean): { frames: string[]; location?: CellLocation } {
    const frames: string[] = [];
    let location: CellLocation | undefined;
    for (const raw of stack.split('\n')) {
      const line = raw.trim();
      if (!line.startsWith('at ')) continue;
      const match = CELL_FRAME.exec(line);
      if (match) {
        const count = Number(match[1]);
        const mapped = this.original(count, Number(match[2]), Number(match[3]) - 1);
        if (mapped) {
          location ??= mapped;
          frames.push(line.replace(CELL_FRAME, `In[${count}]:${mapped.line}:${mapped.column}`));
          continue;
        }
        // The wrapper line the cell itself never wrote (e.g. the async IIFE call) is noise.
        continue;
      }
      if (isInternalFrame(line)) continue;
      frames.push(line);
    }
    return { frames, location };
  }
}
