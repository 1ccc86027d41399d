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
 * Pure TypeScript: no 'vscode', no Node built-ins (TextDecoder and crypto are globals in Node and in
 * browsers).
 */
import { findNodeAtLocation, parse as parseJsonc, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { toJsonNumber, type ErrorOutput, type MimeBundle, type NbOutput, type StreamOutput } from './outputs';

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

export const NBFORMAT_MAJOR = 4;
/** 4.5 is the first minor version with cell ids, which VS Code and JupyterLab rely on. */
export const NBFORMAT_MINOR = 5;

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

/** Jupyter cannot read deeper JSON either (Python's recursion limit); the cap also stops runaway input. */
const MAX_DEPTH = 1000;

// ---------------------------------------------------------------------------------------------------
// Errors

export interface NotebookFormatErrorDetails {
  /** What is wrong, without the position. */
  problem: string;
  fileName?: string;
  /** 1-based, in the decoded text (a UTF-8 BOM is not counted). Absent for in-memory problems. */
  line?: number;
  /** 1-based, in UTF-16 code units like VS Code's "Col". */
  column?: number;
  /** 0-based offset in the decoded text. */
  offset?: number;
  /** JSON path of the offending value, e.g. `cells[3].source`. */
  path?: string;
}

/** A notebook that cannot be read (or written). The message names the problem and where it is. */
export class NotebookFormatError extends Error {
  override readonly name = 'NotebookFormatError';
  readonly problem: string;
  readonly fileName?: string;
  readonly line?: number;
  readonly column?: number;
  readonly offset?: number;
  readonly path?: string;

  constructor(details: NotebookFormatErrorDetails) {
    const where =
      details.line !== undefined
        ? `${details.fileName ? details.fileName + ':' : ''}${details.line}:${details.column}: `
        : details.fileName
          ? `${details.fileName}: `
          : '';
    super(`${where}${details.path ? details.path + ': ' : ''}${details.problem}`);
    this.problem = details.problem;
    this.fileName = details.fileName;
    this.line = details.line;
    this.column = details.column;
    this.offset = details.offset;
    this.path = details.path;
  }
}

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
  const parts: string[] = [];
  writeJson(toDiskForm(normal), 0, parts, []);
  parts.push('\n');
  return parts.join('');
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

/**
 * Python's `str.splitlines(keepends=True)`, which nbformat uses to split text for the file: breaks at
 * \n, \r\n, \r, \v, \f, \x1c-\x1e, \x85, U+2028 and U+2029. Joining the result gives `text` back.
 */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (const match of text.matchAll(LINE_BREAK)) {
    const end = match.index + match[0].length;
    lines.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}
// eslint-disable-next-line no-control-regex -- \x1c-\x1e (file, group, record separators) break lines in Python's splitlines, which this mirrors
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g;

// ---------------------------------------------------------------------------------------------------
// Decoding

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeInput(input: string | Uint8Array, fileName: string | undefined): string {
  if (typeof input === 'string') {
    // Text that was decoded as Latin-1 or lossy UTF-8 shows a UTF-16/32 BOM as these characters.
    if (/^(\u00ff\u00fe|\u00fe\u00ff|\ufffd\ufffd)/.test(input)) {
      throw encodingError(fileName, 'UTF-16 or UTF-32 (it starts with a byte-order mark)');
    }
    return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  }
  const b = input;
  // UTF-32 LE must be checked before UTF-16 LE: its BOM starts with the same two bytes.
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) throw encodingError(fileName, 'UTF-32 LE');
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) throw encodingError(fileName, 'UTF-32 BE');
  if (b[0] === 0xff && b[1] === 0xfe) throw encodingError(fileName, 'UTF-16 LE');
  if (b[0] === 0xfe && b[1] === 0xff) throw encodingError(fileName, 'UTF-16 BE');
  // JSON text never contains a NUL byte; NULs among the first bytes mean UTF-16/32 without a BOM.
  if (Array.prototype.slice.call(b, 0, 4).includes(0)) {
    throw encodingError(fileName, 'UTF-16 or UTF-32 without a byte-order mark (it contains NUL bytes)');
  }
  // A UTF-8 BOM is harmless (some Windows editors add it): accept it and write the file back without.
  const start = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  const body = b.subarray(start);
  try {
    return utf8.decode(body);
  } catch {
    const bad = firstInvalidUtf8(body);
    const before = utf8.decode(body.subarray(0, bad));
    const at = positionAt(before, before.length);
    throw new NotebookFormatError({
      problem:
        `the file is not valid UTF-8 (byte 0x${body[bad].toString(16).padStart(2, '0')} at byte offset ${bad + start}); ` +
        'notebooks are UTF-8 JSON: re-save it as UTF-8',
      fileName,
      ...at,
      offset: before.length,
    });
  }
}

