/**
 * Which cells' type errors an edit can have changed, so that only those are checked again.
 *
 * Under the kernel's REPL scoping a cell sees only the cells above it, through the names they declare and
 * through control flow (an assignment or a `throw` guard in one cell narrows a variable in the next). So
 * cells above the first edited one never change, and a later cell changes only if it uses a name whose
 * declaration or narrowing an edit touched. Names are tracked statement by statement: editing one line of
 * a cell that declares many names changes only the names that line (and what depends on it) declares.
 * The test "after any edits, the type errors equal a check of the whole notebook" holds this to account.
 */
import type { StatementShape } from './virtualDocument';

export interface CellStatements {
  readonly text: string;
  readonly statements: readonly StatementShape[];
}

/**
 * `before` holds each cell as last checked; `after` is the notebook now (the same cells, in the same order,
 * some edited). Returns the indexes in `after` of the cells to check again.
 */
export function cellsToCheckAgain(before: ReadonlyMap<string, CellStatements>, after: readonly (CellStatements & { readonly id: string })[]): Set<number> {
  /** Names whose type or narrowing may differ, as the next cell sees them. */
  const changed = new Set<string>();
  const again = new Set<number>();
  after.forEach((cell, index) => {
    const old = before.get(cell.id)!;
    const edited = old.text !== cell.text;
    const declaredHere = new Set(cell.statements.flatMap((statement) => statement.declared));
    // In a cell, a name it declares anywhere at the top level means that declaration (block scope).
    const changedHere = new Set<string>();
    const isChanged = (name: string) => changedHere.has(name) || (changed.has(name) && !declaredHere.has(name));
    const touch = (statement: StatementShape) => {
      for (const name of statement.declared) changedHere.add(name);
      for (const name of statement.flow) changedHere.add(name);
    };
    let kept = cell.statements;
    if (edited) {
      // Statements with the same text before and after the edit are kept; the others are changes.
      const unmatched = new Map<string, StatementShape[]>();
      for (const statement of old.statements) unmatched.set(statement.text, [...(unmatched.get(statement.text) ?? []), statement]);
      kept = cell.statements.filter((statement) => {
        const same = unmatched.get(statement.text);
        if (same?.length) return same.pop(), true;
        touch(statement);
        return false;
      });
      for (const removed of unmatched.values()) removed.forEach(touch);
    }
    let usesChange = false;
    for (let grew = true; grew; ) {
      grew = false;
      for (const statement of kept) {
        if (![...statement.references].some(isChanged)) continue;
        usesChange = true;
        const size = changedHere.size;
        touch(statement);
        grew ||= changedHere.size > size;
      }
    }
    if (edited || usesChange) again.add(index);
    for (const name of declaredHere) changed.delete(name); // later cells see this cell's declarations…
    for (const name of changedHere) changed.add(name); // …changed or not
  });
  return again;
}
