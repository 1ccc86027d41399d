/**
 * Where a cell's TypeScript lives while VS Code's JavaScript debugger looks at it, and how a cell script
 * points there. js-debug binds breakpoints and shows stops on real files: the kernel writes each cell's
 * source to `<dir>/cell-<hash>.ts` and runs the script with an inline source map whose one source is that
 * file; the extension's adapter tracker swaps that path and the notebook cell's URI in the DAP messages.
 * Pure: no 'vscode', no file system.
 */
import type { SourceMapInput } from '@jridgewell/trace-mapping';

// Debugging is offered where the kernel runs on a POSIX file system (the VSIX is built for linux-x64), so the
// paths here are joined with '/' and need no node:path.
const joinPosix = (dir: string, name: string) => `${dir.replace(/\/+$/, '')}/${name}`;

/** FNV-1a over the UTF-8 bytes of `text`, 64 bits as 16 hex digits: a stable file name, not a secret. */
function fnv1a64Hex(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash.toString(16).padStart(16, '0');
}

/** The file: URL of an absolute POSIX path, escaped as Node's pathToFileURL escapes it. */
function fileUrl(absolutePath: string): string {
  const escaped = absolutePath.replace(/[%\\\n\r\t#?]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return new URL(`file://${escaped}`).href;
}

/** Base64 of the UTF-8 bytes of `text` (btoa takes one byte per character). */
function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The per-kernel folder (under the OS temp folder) that holds the cells' sources while debugging. */
export function debugSourceDir(tmpDir: string, kernelPid: number): string {
  return joinPosix(tmpDir, `mlnb-debug-${kernelPid}`);
}

/** The file a cell's source is written to: one per cell (not per run), so a breakpoint set on the cell binds in every run of it. */
export function debugSourcePath(dir: string, cellId: string): string {
  return joinPosix(dir, `cell-${fnv1a64Hex(cellId)}.ts`);
}

/**
 * The script with an inline source map whose source is `sourcePath` (as a file URL, with the cell's text
 * inside it): V8 reports the map to the debugger when the script is parsed, and again when a debugger attaches.
 */
export function withInlineSourceMap(script: string, map: SourceMapInput, sourcePath: string, source: string): string {
  const decoded = (typeof map === 'string' ? JSON.parse(map) : map) as Record<string, unknown>;
  const inline = { ...decoded, sources: [fileUrl(sourcePath)], sourcesContent: [source] };
  return `${script}\n${INLINE_SOURCE_MAP_COMMENT}${base64Utf8(JSON.stringify(inline))}\n`;
}

/**
 * In a quoted string, not a template: esbuild writes a template's `\n` as a real line break, so the bundle got a
 * line starting `//# sourceMappingURL=data:…${…}` that the debugger took for kernel.js's own map and failed to read.
 */
const INLINE_SOURCE_MAP_COMMENT = '//# sourceMappingURL=data:application/json;charset=utf-8;base64,';