function encodingError(fileName: string | undefined, encoding: string): NotebookFormatError {
  return new NotebookFormatError({
    problem: `the file is encoded as ${encoding}; notebooks are UTF-8 JSON (as Jupyter writes them): save it as UTF-8`,
    fileName,
    line: 1,
    column: 1,
    offset: 0,
  });
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (WHATWG decoder rules). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c < 0x80) need = 0;
    else if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0; // no overlongs
      if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f; // nothing above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return b.length;
}

// ---------------------------------------------------------------------------------------------------
// Positions and syntax errors

interface Position {
  line: number;
  column: number;
}

/** 1-based line and column of `offset`; \n, \r\n and a lone \r each end a line (as in VS Code). */
function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function locatedError(
  text: string,
  fileName: string | undefined,
  offset: number,
  problem: string,
  path?: string,
): NotebookFormatError {
  return new NotebookFormatError({ problem, fileName, ...positionAt(text, offset), offset, path });
}

const CONFLICT_MARKER = /^(?:<{7}|>{7}|\|{7})(?:[ \t].*)?\r?$|^={7}\r?$/m;

/** Explains why JSON.parse refused `text`. Only called on failure, so it may be slow-ish. */
function syntaxError(text: string, fileName: string | undefined): NotebookFormatError {
  // Valid JSON never has a line starting with these, so a match is certainly the problem.
  const conflict = CONFLICT_MARKER.exec(text);
  if (conflict) {
    const { line } = positionAt(text, conflict.index);
    return locatedError(
      text,
      fileName,
      conflict.index,
      `unresolved git merge conflict: line ${line} starts with "${conflict[0].slice(0, 7)}". ` +
        'Resolve the conflict (keep one side, e.g. `git checkout --ours/--theirs <file>`) and open the file again',
    );
  }
  if (/\0/.test(text.slice(0, 4))) {
    return locatedError(
      text,
      fileName,
      text.indexOf('\0'),
      'the file contains NUL characters: it looks like UTF-16 or UTF-32 without a byte-order mark; save it as UTF-8',
    );
  }
  const { offset, problem } = describeSyntaxError(text);
  return locatedError(text, fileName, offset, problem);
}

function describeSyntaxError(text: string): { offset: number; problem: string } {
  let first: ParseError | undefined;
  try {
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    first = errors[0];
  } catch {
    // jsonc-parser recurses; absurdly deep input can overflow it. Fall through to V8's offset.
  }
  if (!first) {
    // jsonc-parser accepted what JSON.parse refused: use V8's own position if it gives one.
    let offset = text.length;
    try {
      JSON.parse(text);
    } catch (e) {
      const m = /position (\d+)/.exec(String((e as Error).message));
      if (m) offset = Number(m[1]);
    }
    return { offset, problem: 'invalid JSON' };
  }
  let offset = first.offset;
  const atEnd = text.slice(offset).trim() === '';
  const truncated = 'unexpected end of file: the JSON stops in the middle (the file looks truncated)';
  const ch = describeChar(text, offset);
  const prev = text.slice(0, offset).trimEnd().slice(-1);
  let problem: string;
  const code = printParseErrorCode(first.error);
  switch (code) {
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      problem = 'comments are not allowed: notebook files are strict JSON';
      break;
    case 'PropertyNameExpected':
    case 'ValueExpected':
      if (atEnd) problem = truncated;
      else if (prev === ',' && (text[offset] === '}' || text[offset] === ']'))
        problem = `trailing comma before "${text[offset]}": notebook files are strict JSON`;
      else if (code === 'PropertyNameExpected')
        problem = `expected a property name in double quotes, found ${ch}`;
      else problem = `expected a JSON value, found ${ch}`;
      break;
    case 'InvalidSymbol':
      if (/^(NaN|-?Infinity)\b/.test(text.slice(offset))) problem = `${/^-?\w+/.exec(text.slice(offset))![0]} is not valid JSON`;
      else if (text[offset] === "'") problem = 'strings must use double quotes';
      else {
        const token = text.slice(offset, offset + Math.min(first.length, 20));
        problem = /^[\x21-\x7e]{2,}$/.test(token) ? `unexpected ${JSON.stringify(token)}` : `unexpected ${ch}`;
      }
      break;
    case 'InvalidNumberFormat':
    case 'UnexpectedEndOfNumber':
      problem = atEnd ? truncated : 'invalid number';
      break;
    case 'ColonExpected':
      problem = atEnd ? truncated : `expected ":" after the property name, found ${ch}`;
      break;
    case 'CommaExpected':
      if (atEnd) problem = truncated;
      else if (/(^|[^\d.])-?0$/.test(text.slice(Math.max(0, offset - 3), offset)) && /\d/.test(text[offset])) {
        offset = text.lastIndexOf('0', offset);
        problem = 'invalid number: JSON numbers cannot have a leading zero';
      } else problem = `expected "," or a closing bracket, found ${ch}`;
      break;
    case 'CloseBraceExpected':
      problem = atEnd ? truncated : `expected "," or "}", found ${ch}`;
      break;
    case 'CloseBracketExpected':
      problem = atEnd ? truncated : `expected "," or "]", found ${ch}`;
      break;
    case 'EndOfFileExpected':
      problem = `unexpected ${ch} after the end of the JSON document`;
      break;
    case 'UnexpectedEndOfString':
    case 'InvalidCharacter':
    case 'InvalidEscapeCharacter':
    case 'InvalidUnicode': {
      // jsonc-parser points at the string's opening quote; find the offending character inside it.
      const found = scanString(text, offset);
      offset = found.offset;
      problem = found.offset >= text.length ? truncated : found.problem;
      break;
    }
    default:
      problem = 'invalid JSON';
  }
  return { offset, problem };
}

