/**
 * Where a run finding goes in the notebook (the fit call, the compile call, or the call that made the layer) and
 * the safe edits its fixes make, from the cells' syntax trees. Pure: cell sources → offsets and text edits. A
 * finding about a layer or the compile call is looked for in the fit's cell first, then in the cells above it,
 * nearest first — where a learner builds the model before training it.
 */
import ts from 'typescript';
import type { Finding, FindingFix, FindingLocation } from '../runDiagnosis';
import { quickFix, scaleLearningRate, type TextEdit } from './quickFixes';
import { calls, dottedName, lastFitCall, parseCell } from './match';

export interface Place {
  /** Index into the cells given. */
  cell: number;
  offset: number;
}

/** Where a finding of the training run started in `cells[fitCell]` is shown. */
export function locateFinding(cells: readonly string[], fitCell: number, location: FindingLocation): Place | undefined {
  const fit = fitPlace(cells[fitCell] ?? '');
  const fallback = fit === undefined ? undefined : { cell: fitCell, offset: fit };
  if (location.kind === 'fit') return fallback;
  for (let cell = fitCell; cell >= 0; cell--) {
    const sf = parseCell(cells[cell] ?? '');
    const call = location.kind === 'compile' ? lastCompile(sf) : layerCall(sf, location);
    if (call) return { cell, offset: calleeNameStart(call, sf) };
  }
  return fallback;
}

/** The edits a fix makes, and in which cell; undefined when there is no safe edit (or it is applied already). */
export function findingFixEdits(cells: readonly string[], fitCell: number, finding: Finding, fix: FindingFix): { cell: number; edits: TextEdit[] } | undefined {
  for (let cell = fitCell; cell >= 0; cell--) {
    const source = cells[cell] ?? '';
    const edits = fixIn(source, finding, fix);
    if (edits) return { cell, edits };
    // Fixes of the fit call itself belong to its own cell only.
    if (fix === 'add-early-stopping') return undefined;
  }
  return undefined;
}

function fixIn(source: string, finding: Finding, fix: FindingFix): TextEdit[] | undefined {
  switch (fix) {
    case 'add-early-stopping':
    case 'add-dropout':
    case 'lower-learning-rate':
      return quickFix(source, fix);
    case 'raise-learning-rate':
      return scaleLearningRate(parseCell(source), 10);
    case 'loss-sparse-categorical':
      return setLoss(parseCell(source), 'sparseCategoricalCrossentropy');
    case 'loss-categorical':
      return setLoss(parseCell(source), 'categoricalCrossentropy');
    case 'add-relu':
    case 'output-softmax':
    case 'output-sigmoid':
    case 'lower-dropout': {
      if (finding.location.kind !== 'layer') return undefined;
      const sf = parseCell(source);
      const call = layerCall(sf, finding.location);
      if (!call) return undefined;
      if (fix === 'lower-dropout') return setOption(sf, call, 'rate', '0.3', (old) => ts.isNumericLiteral(old) && Number(old.text) > 0.3);
      const activation = fix === 'add-relu' ? 'relu' : fix === 'output-softmax' ? 'softmax' : 'sigmoid';
      return setOption(sf, call, 'activation', `'${activation}'`, (old) => !ts.isStringLiteralLike(old) || old.text !== activation);
    }
  }
}

function fitPlace(source: string): number | undefined {
  const sf = parseCell(source);
  const call = lastFitCall(sf);
  return call && ts.isPropertyAccessExpression(call.expression) ? call.expression.name.getStart(sf) : undefined;
}

function lastCompile(sf: ts.SourceFile): ts.CallExpression | undefined {
  return calls(sf).filter((c) => ts.isPropertyAccessExpression(c.expression) && c.expression.name.text === 'compile').at(-1);
}

function calleeNameStart(call: ts.CallExpression, sf: ts.SourceFile): number {
  return ts.isPropertyAccessExpression(call.expression) ? call.expression.name.getStart(sf) : call.getStart(sf);
}

/**
 * The call that made the model's layer: the k-th `tf.layers.<factory>(…)` of the layer's class in the cell, where
 * the layer is the k-th of its class in the model (factories are the class names in lower camel case: Dense →
 * dense, Conv2D → conv2d).
 */
function layerCall(sf: ts.SourceFile, location: Extract<FindingLocation, { kind: 'layer' }>): ts.CallExpression | undefined {
  const factory = location.className.toLowerCase();
  const made = calls(sf).filter((c) => {
    const name = dottedName(c.expression);
    const parts = name?.split('.') ?? [];
    return parts.length >= 2 && parts[parts.length - 2] === 'layers' && parts[parts.length - 1].toLowerCase() === factory;
  });
  return made[location.rankInClass];
}

function objectArg(call: ts.CallExpression): ts.ObjectLiteralExpression | undefined {
  const first = call.arguments[0];
  return first && ts.isObjectLiteralExpression(first) ? first : undefined;
}

function property(obj: ts.ObjectLiteralExpression, key: string): ts.PropertyAssignment | undefined {
  return obj.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key);
}

/** Set `key: value` in the call's options object: replace the old value (if `replace` allows), or add it. */
function setOption(sf: ts.SourceFile, call: ts.CallExpression, key: string, value: string, replace: (old: ts.Expression) => boolean): TextEdit[] | undefined {
  const obj = objectArg(call);
  if (!obj) {
    if (call.arguments.length > 0) return undefined;
    const open = call.getEnd() - 1; // the closing parenthesis
    return [{ offset: open, length: 0, newText: `{ ${key}: ${value} }` }];
  }
  if (obj.properties.some((p) => ts.isSpreadAssignment(p))) return undefined;
  const existing = property(obj, key);
  if (existing) {
    if (!replace(existing.initializer)) return undefined;
    return [{ offset: existing.initializer.getStart(sf), length: existing.initializer.getWidth(sf), newText: value }];
  }
  const last = obj.properties.at(-1);
  if (!last) return [{ offset: obj.getStart(sf) + 1, length: 0, newText: ` ${key}: ${value} ` }];
  return [{ offset: last.getEnd(), length: 0, newText: `, ${key}: ${value}` }];
}

function setLoss(sf: ts.SourceFile, loss: string): TextEdit[] | undefined {
  const call = lastCompile(sf);
  const obj = call && objectArg(call);
  const prop = obj && property(obj, 'loss');
  if (!prop || !ts.isStringLiteralLike(prop.initializer) || prop.initializer.text === loss) return undefined;
  const quote = sf.text[prop.initializer.getStart(sf)];
  return [{ offset: prop.initializer.getStart(sf), length: prop.initializer.getWidth(sf), newText: `${quote}${loss}${quote}` }];
}

