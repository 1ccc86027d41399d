/**
 * The notebook as one TypeScript file with the kernel's REPL scoping, and exact offset mapping between
 * each cell and that file.
 *
 * The kernel runs every cell in one global scope: a name from an earlier cell is visible in later ones,
 * and declaring it again in a later cell replaces it. A file where each cell opens a block that stays open
 * until the end has the same scoping:
 *
 *     import * as tf from '@tensorflow/tfjs';   ← imports (and `declare`s, namespaces) of every cell, hoisted
 *                                                 (blocks cannot hold them; the language service reports
 *                                                 a use of an import in a cell above the one importing it)
 *     {
 *     const x = 1;                              ← cell 1 (its import blanked out in place)
 *     ;
 *     {
 *     const x = 'shadows';  x.length            ← cell 2 sees cell 1, and may declare `x` again
 *     ;
 *     }}
 *
 * Cell text is copied verbatim (same length), so positions map by adding an offset. The only rewrites keep
 * lengths: `export` modifiers become spaces (they mean nothing in a notebook) and a top-level `var` becomes
 * `let` (a `var` in a nested block would be hoisted into the outer blocks and clash with their `let`s, where
 * the kernel simply overwrites the global); a `var` that only re-declares names the same cell declared
 * with `var` before loses its keyword and is the assignment it means; and a `var` in a loop or block of a
 * cell becomes `let` too (in the kernel it is the cell's own; hoisted out of the cell's block, every cell
 * would see it). The price: a use of it after its loop or block is not typed (the language service only
 * keeps it from being called unknown there).
 */
import ts from 'typescript';

export interface CellText {
  /** Stable identity of the cell (the extension uses its document URI). */
  readonly id: string;
  readonly text: string;
  /** False for JavaScript cells: no type errors, as VS Code does for .js files (the rest works the same). Default true. */
  readonly typeCheck?: boolean;
}

export interface CellOffset {
  readonly cellId: string;
  readonly offset: number;
}

/** What the virtual document needs to know about one cell; computed once per distinct cell text. */
export interface CellShape {
  /** Statements (start, end) hoisted to the top of the file: imports, and `declare`s and namespaces (only a file's top level may hold them). */
  readonly imports: readonly (readonly [number, number])[];
  /** The cell's text with imports blanked and the length-keeping rewrites applied. */
  readonly body: string;
  /** Text closing a construct the cell leaves open at its end (an unterminated comment or template), so it cannot swallow later cells. */
  readonly closer: string;
  /** The cell parsed on its own: its syntax errors are the ones the user sees. */
  readonly syntaxErrors: readonly ts.DiagnosticWithLocation[];
  /** The cell's top-level statements other than the hoisted ones, for working out what an edit changes. */
  readonly statements: readonly StatementShape[];
  /**
   * Names of `var`s in the cell's loops and blocks (made `let` in the body). In the kernel they belong to the
   * whole cell, so a use after the loop is fine; the language service does not call it unknown.
   */
  readonly blockVars: readonly string[];
}

export interface StatementShape {
  readonly text: string;
  /** Names the statement declares (what later statements and cells can see). */
  readonly declared: readonly string[];
  /** Names the statement may refer to: identifiers outside declaration and property-name positions. */
  readonly references: ReadonlySet<string>;
  /**
   * Names whose narrowed type after the statement may depend on it (control flow runs on from cell to cell):
   * assignment targets, every name in a condition or throw/loop/switch/try statement, and the arguments of a
   * call statement (an assertion function narrows its arguments).
   */
  readonly flow: ReadonlySet<string>;
}

/** A piece of a cell's text copied into the virtual file. */
interface Segment {
  readonly cellIndex: number;
  readonly cellStart: number;
  readonly virtualStart: number;
  readonly length: number;
}

const UNTERMINATED_COMMENT = 1010; // '*/' expected.
const UNTERMINATED_TEMPLATE = 1160; // Unterminated template literal.