/** Walks a JSON string starting at its opening quote and reports the first thing wrong in it. */
function scanString(text: string, quote: number): { offset: number; problem: string } {
  for (let i = quote + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) break;
    if (c < 0x20) {
      const name = c === 10 ? 'a line break' : c === 9 ? 'a tab' : `control character U+${hex4(c)}`;
      return { offset: i, problem: `${name} inside a string must be escaped (or the string is missing its closing quote)` };
    }
    if (c === 0x5c) {
      const e = text[i + 1];
      if (e === undefined) break;
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, problem: 'invalid \\u escape: expected 4 hex digits' };
        i += 5;
      } else if ('"\\/bfnrt'.includes(e)) i++;
      else return { offset: i, problem: `invalid escape sequence "\\${e}" in a string` };
    }
  }
  return { offset: text.length, problem: 'unterminated string' };
}

function describeChar(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the file';
  const cp = text.codePointAt(offset)!;
  const ch = String.fromCodePoint(cp);
  return cp < 0x20 || cp === 0x7f || cp === 0xfeff || (cp >= 0x80 && /\s/.test(ch))
    ? `character U+${hex4(cp)}`
    : JSON.stringify(ch);
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

type Path = (string | number)[];

function formatPath(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** Text offset of the value at `path` (or of its nearest existing ancestor, for missing fields). */
function locatePath(text: string, path: Path): number {
  try {
    const root = parseTree(text, undefined, { disallowComments: true });
    if (root) {
      for (let n = path.length; n >= 0; n--) {
        const node = findNodeAtLocation(root, path.slice(0, n));
        if (node) return node.offset;
      }
    }
  } catch {
    // Too deep for jsonc-parser's recursion; fall back to the first token.
  }
  return text.length - text.trimStart().length;
}

/**
 * JSON.parse accepts two things we cannot keep: numbers that overflow to Infinity (Jupyter would write
 * them back as invalid JSON) and nesting deeper than MAX_DEPTH. Iterative, so deep input cannot
 * overflow the stack here.
 */
function checkJsonLimits(root: unknown, text: string, fileName: string | undefined): void {
  // Frames only for containers (numbers are checked in place), so big arrays cost no allocations.
  interface Frame {
    value: object;
    depth: number;
    parent?: Frame;
    key?: string | number;
  }
  const pathOf = (frame: Frame, last?: string | number) => {
    const path: Path = last === undefined ? [] : [last];
    for (let f: Frame | undefined = frame; f?.parent; f = f.parent) path.unshift(f.key!);
    return path;
  };
  const visit = (value: unknown, parent: Frame, key: string | number, stack: Frame[]) => {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) {
        const path = pathOf(parent, key);
        throw locatedError(text, fileName, locatePath(text, path), 'number is too large for a 64-bit float', formatPath(path));
      }
    } else if (value !== null && typeof value === 'object') {
      if (parent.depth + 1 >= MAX_DEPTH) {
        throw locatedError(text, fileName, offsetAtDepth(text, MAX_DEPTH + 1), `JSON is nested more than ${MAX_DEPTH} levels deep`);
      }
      stack.push({ value, depth: parent.depth + 1, parent, key });
    }
  };
  if (root === null || typeof root !== 'object') return;
  const stack: Frame[] = [{ value: root, depth: 0 }];
  while (stack.length) {
    const frame = stack.pop()!;
    const container = frame.value;
    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i++) visit(container[i], frame, i, stack);
    } else {
      for (const k of Object.keys(container)) visit((container as JsonObject)[k], frame, k, stack);
    }
  }
}

