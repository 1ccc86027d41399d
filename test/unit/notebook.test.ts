import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import {
  DEFAULT_KERNELSPEC,
  DEFAULT_LANGUAGE_INFO,
  DEFAULT_NOTEBOOK_METADATA,
  createCell,
  isCodeCell,
  newNotebook,
  notebookLanguage,
  parseNotebook,
  serializeNotebook,
  type CodeCell,
  type Notebook,
} from '../../src/core/notebook';
import { NotebookFormatError } from '../../src/core/notebookErrors';
import { splitLines } from '../../src/core/notebookWrite';

const FIXTURES = join(__dirname, '..', 'fixtures', 'notebooks');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const fixtureText = (name: string) => fixture(name).toString('utf8');

// The nbformat 4.5 JSON schema from jupyter/nbformat (draft-04; Ajv's default dialect reads it fine
// once the $schema line is removed).
const schema = JSON.parse(readFileSync(join(FIXTURES, 'nbformat.v4.5.schema.json'), 'utf8'));
delete schema.$schema;
const validateNbformat45 = new Ajv({ strict: false, allErrors: true }).compile(schema);
function assertValidIpynb(text: string): void {
  const ok = validateNbformat45(JSON.parse(text));
  assert.ok(ok, `not valid nbformat 4.5: ${JSON.stringify(validateNbformat45.errors, null, 1)}`);
}

/** Parses and expects a refusal at `line:column` whose message contains every fragment. */
function assertRefused(
  input: string | Uint8Array,
  where: { line: number; column: number; path?: string },
  ...fragments: (string | RegExp)[]
): NotebookFormatError {
  let error: unknown;
  try {
    const nb = parseNotebook(input, 'test.mlnb');
    assert.fail(`expected a refusal, got a notebook with ${nb.cells.length} cells`);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof NotebookFormatError, `expected NotebookFormatError, got ${String(error)}`);
  assert.ok(error instanceof Error);
  const { message } = error;
  assert.ok(message.startsWith(`test.mlnb:${where.line}:${where.column}: `), `position: ${message}`);
  assert.equal(error.line, where.line);
  assert.equal(error.column, where.column);
  assert.equal(error.fileName, 'test.mlnb');
  if (where.path !== undefined) {
    assert.equal(error.path, where.path);
    assert.ok(message.includes(`${where.path}: `), `path in: ${message}`);
  }
  for (const f of fragments) {
    if (typeof f === 'string') assert.ok(message.includes(f), `expected ${JSON.stringify(f)} in: ${message}`);
    else assert.match(message, f);
  }
  return error;
}

/** A minimal valid document with the given cells (as raw JSON values). */
const doc = (cells: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells, ...extra }, null, 1);

const isNewEmptyNotebook = (nb: Notebook) =>
  nb.cells.length === 1 &&
  nb.cells[0].cell_type === 'code' &&
  nb.cells[0].source === '' &&
  nb.nbformat === 4 &&
  nb.nbformat_minor === 5;

describe('notebook format: new notebooks', () => {
  it('newNotebook() has one empty code cell, nbformat 4.5 and the TypeScript / TF.js metadata', () => {
    const nb = newNotebook();
    assert.equal(nb.nbformat, 4);
    assert.equal(nb.nbformat_minor, 5);
    assert.equal(nb.cells.length, 1);
    const cell = nb.cells[0] as CodeCell;
    assert.deepEqual(
      { cell_type: cell.cell_type, source: cell.source, outputs: cell.outputs, execution_count: cell.execution_count, metadata: cell.metadata },
      { cell_type: 'code', source: '', outputs: [], execution_count: null, metadata: {} },
    );
    assert.match(cell.id, /^[0-9a-f]{8}$/);
    assert.deepEqual(nb.metadata.kernelspec, { name: 'mlnb-tfjs', display_name: 'TypeScript (TensorFlow.js)', language: 'typescript' });
    assert.equal(nb.metadata.language_info?.name, 'typescript');
    assert.equal(nb.metadata.language_info?.file_extension, '.ts');
    assert.equal(nb.metadata.language_info?.mimetype, 'text/typescript');
    assert.deepEqual(nb.metadata.mlnb, { framework: 'tfjs' });
    assert.equal(notebookLanguage(nb), 'typescript');
  });

  it('a new notebook, written, is valid nbformat 4.5 (opens in Jupyter as .ipynb)', () => {
    assertValidIpynb(serializeNotebook(newNotebook()));
    assertValidIpynb(serializeNotebook(newNotebook([createCell('markdown', '# t'), createCell('raw', 'r'), createCell('code', '1')])));
    assertValidIpynb(serializeNotebook(newNotebook([])));
  });

  it('the default metadata constants are frozen and not shared with notebooks', () => {
    assert.ok(Object.isFrozen(DEFAULT_NOTEBOOK_METADATA));
    assert.ok(Object.isFrozen(DEFAULT_KERNELSPEC));
    assert.ok(Object.isFrozen(DEFAULT_LANGUAGE_INFO));
    const nb = newNotebook();
    nb.metadata.kernelspec!.name = 'changed';
    assert.equal(DEFAULT_KERNELSPEC.name, 'mlnb-tfjs');
    assert.equal(newNotebook().metadata.kernelspec!.name, 'mlnb-tfjs');
  });

  it('createCell makes the nbformat shape for each kind (outputs/execution_count on code cells only)', () => {
    const code = createCell('code', 'x');
    assert.deepEqual({ ...code, id: '' }, { id: '', cell_type: 'code', metadata: {}, source: 'x', outputs: [], execution_count: null });
    for (const kind of ['markdown', 'raw'] as const) {
      const cell = createCell(kind, 'y');
      assert.deepEqual({ ...cell, id: '' }, { id: '', cell_type: kind, metadata: {}, source: 'y' });
      assert.match(cell.id, /^[0-9a-f]{8}$/);
    }
    assert.equal(createCell('code').source, '');
    assert.ok(isCodeCell(code));
    assert.ok(!isCodeCell(createCell('markdown', '')));
  });

  it('newNotebook(cells) keeps the cells and makes duplicate ids unique', () => {
    const a = createCell('code', 'a');
    const b = { ...createCell('markdown', 'b'), id: a.id };
    const nb = newNotebook([a, b]);
    assert.deepEqual(nb.cells.map((c) => c.source), ['a', 'b']);
    assert.equal(nb.cells[0].id, a.id);
    assert.notEqual(nb.cells[1].id, a.id);
    assert.match(nb.cells[1].id, /^[0-9a-f]{8}$/);
  });
});

