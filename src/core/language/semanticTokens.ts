/**
 * Semantic highlighting of a cell: TypeScript's 2020 classification of the virtual file, cut to the cell, with
 * a cell's top-level declarations shown as the globals the kernel makes them rather than as locals.
 */
import ts from 'typescript';
import type { NotebookProgram } from './notebookProgram';
import type { VirtualDocument } from './virtualDocument';

/**
 * The kinds of name semantic highlighting tells apart, in the order of TypeScript's 2020 classification
 * (TokenType in its classifier2020.ts) and named as VS Code's TypeScript names them (`member` → `method`).
 */
export const SEMANTIC_TOKEN_TYPES = ['class', 'enum', 'interface', 'namespace', 'typeParameter', 'type', 'parameter', 'variable', 'enumMember', 'property', 'function', 'method'] as const;
/** Bit i of a token's modifiers is SEMANTIC_TOKEN_MODIFIERS[i] (TokenModifier in classifier2020.ts). */
export const SEMANTIC_TOKEN_MODIFIERS = ['declaration', 'static', 'async', 'readonly', 'defaultLibrary', 'local'] as const;
/** A 2020 classification is (type + 1) << 8 | modifiers. */
const TOKEN_TYPE_OFFSET = 8;
const LOCAL_MODIFIER = 1 << SEMANTIC_TOKEN_MODIFIERS.indexOf('local');

/**
 * For each name of the cell, [offset, length, type, modifiers] one after another (type indexes
 * SEMANTIC_TOKEN_TYPES, modifiers is a bit set over SEMANTIC_TOKEN_MODIFIERS), in order.
 */
export function semanticTokens(program: NotebookProgram, document: VirtualDocument, cellId: string): number[] {
  const index = document.indexOf(cellId);
  if (index < 0) return [];
  const tokens: [offset: number, length: number, type: number, modifiers: number][] = [];
  // A cell's block opens with the `{` and line break just before its body.
  const cellBlocks = new Set(document.cells.map((_, i) => document.bodyRange(i).pos - 2));
  for (const { pos, end } of document.rangesOf(index)) {
    const { spans } = program.service.getEncodedSemanticClassifications(program.virtualFile, { start: pos, length: end - pos }, ts.SemanticClassificationFormat.TwentyTwenty);
    for (let i = 0; i + 2 < spans.length; i += 3) {
      const [start, length, classification] = [spans[i]!, spans[i + 1]!, spans[i + 2]!];
      const type = (classification >> TOKEN_TYPE_OFFSET) - 1;
      let modifiers = classification & ((1 << TOKEN_TYPE_OFFSET) - 1);
      // Cells are blocks in the virtual file, so TypeScript calls their declarations local; the kernel makes them globals.
      if (modifiers & LOCAL_MODIFIER && declaredAtCellTopLevel(program, start, cellBlocks)) modifiers &= ~LOCAL_MODIFIER;
      const range = document.toCellRange(start, length);
      if (range?.cellId === cellId && type >= 0 && type < SEMANTIC_TOKEN_TYPES.length) tokens.push([range.offset, range.length, type, modifiers]);
    }
  }
  // An import below code in the cell comes first in the virtual file (hoisted).
  return tokens.sort((a, b) => a[0] - b[0]).flat();
}

/**
 * Whether the name at a virtual position is declared at the top level of a cell, by TypeScript's rule for
 * the top level of a file (the variables of a top-level statement, loops included; a top-level function).
 */
function declaredAtCellTopLevel(program: NotebookProgram, position: number, cellBlocks: ReadonlySet<number>): boolean {
  const source = program.virtualSource();
  const name = source && program.identifierAt(position);
  if (!source || !name) return false;
  let declaration: ts.Node | undefined = source.program.getTypeChecker().getSymbolAtLocation(name)?.declarations?.[0];
  while (declaration && ts.isBindingElement(declaration)) declaration = declaration.parent.parent;
  const isCellBlock = (node: ts.Node) => ts.isBlock(node) && cellBlocks.has(node.getStart(source.file));
  if (declaration && ts.isVariableDeclaration(declaration)) return !ts.isCatchClause(declaration.parent) && isCellBlock(declaration.parent.parent.parent);
  return !!declaration && ts.isFunctionDeclaration(declaration) && isCellBlock(declaration.parent);
}