/** Offset of the bracket that opens nesting level `depth` (brackets inside strings don't count). */
function offsetAtDepth(text: string, depth: number): number {
  let level = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (++level >= depth) return i;
    } else if (c === ']' || c === '}') level--;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------------
// Structure: check types, fill defaults, rejoin split text, assign ids

interface NormalizeContext {
  fail(path: Path, problem: string): never;
  /** A fresh id that is not in `taken`. */
  newId(taken: ReadonlySet<string>, cellIndex: number, source: string): string;
}

const CELL_TYPES: readonly string[] = ['code', 'markdown', 'raw'];
const OUTPUT_TYPES: readonly string[] = ['stream', 'display_data', 'execute_result', 'error'];
const VALID_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Turns a raw parsed (or in-memory) notebook into the canonical in-memory form. It builds new objects
 * for the parts it changes and leaves the input untouched; unknown fields are carried over.
 */
function normalizeNotebook(raw: unknown, ctx: NormalizeContext): Notebook {
  if (!isObject(raw)) {
    ctx.fail([], `the top level must be a JSON object (an nbformat notebook), found ${describe(raw)}`);
  }
  const major = raw.nbformat;
  if (major === undefined) {
    ctx.fail([], 'not a Jupyter notebook: the "nbformat" field is missing (mlnb reads nbformat 4)');
  }
  if (!isInteger(major)) ctx.fail(['nbformat'], `expected an integer, found ${describe(major)}`);
  if (major > NBFORMAT_MAJOR) {
    ctx.fail(['nbformat'], `written by a newer nbformat ${major}.x; mlnb reads nbformat 4`);
  }
  if (major < NBFORMAT_MAJOR) {
    ctx.fail(
      ['nbformat'],
      `this is an nbformat ${major} notebook; mlnb reads nbformat 4. Upgrade it with ` +
        '`jupyter nbconvert --to notebook --nbformat 4 <file>` (or open it in Jupyter and save it)',
    );
  }
  // Missing minor: treat as current, since every cell is about to get a 4.5 id anyway.
  let minor = raw.nbformat_minor === undefined ? NBFORMAT_MINOR : raw.nbformat_minor;
  if (!isInteger(minor) || minor < 0) {
    ctx.fail(['nbformat_minor'], `expected a non-negative integer, found ${describe(minor)}`);
  }

  const metadata = normalizeNotebookMetadata(raw.metadata, ctx);
  if (raw.cells === undefined) ctx.fail([], 'the "cells" array is missing');
  if (!Array.isArray(raw.cells)) ctx.fail(['cells'], `expected an array of cells, found ${describe(raw.cells)}`);
  const cells = raw.cells.map((cell, i) => normalizeCell(cell, ['cells', i], ctx));

  // Ids: keep valid, unique ones; give the rest (missing, malformed, or a later duplicate — as
  // nbformat's repair does) a new one. Ids are a 4.5 feature, so a notebook with cells becomes 4.5.
  const taken = new Set<string>();
  const needId: number[] = [];
  cells.forEach((cell, i) => {
    if (typeof cell.id === 'string' && VALID_ID.test(cell.id) && !taken.has(cell.id)) taken.add(cell.id);
    else needId.push(i);
  });
  for (const i of needId) {
    cells[i].id = ctx.newId(taken, i, cells[i].source);
    taken.add(cells[i].id);
  }
  if (cells.length > 0 && minor < NBFORMAT_MINOR) minor = NBFORMAT_MINOR;

  const nb = copyObject(raw);
  nb.nbformat = major;
  nb.nbformat_minor = minor;
  nb.metadata = metadata;
  nb.cells = cells;
  return nb as Notebook;
}

