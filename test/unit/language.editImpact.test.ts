import assert from 'node:assert/strict';
import { cellsToCheckAgain } from '../../src/core/language/editImpact';
import { shapeCell } from '../../src/core/language/virtualDocument';

/** Cells to check again after the notebook went from `before` to `after` (cell i has id `c<i>`). */
function again(before: string[], after: string[]): number[] {
  const shaped = (texts: string[]) => texts.map((text, i) => ({ id: `c${i}`, text, statements: shapeCell(text).statements }));
  return [...cellsToCheckAgain(new Map(shaped(before).map((cell) => [cell.id, cell])), shaped(after))].sort((a, b) => a - b);
}

describe('language: cells an edit can change', () => {
  it('nothing when nothing changed; cells above an edit never', () => {
    const cells = ['const a = 1;', 'const b = a;', 'b;'];
    assert.deepEqual(again(cells, cells), []);
    assert.deepEqual(again(cells, ['const a = 1;', 'const b = a;', 'b; // edited']), [2]);
  });

  it('an edited declaration reaches the later cells that use its name, and the cells that use theirs', () => {
    const before = ['const a = 1;\nconst other = 2;', 'const b = a;', 'const c = b;', 'other;', 'const d = 4;'];
    assert.deepEqual(again(before, ["const a = 'x';\nconst other = 2;", ...before.slice(1)]), [0, 1, 2]);
  });

  it('only the names of the edited statement count, not every name the cell declares', () => {
    const before = ['const a = 1;\nconst other = 2;', 'a;', 'other;'];
    assert.deepEqual(again(before, ['const a = 1;\nconst other = 2;\nconst extra = a + 1;', 'a;', 'other;']), [0]);
    // A call statement could be an assertion function that narrows its arguments: `a` counts as changed.
    assert.deepEqual(again(before, ['const a = 1;\nconst other = 2;\nconsole.log(a);', 'a;', 'other;']), [0, 1]);
    assert.deepEqual(again(before, ['const a = 1;\nconst other = 3;', 'a;', 'other;']), [0, 2]);
  });

  it('a cell that declares the name again shields the cells after it', () => {
    const before = ['let a = 1;', 'const a = true;\na;', 'a;'];
    assert.deepEqual(again(before, ["let a = 'x';", ...before.slice(1)]), [0]);
  });

  it('a removed declaration changes the cells that used it (they now see an earlier one, or none)', () => {
    assert.deepEqual(again(['const a = 1;', 'const a = "s";', 'a;'], ['const a = 1;', '', 'a;']), [1, 2]);
  });

  it('control flow: an assignment or a guard narrows the variable for later cells', () => {
    const before = ['let m: string | undefined;', 'm = "set";', 'm.length;', 'other;'];
    assert.deepEqual(again(before, ['let m: string | undefined;', '', 'm.length;', 'other;']), [1, 2]);
    assert.deepEqual(again(before, ['let m: string | undefined;', 'if (!m) throw new Error();', 'm.length;', 'other;']), [1, 2]);
    // A call statement may be an assertion function: its arguments may be narrowed.
    assert.deepEqual(again(before, ['let m: string | undefined;', 'assertDefined(m);', 'm.length;', 'other;']), [1, 2]);
  });

  it('property names, member names and parameter names are not uses of outer names', () => {
    const before = ['const y = 1;', 'const series = { y: [1] };\nseries.y;\nfunction f(p: { y: number }, y?: string) { return p.y; }', 'y;'];
    assert.deepEqual(again(before, ["const y = 'x';", ...before.slice(1)]), [0, 2]);
  });

  it('a hoisted function carries a change to the statements above it in its cell', () => {
    const before = ['let a = 1;', 'const early = g();\nfunction g() { return a; }', 'early;'];
    assert.deepEqual(again(before, ["let a = 'x';", ...before.slice(1)]), [0, 1, 2]);
  });
});