describe('notebook format: notebookLanguage', () => {
  const lang = (metadata: unknown) => notebookLanguage({ metadata });
  it('reads language_info.name, then kernelspec.language', () => {
    assert.equal(lang({ language_info: { name: 'typescript' } }), 'typescript');
    assert.equal(lang({ language_info: { name: 'javascript' } }), 'javascript');
    assert.equal(lang({ language_info: { name: 'Python' } }), 'python');
    assert.equal(lang({ kernelspec: { name: 'k', display_name: 'K', language: 'javascript' } }), 'javascript');
    assert.equal(lang({ language_info: { name: 'python' }, kernelspec: { name: 'x', display_name: 'X', language: 'typescript' } }), 'python');
  });
  it('folds aliases and uses extension / mimetype / kernel name hints', () => {
    assert.equal(lang({ language_info: { name: 'TS' } }), 'typescript');
    assert.equal(lang({ language_info: { name: 'node.js' } }), 'javascript');
    assert.equal(lang({ language_info: { name: '', file_extension: '.js' } }), 'javascript');
    assert.equal(lang({ language_info: { mimetype: 'text/x.typescript' } }), 'typescript');
    assert.equal(lang({ kernelspec: { name: 'jslab', display_name: 'JavaScript' } }), 'javascript');
    assert.equal(lang({ kernelspec: { name: 'deno', display_name: 'Deno' } }), 'typescript');
  });
  it('defaults to typescript when the notebook says nothing (or nonsense)', () => {
    assert.equal(lang({}), 'typescript');
    assert.equal(lang(undefined), 'typescript');
    assert.equal(lang({ language_info: 7, kernelspec: 'x' }), 'typescript');
    assert.equal(lang({ language_info: { file_extension: '.py' } }), 'typescript');
  });
  it('knows the tslab, Deno and ijavascript fixtures', () => {
    assert.equal(notebookLanguage(parseNotebook(fixture('good/tslab-nbformat-4.4.ipynb'))), 'typescript');
    assert.equal(notebookLanguage(parseNotebook(fixture('good/deno.ipynb'))), 'typescript');
    assert.equal(notebookLanguage(parseNotebook(fixture('good/ijavascript.ipynb'))), 'javascript');
    assert.equal(notebookLanguage(parseNotebook(fixture('good/basic.mlnb'))), 'typescript');
  });
});