function normalizeNotebookMetadata(value: unknown, ctx: NormalizeContext): NotebookMetadata {
  if (value === undefined) return {};
  if (!isObject(value)) ctx.fail(['metadata'], `expected an object, found ${describe(value)}`);
  // nbformat's strip_transient: these are never stored in files.
  const metadata = copyObject(value, ['orig_nbformat', 'orig_nbformat_minor', 'signature']);
  for (const [key, fields] of [
    ['kernelspec', ['name', 'display_name', 'language']],
    ['language_info', ['name', 'file_extension', 'mimetype', 'pygments_lexer']],
  ] as const) {
    const sub = metadata[key];
    if (sub === undefined) continue;
    if (!isObject(sub)) ctx.fail(['metadata', key], `expected an object, found ${describe(sub)}`);
    for (const field of fields) {
      if (sub[field] !== undefined && typeof sub[field] !== 'string') {
        ctx.fail(['metadata', key, field], `expected a string, found ${describe(sub[field])}`);
      }
    }
  }
  return metadata;
}

function normalizeCell(raw: unknown, path: Path, ctx: NormalizeContext): NotebookCell {
  if (!isObject(raw)) ctx.fail(path, `expected a cell object, found ${describe(raw)}`);
  const type = raw.cell_type;
  if (type === undefined) ctx.fail(path, 'the cell has no "cell_type"');
  if (typeof type !== 'string' || !CELL_TYPES.includes(type)) {
    ctx.fail(
      [...path, 'cell_type'],
      `${typeof type === 'string' ? `unknown cell_type ${JSON.stringify(type)}` : `expected a string, found ${describe(type)}`}; ` +
        'nbformat 4 cells are "code", "markdown" or "raw"',
    );
  }
  if (raw.id !== undefined && typeof raw.id !== 'string') {
    ctx.fail([...path, 'id'], `expected a string, found ${describe(raw.id)}`);
  }
  const cell = copyObject(raw);
  cell.source = raw.source === undefined ? '' : multilineString(raw.source, [...path, 'source'], ctx);
  // nbformat's strip_transient drops the per-session `trusted` flag.
  cell.metadata = raw.metadata === undefined ? {} : copyObject(objectAt(raw.metadata, [...path, 'metadata'], ctx), ['trusted']);
  if (raw.attachments !== undefined) {
    const attachments = objectAt(raw.attachments, [...path, 'attachments'], ctx);
    const out: JsonObject = {};
    for (const name of Object.keys(attachments)) {
      setOwn(out, name, mimeBundle(attachments[name], [...path, 'attachments', name], ctx));
    }
    cell.attachments = out;
  }
  if (type === 'code') {
    if (raw.outputs !== undefined && !Array.isArray(raw.outputs)) {
      ctx.fail([...path, 'outputs'], `expected an array of outputs, found ${describe(raw.outputs)}`);
    }
    cell.outputs = (raw.outputs ?? []).map((o: unknown, i: number) => normalizeOutput(o, [...path, 'outputs', i], ctx));
    cell.execution_count = executionCount(raw.execution_count, [...path, 'execution_count'], ctx);
  }
  return cell as NotebookCell;
}

function normalizeOutput(raw: unknown, path: Path, ctx: NormalizeContext): NbOutput {
  if (!isObject(raw)) ctx.fail(path, `expected an output object, found ${describe(raw)}`);
  const type = raw.output_type;
  if (type === undefined) ctx.fail(path, 'the output has no "output_type"');
  if (typeof type !== 'string' || !OUTPUT_TYPES.includes(type)) {
    ctx.fail(
      [...path, 'output_type'],
      `${typeof type === 'string' ? `unknown output_type ${JSON.stringify(type)}` : `expected a string, found ${describe(type)}`}; ` +
        'nbformat 4 outputs are "stream", "display_data", "execute_result" or "error"',
    );
  }
  // `transient` (display ids) belongs to the live session; Jupyter never saves it.
  const out = copyObject(raw, ['transient']);
  const required = (field: string) => {
    if (raw[field] === undefined) ctx.fail(path, `the ${type} output has no "${field}"`);
    return raw[field];
  };
  const string = (field: string) => {
    const value = required(field);
    if (typeof value !== 'string') ctx.fail([...path, field], `expected a string, found ${describe(value)}`);
    return value;
  };
  switch (type) {
    case 'stream':
      out.name = string('name');
      out.text = multilineString(required('text'), [...path, 'text'], ctx);
      return out as unknown as StreamOutput;
    case 'display_data':
    case 'execute_result':
      out.data = mimeBundle(required('data'), [...path, 'data'], ctx);
      out.metadata = raw.metadata === undefined ? {} : objectAt(raw.metadata, [...path, 'metadata'], ctx);
      if (type === 'execute_result') out.execution_count = executionCount(raw.execution_count, [...path, 'execution_count'], ctx);
      return out as unknown as NbOutput;
    default: {
      string('ename');
      string('evalue');
      const traceback = required('traceback');
      if (!Array.isArray(traceback) || !traceback.every((l) => typeof l === 'string')) {
        ctx.fail([...path, 'traceback'], `expected an array of strings, found ${describe(traceback)}`);
      }
      return out as unknown as ErrorOutput;
    }
  }
}

