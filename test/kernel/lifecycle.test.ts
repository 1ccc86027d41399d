import assert from 'node:assert/strict';
import { MIME, type TrainingView } from '../../src/core/outputs';
import { descendants, processAlive, resultValue, run, startSession } from './helpers';

describe('kernel: interrupt', function () {
  it('stops a synchronous busy loop within 2 s and keeps earlier variables', async () => {
    const session = startSession();
    try {
      await run(session, 'const survivor = 41;');
      const running = run(session, 'while (true) {}');
      await waitForBusy(session);
      const asked = Date.now();
      const result = await session.interrupt();
      const cell = await running;
      assert.equal(result, 'interrupted');
      assert.ok(Date.now() - asked < 2000, `took ${Date.now() - asked} ms`);
      assert.equal(cell.outcome.status, 'interrupted');
      assert.match(cell.text, /KeyboardInterrupt/);
      assert.equal(resultValue(await run(session, 'survivor + 1')), '42');
    } finally {
      await session.shutdown();
    }
  });

  it('stops an awaiting cell', async () => {
    const session = startSession();
    try {
      const running = run(session, 'await new Promise(() => {});');
      await waitForBusy(session);
      assert.equal(await session.interrupt(), 'interrupted');
      assert.equal((await running).outcome.status, 'interrupted');
    } finally {
      await session.shutdown();
    }
  });

  it('stops a long model.fit at the next batch and keeps the partial history', async () => {
    const session = startSession();
    try {
      await run(session, [
        'const model = tf.sequential({ layers: [tf.layers.dense({ units: 64, inputShape: [32], activation: "relu" }), tf.layers.dense({ units: 1 })] });',
        "model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });",
        'const xs = tf.randomNormal([2048, 32]); const ys = tf.randomNormal([2048, 1]);',
      ].join('\n'));
      let sawEpoch!: () => void;
      const firstEpoch = new Promise<void>((resolve) => (sawEpoch = resolve));
      const running = session.execute('fit', 'await model.fit(xs, ys, { epochs: 100000, batchSize: 16 });\nconsole.log("after fit");', {
        output: () => undefined,
        update: (_id, output) => {
          const view = output.output_type === 'display_data' ? (output.data[MIME.training] as TrainingView) : undefined;
          if (view && (view.history.loss?.length ?? 0) >= 1) sawEpoch();
        },
      });
      await firstEpoch;
      assert.equal(await session.interrupt(), 'interrupted');
      const outcome = await running;
      assert.equal(outcome.status, 'interrupted');
      assert.equal(resultValue(await run(session, 'model.stopTraining')), 'true');
      // The kernel is still usable, with the model that trained.
      assert.equal(resultValue(await run(session, 'model.predict(tf.zeros([1, 32])).shape')), '[ 1, 1 ]');
    } finally {
      await session.shutdown();
    }
  });

  it('kills and restarts a kernel whose cell ignores the interrupt, and says so', async () => {
    const session = startSession({ interruptGraceMs: 1000 });
    try {
      await run(session, 'const lost = 1;');
      const firstPid = session.kernel!.pid!;
      // After an await, a busy loop runs outside vm's breakOnSigint: only a kill stops it.
      const running = run(session, 'await new Promise((r) => setTimeout(r, 10));\nwhile (true) {}');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await session.interrupt(), 'killed');
      const cell = await running;
      assert.equal(cell.outcome.status, 'died');
      assert.ok(cell.outcome.status === 'died');
      assert.match(cell.outcome.message, /did not stop within 1 s of the interrupt, so the kernel was killed/);
      assert.equal(processAlive(firstPid), false);
      const next = await run(session, 'typeof lost');
      assert.equal(resultValue(next), "'undefined'");
      assert.notEqual(session.kernel!.pid, firstPid);
    } finally {
      await session.shutdown();
    }
  });
});

describe('kernel: crash', function () {
  for (const [what, code, expected] of [
    ['process.abort()', 'process.abort()', /signal SIGABRT/],
    ['kill -9', 'process.kill(process.pid, "SIGKILL")', /signal SIGKILL/],
    ['an uncatchable exit', 'process.exit(3)', /exited with code 3/],
  ] as const) {
    it(`fails the running cell within 2 s after ${what}, cancels queued cells, and starts fresh next time`, async () => {
      const session = startSession();
      try {
        await run(session, 'const before = 1;');
        const started = Date.now();
        const crashing = run(session, `await new Promise((r) => setTimeout(r, 50));\n${code}`);
        const queued = run(session, 'console.log("must not run")');
        const [crashed, skipped] = await Promise.all([crashing, queued]);
        assert.ok(Date.now() - started < 2000 + 50);
        assert.equal(crashed.outcome.status, 'died');
        assert.ok(crashed.outcome.status === 'died');
        assert.match(crashed.outcome.message, expected);
        assert.equal(skipped.outcome.status, 'cancelled');
        assert.deepEqual(skipped.outputs, []);
        assert.equal(resultValue(await run(session, 'typeof before')), "'undefined'");
      } finally {
        await session.shutdown();
      }
    });
  }

  it('names the out-of-memory death and shows the last stderr lines', async () => {
    const session = startSession({ nodeArgs: ['--max-old-space-size=64'] });
    try {
      const cell = await run(session, 'const hog: number[][] = [];\nwhile (true) hog.push(new Array(1e5).fill(1.5));');
      assert.equal(cell.outcome.status, 'died');
      assert.ok(cell.outcome.status === 'died');
      assert.match(cell.outcome.message, /SIGABRT|code 134/);
      assert.match(cell.outcome.message, /heap out of memory/i);
    } finally {
      await session.shutdown();
    }
  });
});

describe('kernel: restart and shutdown', function () {
  it('shuts down gracefully and leaves no process behind', async () => {
    const session = startSession();
    await run(session, '1');
    const pid = session.kernel!.pid!;
    const helpers = descendants(pid); // esbuild's service process
    assert.ok(helpers.length > 0);
    await session.shutdown();
    assert.equal(processAlive(pid), false);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(helpers.filter(processAlive), []);
  });

  it('leaves no process behind when the kernel is killed', async () => {
    const session = startSession();
    await run(session, '1');
    const pid = session.kernel!.pid!;
    const helpers = descendants(pid);
    await session.kernel!.kill();
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual([pid, ...helpers].filter(processAlive), []);
    await session.shutdown();
  });

  it('kills a busy kernel within 5 s on shutdown', async () => {
    const session = startSession();
    await run(session, '1');
    const pid = session.kernel!.pid!;
    void run(session, 'await null; while (true) {}');
    await waitForBusy(session);
    const started = Date.now();
    await session.shutdown();
    assert.ok(Date.now() - started < 5000);
    assert.equal(processAlive(pid), false);
  });

  it('restarts with a fresh global scope', async () => {
    const session = startSession();
    try {
      await run(session, 'const gone = 1;');
      const before = session.kernel!.pid;
      await session.restart();
      assert.notEqual(session.kernel!.pid, before);
      assert.equal(resultValue(await run(session, 'typeof gone')), "'undefined'");
    } finally {
      await session.shutdown();
    }
  });
});

async function waitForBusy(session: { state: string }): Promise<void> {
  for (let i = 0; i < 200 && session.state !== 'busy'; i++) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 100)); // let the cell reach its loop
}
