import assert from 'node:assert/strict';
import type { KernelSession } from '../../src/host/kernelSession';
import { run, startSession } from './helpers';

describe('kernel: errors point at the cell', function () {
  let session: KernelSession;
  before(() => (session = startSession()));
  after(() => session.shutdown());

  it('reports a syntax error with the cell line and column', async () => {
    const cell = await run(session, 'const ok = 1;\ninterface T { a: number }\nconst broken = (1 + ;');
    assert.equal(cell.outcome.status, 'error');
    assert.ok(cell.outcome.status === 'error');
    assert.deepEqual({ line: cell.outcome.errorLocation?.line, column: cell.outcome.errorLocation?.column }, { line: 3, column: 21 });
    const error = cell.outputs.find((o) => o.output_type === 'error');
    assert.ok(error && error.output_type === 'error');
    assert.equal(error.ename, 'SyntaxError');
    assert.match(error.evalue, /line 3, column 21/);
  });

  it('maps runtime stack frames to the TypeScript lines of the cells they came from', async () => {
    // Types and blank lines shift the emitted JavaScript; positions must still be the cell's own.
    await run(session, [
      'interface Shape { w: number }',
      '',
      'function area(s: Shape): number {',
      '  const unused: string = "x";',
      '  return (s as any).missing.w;',
      '}',
    ].join('\n'), 'cell-define');
    const cell = await run(session, 'type N = number;\nconst n: N = 1;\narea({ w: n });', 'cell-call');
    assert.ok(cell.outcome.status === 'error');
    const error = cell.outputs.find((o) => o.output_type === 'error');
    assert.ok(error && error.output_type === 'error');
    assert.equal(error.ename, 'TypeError');
    assert.match(error.traceback[1], /at area \(In\[\d+\]:5:29\)/);
    assert.match(error.traceback[2], /In\[\d+\]:3:1/);
    assert.deepEqual(cell.outcome.errorLocation, { cellId: 'cell-define', line: 5, column: 29 });
  });

  it('trims kernel-internal frames', async () => {
    const cell = await run(session, 'throw new RangeError("nope")');
    const error = cell.outputs.find((o) => o.output_type === 'error');
    assert.ok(error && error.output_type === 'error');
    assert.deepEqual(error.traceback.length, 2, error.traceback.join('\n'));
    assert.doesNotMatch(error.traceback.join('\n'), /kernel\.js|node:internal|node:vm/);
  });

  it('shows thrown non-Error values', async () => {
    const cell = await run(session, 'throw { code: 7 }');
    const error = cell.outputs.find((o) => o.output_type === 'error');
    assert.ok(error && error.output_type === 'error');
    assert.equal(error.ename, 'Uncaught');
    assert.match(error.evalue, /code: 7/);
  });

  it('keeps the kernel alive after an unhandled rejection in the background', async () => {
    await run(session, 'Promise.reject(new Error("later"));\nconst alive = 1;');
    const next = await run(session, 'alive');
    assert.equal(next.outcome.status, 'ok');
  });
});
