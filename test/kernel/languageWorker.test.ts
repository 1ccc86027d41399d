import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LanguageRequestCancelled, LanguageWorkerClient, LanguageWorkerStopped } from '../../src/host/languageWorkerClient';
import type { NotebookRef } from '../../src/core/language/protocol';
import { tempDir } from './helpers';

const REPO = path.resolve(__dirname, '..', '..');
const WORKER = path.join(REPO, 'dist', 'languageWorker.js');

describe('language worker (dist/languageWorker.js in a worker thread)', function () {
  this.timeout(60_000);
  let client: LanguageWorkerClient;
  const logged: string[] = [];
  const notebook = (name: string): NotebookRef => ({ uri: `file:///nb/${name}.mlnb`, dir: tempDir() });
  beforeEach(() => (client = new LanguageWorkerClient(WORKER, { packageRoot: REPO }, { error: (line) => logged.push(line), warn: (line) => logged.push(line) })));
  afterEach(() => client.dispose());

  it('answers completions and diagnostics for a notebook from its cells as sent', async () => {
    const nb = notebook('a');
    const cells = [{ id: 'c1', text: 'const lr = 0.1;' }, { id: 'c2', text: 'const s: string = lr;\ntf.' }];
    const completions = await client.request(nb, cells, 'completions', 'c2', cells[1]!.text.length, '.');
    assert.ok(completions?.entries.some((e) => e.name === 'sequential'));
    const diagnostics = await client.request(nb, cells, 'diagnostics');
    assert.ok(diagnostics instanceof Map);
    assert.deepEqual(diagnostics.get('c1'), []);
    const messages = diagnostics.get('c2')!.map((d) => `${d.start}:${d.message}`);
    assert.ok(messages.includes("6:Type 'number' is not assignable to type 'string'."), messages.join('\n'));
    assert.ok(messages.some((m) => /Identifier expected/.test(m)), messages.join('\n'));
  });

  it('after `npm install` in the notebook folder, tells the host its packages changed and finds the module', async () => {
    const nb = notebook('installs');
    const cells = [{ id: 'c1', text: "import { thing } from 'installed-later';\nconst s: string = thing;" }];
    const codes = async () => (await client.request(nb, cells, 'diagnostics')).get('c1')!.map((d) => d.code);
    assert.deepEqual(await codes(), [2307]);
    const changed = new Promise<string>((resolve) => client.onPackagesChanged(resolve));
    // As npm does it: the package folder, then node_modules/.package-lock.json.
    const pkg = path.join(nb.dir, 'node_modules', 'installed-later');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, 'package.json'), '{ "name": "installed-later", "types": "index.d.ts" }');
    writeFileSync(path.join(pkg, 'index.d.ts'), 'export declare const thing: number;');
    writeFileSync(path.join(nb.dir, 'node_modules', '.package-lock.json'), '{}');
    assert.equal(await changed, nb.uri);
    assert.deepEqual(await codes(), [2322], 'found and typed: a number is no string');
    const removed = new Promise<string>((resolve) => client.onPackagesChanged(resolve));
    rmSync(path.join(nb.dir, 'node_modules'), { recursive: true });
    assert.equal(await removed, nb.uri);
    assert.deepEqual(await codes(), [2307]);
  });

  it('keeps one service per notebook: the same cell ids in two notebooks do not mix', async () => {
    const [a, b] = [notebook('a'), notebook('b')];
    await client.request(a, [{ id: 'c1', text: 'const shared = 1;' }], 'diagnostics');
    const inB = await client.request(b, [{ id: 'c1', text: 'const shared = "text";' }], 'quickInfo', 'c1', 7);
    assert.match(inB!.display, /const shared: "text"/);
    const inA = await client.request(a, [{ id: 'c1', text: 'const shared = 1;' }], 'quickInfo', 'c1', 7);
    assert.match(inA!.display, /const shared: 1/);
  });

  it('answers requests in order; pending ones fail clearly when it stops, and the next request starts it again', async () => {
    const nb = notebook('c');
    const cells = [{ id: 'c1', text: 'let n = 1;' }];
    const first = client.request(nb, cells, 'diagnostics');
    const second = client.request(nb, cells, 'quickInfo', 'c1', 4);
    assert.equal(client.pendingCount, 2);
    const rejections = [first, second].map((request) => assert.rejects(request, LanguageWorkerStopped));
    await client.dispose();
    await Promise.all(rejections);
    const again = await client.request(nb, cells, 'quickInfo', 'c1', 4);
    assert.match(again!.display, /let n: number/);
  });

  it('reports a failing request as an error with the worker-side stack, and keeps serving', async () => {
    const nb = notebook('d');
    const bad = client.request(nb, [{ id: 'c1', text: 'x' }], 'completionDetails', 'c1', 0, null as never);
    await assert.rejects(bad, (error: Error) => /TypeError/.test(error.message) && /notebookLanguageService/.test(error.message));
    const info = await client.request(nb, [{ id: 'c1', text: 'const ok = true;' }], 'quickInfo', 'c1', 7);
    assert.match(info!.display, /const ok: true/);
  });

  it('cancels: a request given up on rejects at once, queued or running, and the worker goes on serving', async () => {
    const nb = notebook('e');
    const cells = [{ id: 'c1', text: 'const ready = tf.sequential();' }];
    const slow = new AbortController();
    const first = client.request(nb, cells, 'diagnostics'); // the first program: the worker is busy for a while
    const queued = new AbortController();
    const cancelledInQueue = client.cancellable(queued.signal, nb, cells, 'quickInfo', 'c1', 7);
    const cancelledRunning = client.cancellable(slow.signal, nb, cells, 'diagnostics');
    queued.abort();
    slow.abort();
    await assert.rejects(cancelledInQueue, LanguageRequestCancelled);
    await assert.rejects(cancelledRunning, LanguageRequestCancelled);
    assert.ok((await first).get('c1'));
    const info = await client.request(nb, cells, 'quickInfo', 'c1', 7);
    assert.match(info!.display, /const ready: Sequential|const ready: tf\.Sequential/);
    assert.equal(client.pendingCount, 0);
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(client.cancellable(aborted.signal, nb, cells, 'diagnostics'), LanguageRequestCancelled);
  });
  it('answers a malformed request with an error naming the field, says so in the log, and keeps serving', async () => {
    const nb = notebook('malformed');
    const cells = [{ id: 'c1', text: 'const n: number = 1;' }];
    await assert.rejects(client.request(nb, cells, 'explain' as 'diagnostics'), /language worker received a message that does not follow its protocol \(request: method: one of "completions", .* expected, got the string "explain"\)/);
    await assert.rejects(client.request(nb, [{ id: 7, text: 'x' }] as never, 'diagnostics'), /\(request: cells: \[0\]: id: a string expected, got number 7\)/);
    assert.ok(logged.some((line) => /language worker: the language worker received a message that does not follow its protocol \(request: method/.test(line)), logged.join('\n'));
    assert.deepEqual((await client.request(nb, cells, 'diagnostics')).get('c1'), [], 'the next request is served');
  });

  it('fails the request a malformed answer names, and logs it, rather than waiting forever', async () => {
    // A stand-in worker that answers each request with an error message that is not a string.
    const workerPath = path.join(tempDir(), 'worker.js');
    writeFileSync(workerPath, "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage({ type: 'error', id: m.id, message: 42 }));");
    const errors: string[] = [];
    const odd = new LanguageWorkerClient(workerPath, { packageRoot: REPO }, { error: (line) => errors.push(line), warn: () => {} });
    try {
      await assert.rejects(odd.request(notebook('odd'), [], 'diagnostics'), /the language worker sent a message that does not follow its protocol \(error: message: a string expected, got number 42\); it was not used/);
      assert.equal(odd.pendingCount, 0);
      assert.match(errors.join('\n'), /error: message: a string expected, got number 42/);
    } finally {
      await odd.dispose();
    }
  });
});
