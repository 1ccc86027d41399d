import assert from 'node:assert/strict';
import fc from 'fast-check';
import ts from 'typescript';
import { shapeCell, VirtualDocument, type CellShape, type CellText } from '../../src/core/language/virtualDocument';

// ---------------------------------------------------------------------------------------------------
// Helpers

/** Whether a cell offset belongs to one of the cell's hoisted imports (both ends included, as toVirtual has it). */
const inImport = (shape: CellShape, offset: number) => shape.imports.some(([start, end]) => offset >= start && offset <= end);

/** The virtual text's own parse errors: what TypeScript sees when it reads the whole notebook. */
function virtualParseErrors(document: VirtualDocument): ts.DiagnosticWithLocation[] {
  const source = ts.createSourceFile('notebook.ts', document.text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return (source as unknown as { parseDiagnostics: ts.DiagnosticWithLocation[] }).parseDiagnostics;
}

/** Characters mlnb writes around the cells: block braces, the statement separator and the closers. */
const GENERATED_CHARS = new Set(['{', '}', ';', '\n', '*', '/', '`']);

/**
 * Every mapping invariant of a virtual document, checked at every offset of every cell and every offset
 * of the virtual text.
 */
function checkMapping(document: VirtualDocument): void {
  const { cells, shapes, text } = document;
  cells.forEach((cell, index) => {
    const shape = shapes[index]!;
    assert.equal(document.indexOf(cell.id), index);
    assert.equal(shape.body.length, cell.text.length, 'body keeps the cell length');
    for (let offset = 0; offset <= cell.text.length; offset++) {
      const virtual = document.toVirtual(cell.id, offset);
      assert.ok(virtual !== undefined, `offset ${offset} of cell ${cell.id} maps`);
      assert.deepEqual(document.toCell(virtual), { cellId: cell.id, offset }, `offset ${offset} of cell ${cell.id} round-trips`);
      if (offset === cell.text.length) continue;
      const char = cell.text[offset]!;
      // The first import whose range (ends included) holds the offset: the one toVirtual picks.
      const hoisted = shape.imports.find(([start, end]) => offset >= start && offset <= end);
      if (hoisted) {
        assert.ok(virtual < document.importsEnd, 'an import maps into the hoisted imports');
        // Hoisted imports are verbatim; the end of one is the line break mlnb puts after its copy.
        assert.equal(text[virtual], offset < hoisted[1] ? char : '\n', 'hoisted imports are verbatim');
      } else {
        assert.ok(virtual >= document.importsEnd, 'a body offset maps below the hoisted imports');
        assert.equal(text[virtual], shape.body[offset]);
        if (char === '\n' || char === '\r') assert.equal(text[virtual], char, 'line breaks are kept');
      }
    }
    assert.equal(document.toVirtual(cell.id, -1), undefined);
    assert.equal(document.toVirtual(cell.id, cell.text.length + 1), undefined);
  });

  // From the virtual side: every offset is either generated text, or a cell offset that maps back to it.
  let generated = 0;
  for (let virtual = 0; virtual <= text.length; virtual++) {
    const position = document.toCell(virtual);
    if (!position) {
      generated++;
      if (virtual < text.length) assert.ok(GENERATED_CHARS.has(text[virtual]!), `generated char ${JSON.stringify(text[virtual])} at ${virtual}`);
      assert.equal(document.toCellRange(virtual, 5), undefined);
      continue;
    }
    const index = document.indexOf(position.cellId);
    assert.ok(index >= 0);
    const back = document.toVirtual(position.cellId, position.offset);
    assert.deepEqual(document.toCell(back!), position);
    // Outside imports the mapping is one-to-one. A cell offset in an import has two virtual places (the
    // blanked original and the hoisted copy; or, between adjacent imports, the end of one copy and the
    // start of the next): it maps to the hoisted one.
    if (inImport(shapes[index]!, position.offset)) assert.ok(back! < document.importsEnd);
    else assert.equal(back, virtual);
  }
  // Generated per cell: "{\n" before the body, the closer and "\n;\n" after it (the first of which is the
  // body's end offset); at the end one "}" per cell, "\n", and the end-of-text offset.
  const expected = shapes.reduce((sum, shape) => sum + 4 + shape.closer.length, 0) + cells.length + 2;
  assert.equal(generated, expected);
}

/** The body's differences from the cell text are only blanks (never line breaks) and `var` → `let`. */
function checkBodyRewrites(cell: string, body: string): void {
  assert.equal(body.length, cell.length);
  for (let i = 0; i < cell.length; i++) {
    if (body[i] === cell[i]) continue;
    if (body[i] === ' ') {
      assert.ok(cell[i] !== '\n' && cell[i] !== '\r', 'a line break is never blanked');
      continue;
    }
    const keyword = [0, 1, 2].map((k) => i - k).find((start) => cell.startsWith('var', start) && body.startsWith('let', start));
    assert.ok(keyword !== undefined, `unexpected rewrite at ${i}: ${JSON.stringify(cell[i])} → ${JSON.stringify(body[i])}`);
  }
}

const cellsOf = (...texts: string[]): CellText[] => texts.map((text, index) => ({ id: `cell${index + 1}`, text }));

// ---------------------------------------------------------------------------------------------------

describe('language: shapeCell', () => {
  it('blanks every kind of top-level import in place and records its range', () => {
    const text = [
      "import * as tf from '@tensorflow/tfjs';",
      "import fs, { readFileSync as read } from 'node:fs';",
      "import type { Tensor } from '@tensorflow/tfjs';",
      "import 'side-effect';",
      "import path = require('path');",
      'import {',
      '  join,',
      "} from 'path'",
      'const x = 1;',
    ].join('\r\n');
    const shape = shapeCell(text);
    assert.deepEqual(
      shape.imports.map(([start, end]) => text.slice(start, end)),
      [
        "import * as tf from '@tensorflow/tfjs';",
        "import fs, { readFileSync as read } from 'node:fs';",
        "import type { Tensor } from '@tensorflow/tfjs';",
        "import 'side-effect';",
        "import path = require('path');",
        "import {\r\n  join,\r\n} from 'path'",
      ],
    );
    const lines = shape.body.split('\r\n');
    assert.equal(lines.length, 9, 'line breaks, including those inside a multi-line import, are kept');
    assert.deepEqual(lines.slice(0, 8).map((line) => line.trim()), ['', '', '', '', '', '', '', '']);
    assert.equal(lines[8], 'const x = 1;');
    assert.equal(shape.closer, '');
    assert.deepEqual(shape.syntaxErrors, []);
  });

  it('does not hoist imports that are not top-level statements, nor dynamic import()', () => {
    const text = "const m = await import('x');\nfunction f() { return import('y'); }";
    const shape = shapeCell(text);
    assert.deepEqual(shape.imports, []);
    assert.equal(shape.body, text);
  });

  it('blanks export modifiers and export-only statements', () => {
    const cases: [string, string][] = [
      ['export const a = 1;', '       const a = 1;'],
      ['export function f() {}', '       function f() {}'],
      ['export default function named() {}', '               function named() {}'],
      ['export class K {}\nexport interface I {}', '       class K {}\n       interface I {}'],
      ['export default a + 1;', '               a + 1;'],
      ['export = a;', '         a;'],
      ['export { a, b as c };', ' '.repeat('export { a, b as c };'.length)],
      ["export * from 'x';\nlet y;", `${' '.repeat("export * from 'x';".length)}\nlet y;`],
      ['const s = "export const";', 'const s = "export const";'],
    ];
    for (const [text, body] of cases) assert.equal(shapeCell(text).body, body, text);
  });

  it('rewrites the cell\'s own vars (top level, loops, blocks; not in functions or classes) to let, keeping the length', () => {
    assert.equal(shapeCell('var a = 1, b = 2;').body, 'let a = 1, b = 2;');
    assert.equal(shapeCell('export var a = 1;').body, '       let a = 1;');
    assert.equal(shapeCell('  /* c */ var a;').body, '  /* c */ let a;');
    // Declared again with var in the same cell: an assignment (a second `let` would be a false redeclaration).
    assert.equal(shapeCell('var n = 3;\nvar n = 4;\nvar m, n;\nvar m;').body, 'let n = 3;\n    n = 4;\nlet m, n;\n    m;');
    assert.equal(shapeCell('for (var i = 0; i < 2; i++) {}\nif (i) { var q; }').body, 'for (let i = 0; i < 2; i++) {}\nif (i) { let q; }');
    assert.equal(shapeCell('for (var k in o) {}').body, 'for (let k in o) {}');
    const untouched = ['function f() { var inner = 1; }', 'class C { m() { var x = 1; } }', 'const g = () => { var y; };', 'const variable = 1;', 'let v = "var";'];
    for (const text of untouched) assert.equal(shapeCell(text).body, text);
  });

  it('closes an unterminated block comment or template literal, and records the syntax error', () => {
    const comment = shapeCell('const a = 1;\n/* notes');
    assert.equal(comment.closer, '*/');
    assert.deepEqual(comment.syntaxErrors.map((d) => d.code), [1010]);
    const template = shapeCell('const s = `open\nline');
    assert.equal(template.closer, '`');
    assert.deepEqual(template.syntaxErrors.map((d) => d.code), [1160]);
    assert.equal(shapeCell('/* closed */ `closed`').closer, '');
    assert.equal(shapeCell('// /* line comment').closer, '');
    assert.equal(shapeCell("'/* in a string'").closer, '');
  });

  it('reports a cell’s syntax errors with positions in the cell', () => {
    const text = 'const a = 1;\ntf.';
    const [error, ...rest] = shapeCell(text).syntaxErrors;
    assert.deepEqual(rest, []);
    assert.equal(error!.code, 1003); // Identifier expected.
    assert.equal(error!.start, text.length);
    assert.deepEqual(shapeCell('const a = {').syntaxErrors.map((d) => d.code), [1005]); // '}' expected.
    assert.deepEqual(shapeCell('const v = await Promise.resolve(1);').syntaxErrors, []);
  });
});

describe('language: VirtualDocument', () => {
  it('hoists the imports of all cells and nests one block per cell', () => {
    const cells = cellsOf(
      "import * as tf from '@tensorflow/tfjs';\nconst x = 1;",
      "export const y = x;\nimport { a } from 'a';",
      '/* open',
    );
    const document = VirtualDocument.build(cells);
    assert.equal(
      document.text,
      [
        "import * as tf from '@tensorflow/tfjs';",
        "import { a } from 'a';",
        '{',
        '                                       ',
        'const x = 1;',
        ';',
        '{',
        '       const y = x;',
        '                      ',
        ';',
        '{',
        '/* open*/',
        ';',
        '}}}',
        '',
      ].join('\n'),
    );
    assert.equal(document.importsEnd, document.text.indexOf('{\n'));
    checkMapping(document);
  });

  it('an empty notebook is an empty file', () => {
    const document = VirtualDocument.build([]);
    assert.equal(document.text, '\n');
    assert.equal(document.importsEnd, 0);
    assert.equal(document.toCell(0), undefined);
    assert.equal(document.toVirtual('nope', 0), undefined);
    checkMapping(document);
  });

  it('maps every offset of multi-line cells with \\n and \\r\\n line breaks, both ways', () => {
    const cells = cellsOf(
      'const a = 1;\nconst b = a + 1;\n',
      'let s = `x\r\n${a}`;\r\nvar v = 2;\r\n',
      '',
      "import { join } from 'path';\r\nexport function f(n: number) {\r\n  return n * 2;\r\n}\r\nexport { f as g };",
      '\n\n\r\n',
      'const unterminated = `template\nstill template',
    );
    const document = VirtualDocument.build(cells);
    checkMapping(document);
    assert.deepEqual(virtualParseErrors(document), []);
    // Spot checks.
    const [, second, , fourth] = cells;
    const varAt = second!.text.indexOf('var');
    assert.equal(document.text.slice(document.toVirtual('cell2', varAt)!, document.toVirtual('cell2', varAt)! + 3), 'let');
    const returnAt = fourth!.text.indexOf('return');
    assert.equal(document.text.slice(document.toVirtual('cell4', returnAt)!).startsWith('return n * 2;\r\n}'), true);
  });

  it('maps an import to its hoisted copy, and the blanked original back to the cell', () => {
    const cells = cellsOf('const before = 1;', "const x = 1;\nimport fs from 'fs';import { a } from 'a';\nx");
    const document = VirtualDocument.build(cells);
    const cell = cells[1]!.text;
    const first = cell.indexOf('import fs');
    const second = cell.indexOf('import { a }');
    assert.equal(document.toVirtual('cell2', first), 0, 'the first hoisted import is at the top of the file');
    assert.equal(document.toVirtual('cell2', cell.indexOf('fs')), cell.indexOf('fs') - first);
    // Adjacent imports each get their own copy. The end of the first and the start of the second are the
    // same cell offset: it maps to the end of the first copy.
    assert.equal(second, first + "import fs from 'fs';".length);
    assert.equal(document.toVirtual('cell2', second), "import fs from 'fs';".length);
    assert.equal(document.toVirtual('cell2', second + 1), "import fs from 'fs';\ni".length);
    assert.equal(document.text.slice(document.toVirtual('cell2', second + 1)! - 1, document.toVirtual('cell2', cell.indexOf("'a';"))), 'import { a } from ');
    // The blanked original still belongs to the cell (e.g. a diagnostic there lands on the cell).
    const body = document.text.indexOf('const x = 1;');
    assert.deepEqual(document.toCell(body + first + 3), { cellId: 'cell2', offset: first + 3 });
    checkMapping(document);
  });

  it('generated text maps to no cell', () => {
    const document = VirtualDocument.build(cellsOf('a', 'b /* open'));
    const { text } = document;
    assert.equal(text, '{\na\n;\n{\nb /* open*/\n;\n}}\n');
    const mapped = [...text, '<end>'].map((char, i) => {
      const position = document.toCell(i);
      return position ? `${position.cellId}:${position.offset}` : '-';
    });
    assert.deepEqual(mapped, [
      '-', '-', // {\n
      'cell1:0', 'cell1:1', // a, and the end of cell1 (the \n after it)
      '-', '-', '-', '-', // ;\n{\n
      ...[...'b /* open'].map((_, i) => `cell2:${i}`),
      'cell2:9', // the end of cell2 is where its closer starts
      '-', // the rest of the closer
      '-', '-', '-', // \n;\n
      '-', '-', '-', // }}\n
      '-', // end of text
    ]);
    assert.equal(document.toCell(-1), undefined);
  });

  it('toCellRange clips a range at the end of the cell text it starts in', () => {
    const cells = cellsOf("import x from 'x';\nconst a = 1;", 'const b = 2;');
    const document = VirtualDocument.build(cells);
    const aStart = document.toVirtual('cell1', cells[0]!.text.indexOf('a ='))!;
    assert.deepEqual(document.toCellRange(aStart, 1), { cellId: 'cell1', offset: cells[0]!.text.indexOf('a ='), length: 1 });
    // A range running past the cell (into the generated text and the next cell) ends with the cell.
    assert.deepEqual(document.toCellRange(aStart, 1000), { cellId: 'cell1', offset: cells[0]!.text.indexOf('a ='), length: 'a = 1;'.length });
    // A range in a hoisted import ends with that import.
    assert.deepEqual(document.toCellRange(document.toVirtual('cell1', 7)!, 1000), { cellId: 'cell1', offset: 7, length: "x from 'x';".length });
    // An empty range at the end of a cell.
    assert.deepEqual(document.toCellRange(document.toVirtual('cell2', 12)!, 0), { cellId: 'cell2', offset: 12, length: 0 });
    // A range starting in generated text has no cell.
    assert.equal(document.toCellRange(document.toVirtual('cell2', 0)! - 1, 3), undefined);
  });

  it('follows edited, inserted, removed and reordered cells', () => {
    const a = { id: 'a', text: 'const a = 1;' };
    const b = { id: 'b', text: 'const b = 2;\r\nb' };
    const c = { id: 'c', text: "import q from 'q';\nq" };
    const layouts: CellText[][] = [
      [a, b, c],
      [a, { id: 'b', text: 'const b = "longer text";\r\nb' }, c],
      [a, { id: 'new', text: 'inserted\n' }, b, c],
      [c, a],
      [c, b, a],
      [b],
    ];
    for (const cells of layouts) {
      const document = VirtualDocument.build(cells);
      checkMapping(document);
      for (const cell of cells) {
        const last = cell.text.length - 1;
        const virtual = document.toVirtual(cell.id, last)!;
        assert.equal(document.text[virtual], cell.text[last], `the last char of ${cell.id} in ${cells.map((x) => x.id)}`);
      }
      assert.equal(document.toVirtual('gone', 0), undefined);
    }
  });

  it('uses the shape function it is given, once per cell', () => {
    const calls: string[] = [];
    const document = VirtualDocument.build(cellsOf('x', 'y'), (cell) => {
      calls.push(cell.id);
      return shapeCell(cell.text);
    });
    assert.deepEqual(calls, ['cell1', 'cell2']);
    assert.equal(document.shapes.length, 2);
  });

  // -------------------------------------------------------------------------------------------------
  // Properties

  /** Small pieces that make interesting cells: line breaks, brackets, quotes, comments, imports, exports. */
  const piece = fc.constantFrom(
    'a', 'x1', ' ', '\n', '\r\n', '\r', '{', '}', '(', ')', '[', ']', ';', ',', '=', "'", '"', '`', '${', '\\', '/', '/*', '*/', '//',
    "import x from 'y';", "import { a, b } from 'z'\n", 'import * as tf from "@tensorflow/tfjs";\r\n', "import 'side';",
    'export ', 'export default ', 'var v = 1;', 'let ', 'const c = 2;', 'function f() { var q = 1 }', 'é', '\u{1f600}', 'await ',
  );
  const cellText = fc.array(piece, { maxLength: 16 }).map((pieces) => pieces.join(''));
  const cellList = fc.array(cellText, { maxLength: 5 }).map((texts) => texts.map((text, index) => ({ id: `c${index}`, text })));

  it('property: every cell offset round-trips, generated text maps to nothing', () => {
    fc.assert(
      fc.property(cellList, (cells) => {
        const document = VirtualDocument.build(cells);
        checkMapping(document);
        document.cells.forEach((cell, index) => checkBodyRewrites(cell.text, document.shapes[index]!.body));
      }),
      { numRuns: 300 },
    );
  });

  it('property: toCellRange stays inside one cell and agrees with toCell', () => {
    fc.assert(
      fc.property(cellList, fc.nat(), fc.nat({ max: 40 }), (cells, at, length) => {
        const document = VirtualDocument.build(cells);
        const start = at % (document.text.length + 1);
        const range = document.toCellRange(start, length);
        const position = document.toCell(start);
        if (!position) return assert.equal(range, undefined);
        assert.ok(range);
        assert.equal(range.cellId, position.cellId);
        assert.equal(range.offset, position.offset);
        assert.ok(range.length >= 0 && range.length <= length);
        assert.ok(range.offset + range.length <= cells[document.indexOf(range.cellId)]!.text.length);
        // Every offset of the clipped range is in the same cell, contiguous.
        for (let k = 0; k <= range.length; k++) assert.deepEqual(document.toCell(start + k), { cellId: range.cellId, offset: range.offset + k });
      }),
      { numRuns: 300 },
    );
  });

  /** Statements that parse on their own; joined by line breaks they make valid cells. */
  const statement = fc.constantFrom(
    'const a = 1;', "let s = 'str';", 'var v = [1, 2];', 'export const e = { k: 1 };', 'export default 42;', 'export { e };',
    "import x from 'y';", "import { a as b } from 'z';", "import * as tf from '@tensorflow/tfjs';", "import 'side-effect';",
    'function f(a: number) { var inner = a; return inner; }', 'class C { m() { return 1; } }', 'const t = `a${1}b`;',
    '/* block\ncomment */', '// line comment', 'await Promise.resolve(1);', 'if (a) { console.log(`${a}`); }',
    'for (var i = 0; i < 2; i++) {}', 'type T = { a: string };', 'interface I { x: number }', 'enum E { A, B }',
    "'use strict';", 'label: for (;;) { break label; }', 'x => x * 2;', 'const re = /[/]\\//g;',
  );
  /** An ending that leaves the cell open: the closer must keep it from swallowing the cells after it. */
  const openEnding = fc.constantFrom('', '', '/* unterminated', '/* unterminated *', '`unterminated', '`unterminated ${1} still', '/** doc');
  const validCell = fc
    .tuple(fc.array(statement, { maxLength: 6 }), fc.array(fc.constantFrom('\n', '\r\n', '\n\n'), { minLength: 6, maxLength: 6 }), openEnding)
    .map(([statements, breaks, ending]) => statements.map((s, i) => s + breaks[i]).join('') + ending);

  it('property: cells that parse alone make a virtual file that parses, even when left open at the end', () => {
    fc.assert(
      fc.property(fc.array(validCell, { maxLength: 5 }), (texts) => {
        const cells = texts.map((text, index) => ({ id: `c${index}`, text }));
        const document = VirtualDocument.build(cells);
        for (const shape of document.shapes) {
          for (const error of shape.syntaxErrors) assert.ok([1010, 1160].includes(error.code), `unexpected syntax error ${error.code}`);
        }
        assert.deepEqual(virtualParseErrors(document).map((d) => `${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`), []);
        checkMapping(document);
      }),
      { numRuns: 150 },
    );
  });
});