export function shapeCell(text: string): CellShape {
  const source = ts.createSourceFile('cell.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const imports: [number, number][] = [];
  const varNames = new Set<string>();
  const chars = text.split('');
  const blank = (start: number, end: number) => {
    for (let i = start; i < end; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
  };
  const statements: StatementShape[] = [];
  const blockVars = new Set<string>();
  // A `var` in a loop or block of the cell (not in a function) is the cell's own in the kernel (cells run as
  // functions); hoisted out of the cell's block it would be seen by every cell and clash with their `let`s.
  const nestedVarsToLet = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    const topLevel = ts.isVariableStatement(node.parent) && node.parent.parent === source;
    if (ts.isVariableDeclarationList(node) && !(node.flags & ts.NodeFlags.BlockScoped) && !topLevel) {
      const keyword = node.getStart(source);
      if (text.startsWith('var', keyword)) chars.splice(keyword, 3, 'l', 'e', 't');
      for (const declaration of node.declarations) for (const name of bindingNames(declaration.name)) blockVars.add(name);
    }
    ts.forEachChild(node, nestedVarsToLet);
  };
  for (const statement of source.statements) {
    const start = statement.getStart(source);
    if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement) || isModuleLevelOnly(statement)) {
      imports.push([start, statement.end]);
      blank(start, statement.end);
    } else if (ts.isExportDeclaration(statement)) {
      blank(start, statement.end); // `export { a }`, `export * from 'x'`: the kernel drops them
    } else if (ts.isExportAssignment(statement)) {
      blank(start, statement.expression.getStart(source)); // `export default expr` → `expr`
    } else {
      nestedVarsToLet(statement);
      const names = references(statement);
      statements.push({ text: text.slice(start, statement.end), declared: declaredNames(statement), references: names, flow: flowNames(statement, names) });
      const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
      for (const modifier of modifiers ?? []) {
        if (modifier.kind === ts.SyntaxKind.ExportKeyword || modifier.kind === ts.SyntaxKind.DefaultKeyword) {
          blank(modifier.getStart(source), modifier.end);
        }
      }
      if (ts.isVariableStatement(statement) && !(statement.declarationList.flags & ts.NodeFlags.BlockScoped)) {
        const keyword = statement.declarationList.getStart(source);
        const names = statement.declarationList.declarations.map((d) => (ts.isIdentifier(d.name) ? d.name.text : undefined));
        if (text.startsWith('var', keyword)) {
          const redeclaration = names.every((name) => name !== undefined && varNames.has(name));
          chars.splice(keyword, 3, ...(redeclaration ? '   ' : 'let'));
        }
        for (const name of names) if (name) varNames.add(name);
      }
    }
  }
  const syntaxErrors = (source as unknown as { parseDiagnostics: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  let closer = '';
  if (syntaxErrors.some((d) => d.code === UNTERMINATED_COMMENT)) closer = '*/';
  else if (syntaxErrors.some((d) => d.code === UNTERMINATED_TEMPLATE)) closer = '`';
  for (const statement of statements) for (const name of statement.declared) blockVars.delete(name);
  return { imports, body: chars.join(''), closer, syntaxErrors, statements, blockVars: [...blockVars] };
}

/** Identifiers that can refer to a declaration outside the statement (a superset: scopes are not resolved). */
function references(statement: ts.Statement): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      if (!isNamePosition(node)) names.add(node.text);
    } else {
      ts.forEachChild(node, visit);
    }
  };
  visit(statement);
  return names;
}

const DECLARATION_STATEMENTS = new Set([
  ts.SyntaxKind.VariableStatement, ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.InterfaceDeclaration,
  ts.SyntaxKind.TypeAliasDeclaration, ts.SyntaxKind.EnumDeclaration, ts.SyntaxKind.ModuleDeclaration, ts.SyntaxKind.EmptyStatement,
]);

function flowNames(statement: ts.Statement, references: ReadonlySet<string>): Set<string> {
  if (!DECLARATION_STATEMENTS.has(statement.kind) && !ts.isExpressionStatement(statement)) return new Set(references); // if, for, throw, try…
  const names = new Set<string>();
  const addIdentifiers = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      if (!isNamePosition(node)) names.add(node.text);
    } else if (!ts.isFunctionLike(node)) {
      ts.forEachChild(node, addIdentifiers);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      addIdentifiers(node.left);
    } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
      addIdentifiers(node.operand);
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  if (ts.isExpressionStatement(statement)) {
    let call: ts.Expression = statement.expression;
    if (ts.isAwaitExpression(call)) call = call.expression;
    if (ts.isCallExpression(call)) call.arguments.forEach(addIdentifiers);
  }
  return names;
}

/** Nodes whose `name` is a declaration of that name, not a use of one. */
const DECLARING = new Set([
  ts.SyntaxKind.VariableDeclaration, ts.SyntaxKind.Parameter, ts.SyntaxKind.TypeParameter, ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.ClassExpression, ts.SyntaxKind.InterfaceDeclaration,
  ts.SyntaxKind.TypeAliasDeclaration, ts.SyntaxKind.EnumDeclaration, ts.SyntaxKind.EnumMember, ts.SyntaxKind.ModuleDeclaration,
  ts.SyntaxKind.MethodDeclaration, ts.SyntaxKind.PropertyDeclaration, ts.SyntaxKind.PropertySignature, ts.SyntaxKind.MethodSignature,
  ts.SyntaxKind.GetAccessor, ts.SyntaxKind.SetAccessor, ts.SyntaxKind.PropertyAssignment, ts.SyntaxKind.BindingElement,
  ts.SyntaxKind.JsxAttribute,
]);

/** `x` in `a.x`, `A.x`, `{ x: 1 }`, `class { x() {} }`, `(x) =>`, `const x`, `x:` labels: never a use of an outer `x`. */
function isNamePosition(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent)) return parent.name === node;
  if (ts.isQualifiedName(parent)) return parent.right === node;
  if (ts.isBindingElement(parent)) return true; // `{ key: name }`: the key is a property, the name a binding
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return true;
  return DECLARING.has(parent.kind) && (parent as ts.NamedDeclaration).name === node;
}

