/**
 * Why a notebook file is refused, and where: NotebookFormatError, line and column of an offset, an explanation
 * of why JSON.parse refused the text (the first thing wrong, merge-conflict markers named as such), the depth
 * and number limits, and the offset of a JSON path for structural problems found later.
 */
import { findNodeAtLocation, parse as parseJsonc, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { JsonObject } from './notebook';

/** Jupyter cannot read deeper JSON either (Python's recursion limit); the cap also stops runaway input. */
export const MAX_DEPTH = 1000;

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
// Positions and syntax errors

interface Position {
  line: number;
  column: number;
}

/** 1-based line and column of `offset`; \n, \r\n and a lone \r each end a line (as in VS Code). */
export function positionAt(text: string, offset: number): Position {
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

export function locatedError(
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
export function syntaxError(text: string, fileName: string | undefined): NotebookFormatError {
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

/** Where a value is in the JSON: keys and indexes from the top. */
export type Path = (string | number)[];

export function formatPath(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** Text offset of the value at `path` (or of its nearest existing ancestor, for missing fields). */
export function locatePath(text: string, path: Path): number {
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
export function checkJsonLimits(root: unknown, text: string, fileName: string | undefined): void {
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