/** nbformat (and our schema check) treat `application/json` and `application/*+json` as JSON data. */
const isJsonMime = (mime: string) => mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'));

function mimeBundle(value: unknown, path: Path, ctx: NormalizeContext): MimeBundle {
  const bundle = objectAt(value, path, ctx);
  const out: JsonObject = {};
  for (const mime of Object.keys(bundle)) {
    const v = bundle[mime];
    setOwn(out, mime, isJsonMime(mime) ? v : multilineString(v, [...path, mime], ctx));
  }
  return out;
}

/** nbformat's multiline_string: a string, or an array of strings that are joined as-is. */
function multilineString(value: unknown, path: Path, ctx: NormalizeContext): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((line) => typeof line === 'string')) return value.join('');
  return ctx.fail(path, `expected a string or an array of strings, found ${describe(value)}`);
}

function executionCount(value: unknown, path: Path, ctx: NormalizeContext): number | null {
  if (value === undefined || value === null) return null;
  if (!isInteger(value) || value < 0) {
    ctx.fail(path, `expected a non-negative integer or null, found ${describe(value)}`);
  }
  return value;
}

function objectAt(value: unknown, path: Path, ctx: NormalizeContext): JsonObject {
  if (!isObject(value)) ctx.fail(path, `expected an object, found ${describe(value)}`);
  return value;
}

// ---------------------------------------------------------------------------------------------------
// Ids

/** Like Jupyter's `uuid4().hex[:8]`. */
function randomCellId(taken: ReadonlySet<string>): string {
  for (;;) {
    const bytes = new Uint8Array(4);
    if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(bytes);
    else for (let i = 0; i < 4; i++) bytes[i] = Math.floor(Math.random() * 256);
    const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    if (!taken.has(id)) return id;
  }
}

/** 8 hex chars from a hash of the cell's position and source (FNV-1a), so writing stays deterministic. */
function derivedCellId(taken: ReadonlySet<string>, cellIndex: number, source: string): string {
  for (let salt = 0; ; salt++) {
    let h = 0x811c9dc5;
    for (const s of [String(cellIndex), source, String(salt)]) {
      for (let i = 0; i < s.length; i++) {
        h ^= s.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
      }
      h = Math.imul(h ^ 0xff, 0x01000193);
    }
    const id = (h >>> 0).toString(16).padStart(8, '0');
    if (!taken.has(id)) return id;
  }
}

// ---------------------------------------------------------------------------------------------------
// Writing

/** nbformat's split_lines: source, stream text, text/* (and JS, SVG) mime values become line arrays. */
function toDiskForm(nb: Notebook): JsonObject {
  const SPLIT_MIMES = ['application/javascript', 'image/svg+xml'];
  const splitBundle = (bundle: MimeBundle) => {
    const out = copyObject(bundle);
    for (const mime of Object.keys(out)) {
      const v = out[mime];
      if (typeof v === 'string' && (mime.startsWith('text/') || SPLIT_MIMES.includes(mime))) setOwn(out, mime, splitLines(v));
    }
    return out;
  };
  const cells = nb.cells.map((cell) => {
    const out = copyObject(cell);
    out.source = splitLines(cell.source);
    if (isObject(cell.attachments)) {
      const attachments: JsonObject = {};
      for (const name of Object.keys(cell.attachments)) setOwn(attachments, name, splitBundle(cell.attachments[name] as MimeBundle));
      out.attachments = attachments;
    }
    if (cell.cell_type === 'code') {
      out.outputs = cell.outputs.map((output) => {
        const o = copyObject(output as unknown as JsonObject);
        if (output.output_type === 'stream') o.text = splitLines(output.text);
        else if (output.output_type === 'display_data' || output.output_type === 'execute_result') o.data = splitBundle(output.data);
        return o;
      });
    }
    return out;
  });
  const out = copyObject(nb);
  out.cells = cells;
  return out;
}

