/**
 * Quick-fix edits for training diagnoses, computed from the cell's syntax tree. Pure: source text + fix
 * kind → text edits, or undefined when there is no safe edit (or it is already applied).
 */
import ts from 'typescript';
import type { Diagnosis } from '../trainingDiagnosis';
import { calls, dottedName, lastFitCall, parseCell } from './match';

export type FixKind = Diagnosis['fixes'][number];

export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

export const EARLY_STOPPING = "callbacks: [tf.callbacks.earlyStopping({ monitor: 'val_loss', patience: 5 })]";

export function quickFix(source: string, kind: FixKind): TextEdit[] | undefined {
  const sf = parseCell(source);
  switch (kind) {
    case 'add-early-stopping':
      return addEarlyStopping(sf);
    case 'lower-learning-rate':
      return scaleLearningRate(sf, 0.1);
    case 'add-dropout':
      return addDropout(sf, source);
  }
}

/** Apply non-overlapping edits to a string (for tests and previews). */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  let out = source;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

function addEarlyStopping(sf: ts.SourceFile): TextEdit[] | undefined {
  const call = lastFitCall(sf);
  if (!call || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  const args = call.arguments;
  const last = args.at(-1);
  const optionsIndex = call.expression.name.text === 'fit' ? 2 : 1;
  if (last && ts.isObjectLiteralExpression(last) && args.length === optionsIndex + 1) {
    const names = last.properties.map((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined));
    if (names.includes('callbacks') || last.properties.some((p) => ts.isSpreadAssignment(p))) return undefined;
    const lastProp = last.properties.at(-1);
    if (!lastProp) return [{ offset: last.getStart(sf) + 1, length: 0, newText: ` ${EARLY_STOPPING} ` }];
    return [{ offset: lastProp.getEnd(), length: 0, newText: `, ${EARLY_STOPPING}` }];
  }
  // No options object yet: append one when the positional arguments are all there.
  if (args.length === optionsIndex && last) return [{ offset: last.getEnd(), length: 0, newText: `, { ${EARLY_STOPPING} }` }];
  return undefined;
}

/** Multiply the learning rate of every `tf.train.<optimizer>(<number>)` in the cell. */
export function scaleLearningRate(sf: ts.SourceFile, factor: number): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const call of calls(sf)) {
    const name = dottedName(call.expression);
    if (!name || !/(^|\.)train\.[A-Za-z]+$/.test(name)) continue;
    const first = call.arguments[0];
    if (!first || !ts.isNumericLiteral(first)) continue;
    const value = Number(first.text);
    if (!Number.isFinite(value) || value <= 0) continue;
    edits.push({ offset: first.getStart(sf), length: first.getWidth(sf), newText: String(Number((value * factor).toPrecision(12))) });
  }
  return edits.length > 0 ? edits : undefined;
}

/** The layer a callee creates (`dense` for `tf.layers.dense` or `layers.dense`), if it is a `layers.` factory. */
function layerFactory(callee: ts.Node): string | undefined {
  const parts = dottedName(callee)?.split('.') ?? [];
  return parts.length >= 2 && parts.at(-2) === 'layers' ? parts.at(-1) : undefined;
}
const DROPOUT_LAYERS = new Set(['dropout', 'spatialDropout1d', 'alphaDropout']);

/** `<receiver>.add(tf.layers.dense(...))` expression statements. */
function denseAdds(sf: ts.SourceFile): { statement: ts.ExpressionStatement; receiver: string }[] {
  const out: { statement: ts.ExpressionStatement; receiver: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node) && ts.isCallExpression(node.expression)) {
      const call = node.expression;
      if (ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'add' && ts.isIdentifier(call.expression.expression)) {
        const arg = call.arguments[0];
        if (arg && ts.isCallExpression(arg) && layerFactory(arg.expression) === 'dense') out.push({ statement: node, receiver: call.expression.expression.text });
      }
    }
    node.forEachChild(visit);
  };
  sf.forEachChild(visit);
  return out;
}

function addDropout(sf: ts.SourceFile, source: string): TextEdit[] | undefined {
  const all = calls(sf);
  if (!all.some((c) => dottedName(c.expression)?.endsWith('sequential'))) return undefined;
  if (all.some((c) => DROPOUT_LAYERS.has(layerFactory(c.expression) ?? ''))) return undefined;
  const adds = denseAdds(sf);
  // Dropout goes between dense layers, never after the output layer: needs at least two.
  if (adds.length < 2) return undefined;
  const first = adds[0];
  const start = first.statement.getStart(sf);
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*/.exec(source.slice(lineStart, start))?.[0] ?? '';
  return [{ offset: first.statement.getEnd(), length: 0, newText: `\n${indent}${first.receiver}.add(tf.layers.dropout({ rate: 0.3 }));` }];
}
