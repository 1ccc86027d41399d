/** Lookups in a TypeScript syntax tree shared by the concept hints and the language service. */
import ts from 'typescript';

/** The deepest node whose token range (without leading trivia, i.e. comments) contains `offset`. */
export function nodeAt(sf: ts.SourceFile, offset: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    // Pruned by full extent (pos includes leading trivia), which is cheap; getStart is asked only of nodes around offset.
    if (offset < node.pos || offset >= node.end) return;
    if (offset >= node.getStart(sf)) found = node;
    node.forEachChild(visit);
  };
  sf.forEachChild(visit);
  return found;
}