/** `declare …` and `namespace N {}` are allowed only at a file's top level, not in a cell's block: hoisted like imports. */
function isModuleLevelOnly(statement: ts.Statement): boolean {
  if (ts.isModuleDeclaration(statement)) return true;
  const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
  return !!modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.DeclareKeyword);
}

function declaredNames(statement: ts.Statement): string[] {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.flatMap((d) => bindingNames(d.name));
  if (
    (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)) &&
    statement.name && ts.isIdentifier(statement.name)
  ) {
    return [statement.name.text];
  }
  return [];
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : bindingNames(element.name)));
}

export class VirtualDocument {
  private constructor(
    readonly text: string,
    readonly cells: readonly CellText[],
    readonly shapes: readonly CellShape[],
    /** End of the hoisted imports at the top of the file. */
    readonly importsEnd: number,
    /** Sorted by virtualStart. */
    private readonly segments: readonly Segment[],
    /** Per cell: its hoisted import segments, then its body segment. */
    private readonly segmentsByCell: readonly (readonly Segment[])[],
  ) {}

  static build(cells: readonly CellText[], shapeOf: (cell: CellText) => CellShape = (cell) => shapeCell(cell.text)): VirtualDocument {
    const shapes = cells.map(shapeOf);
    const segments: Segment[] = [];
    const byCell: Segment[][] = cells.map(() => []);
    let text = '';
    shapes.forEach((shape, cellIndex) => {
      for (const [start, end] of shape.imports) {
        const segment = { cellIndex, cellStart: start, virtualStart: text.length, length: end - start };
        segments.push(segment);
        byCell[cellIndex]!.push(segment);
        text += cells[cellIndex]!.text.slice(start, end) + '\n';
      }
    });
    const importsEnd = text.length;
    shapes.forEach((shape, cellIndex) => {
      text += '{\n';
      const segment = { cellIndex, cellStart: 0, virtualStart: text.length, length: shape.body.length };
      segments.push(segment);
      byCell[cellIndex]!.push(segment);
      text += `${shape.body}${shape.closer}\n;\n`;
    });
    text += '}'.repeat(cells.length) + '\n';
    return new VirtualDocument(text, cells, shapes, importsEnd, segments, byCell);
  }

  indexOf(cellId: string): number {
    return this.cells.findIndex((cell) => cell.id === cellId);
  }

  /** Where a cell's text (not its hoisted imports) is in the virtual file. */
  bodyRange(cellIndex: number): { pos: number; end: number } {
    const body = this.segmentsByCell[cellIndex]!.at(-1)!;
    return { pos: body.virtualStart, end: body.virtualStart + body.length };
  }

  /** Every piece of a cell's text in the virtual file: its hoisted imports, then its body. */
  rangesOf(cellIndex: number): { pos: number; end: number }[] {
    return this.segmentsByCell[cellIndex]!.map((segment) => ({ pos: segment.virtualStart, end: segment.virtualStart + segment.length }));
  }

  /** The virtual offset of a cell offset (0 … cell length, both ends included). */
  toVirtual(cellId: string, offset: number): number | undefined {
    const index = this.indexOf(cellId);
    if (index < 0 || offset < 0 || offset > this.cells[index]!.text.length) return undefined;
    // Hoisted imports come first: a position inside an import means the hoisted copy, not the blanked one.
    for (const segment of this.segmentsByCell[index]!) {
      if (offset >= segment.cellStart && offset <= segment.cellStart + segment.length) {
        return segment.virtualStart + offset - segment.cellStart;
      }
    }
    return undefined;
  }

  /** The cell position of a virtual offset, or undefined inside text mlnb generated. */
  toCell(virtualOffset: number): CellOffset | undefined {
    const segment = this.segmentAt(virtualOffset);
    return segment && { cellId: this.cells[segment.cellIndex]!.id, offset: segment.cellStart + virtualOffset - segment.virtualStart };
  }

  /** A virtual range as a range of one cell, clipped to the end of the cell text its start is in. */
  toCellRange(virtualStart: number, length: number): (CellOffset & { length: number }) | undefined {
    const segment = this.segmentAt(virtualStart);
    if (!segment) return undefined;
    const end = Math.min(virtualStart + length, segment.virtualStart + segment.length);
    return { cellId: this.cells[segment.cellIndex]!.id, offset: segment.cellStart + virtualStart - segment.virtualStart, length: end - virtualStart };
  }

  private segmentAt(virtualOffset: number): Segment | undefined {
    let low = 0;
    let high = this.segments.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const segment = this.segments[mid]!;
      if (virtualOffset < segment.virtualStart) high = mid - 1;
      else if (virtualOffset > segment.virtualStart + segment.length) low = mid + 1;
      else return segment;
    }
    return undefined;
  }
}
