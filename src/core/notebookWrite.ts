/**
 * A notebook as the bytes Jupyter writes: text split into lines (nbformat's split_lines), keys sorted at every
 * level, indent 1, non-ASCII as-is, numbers as Python prints them, and a trailing newline.
 */
import { copyObject, isObject, setOwn } from './jsonValues';
import type { JsonObject, Notebook } from './notebook';
import { formatPath, MAX_DEPTH, NotebookFormatError, type Path } from './notebookErrors';
import { toJsonNumber, type MimeBundle } from './outputs';

/** The file content for an already normalised notebook. */
export function writeNotebookJson(nb: Notebook): string {
  const parts: string[] = [];
  writeJson(toDiskForm(nb), 0, parts, []);
  parts.push('\n');
  return parts.join('');
}

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