describe('notebook format: writing (matches nbformat / Jupyter byte for byte)', () => {
  const cellNb = (cell: Record<string, unknown>, metadata: Record<string, unknown> = {}) =>
    ({ nbformat: 4, nbformat_minor: 5, metadata, cells: [{ id: 'c1', metadata: {}, ...cell }] }) as unknown as Notebook;

  it('writes sorted keys, indent 1, split lines, non-ASCII as-is, LF and a trailing newline', () => {
    const nb = cellNb({ cell_type: 'code', source: 'const π = 3.14;\nπ', outputs: [], execution_count: null }, { zeta: 'é', alpha: [] });
    assert.equal(
      serializeNotebook(nb),
      [
        '{',
        ' "cells": [',
        '  {',
        '   "cell_type": "code",',
        '   "execution_count": null,',
        '   "id": "c1",',
        '   "metadata": {},',
        '   "outputs": [],',
        '   "source": [',
        '    "const π = 3.14;\\n",',
        '    "π"',
        '   ]',
        '  }',
        ' ],',
        ' "metadata": {',
        '  "alpha": [],',
        '  "zeta": "é"',
        ' },',
        ' "nbformat": 4,',
        ' "nbformat_minor": 5',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('the same notebook gives the same bytes, whatever the key order in memory', () => {
    const a = cellNb({ cell_type: 'markdown', source: 'x' }, { b: { y: 1, x: 2 }, a: 1 });
    const b = { cells: [{ source: 'x', metadata: {}, id: 'c1', cell_type: 'markdown' }], metadata: { a: 1, b: { x: 2, y: 1 } }, nbformat_minor: 5, nbformat: 4 };
    assert.equal(serializeNotebook(a), serializeNotebook(b as unknown as Notebook));
    assert.equal(serializeNotebook(a), serializeNotebook(a));
  });

  it('sorts keys by code point like Python (not by UTF-16 unit, not numeric keys first)', () => {
    const text = serializeNotebook(cellNb({ cell_type: 'raw', source: '' }, { '\u{1F600}': 1, '\uFFFF': 2, '9': 3, '10': 4, B: 5, a: 6, é: 7 }));
    const keys = [...text.matchAll(/^ {2}"(.*)": \d/gmu)].map((m) => m[1]);
    assert.deepEqual(keys, ['10', '9', 'B', 'a', 'é', '\uFFFF', '\u{1F600}']);
  });

  it('splits text into lines exactly like Python str.splitlines(keepends=True)', () => {
    assert.deepEqual(splitLines(''), []);
    assert.deepEqual(splitLines('a'), ['a']);
    assert.deepEqual(splitLines('a\n'), ['a\n']);
    assert.deepEqual(splitLines('a\nb'), ['a\n', 'b']);
    assert.deepEqual(splitLines('\n\n'), ['\n', '\n']);
    assert.deepEqual(splitLines('a\r\nb\rc\nd'), ['a\r\n', 'b\r', 'c\n', 'd']);
    assert.deepEqual(splitLines('a\vb\fc\x1cd\x1de\x1ef\x85g\u2028h\u2029i'), ['a\v', 'b\f', 'c\x1c', 'd\x1d', 'e\x1e', 'f\x85', 'g\u2028', 'h\u2029', 'i']);
    assert.deepEqual(splitLines('a\r'), ['a\r']);
  });

  it('writes source, stream text, text/*, JS and SVG mime values as line arrays; leaves others alone', () => {
    const nb = cellNb({
      cell_type: 'code',
      source: '',
      execution_count: 4,
      outputs: [
        { output_type: 'stream', name: 'stdout', text: 'a\nb\n' },
        {
          output_type: 'execute_result',
          execution_count: 4,
          metadata: {},
          data: {
            'text/plain': 'x\ny',
            'text/html': '<b>\n</b>',
            'application/javascript': 'f();\ng();',
            'image/svg+xml': '<svg>\n</svg>',
            'image/png': 'AAAA\nBBBB\n',
            'application/json': { a: 'x\ny' },
            'application/vnd.mlnb.chart+json': ['keep', 'as', 'json'],
          },
        },
        { output_type: 'error', ename: 'E', evalue: 'v\nw', traceback: ['l1\nl2', 'l3'] },
      ],
    });
    const disk = JSON.parse(serializeNotebook(nb)).cells[0];
    assert.deepEqual(disk.source, []);
    assert.deepEqual(disk.outputs[0].text, ['a\n', 'b\n']);
    assert.deepEqual(disk.outputs[1].data, {
      'text/plain': ['x\n', 'y'],
      'text/html': ['<b>\n', '</b>'],
      'application/javascript': ['f();\n', 'g();'],
      'image/svg+xml': ['<svg>\n', '</svg>'],
      'image/png': 'AAAA\nBBBB\n',
      'application/json': { a: 'x\ny' },
      'application/vnd.mlnb.chart+json': ['keep', 'as', 'json'],
    });
    assert.deepEqual(disk.outputs[2], { output_type: 'error', ename: 'E', evalue: 'v\nw', traceback: ['l1\nl2', 'l3'] });
  });

  it('never writes transient output fields, cell metadata.trusted or notebook orig_nbformat/signature', () => {
    const nb = cellNb(
      {
        cell_type: 'code',
        source: '',
        execution_count: null,
        metadata: { trusted: true, keep: 1 },
        outputs: [{ output_type: 'display_data', data: { 'text/plain': 'x' }, metadata: {}, transient: { display_id: 'd1' } }],
      },
      { orig_nbformat: 3, orig_nbformat_minor: 0, signature: 'sha256:…', keep: 2 },
    );
    const text = serializeNotebook(nb);
    for (const gone of ['transient', 'display_id', 'trusted', 'orig_nbformat', 'signature']) assert.ok(!text.includes(gone), gone);
    assert.ok(text.includes('"keep": 1') && text.includes('"keep": 2'));
    assertValidIpynb(text);
    // Reading drops them as well, so the in-memory form matches the file.
    const read = parseNotebook(JSON.stringify(nb));
    assert.equal('transient' in (read.cells[0] as CodeCell).outputs[0], false);
    assert.equal('trusted' in read.cells[0].metadata, false);
    assert.equal('orig_nbformat' in read.metadata, false);
  });

  it('formats numbers like Python json (floats via repr, -0.0 kept)', () => {
    const values = [0, 1, -7, 2.5, 0.1, 1e-4, 1e-5, 1.5e-7, 1e-100, 123456.789, 1e21, 2 ** 53 + 2, -0, 5e-324];
    const text = serializeNotebook(cellNb({ cell_type: 'raw', source: '' }, { n: values }));
    const block = text.slice(text.indexOf('"n": [') + 6, text.indexOf(']', text.indexOf('"n": [')));
    const written = block.split(',').map((l) => l.trim());
    assert.deepEqual(written, ['0', '1', '-7', '2.5', '0.1', '0.0001', '1e-05', '1.5e-07', '1e-100', '123456.789', '1e+21', '9007199254740994', '-0.0', '5e-324']);
    assert.ok(Object.is((parseNotebook(text).metadata.n as number[])[12], -0));
  });

  it('escapes strings exactly like Python json with ensure_ascii=False', () => {
    const s = 'q" b\\ \b\f\n\r\t \x00\x1b\x1f \x7f é 😀 \u2028\u2029 \ud800 end';
    const text = serializeNotebook(cellNb({ cell_type: 'raw', source: '' }, { s }));
    assert.ok(text.includes('"s": "q\\" b\\\\ \\b\\f\\n\\r\\t \\u0000\\u001b\\u001f \x7f é 😀 \u2028\u2029 \\ud800 end"'), text);
    assert.equal(parseNotebook(text).metadata.s, s);
  });

  it('skips undefined fields and refuses values JSON cannot hold', () => {
    const nb = cellNb({ cell_type: 'raw', source: '', extra: undefined }, { gone: undefined });
    assert.ok(!serializeNotebook(nb).includes('gone'));
    for (const bad of [() => 1, 10n, new Date(0), [undefined]]) {
      assert.throws(() => serializeNotebook(cellNb({ cell_type: 'raw', source: '' }, { bad })), (e: unknown) => {
        assert.ok(e instanceof NotebookFormatError);
        assert.match(e.message, /^metadata\.bad(\[0\])?: cannot write/);
        return true;
      });
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.throws(() => serializeNotebook(cellNb({ cell_type: 'raw', source: '' }, { cyclic })), /nested more than 1000 levels/);
  });

  it('writes NaN and ±Infinity by name wherever they are, and reads them back as those strings', () => {
    const values = { nan: NaN, inf: Infinity, negInf: -Infinity, list: [1, NaN, -Infinity], zero: -0 };
    const text = serializeNotebook(cellNb({ cell_type: 'raw', source: '' }, values));
    assert.ok(text.includes('"list": [\n   1,\n   "NaN",\n   "-Infinity"\n  ]'), text);
    assert.deepEqual(parseNotebook(text).metadata, { inf: 'Infinity', list: [1, 'NaN', '-Infinity'], nan: 'NaN', negInf: '-Infinity', zero: -0 });
    assert.equal(serializeNotebook(parseNotebook(text)), text);
  });

  it('refuses to write a structurally wrong notebook, naming the path', () => {
    const refusal = (prefix: string) => (e: unknown) => e instanceof NotebookFormatError && e.message.startsWith(prefix) && e.line === undefined;
    assert.throws(() => serializeNotebook(cellNb({ cell_type: 'code', source: 7 })), refusal('cells[0].source: expected a string'));
    assert.throws(() => serializeNotebook(cellNb({ cell_type: 'nope', source: '' })), refusal('cells[0].cell_type: unknown cell_type "nope"'));
  });

  it('gives cells without a valid unique id a deterministic id, and does not touch its input', () => {
    const nb = {
      nbformat: 4,
      nbformat_minor: 4,
      metadata: {},
      cells: [
        { cell_type: 'code', source: 'a', metadata: {}, outputs: [], execution_count: null },
        { id: 'dup', cell_type: 'raw', source: 'b', metadata: {} },
        { id: 'dup', cell_type: 'raw', source: 'c', metadata: {} },
        { id: 'not valid!', cell_type: 'raw', source: 'd', metadata: {} },
      ],
    } as unknown as Notebook;
    const before = JSON.stringify(nb);
    const text = serializeNotebook(nb);
    assert.equal(JSON.stringify(nb), before);
    assert.equal(serializeNotebook(nb), text);
    const ids = JSON.parse(text).cells.map((c: { id: string }) => c.id);
    assert.equal(ids[1], 'dup');
    assert.equal(new Set(ids).size, 4);
    for (const i of [0, 2, 3]) assert.match(ids[i], /^[0-9a-f]{8}$/);
    assert.equal(JSON.parse(text).nbformat_minor, 5);
    assertValidIpynb(text);
  });
});

describe('notebook format: reading', () => {
  it('round-trips Jupyter-written fixtures byte for byte (mlnb, Deno, ijavascript)', () => {
    for (const name of ['good/basic.mlnb', 'good/deno.ipynb', 'good/ijavascript.ipynb']) {
      const text = fixtureText(name);
      // basic.mlnb deliberately carries fields nbformat does not define, which its schema forbids.
      if (!name.endsWith('basic.mlnb')) assertValidIpynb(text);
      const nb = parseNotebook(fixture(name), name);
      assert.equal(serializeNotebook(nb), text, name);
      assert.deepEqual(parseNotebook(text), nb);
    }
  });

  it('reads the mlnb fixture into plain strings, with outputs of every type and unknown fields intact', () => {
    const nb = parseNotebook(fixture('good/basic.mlnb'));
    assert.deepEqual(nb.cells.map((c) => c.cell_type), ['markdown', 'code', 'code', 'code', 'code', 'raw']);
    assert.equal(nb.cells[0].source, '# Linear regression with TF.js\n\nFit `y = 2x − 1` — café, naïve, 日本語, emoji 🚀.\n');
    const [first, second] = [nb.cells[1] as CodeCell, nb.cells[2] as CodeCell];
    assert.deepEqual(first.outputs[0], { output_type: 'stream', name: 'stdout', text: 'backend: wasm\nready\n' });
    assert.equal((first.outputs[2] as { data: Record<string, unknown> }).data['text/plain'], 'Tensor\n    [-1, 1, 3, 5]');
    assert.deepEqual(((first.outputs[2] as { data: Record<string, unknown> }).data['application/vnd.mlnb.tensor+json'] as { shape: number[] }).shape, [4]);
    const display = second.outputs[0] as unknown as { data: Record<string, unknown>; [k: string]: unknown };
    assert.equal(display.data['image/svg+xml'], '<svg xmlns="http://www.w3.org/2000/svg">\n  <circle r="1"/>\n</svg>\n');
    assert.deepEqual(display['x-output-field'], { kept: [1, 2] });
    assert.equal(second['x-cell-field'], 'unknown cell field');
    assert.deepEqual(second.metadata['x-cell-extra'], ['a', { b: null }]);
    assert.deepEqual(nb['x-top-level-extra'], { kept: true });
    assert.deepEqual((nb.metadata['x-future-tool'] as { nested: { list: unknown[] } }).nested.list, [1, 2.5, 1e-5, null, true, 'ü']);
    assert.deepEqual((nb.cells[3] as CodeCell).outputs[0], {
      output_type: 'error',
      ename: 'Error',
      evalue: 'Size(2) must match the product of shape 3',
      traceback: ['\u001b[31mError\u001b[39m: Size(2) must match the product of shape 3', '    at cell 4:1:19'],
    });
    assert.equal(nb.cells[5].source, 'raw text\twith a tab, a\r\nCRLF line, a \u2028line separator and a control char \u0007.\n');
    assert.deepEqual(nb.cells[0].attachments, {
      'dot.png': { 'image/png': 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==\n', 'text/plain': 'a dot\n' },
    });
  });

  it('reads a tslab notebook from nbformat 4.4: adds 8-hex ids and raises nbformat_minor to 5', () => {
    const text = fixtureText('good/tslab-nbformat-4.4.ipynb');
    const nb = parseNotebook(text);
    assert.equal(nb.nbformat_minor, 5);
    const ids = nb.cells.map((c) => c.id);
    for (const id of ids) assert.match(id, /^[0-9a-f]{8}$/);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(nb.cells[1].source, 'interface Point { x: number; y: number }\nconst p: Point = { x: 1, y: 2 };\np');
    assert.deepEqual(nb.metadata.language_info?.codemirror_mode, { mode: 'typescript', name: 'javascript', typescript: true });
    // Apart from the new ids and minor version, the file is written back unchanged.
    const written = serializeNotebook(nb);
    assertValidIpynb(written);
    const withoutIds = written.replace(/^ {3}"id": "[0-9a-f]{8}",\n/gm, '').replace('"nbformat_minor": 5', '"nbformat_minor": 4');
    assert.equal(withoutIds, text);
  });

  it('accepts hand-edited JSON (CRLF, other indentation, unsorted keys, string sources) and writes it canonically', () => {
    const nb = parseNotebook(fixture('good/crlf-hand-edited.ipynb'));
    assert.equal(nb.cells[0].source, 'const a = 1;\nconst b = 2;\n');
    assert.equal((nb.cells[0] as CodeCell).execution_count, 7);
    assert.equal(nb.cells[1].source, 'Notes');
    const written = serializeNotebook(nb);
    assert.ok(!written.includes('\r\n'));
    assert.ok(written.includes('"source": [\n    "const a = 1;\\n",\n    "const b = 2;\\n"\n   ]'));
    assert.deepEqual(parseNotebook(written), nb);
  });

  it('reads both the string and the string[] form of every multi-line field', () => {
    const asString = doc([
      {
        id: 'a',
        cell_type: 'code',
        metadata: {},
        source: 'x\ny',
        execution_count: 1,
        outputs: [
          { output_type: 'stream', name: 'stdout', text: 'o\np' },
          { output_type: 'display_data', metadata: {}, data: { 'text/plain': 't\nu', 'image/png': 'QQ==' } },
        ],
      },
      { id: 'b', cell_type: 'markdown', metadata: {}, source: 'm', attachments: { 'a.txt': { 'text/plain': 'z\nz' } } },
    ]);
    const asLines = doc([
      {
        id: 'a',
        cell_type: 'code',
        metadata: {},
        source: ['x\n', 'y'],
        execution_count: 1,
        outputs: [
          { output_type: 'stream', name: 'stdout', text: ['o\n', 'p'] },
          { output_type: 'display_data', metadata: {}, data: { 'text/plain': ['t\n', 'u'], 'image/png': ['Q', 'Q=='] } },
        ],
      },
      { id: 'b', cell_type: 'markdown', metadata: {}, source: ['m'], attachments: { 'a.txt': { 'text/plain': ['z\n', 'z'] } } },
    ]);
    assert.deepEqual(parseNotebook(asLines), parseNotebook(asString));
    assert.equal(parseNotebook(asLines).cells[0].source, 'x\ny');
  });

  it('keeps unknown fields at every level', () => {
    const text = doc(
      [
        {
          id: 'a',
          cell_type: 'code',
          metadata: { custom: { deep: [1, { x: null }] } },
          source: '',
          execution_count: null,
          outputs: [{ output_type: 'stream', name: 'stdout', text: '', extra: { o: 1 } }],
          cellExtra: 'c',
        },
        { id: 'b', cell_type: 'markdown', metadata: {}, source: '', outputs: ['not ours to judge'] },
      ],
      { topExtra: { t: [true] }, metadata: { nested: { a: { b: { c: 'd' } } } } },
    ).replace('"nested": {', '"__proto__": "odd but kept",\n  "nested": {');
    const nb = parseNotebook(text);
    const written = JSON.parse(serializeNotebook(nb));
    assert.deepEqual(written.topExtra, { t: [true] });
    assert.deepEqual(written.metadata.nested, { a: { b: { c: 'd' } } });
    assert.equal(Object.getOwnPropertyDescriptor(written.metadata, '__proto__')?.value, 'odd but kept');
    assert.equal(Object.getPrototypeOf(nb.metadata), Object.prototype);
    assert.deepEqual(written.cells[0].metadata, { custom: { deep: [1, { x: null }] } });
    assert.equal(written.cells[0].cellExtra, 'c');
    assert.deepEqual(written.cells[0].outputs[0].extra, { o: 1 });
    assert.deepEqual(written.cells[1].outputs, ['not ours to judge']);
  });

  it('fills in fields that nbformat requires but hand-written files leave out', () => {
    const nb = parseNotebook('{"nbformat": 4, "cells": [{"cell_type": "code"}, {"cell_type": "markdown", "id": "m"}, ' +
      '{"cell_type": "code", "id": "c", "outputs": [{"output_type": "display_data", "data": {}}]}]}');
    assert.deepEqual(nb.metadata, {});
    assert.equal(nb.nbformat_minor, 5);
    assert.deepEqual({ ...nb.cells[0], id: '' }, { id: '', cell_type: 'code', source: '', metadata: {}, outputs: [], execution_count: null });
    assert.deepEqual(nb.cells[1], { id: 'm', cell_type: 'markdown', source: '', metadata: {} });
    assert.deepEqual((nb.cells[2] as CodeCell).outputs[0], { output_type: 'display_data', data: {}, metadata: {} });
    assertValidIpynb(serializeNotebook(nb));
  });

  describe('cell ids', () => {
    const cells = (ids: unknown[]) => ids.map((id) => ({ ...(id === undefined ? {} : { id }), cell_type: 'raw', metadata: {}, source: '' }));
    it('generates 8-hex ids for cells without one, unique in the notebook, and raises nbformat_minor to 5', () => {
      const nb = parseNotebook(doc(cells([undefined, 'keep-me', undefined]), { nbformat_minor: 2 }));
      assert.equal(nb.nbformat_minor, 5);
      assert.equal(nb.cells[1].id, 'keep-me');
      for (const i of [0, 2]) assert.match(nb.cells[i].id, /^[0-9a-f]{8}$/);
      assert.equal(new Set(nb.cells.map((c) => c.id)).size, 3);
    });
    it('replaces malformed and duplicate ids (the first of a duplicate pair keeps it)', () => {
      const long = 'x'.repeat(65);
      const nb = parseNotebook(doc(cells(['same', 'same', 'has space', '', long, 'ok-64_' + 'y'.repeat(58)])));
      const ids = nb.cells.map((c) => c.id);
      assert.equal(ids[0], 'same');
      for (const i of [1, 2, 3, 4]) assert.match(ids[i], /^[0-9a-f]{8}$/);
      assert.equal(ids[5], 'ok-64_' + 'y'.repeat(58));
      assert.equal(new Set(ids).size, 6);
    });
    it('keeps nbformat_minor when no cell needs one (and higher minors as they are)', () => {
      assert.equal(parseNotebook(doc([], { nbformat_minor: 4 })).nbformat_minor, 4);
      assert.equal(parseNotebook(doc(cells(['a']), { nbformat_minor: 7 })).nbformat_minor, 7);
    });
  });

  describe('empty files, BOMs and encodings', () => {
    it('a 0-byte file is a new notebook with one empty code cell', () => {
      assert.ok(isNewEmptyNotebook(parseNotebook(new Uint8Array(0))));
      assert.ok(isNewEmptyNotebook(parseNotebook('')));
      assert.ok(isNewEmptyNotebook(parseNotebook(fixture('good/empty.mlnb'))));
    });
    it('so is a file of only JSON whitespace, or only a UTF-8 BOM', () => {
      assert.ok(isNewEmptyNotebook(parseNotebook(fixture('good/whitespace-only.mlnb'))));
      assert.ok(isNewEmptyNotebook(parseNotebook(' \r\n\t')));
      assert.ok(isNewEmptyNotebook(parseNotebook(new Uint8Array([0xef, 0xbb, 0xbf]))));
      assert.ok(isNewEmptyNotebook(parseNotebook('\ufeff\n')));
    });
    it('other "blank" characters are not whitespace in JSON and are refused', () => {
      assertRefused('\u00a0', { line: 1, column: 1 }, 'U+00A0');
      assertRefused('\u2028', { line: 1, column: 1 }, 'U+2028');
    });
    it('accepts a UTF-8 BOM and writes the file back without it', () => {
      const bytes = fixture('good/utf8-bom.mlnb');
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const nb = parseNotebook(bytes);
      assert.deepEqual(nb, parseNotebook(fixture('good/ijavascript.ipynb')));
      assert.equal(serializeNotebook(nb), fixtureText('good/ijavascript.ipynb'));
      assert.deepEqual(parseNotebook('\ufeff' + fixtureText('good/ijavascript.ipynb')), nb);
    });
    it('positions after a BOM do not count the BOM', () => {
      assertRefused(new Uint8Array([0xef, 0xbb, 0xbf, 0x5b, 0x5d]), { line: 1, column: 1 }, 'top level must be a JSON object');
    });
    it('bytes, Buffers and strings read the same', () => {
      const text = fixtureText('good/basic.mlnb');
      const fromString = parseNotebook(text);
      assert.deepEqual(parseNotebook(new TextEncoder().encode(text)), fromString);
      assert.deepEqual(parseNotebook(Buffer.from(text)), fromString);
    });
    it('refuses UTF-16 and UTF-32 files (with or without BOM), saying to save as UTF-8', () => {
      for (const [name, encoding] of [
        ['bad/utf16le-bom.mlnb', 'UTF-16 LE'],
        ['bad/utf16be-bom.mlnb', 'UTF-16 BE'],
        ['bad/utf32le-bom.mlnb', 'UTF-32 LE'],
        ['bad/utf16le-no-bom.mlnb', 'without a byte-order mark'],
      ]) {
        assertRefused(fixture(name), { line: 1, column: 1 }, encoding, 'save it as UTF-8');
      }
      assertRefused(new Uint8Array([0, 0, 0xfe, 0xff, 0, 0, 0, 0x7b]), { line: 1, column: 1 }, 'UTF-32 BE');
      // The same files mis-decoded as Latin-1 / lossy UTF-8 text.
      assertRefused('\u00ff\u00fe{\u0000', { line: 1, column: 1 }, 'UTF-16 or UTF-32', 'UTF-8');
      assertRefused('\ufffd\ufffd{\u0000', { line: 1, column: 1 }, 'UTF-16 or UTF-32');
      assertRefused('{\u0000"\u0000', { line: 1, column: 2 }, 'NUL', 'UTF-8');
    });
    it('refuses invalid UTF-8 with the position of the first bad byte (never mojibake)', () => {
      assertRefused(fixture('bad/latin1.mlnb'), { line: 32, column: 11 }, 'not valid UTF-8', 'byte 0xe9', 're-save it as UTF-8');
      for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xff]]) {
        assertRefused(new Uint8Array([0x7b, 0x0a, 0x20, ...bad, 0x7d]), { line: 2, column: 2 }, 'not valid UTF-8');
      }
    });
  });

  describe('refusals name the problem, the line:column, and the JSON path', () => {
    it('a file that cannot be parsed never comes back as a notebook (every truncation of a fixture)', () => {
      const text = fixtureText('good/deno.ipynb');
      for (let cut = 1; cut < text.length - 1; cut++) {
        const prefix = text.slice(0, cut);
        if (prefix.trim() === '') continue;
        assert.throws(() => parseNotebook(prefix), NotebookFormatError, `cut at ${cut}`);
      }
    });

    it('bad fixtures', () => {
      const cases: [string, number, number, string | undefined, ...string[]][] = [
        ['truncated.mlnb', 48, 5, undefined, 'unexpected end of file', 'truncated'],
        ['trailing-comma.mlnb', 6, 1, undefined, 'trailing comma before "}"', 'strict JSON'],
        ['comments.mlnb', 2, 2, undefined, 'comments are not allowed'],
        ['merge-conflict.mlnb', 25, 1, undefined, 'unresolved git merge conflict', 'line 25', '<<<<<<<'],
        ['nbformat-5.mlnb', 4, 14, 'nbformat', 'written by a newer nbformat 5.x; mlnb reads nbformat 4'],
        ['nbformat-3.ipynb', 5, 14, 'nbformat', 'nbformat 3 notebook', 'jupyter nbconvert --to notebook --nbformat 4'],
        ['top-level-array.mlnb', 1, 1, undefined, 'top level must be a JSON object', 'found an array'],
        ['cells-not-array.mlnb', 2, 11, 'cells', 'expected an array of cells, found an object'],
        ['source-number.mlnb', 40, 14, 'cells[1].source', 'expected a string or an array of strings, found the number 42'],
        ['unknown-cell-type.mlnb', 45, 17, 'cells[2].cell_type', 'unknown cell_type "heading"', '"code", "markdown" or "raw"'],
        ['stream-without-text.mlnb', 9, 5, 'cells[0].outputs[0]', 'the stream output has no "text"'],
        ['execution-count-float.mlnb', 25, 23, 'cells[1].execution_count', 'non-negative integer or null, found the number 1.5'],
      ];
      const names = new Set(readdirSync(join(FIXTURES, 'bad')));
      for (const [name, line, column, path, ...fragments] of cases) {
        assert.ok(names.has(name), name);
        assertRefused(fixture(`bad/${name}`), { line, column, path }, ...fragments);
      }
    });

    it('every bad fixture is refused', () => {
      for (const name of readdirSync(join(FIXTURES, 'bad'))) {
        assert.throws(() => parseNotebook(fixture(`bad/${name}`), name), NotebookFormatError, name);
      }
    });

    it('invalid JSON syntax', () => {
      assertRefused('{"nbformat": 4, "cells": [1,]}', { line: 1, column: 29 }, 'trailing comma before "]"');
      assertRefused('{\n  "a": 1 /* c */\n}', { line: 2, column: 10 }, 'comments are not allowed');
      assertRefused("{'nbformat': 4}", { line: 1, column: 2 }, 'double quotes');
      assertRefused('{"a": NaN}', { line: 1, column: 7 }, 'NaN is not valid JSON');
      assertRefused('{"a": -Infinity}', { line: 1, column: 7 }, '-Infinity is not valid JSON');
      assertRefused('{"a": "x\ny"}', { line: 1, column: 9 }, 'a line break inside a string must be escaped');
      assertRefused('{"a": "x\\qy"}', { line: 1, column: 9 }, 'invalid escape sequence "\\q"');
      assertRefused('{"a": "\\u12G4"}', { line: 1, column: 8 }, 'invalid \\u escape');
      assertRefused('{"a": "\t"}', { line: 1, column: 8 }, 'a tab inside a string');
      assertRefused('{"a": 01}', { line: 1, column: 7 }, 'invalid number', 'leading zero');
      assertRefused('{"a": 1.}', { line: 1, column: 7 }, 'invalid number');
      assertRefused('{"a" 1}', { line: 1, column: 6 }, 'expected ":"');
      assertRefused('{"a": 1 "b": 2}', { line: 1, column: 9 }, 'expected "," or a closing bracket, found "\\""');
      assertRefused('[1 2]', { line: 1, column: 4 }, 'expected "," or a closing bracket, found "2"');
      assertRefused('{"nbformat": 4, "cells": [', { line: 1, column: 27 }, 'truncated');
      assertRefused('{} {}', { line: 1, column: 4 }, 'after the end of the JSON document');
      assertRefused('{"a": tru}', { line: 1, column: 7 }, 'unexpected "tru"');
      assertRefused('{"a": "abc', { line: 1, column: 11 }, 'truncated');
      assertRefused('{\r\n"a":\r\n', { line: 3, column: 1 }, 'truncated');
      assertRefused('{\r"a": [\r\n1,\n}', { line: 4, column: 1 }, 'trailing comma before "}"');
      assertRefused('\ufeff{"a": 1,}', { line: 1, column: 9 }, 'trailing comma'); // the BOM is not a column
    });

    it('merge conflict markers (any of the three) name the line', () => {
      const good = fixtureText('good/ijavascript.ipynb').split('\n');
      for (const marker of ['<<<<<<< HEAD', '=======', '>>>>>>> main', '||||||| base']) {
        const text = [...good.slice(0, 5), marker, ...good.slice(5)].join('\n');
        assertRefused(text, { line: 6, column: 1 }, 'unresolved git merge conflict', 'line 6', marker.slice(0, 7));
      }
      const crlf = ['{', '<<<<<<< ours', '"a": 1', '=======', '"a": 2', '>>>>>>> theirs', '}'].join('\r\n');
      assertRefused(crlf, { line: 2, column: 1 }, 'merge conflict');
    });

    it('wrong top level and wrong nbformat versions', () => {
      assertRefused('null', { line: 1, column: 1 }, 'top level must be a JSON object', 'found null');
      assertRefused('  "notebook"', { line: 1, column: 3 }, 'found a string ("notebook")');
      assertRefused('42', { line: 1, column: 1 }, 'found the number 42');
      assertRefused('{}', { line: 1, column: 1 }, 'not a Jupyter notebook', '"nbformat" field is missing');
      assertRefused('{"nbformat": "4", "cells": []}', { line: 1, column: 14, path: 'nbformat' }, 'expected an integer, found a string ("4")');
      assertRefused('{"nbformat": 4.5, "cells": []}', { line: 1, column: 14, path: 'nbformat' }, 'expected an integer');
      assertRefused('{"nbformat": 6, "cells": []}', { line: 1, column: 14, path: 'nbformat' }, 'newer nbformat 6.x', 'mlnb reads nbformat 4');
      assertRefused('{"nbformat": 2, "worksheets": []}', { line: 1, column: 14, path: 'nbformat' }, 'nbformat 2 notebook', 'Upgrade it with');
      assertRefused('{"nbformat": 4, "nbformat_minor": -1, "cells": []}', { line: 1, column: 35, path: 'nbformat_minor' }, 'non-negative integer');
      assertRefused('{"nbformat": 4, "nbformat_minor": null, "cells": []}', { line: 1, column: 35, path: 'nbformat_minor' }, 'found null');
      assertRefused('{"nbformat": 4, "metadata": {}}', { line: 1, column: 1 }, 'the "cells" array is missing');
    });

    it('wrong types in metadata', () => {
      assertRefused(doc([], { metadata: [] }), { line: 4, column: 14, path: 'metadata' }, 'expected an object, found an array');
      const bad = (metadata: unknown) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, cells: [], metadata });
      const kernelspec = bad({ kernelspec: 'deno' });
      assertRefused(kernelspec, { line: 1, column: kernelspec.indexOf('"deno"') + 1, path: 'metadata.kernelspec' }, 'expected an object');
      const info = bad({ language_info: { name: 1 } });
      assertRefused(info, { line: 1, column: info.indexOf('1}') + 1, path: 'metadata.language_info.name' }, 'expected a string, found the number 1');
    });

    it('wrong types in cells and outputs, each at its own path and position', () => {
      const code = (extra: Record<string, unknown>) => ({ id: 'c', cell_type: 'code', metadata: {}, source: '', execution_count: null, outputs: [], ...extra });
      const cases: [unknown, string, string][] = [
        ['just a string', 'cells[0]', 'expected a cell object, found a string'],
        [{ source: 'x' }, 'cells[0]', 'the cell has no "cell_type"'],
        [{ cell_type: 'heading', source: 'x' }, 'cells[0].cell_type', 'unknown cell_type "heading"'],
        [{ cell_type: 3 }, 'cells[0].cell_type', 'expected a string, found the number 3; nbformat 4 cells are'],
        [code({ id: 12 }), 'cells[0].id', 'expected a string, found the number 12'],
        [code({ source: ['a', 1] }), 'cells[0].source', 'expected a string or an array of strings, found an array'],
        [code({ source: { a: 1 } }), 'cells[0].source', 'found an object'],
        [code({ metadata: [] }), 'cells[0].metadata', 'expected an object, found an array'],
        [code({ outputs: {} }), 'cells[0].outputs', 'expected an array of outputs'],
        [code({ outputs: [null] }), 'cells[0].outputs[0]', 'expected an output object, found null'],
        [code({ outputs: [{ name: 'stdout' }] }), 'cells[0].outputs[0]', 'the output has no "output_type"'],
        [code({ outputs: [{ output_type: 'pyout' }] }), 'cells[0].outputs[0].output_type', 'unknown output_type "pyout"'],
        [code({ outputs: [{ output_type: 'stream', name: 1, text: '' }] }), 'cells[0].outputs[0].name', 'expected a string'],
        [code({ outputs: [{ output_type: 'stream', name: 'stdout', text: 5 }] }), 'cells[0].outputs[0].text', 'expected a string or an array of strings'],
        [code({ outputs: [{ output_type: 'display_data', metadata: {} }] }), 'cells[0].outputs[0]', 'the display_data output has no "data"'],
        [code({ outputs: [{ output_type: 'display_data', data: [] }] }), 'cells[0].outputs[0].data', 'expected an object, found an array'],
        [code({ outputs: [{ output_type: 'display_data', data: { 'text/plain': 5 } }] }), 'cells[0].outputs[0].data["text/plain"]', 'expected a string or an array of strings'],
        [code({ outputs: [{ output_type: 'display_data', data: {}, metadata: 'x' }] }), 'cells[0].outputs[0].metadata', 'expected an object'],
        [code({ outputs: [{ output_type: 'execute_result', data: {}, metadata: {}, execution_count: '1' }] }), 'cells[0].outputs[0].execution_count', 'found a string ("1")'],
        [code({ outputs: [{ output_type: 'error', ename: 'E', evalue: 'v', traceback: 'tb' }] }), 'cells[0].outputs[0].traceback', 'expected an array of strings'],
        [code({ outputs: [{ output_type: 'error', ename: 'E', traceback: [] }] }), 'cells[0].outputs[0]', 'the error output has no "evalue"'],
        [code({ execution_count: -1 }), 'cells[0].execution_count', 'non-negative integer or null, found the number -1'],
        [code({ execution_count: '3' }), 'cells[0].execution_count', 'found a string ("3")'],
        [code({ execution_count: true }), 'cells[0].execution_count', 'found true'],
        [{ id: 'm', cell_type: 'markdown', metadata: {}, source: '', attachments: [] }, 'cells[0].attachments', 'expected an object, found an array'],
        [{ id: 'm', cell_type: 'markdown', metadata: {}, source: '', attachments: { 'a.png': { 'image/png': 1 } } }, 'cells[0].attachments["a.png"]["image/png"]', 'expected a string'],
      ];
      for (const [cell, path, fragment] of cases) {
        const text = doc([cell]);
        const error = assertRefused(text, position(text, path), fragment);
        assert.equal(error.path, path);
      }
    });

    it('numbers that overflow a double and absurd nesting are refused, not silently changed', () => {
      const overflow = doc([], { metadata: { big: 1e400 } }).replace('null', '1e400');
      assertRefused(overflow, { line: 5, column: 10, path: 'metadata.big' }, 'too large');
      const deep = '{"nbformat": 4, "cells": [], "metadata": {"x": ' + '['.repeat(1500) + ']'.repeat(1500) + '}}';
      // Level 1 is the notebook, 2 its metadata, so the 999th "[" opens level 1001.
      assertRefused(deep, { line: 1, column: deep.indexOf('"x": [') + 5 + 998 + 1 }, 'nested more than 1000 levels');
    });

    it('the error carries the details as fields', () => {
      const error = assertRefused(doc([{ cell_type: 'code', source: 1 }]), { line: 8, column: 14, path: 'cells[0].source' }, 'found the number 1');
      assert.equal(error.name, 'NotebookFormatError');
      assert.equal(error.problem, 'expected a string or an array of strings, found the number 1');
      assert.equal(typeof error.offset, 'number');
      // Without a file name the message starts with the position.
      assert.throws(() => parseNotebook('['), (e: unknown) => e instanceof NotebookFormatError && e.message.startsWith('1:2: unexpected end of file'));
    });
  });
});

/** line:column of the value at a JSON path in `text` (the test's own, independent locator: textual search). */
function position(text: string, path: string): { line: number; column: number } {
  // Walk the path by searching for each key in turn; the test documents are tiny and regular.
  const segments = [...path.matchAll(/\.?([A-Za-z_]\w*)|\[(\d+)\]|\["([^"]+)"\]/g)].map((m) => m[1] ?? m[3] ?? Number(m[2]));
  let offset = 0;
  let expectValue = text.indexOf('"cells"');
  for (const seg of segments) {
    if (typeof seg === 'number') {
      // Skip to the seg-th element of the array that starts at the next '['.
      offset = text.indexOf('[', expectValue) + 1;
      for (let i = 0; i <= seg; i++) {
        while (/\s/.test(text[offset])) offset++;
        if (i < seg) offset = skipValue(text, offset) + 1;
      }
      expectValue = offset;
    } else {
      const key = text.indexOf(`"${seg}":`, expectValue);
      offset = key + seg.length + 3;
      while (/\s/.test(text[offset])) offset++;
      expectValue = offset;
    }
  }
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function skipValue(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) return i;
    if (depth < 0) return i;
  }
  return text.length;
}
