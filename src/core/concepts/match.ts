/**
 * Finds the ML concept under the cursor in a cell, from the syntax tree (TypeScript's parser), never by
 * substring: a TF.js call's callee, an option key in such a call's object literal (a distinct hyperparameter
 * key such as `learningRate` in any object literal), or the string value of `activation:` / `loss:` / … . Comments and unrelated strings or identifiers never match. Pure.
 */
import ts from 'typescript';
import { nodeAt } from '../syntaxTree';
import type { ConceptCatalog } from './catalog';

export type MatchKind = 'call' | 'option' | 'value';

export interface ConceptMatch {
  conceptId: string;
  kind: MatchKind;
  /** Offsets into the source: [start, end). */
  start: number;
  end: number;
  /** What matched, e.g. `tf.layers.dropout`, `rate`, `relu`. */
  text: string;
}

export function parseCell(source: string): ts.SourceFile {
  return ts.createSourceFile('cell.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** `tf.layers.dropout` for a chain of property accesses on identifiers; undefined otherwise. */
export function dottedName(node: ts.Node): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) {
    const left = dottedName(node.expression);
    return left === undefined ? undefined : `${left}.${node.name.text}`;
  }
  return undefined;
}

/** The concept a callee names, if any. */
export function calleeConcept(callee: ts.Node, concepts: ConceptCatalog): string | undefined {
  const name = dottedName(callee);
  if (name !== undefined) {
    const parts = name.split('.');
    if (parts.length >= 2) {
      const key = parts.slice(-2).join('.');
      if (Object.hasOwn(concepts.calls, key)) return concepts.calls[key];
    }
  }
  if (ts.isPropertyAccessExpression(callee) && Object.hasOwn(concepts.methods, callee.name.text)) return concepts.methods[callee.name.text];
  return undefined;
}

/** A call whose options are TF.js options: a mapped call, anything on `tf.`, or compile/fit/evaluate. */
function isTfCall(call: ts.CallExpression, concepts: ConceptCatalog): boolean {
  if (calleeConcept(call.expression, concepts)) return true;
  const name = dottedName(call.expression);
  if (name?.startsWith('tf.')) return true;
  return ts.isPropertyAccessExpression(call.expression) && ['compile', 'fit', 'fitDataset', 'evaluate'].includes(call.expression.name.text);
}

function propertyKey(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

/** The object literal's property is an argument of a TF.js call. */
function inTfCallOptions(prop: ts.Node, concepts: ConceptCatalog): boolean {
  const obj = prop.parent;
  if (!obj || !ts.isObjectLiteralExpression(obj)) return false;
  const call = obj.parent;
  return !!call && ts.isCallExpression(call) && call.arguments.includes(obj) && isTfCall(call, concepts);
}

/** The concept of `concepts` under `offset` in `source`, if any. */
export function matchConcept(source: string, offset: number, concepts: ConceptCatalog, sf: ts.SourceFile = parseCell(source)): ConceptMatch | undefined {
  const node = nodeAt(sf, offset);
  if (!node) return undefined;
  const range = (n: ts.Node) => ({ start: n.getStart(sf), end: n.getEnd() });

  // String value of a known option: `activation: 'relu'`.
  if (ts.isStringLiteralLike(node)) {
    const prop = node.parent;
    if (prop && ts.isPropertyAssignment(prop) && prop.initializer === node && inTfCallOptions(prop, concepts)) {
      const key = propertyKey(prop.name);
      const values = key !== undefined && Object.hasOwn(concepts.values, key) ? concepts.values[key] : undefined;
      const id = values && Object.hasOwn(values, node.text) ? values[node.text] : undefined;
      if (id) return { conceptId: id, kind: 'value', text: node.text, ...range(node) };
    }
    return undefined;
  }
  if (!ts.isIdentifier(node)) return undefined;

  // Option key: `rate:` inside tf.layers.dropout({ rate: 0.3 }), or `learningRate:` in any object literal.
  const parent = node.parent;
  if ((ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent)) && parent.name === node) {
    const id = Object.hasOwn(concepts.options, node.text) ? concepts.options[node.text] : undefined;
    const inObject = ts.isObjectLiteralExpression(parent.parent);
    if (id && (inTfCallOptions(parent, concepts) || (inObject && concepts.configKeys.has(node.text)))) return { conceptId: id, kind: 'option', text: node.text, ...range(node) };
    return undefined;
  }

  // Callee: climb the property-access chain to the expression being called.
  let callee: ts.Node = node;
  while (ts.isPropertyAccessExpression(callee.parent) && callee.parent.expression === callee) callee = callee.parent;
  if (ts.isPropertyAccessExpression(callee.parent) && callee.parent.name === callee) callee = callee.parent;
  while (ts.isPropertyAccessExpression(callee.parent) && callee.parent.expression === callee) callee = callee.parent;
  const call = callee.parent;
  if (call && ts.isCallExpression(call) && call.expression === callee) {
    const id = calleeConcept(callee, concepts);
    if (id) return { conceptId: id, kind: 'call', text: callee.getText(sf), ...range(callee) };
  }
  return undefined;
}

/** All calls in the cell, in source order. */
export function calls(sf: ts.SourceFile): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) out.push(node);
    node.forEachChild(visit);
  };
  sf.forEachChild(visit);
  return out.sort((a, b) => a.getStart(sf) - b.getStart(sf));
}

/** The last `x.fit(...)` / `x.fitDataset(...)` call of the cell. */
export function lastFitCall(sf: ts.SourceFile): ts.CallExpression | undefined {
  const fits = calls(sf).filter((c) => ts.isPropertyAccessExpression(c.expression) && (c.expression.name.text === 'fit' || c.expression.name.text === 'fitDataset'));
  return fits.at(-1);
}