const indents: string[] = [];
const indent = (n: number) => (indents[n] ??= ' '.repeat(n));

/**
 * Python's `json.dumps(nb, sort_keys=True, indent=1, separators=(",", ": "), ensure_ascii=False)`.
 * Strings: JSON.stringify escapes exactly what Python escapes (", \, and control characters, using
 * the same short forms and lowercase \u00xx); lone surrogates, which Python cannot encode at all,
 * become \udxxx escapes so they survive.
 */
function writeJson(value: unknown, level: number, out: string[], path: Path): void {
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      // Saving never fails over what a cell printed: NaN and ±Infinity are written by name (see toJsonNumber).
      out.push(Number.isFinite(value) ? formatNumber(value) : JSON.stringify(toJsonNumber(value)));
      return;
    case 'object':
      break;
    default:
      notJson(path, `a ${typeof value} is not a JSON value`);
  }
  if (value === null) {
    out.push('null');
    return;
  }
  if (level >= MAX_DEPTH) notJson(path, `nested more than ${MAX_DEPTH} levels deep (is there a cycle?)`);
  // `path` is one shared stack (push/pop), so big arrays don't allocate a path per element.
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push('[]');
      return;
    }
    const inner = indent(level + 1);
    out.push('[\n');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',\n');
      out.push(inner);
      path.push(i);
      if (value[i] === undefined) notJson(path, 'undefined is not a JSON value');
      writeJson(value[i], level + 1, out, path);
      path.pop();
    }
    out.push('\n', indent(level), ']');
    return;
  }
  if (!isObject(value)) notJson(path, `${Object.prototype.toString.call(value)} is not a JSON value`);
  // Like JSON.stringify, skip keys whose value is undefined (optional fields left unset).
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort(compareCodePoints);
  if (keys.length === 0) {
    out.push('{}');
    return;
  }
  const inner = indent(level + 1);
  out.push('{\n');
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out.push(',\n');
    out.push(inner, JSON.stringify(keys[i]), ': ');
    path.push(keys[i]);
    writeJson(value[keys[i]], level + 1, out, path);
    path.pop();
  }
  out.push('\n', indent(level), '}');
}

function notJson(path: Path, problem: string): never {
  throw new NotebookFormatError({ problem: `cannot write: ${problem}`, path: formatPath(path) });
}

/**
 * Python's float repr for non-integers: shortest round-trip digits (same as JS), but exponent form
 * below 1e-4 with at least two exponent digits ("1e-05"). Integers print as integers; -0 is written
 * "-0.0" (what Python writes for it) so it survives the round trip.
 */
function formatNumber(n: number): string {
  if (Object.is(n, -0)) return '-0.0';
  if (Number.isInteger(n) || Math.abs(n) >= 1e-4) return String(n);
  const [mantissa, exponent] = n.toExponential().split('e');
  const sign = exponent[0];
  const digits = exponent.slice(1).padStart(2, '0');
  return `${mantissa}e${sign}${digits}`;
}

/** Python sorts str keys by code point; JS's default sort compares UTF-16 units (wrong above U+FFFF). */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codeUnitRank(x) - codeUnitRank(y);
  }
  return a.length - b.length;
}
/** Surrogates (parts of code points above U+FFFF) rank after U+E000–U+FFFF. */
const codeUnitRank = (u: number) => (u >= 0xd800 && u <= 0xdfff ? u + 0x2000 : u >= 0xe000 ? u - 0x800 : u);

// ---------------------------------------------------------------------------------------------------
// Small helpers

function isObject(value: unknown): value is JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** Assignment that also works for a key named "__proto__" (JSON.parse makes it an own property). */
function setOwn(target: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Shallow copy of own fields, minus `omit`. */
function copyObject(source: JsonObject, omit: readonly string[] = []): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(source)) if (!omit.includes(key)) setOwn(out, key, source[key]);
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `a string (${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)})`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
