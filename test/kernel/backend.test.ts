import assert from 'node:assert/strict';
import { resultValue, run, startSession } from './helpers';

const nativeAvailable = (() => {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();

describe('kernel: backends', function () {
  it(`auto picks ${nativeAvailable ? 'tensorflow (tfjs-node is installed)' : 'wasm (tfjs-node is not installed)'} and reports what tf.getBackend() says`, async () => {
    const session = startSession();
    try {
      const report = await session.backend();
      assert.equal(report.backend, nativeAvailable ? 'tensorflow' : 'wasm');
      assert.equal(resultValue(await run(session, 'tf.getBackend()')), `'${report.backend}'`);
      assert.equal(report.versions['tfjs-core'], '4.22.0');
      if (nativeAvailable) assert.match(report.versions.tensorflow ?? '', /^2\./);
      else assert.match(report.fallbackReasons.join(), /tfjs-node is not installed/);
    } finally {
      await session.shutdown();
    }
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`runs and trains on the forced ${backend} backend`, async () => {
      const session = startSession({ backend });
      try {
        const report = await session.backend();
        assert.equal(report.backend, backend);
        const cell = await run(session, [
          'const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });',
          "m.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });",
          'const x = tf.tensor2d([[0], [1], [2], [3]]); const y = x.mul(2).add(1);',
          'const h = await m.fit(x, y, { epochs: 30 });',
          '[tf.getBackend(), h.history.loss[29] < h.history.loss[0]]',
        ].join('\n'));
        assert.equal(resultValue(cell), `[ '${backend}', true ]`);
      } finally {
        await session.shutdown();
      }
    });
  }

  if (nativeAvailable) {
    it('runs the forced tensorflow backend', async () => {
      const session = startSession({ backend: 'tensorflow' });
      try {
        assert.equal((await session.backend()).backend, 'tensorflow');
      } finally {
        await session.shutdown();
      }
    });
  }

  it('explains a kernel the backend lacks (wasm cannot train conv layers) and names the way out', async () => {
    const session = startSession({ backend: 'wasm' });
    try {
      const cell = await run(session, [
        'const cnn = tf.sequential({ layers: [tf.layers.conv2d({ filters: 2, kernelSize: 3, inputShape: [8, 8, 1] }), tf.layers.flatten(), tf.layers.dense({ units: 1 })] });',
        "cnn.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });",
        'await cnn.fit(tf.ones([4, 8, 8, 1]), tf.ones([4, 1]), { epochs: 1 });',
      ].join('\n'));
      assert.equal(cell.outcome.status, 'error');
      assert.match(cell.text, /'wasm' backend of TF\.js has no 'Conv2DBackpropFilter' kernel/);
      assert.match(cell.text, /npm run native-backend/);
      assert.match(cell.text, /'cpu' backend/);
    } finally {
      await session.shutdown();
    }
  });
});
