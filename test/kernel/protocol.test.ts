import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { resultValue, run, startSession, tempDir } from './helpers';

/** Resolves with the first log line matching `pattern` (checking the lines already logged first). */
function logWatcher(): { log: (line: string) => void; lines: string[]; waitFor: (pattern: RegExp) => Promise<string> } {
  const lines: string[] = [];
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  return {
    lines,
    log: (line) => {
      lines.push(line);
      for (const w of waiting.splice(0)) (w.pattern.test(line) ? w.resolve(line) : waiting.push(w));
    },
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((l) => pattern.test(l));
        if (seen) return resolve(seen);
        waiting.push({ pattern, resolve });
        setTimeout(() => reject(new Error(`no log line matched ${pattern} in 30 s; the log:\n${lines.join('\n')}`)), 30_000).unref();
      }),
  };
}

describe('kernel protocol: malformed messages', () => {
  it('the kernel answers a malformed message from the host with a clear error in the log, and keeps working', async () => {
    const watcher = logWatcher();
    const session = startSession({ log: watcher.log });
    try {
      await run(session, 'const kept = 41;');
      const child = session.kernel!.child;
      child.send({ type: 'execute', requestId: 'one', cellId: 'c', code: 'kept' });
      assert.match(await watcher.waitFor(/does not follow the protocol \(execute: requestId/), /\[error\] the kernel received a message that does not follow the protocol \(execute: requestId: a whole number ≥ 0 expected, got the string "one"\); it was not acted on/);
      child.send({ type: 'evaluate', code: 'kept' });
      assert.match(await watcher.waitFor(/\(type: one of/), /\(type: one of "execute", .* expected, got the string "evaluate"\)/);
      child.send(['not', 'an', 'object']);
      await watcher.waitFor(/\(an object expected, got an array\)/);
      assert.equal(resultValue(await run(session, 'kept + 1')), '42', 'the kernel still runs cells, with its globals');
      assert.deepEqual((await session.kernel!.variables()).map((v) => v.name), ['kept']);
    } finally {
      await session.shutdown();
    }
  });

  it('the host says in the log and in the cell when a kernel sends a malformed message, and the cell still ends', async () => {
    // A stand-in kernel that speaks the protocol except for one output and one 'done' (the host is what is tested).
    const kernelPath = path.join(tempDir(), 'kernel.js');
    writeFileSync(
      kernelPath,
      `process.on('message', (m) => {
        if (m.type === 'shutdown') process.exit(0);
        if (m.type !== 'execute') return;
        if (m.code === 'bad done') return process.send({ type: 'done', requestId: m.requestId, status: 'finished' });
        process.send({ type: 'output', requestId: m.requestId, output: { output_type: 'stream', name: 'stdout', text: 42 } });
        process.send({ type: 'output', requestId: m.requestId, output: { output_type: 'stream', name: 'stdout', text: 'fine\\n' } });
        process.send({ type: 'done', requestId: m.requestId, status: 'ok', executionCount: 1, durationMs: 1, tensors: { before: 0, after: 0, leaked: 0 } });
      });
      process.send({ type: 'ready', pid: process.pid, node: process.version });
      process.send({ type: 'backend', backend: 'cpu', requested: 'auto', versions: {}, fallbackReasons: [] });`,
    );
    const watcher = logWatcher();
    const session = startSession({ kernelPath, log: watcher.log });
    try {
      const cell = await run(session, 'print');
      assert.equal(cell.outcome.status, 'ok');
      assert.deepEqual(cell.outputs, [
        { output_type: 'error', ename: 'ProtocolError', evalue: 'mlnb: the kernel sent a message that does not follow the protocol (output: output: stream: text: a string expected, got number 42); it was not used.', traceback: ['ProtocolError: mlnb: the kernel sent a message that does not follow the protocol (output: output: stream: text: a string expected, got number 42); it was not used.'] },
        { output_type: 'stream', name: 'stdout', text: 'fine\n' },
      ]);
      assert.match(await watcher.waitFor(/ProtocolError|does not follow/), /\[error\] mlnb: the kernel sent a message that does not follow the protocol .* The message: \{"type":"output"/);
      const ended = await run(session, 'bad done');
      assert.equal(ended.outcome.status, 'error', 'a malformed done still ends its cell');
      assert.match(ended.text, /done: status: one of "ok", "error", "interrupted" expected, got the string "finished"/);
      assert.equal(session.state, 'idle');
    } finally {
      await session.shutdown();
    }
  });
});
