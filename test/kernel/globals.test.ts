import assert from 'node:assert/strict';
import ts from 'typescript';
import type { KernelSession } from '../../src/host/kernelSession';
import { KERNEL_GLOBALS_DTS } from '../../src/core/language/kernelGlobals';
import { run, startSession } from './helpers';

/** Names the editor's declaration file gives the `display` namespace's functions. */
function declaredDisplayMembers(): string[] {
  const file = ts.createSourceFile('globals.d.ts', KERNEL_GLOBALS_DTS, ts.ScriptTarget.Latest);
  const names: string[] = [];
  const visit = (node: ts.Node, inDisplay: boolean): void => {
    if (ts.isModuleDeclaration(node) && node.name.getText(file) === 'display') return ts.forEachChild(node, (n) => visit(n, true));
    if (inDisplay && ts.isFunctionDeclaration(node) && node.name) names.push(node.name.text);
    ts.forEachChild(node, (n) => visit(n, inDisplay));
  };
  visit(file, false);
  return names.sort();
}

describe('kernel: globals the editor declares', function () {
  let session: KernelSession;
  before(() => (session = startSession()));
  after(() => session.shutdown());

  it('display has exactly the members the language service types', async () => {
    const cell = await run(session, "Object.keys(display).sort().join(',')");
    assert.equal(cell.outcome.status, 'ok', cell.text);
    const declared = declaredDisplayMembers();
    assert.ok(declared.length >= 5, declared.join());
    assert.equal(cell.text.trim(), `'${declared.join(',')}'`);
  });

  it('tf, display and require are globals of every cell, as declared', async () => {
    const cell = await run(session, "[typeof tf.sequential, typeof display, typeof require('node:path').join].join(' ')");
    assert.equal(cell.text.trim(), "'function function function'");
  });
});
