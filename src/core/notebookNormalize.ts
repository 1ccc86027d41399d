/**
 * A parsed notebook checked and put in its in-memory form: every field's type checked (a problem is reported
 * through the caller's `fail`, with its JSON path), defaults filled in, text split into lines on disk joined
 * back, nbformat 4.0–4.4 brought to 4.5, and every cell given a unique id.
 */
import type { JsonObject, Notebook, NotebookCell, NotebookMetadata } from './notebook';
import type { Path } from './notebookErrors';
import { copyObject, describe, isInteger, isObject, setOwn } from './jsonValues';
import type { ErrorOutput, MimeBundle, NbOutput, StreamOutput } from './outputs';

/** The nbformat version mlnb reads up to and writes. */
export const NBFORMAT_MAJOR = 4;
/** 4.5 is the first minor version with cell ids, which VS Code and JupyterLab rely on. */
export const NBFORMAT_MINOR = 5;

export interface NormalizeContext {
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
export function normalizeNotebook(raw: unknown, ctx: NormalizeContext): Notebook {
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

/** A cell's `cell_type` or an output's `output_type`: one of `kinds`, else the problem with the kinds nbformat 4 has. */
function kindOf(raw: JsonObject, what: 'cell' | 'output', kinds: readonly string[], path: Path, ctx: NormalizeContext): string {
  const field = `${what}_type`;
  const type = raw[field];
  if (type === undefined) ctx.fail(path, `the ${what} has no "${field}"`);
  if (typeof type !== 'string' || !kinds.includes(type)) {
    const listed = kinds.map((kind) => JSON.stringify(kind));
    ctx.fail(
      [...path, field],
      `${typeof type === 'string' ? `unknown ${field} ${JSON.stringify(type)}` : `expected a string, found ${describe(type)}`}; ` +
        `nbformat 4 ${what}s are ${listed.slice(0, -1).join(', ')} or ${listed.at(-1)}`,
    );
  }
  return type;
}

function normalizeCell(raw: unknown, path: Path, ctx: NormalizeContext): NotebookCell {
  if (!isObject(raw)) ctx.fail(path, `expected a cell object, found ${describe(raw)}`);
  const type = kindOf(raw, 'cell', CELL_TYPES, path, ctx);
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
  const type = kindOf(raw, 'output', OUTPUT_TYPES, path, ctx);
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
export function randomCellId(taken: ReadonlySet<string>): string {
  for (;;) {
    const bytes = new Uint8Array(4);
    if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(bytes);
    else for (let i = 0; i < 4; i++) bytes[i] = Math.floor(Math.random() * 256);
    const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    if (!taken.has(id)) return id;
  }
}

/** 8 hex chars from a hash of the cell's position and source (FNV-1a), so writing stays deterministic. */
export function derivedCellId(taken: ReadonlySet<string>, cellIndex: number, source: string): string {
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
