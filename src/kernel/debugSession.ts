/**
 * The kernel's side of Debug Cell / Run by Line. The Node inspector is opened only when the host asks (on
 * 127.0.0.1 and a port the OS picks) and closed when it says so: no kernel listens for a debugger otherwise.
 * Cell sources are written where the inline source maps of the cell scripts point (src/core/debugSources.ts),
 * so breakpoints also bind in functions that cells defined before the debugger attached.
 */
import inspector from 'node:inspector';
import fs from 'node:fs';
import os from 'node:os';
import type { TranspiledCell } from '../core/cellTranspiler';
import { debugSourceDir, debugSourcePath, withInlineSourceMap } from '../core/debugSources';

export interface DebugEndpoint {
  /** The inspector's port on 127.0.0.1. */
  port: number;
  /** Where the cells' sources are written (the host maps these files back to notebook cells). */
  sourceDir: string;
}

export class KernelDebugger {
  readonly sourceDir = debugSourceDir(os.tmpdir(), process.pid);
  private dirReady = false;
  /** The cell whose next run starts paused (Run by Line). */
  private breakInCell: string | undefined;

  /** Opens the inspector (or returns the one already open). */
  open(breakInCell?: string): DebugEndpoint {
    this.breakInCell = breakInCell;
    if (!inspector.url()) inspector.open(0, '127.0.0.1', false);
    const url = inspector.url();
    const port = url ? Number(new URL(url).port) : NaN;
    if (!Number.isInteger(port) || port <= 0) throw new Error(`the Node inspector did not open (url: ${url ?? 'none'})`);
    this.ensureDir();
    return { port, sourceDir: this.sourceDir };
  }

  close(): void {
    this.breakInCell = undefined;
    if (inspector.url()) inspector.close();
  }

  get isOpen(): boolean {
    return inspector.url() !== undefined;
  }

  /**
   * The script to run for a cell, with an inline source map pointing at the cell's source file (written now).
   */
  scriptFor(cellId: string, source: string, cell: TranspiledCell): string {
    this.ensureDir();
    const file = debugSourcePath(this.sourceDir, cellId);
    fs.writeFileSync(file, source, { mode: 0o600 });
    return withInlineSourceMap(cell.script, cell.map, file, source);
  }

  /** Whether this run of the cell starts paused (Run by Line asked for it); asked once per run. */
  takePauseAtStart(cellId: string): boolean {
    const pause = this.breakInCell === cellId && this.isOpen;
    if (pause) this.breakInCell = undefined;
    return pause;
  }

  /** Removes the cells' source files (at exit; the host removes them too if the process was killed). */
  removeSources(): void {
    if (this.dirReady) fs.rmSync(this.sourceDir, { recursive: true, force: true });
  }

  private ensureDir(): void {
    if (this.dirReady && fs.existsSync(this.sourceDir)) return;
    fs.mkdirSync(this.sourceDir, { recursive: true, mode: 0o700 });
    this.dirReady = true;
  }
}

/** What the debugger's Variables view and hovers show for a tensor (js-debug's custom description/properties). */
export interface TensorLike {
  dtype: string;
  shape: number[];
  size: number;
  isDisposed: boolean;
  dataSync(): ArrayLike<number | string | Uint8Array>;
}

const PREVIEW_VALUES = 8;

/** `float32[2,3] [0.1, 0.2, …]`: dtype, shape and the first values, not TF.js internals. */
export function tensorDescription(tensor: TensorLike): string {
  const head = `${tensor.dtype}[${tensor.shape.join(',')}]`;
  if (tensor.isDisposed) return `${head} (disposed)`;
  const values = previewValues(tensor, PREVIEW_VALUES);
  return `${head} [${values.map(formatValue).join(', ')}${tensor.size > values.length ? ', …' : ''}]`;
}

/** The properties shown when a tensor is expanded: its shape, dtype, size and up to 100 values. */
export function tensorProperties(tensor: TensorLike): Record<string, unknown> {
  const properties: Record<string, unknown> = { dtype: tensor.dtype, shape: [...tensor.shape], size: tensor.size, disposed: tensor.isDisposed };
  if (!tensor.isDisposed) properties[tensor.size > 100 ? 'first 100 values' : 'values'] = previewValues(tensor, 100).map((v) => (typeof v === 'number' ? v : formatValue(v)));
  return properties;
}

function previewValues(tensor: TensorLike, count: number): (number | string | Uint8Array)[] {
  const data = tensor.dataSync();
  return Array.from({ length: Math.min(count, data.length) }, (_, i) => data[i]!);
}

function formatValue(value: number | string | Uint8Array): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(new TextDecoder().decode(value));
}
