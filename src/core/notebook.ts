/**
 * The .mlnb file format: an nbformat 4 JSON document, read and written the way Jupyter does it, so a
 * copy renamed to .ipynb opens in Jupyter and an .ipynb from a JS/TS kernel (tslab, Deno, ijavascript)
 * opens here.
 *
 * In memory, `source` and multi-line output text are plain strings. On disk they are arrays of lines,
 * each keeping its line break (nbformat's `split_lines`). The writer copies nbformat's JSONWriter:
 * keys sorted at every level, indent 1, non-ASCII written as-is, LF only, and a trailing newline. So the
 * same notebook always gives the same bytes, and Jupyter re-saving an .mlnb file changes nothing.
 *
 * A file we cannot read is refused with a NotebookFormatError that gives the line:column (and a JSON
 * path for structural problems). It never comes back as an empty notebook, because the next save
 * would destroy the user's file.
 *
 * This module holds the notebook's types and the entry points; the work is in notebookDecode.ts (bytes to
 * text), notebookErrors.ts (what is wrong and where), notebookNormalize.ts (structure, defaults, ids) and
 * notebookWrite.ts (Jupyter's bytes). Pure TypeScript: no 'vscode', no Node built-ins (TextDecoder and
 * crypto are globals in Node and in browsers).
 */
import { deepFreeze, isObject } from './jsonValues';
import { decodeInput } from './notebookDecode';
import { checkJsonLimits, formatPath, locatedError, locatePath, NotebookFormatError, syntaxError } from './notebookErrors';
import { derivedCellId, NBFORMAT_MAJOR, NBFORMAT_MINOR, normalizeNotebook, randomCellId } from './notebookNormalize';
import { writeNotebookJson } from './notebookWrite';
import type { MimeBundle, NbOutput } from './outputs';

// ---------------------------------------------------------------------------------------------------
// Types

export type CellKind = 'code' | 'markdown' | 'raw';
export type JsonObject = { [key: string]: unknown };

interface CellBase {
  /** nbformat 4.5 cell id: 1–64 chars of [A-Za-z0-9_-], unique within the notebook. */
  id: string;
  source: string;
  metadata: JsonObject;
  /** Fields this module does not know survive a round trip. */
  [key: string]: unknown;
}
export interface CodeCell extends CellBase {
  cell_type: 'code';
  outputs: NbOutput[];
  execution_count: number | null;
}
export interface MarkdownCell extends CellBase {
  cell_type: 'markdown';
  /** Inline images etc.: file name → mime bundle. */
  attachments?: Record<string, MimeBundle>;
}
export interface RawCell extends CellBase {
  cell_type: 'raw';
  attachments?: Record<string, MimeBundle>;
}
export type NotebookCell = CodeCell | MarkdownCell | RawCell;

export interface KernelSpec {
  name: string;
  display_name: string;
  language?: string;
  [key: string]: unknown;
}
export interface LanguageInfo {
  name: string;
  file_extension?: string;
  mimetype?: string;
  codemirror_mode?: string | JsonObject;
  pygments_lexer?: string;
  [key: string]: unknown;
}
export interface NotebookMetadata {
  kernelspec?: KernelSpec;
  language_info?: LanguageInfo;
  [key: string]: unknown;
}
export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: NotebookMetadata;
  cells: NotebookCell[];
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------------
// Defaults for new notebooks


export const DEFAULT_KERNELSPEC: Readonly<KernelSpec> = deepFreeze({
  name: 'mlnb-tfjs',
  display_name: 'TypeScript (TensorFlow.js)',
  language: 'typescript',
});
export const DEFAULT_LANGUAGE_INFO: Readonly<LanguageInfo> = deepFreeze({
  name: 'typescript',
  file_extension: '.ts',
  mimetype: 'text/typescript',
  codemirror_mode: 'typescript',
  pygments_lexer: 'typescript',
});
/** mlnb's own notebook-level metadata (`metadata.mlnb`): which ML library the cells are written for. */
export const DEFAULT_MLNB_METADATA: Readonly<JsonObject> = deepFreeze({ framework: 'tfjs' });
export const DEFAULT_NOTEBOOK_METADATA: Readonly<NotebookMetadata> = deepFreeze({
  kernelspec: DEFAULT_KERNELSPEC,
  language_info: DEFAULT_LANGUAGE_INFO,
  mlnb: DEFAULT_MLNB_METADATA,
});


// ---------------------------------------------------------------------------------------------------
// Public API

/**
 * Reads an .mlnb / .ipynb file. Accepts the raw bytes (preferred: lets us refuse non-UTF-8 files) or
 * already-decoded text. Throws NotebookFormatError for anything that is not an nbformat 4 notebook.
 * An empty file (0 bytes, only whitespace, or only a UTF-8 BOM) is a new notebook.
 */
