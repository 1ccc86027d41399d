/**
 * Where a cell's TypeScript lives while VS Code's JavaScript debugger looks at it, and how a cell script
 * points there. js-debug binds breakpoints and shows stops on real files: the kernel writes each cell's
 * source to `<dir>/cell-<hash>.ts` and runs the script with an inline source map whose one source is that
 * file; the extension's adapter tracker swaps that path and the notebook cell's URI in the DAP messages.
 * Pure: no 'vscode', no file system.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SourceMapInput } from '@jridgewell/trace-mapping';

/** The per-kernel folder (under the OS temp folder) that holds the cells' sources while debugging. */
export function debugSourceDir(tmpDir: string, kernelPid: number): string {
  return path.join(tmpDir, `mlnb-debug-${kernelPid}`);
}

/** The file a cell's source is written to: one per cell (not per run), so a breakpoint set on the cell binds in every run of it. */
export function debugSourcePath(dir: string, cellId: string): string {
  return path.join(dir, `cell-${createHash('sha256').update(cellId).digest('hex').slice(0, 16)}.ts`);
}

/**
 * The script with an inline source map whose source is `sourcePath` (as a file URL, with the cell's text
 * inside it): V8 reports the map to the debugger when the script is parsed, and again when a debugger attaches.
 */
export function withInlineSourceMap(script: string, map: SourceMapInput, sourcePath: string, source: string): string {
  const decoded = (typeof map === 'string' ? JSON.parse(map) : map) as Record<string, unknown>;
  const inline = { ...decoded, sources: [pathToFileURL(sourcePath).href], sourcesContent: [source] };
  return `${script}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(inline)).toString('base64')}\n`;
}

