import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { debugSourceDir, debugSourcePath } from '../../src/core/debugSources';
import { DEBUG_SOURCES_ENV } from '../../src/core/protocol';
import type { KernelSession } from '../../src/host/kernelSession';
import { KERNEL_PATH, resultValue, run, startSession } from './helpers';

/** GET /json/list of a Node inspector: what a debugger reads before attaching. */
function inspectorTargets(port: number): Promise<{ webSocketDebuggerUrl: string }[]> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/json/list' }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

describe('kernel: debugging (Debug Cell, Run by Line)', function () {
  let session: KernelSession;
  before(() => (session = startSession({ env: { [DEBUG_SOURCES_ENV]: '1' } })));
  after(() => session.shutdown());

  it('writes each cell\'s source where its source map points, private to the user, and removes them at exit', async () => {
    const cellId = 'vscode-notebook-cell:/nb.mlnb#cell-a';
    assert.equal((await run(session, 'const fromCell = 6 * 7;', cellId)).outcome.status, 'ok');
    const pid = session.kernel!.pid!;
    const dir = debugSourceDir(os.tmpdir(), pid);
    const file = debugSourcePath(dir, cellId);
    assert.equal(fs.readFileSync(file, 'utf8'), 'const fromCell = 6 * 7;');
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    // Run again with new text: the same file, the new text.
    await run(session, 'const fromCell = 1;', cellId);
    assert.equal(fs.readFileSync(file, 'utf8'), 'const fromCell = 1;');
    const other = startSession({ env: { [DEBUG_SOURCES_ENV]: '1' } });
    await run(other, '1');
    const otherDir = debugSourceDir(os.tmpdir(), other.kernel!.pid!);
    assert.ok(fs.existsSync(otherDir));
    await other.shutdown();
    assert.ok(!fs.existsSync(otherDir), 'removed when the kernel exits');
  });

  it('opens the inspector on 127.0.0.1 and a random port only when asked, runs cells meanwhile, and closes it', async () => {
    const kernel = session.kernel!;
    const opened = await kernel.debug({ open: true });
    assert.equal(opened.error, undefined);
    assert.ok(opened.port && opened.port > 0, JSON.stringify(opened));
    assert.equal(opened.sourceDir, debugSourceDir(os.tmpdir(), kernel.pid!));
    const targets = await inspectorTargets(opened.port);
    assert.equal(targets.length, 1);
    assert.match(targets[0]!.webSocketDebuggerUrl, new RegExp(`^ws://127\\.0\\.0\\.1:${opened.port}/`));
    assert.equal((await kernel.debug({ open: true })).port, opened.port, 'asking again gives the same inspector');
    assert.equal(resultValue(await run(session, '2 + 3')), '5', 'cells run while the inspector is open');
    const closed = await kernel.debug({ open: false });
    assert.equal(closed.error, undefined);
    await assert.rejects(inspectorTargets(opened.port), /ECONNREFUSED/);
    assert.equal(resultValue(await run(session, 'fromCell + 1')), '2', 'the globals are still there');
  });

  it('tensors are described for the debugger by dtype, shape and values', async () => {
    const cell = await run(session, "[__mlnb.debugDescription(tf.tensor([[1, 2], [3, 4]])), __mlnb.debugDescription(tf.range(0, 20)), __mlnb.debugIsTensor({ shape: [1] })].join(' | ')");
    assert.equal(resultValue(cell), "'float32[2,2] [1, 2, 3, 4] | float32[20] [0, 1, 2, 3, 4, 5, 6, 7, …] | false'");
    const properties = await run(session, 'JSON.stringify(__mlnb.debugProperties(tf.tensor1d([1.5, 2], "float32")))');
    assert.equal(resultValue(properties), `'{"dtype":"float32","shape":[2],"size":2,"disposed":false,"values":[1.5,2]}'`);
  });

  it("the kernel bundle's only source-map comment is its own (a debugger reads every such line)", () => {
    const comments = fs.readFileSync(KERNEL_PATH, 'utf8').split('\n').filter((line) => line.startsWith('//# sourceMappingURL='));
    assert.deepEqual(comments.filter((line) => !/^\/\/# sourceMappingURL=kernel\.js\.map$/.test(line)), [], 'only the bundle\'s own map, if any');
  });

  it('a kernel started without debugging support (mlnb run) refuses to open the inspector and writes no sources', async () => {
    const plain = startSession();
    try {
      await run(plain, 'const y = 1;');
      const reply = await plain.kernel!.debug({ open: true });
      assert.match(reply.error ?? '', /MLNB_DEBUG_SOURCES/);
      assert.equal(reply.port, undefined);
      assert.ok(!fs.existsSync(debugSourceDir(os.tmpdir(), plain.kernel!.pid!)));
    } finally {
      await plain.shutdown();
    }
  });
});