export function parseNotebook(input: string | Uint8Array, fileName?: string): Notebook {
  const text = decodeInput(input, fileName);
  if (/^[ \t\r\n]*$/.test(text)) return newNotebook();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw syntaxError(text, fileName);
  }
  checkJsonLimits(raw, text, fileName);
  return normalizeNotebook(raw, {
    fail: (path, problem) => {
      throw locatedError(text, fileName, locatePath(text, path), problem, formatPath(path));
    },
    newId: randomCellId,
  });
}

/** The file content for `nb`: the bytes Jupyter's own writer would produce, as a string. */
export function serializeNotebook(nb: Notebook): string {
  const normal = normalizeNotebook(nb, {
    fail: (path, problem) => {
      throw new NotebookFormatError({ problem, path: formatPath(path) });
    },
    // Deterministic, so that the same notebook always gives the same bytes even if it needs repair.
    newId: derivedCellId,
  });
  return writeNotebookJson(normal);
}

/** A new notebook with mlnb's metadata; by default with one empty code cell. */
export function newNotebook(cells: readonly NotebookCell[] = [createCell('code', '')]): Notebook {
  return normalizeNotebook(
    {
      nbformat: NBFORMAT_MAJOR,
      nbformat_minor: NBFORMAT_MINOR,
      metadata: JSON.parse(JSON.stringify(DEFAULT_NOTEBOOK_METADATA)),
      cells: [...cells],
    },
    {
      fail: (path, problem) => {
        throw new NotebookFormatError({ problem, path: formatPath(path) });
      },
      newId: randomCellId,
    },
  );
}

export function createCell(kind: 'code', source?: string): CodeCell;
export function createCell(kind: 'markdown', source?: string): MarkdownCell;
export function createCell(kind: 'raw', source?: string): RawCell;
export function createCell(kind: CellKind, source?: string): NotebookCell;
/** A cell with a fresh random id (use newNotebook/parseNotebook to get ids checked for uniqueness). */
export function createCell(kind: CellKind, source = ''): NotebookCell {
  const id = randomCellId(new Set());
  switch (kind) {
    case 'code':
      return { id, cell_type: 'code', metadata: {}, source, outputs: [], execution_count: null };
    case 'markdown':
      return { id, cell_type: 'markdown', metadata: {}, source };
    case 'raw':
      return { id, cell_type: 'raw', metadata: {}, source };
    default:
      throw new TypeError(`unknown cell kind ${JSON.stringify(kind)}`);
  }
}

/** Narrows a cell to a code cell (`cells.filter(isCodeCell)` gives CodeCell[]). */
export function isCodeCell(cell: NotebookCell): cell is CodeCell {
  return cell.cell_type === 'code';
}

/**
 * The language the notebook's code cells are written in, from language_info / kernelspec metadata.
 * Aliases are folded ('ts', 'tslab', 'deno', 'text/x.typescript'… → 'typescript'; 'js', 'node'… →
 * 'javascript'); another language's name comes back lower-cased ('python'). A notebook that says
 * nothing is mlnb's default, 'typescript'.
 */
export function notebookLanguage(nb: { metadata?: unknown }): 'typescript' | 'javascript' | (string & {}) {
  const metadata = isObject(nb?.metadata) ? nb.metadata : {};
  const info = isObject(metadata.language_info) ? metadata.language_info : {};
  const spec = isObject(metadata.kernelspec) ? metadata.kernelspec : {};
  // Names first (any language); then hints that only identify JS/TS.
  for (const name of [info.name, spec.language]) {
    if (typeof name === 'string' && name.trim()) return LANGUAGE_ALIASES.get(name.trim().toLowerCase()) ?? name.trim().toLowerCase();
  }
  for (const hint of [info.file_extension, info.mimetype, info.pygments_lexer, spec.name]) {
    const lang = typeof hint === 'string' ? LANGUAGE_ALIASES.get(hint.trim().toLowerCase()) : undefined;
    if (lang) return lang;
  }
  return 'typescript';
}

const LANGUAGE_ALIASES = new Map<string, 'typescript' | 'javascript'>([
  ...['typescript', 'ts', 'tsx', 'typescriptreact', '.ts', '.tsx', '.mts', '.cts', 'text/typescript',
    'text/x.typescript', 'text/x-typescript', 'application/typescript', 'application/x-typescript',
    'tslab', 'deno', 'mlnb-tfjs'].map((k) => [k, 'typescript'] as const),
  ...['javascript', 'js', 'jsx', 'node', 'nodejs', 'node.js', 'ecmascript', '.js', '.mjs', '.cjs',
    'application/javascript', 'text/javascript', 'application/x-javascript', 'jslab', 'ijavascript'].map(
    (k) => [k, 'javascript'] as const,
  ),
]);
