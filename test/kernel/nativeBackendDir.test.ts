/**
 * The native backend after install: kernels look for tfjs-node in the folder `mlnb: Build the Native TF.js Backend`
 * builds into (MLNB_NATIVE_BACKEND_DIR, the extension's global storage) before mlnb's own node_modules; the build
 * itself (scripts/native-backend.mjs --prefix, driven by src/host/nativeBackendBuild.ts) reports its steps and, when
 * it cannot build, a clear error with what to do. The real build into global storage is tested end to end in the
 * installed VSIX (test/e2e/ui/native-backend.mjs).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NATIVE_BACKEND_DIR_ENV } from '../../src/core/protocol';
import { buildNativeBackend } from '../../src/host/nativeBackendBuild';
import { resultValue, run, startSession } from './helpers';

const REPO = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(REPO, 'scripts', 'native-backend.mjs');

/**
 * A stand-in tfjs-node in a fresh folder: it registers TF.js's cpu kernels under the backend name 'tensorflow' and
 * marks that it was the one loaded, so the test sees which folder the kernel took it from without a 3-minute build.
 */
function fakeNativeBackendDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-native-dir-'));
  const pkg = path.join(dir, 'node_modules', '@tensorflow', 'tfjs-node');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', version: '4.22.0', main: 'index.js' }));
  const tfjs = require.resolve('@tensorflow/tfjs', { paths: [REPO] });
  const cpu = require.resolve('@tensorflow/tfjs-backend-cpu', { paths: [REPO] });
  fs.writeFileSync(path.join(pkg, 'index.js'), [
    `const tf = require(${JSON.stringify(tfjs)});`,
    `const { MathBackendCPU } = require(${JSON.stringify(cpu)});`,
    `tf.registerBackend('tensorflow', () => new MathBackendCPU(), 3);`,
    `for (const k of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...k, backendName: 'tensorflow' });`,
    `globalThis.mlnbNativeFrom = __dirname;`,
    'module.exports = tf;',
  ].join('\n'));
  return dir;
}

describe('kernel: the native backend in the extension\'s global storage', function () {
  it('a kernel given MLNB_NATIVE_BACKEND_DIR loads tfjs-node from that folder first', async () => {
    const dir = fakeNativeBackendDir();
    const session = startSession({ backend: 'tensorflow', env: { [NATIVE_BACKEND_DIR_ENV]: dir } });
    try {
      assert.equal((await session.backend()).backend, 'tensorflow');
      assert.equal(resultValue(await run(session, 'globalThis.mlnbNativeFrom')), `'${path.join(fs.realpathSync(dir), 'node_modules', '@tensorflow', 'tfjs-node')}'`);
    } finally {
      await session.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an empty MLNB_NATIVE_BACKEND_DIR (not built yet) falls back to mlnb\'s own packages, then wasm', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-native-empty-'));
    const session = startSession({ env: { [NATIVE_BACKEND_DIR_ENV]: dir } });
    try {
      const report = await session.backend();
      let ownNative = true;
      try { require.resolve('@tensorflow/tfjs-node', { paths: [REPO] }); } catch { ownNative = false; }
      assert.equal(report.backend, ownNative ? 'tensorflow' : 'wasm');
      assert.equal(resultValue(await run(session, 'String(globalThis.mlnbNativeFrom)')), "'undefined'");
    } finally {
      await session.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a broken build in the folder is reported as the reason for the fallback, not hidden', async () => {
    const dir = fakeNativeBackendDir();
    fs.writeFileSync(path.join(dir, 'node_modules', '@tensorflow', 'tfjs-node', 'index.js'), "throw new Error('libtensorflow.so.2: cannot open shared object file');\n");
    const session = startSession({ env: { [NATIVE_BACKEND_DIR_ENV]: dir } });
    try {
      const report = await session.backend();
      assert.notEqual(report.backend, 'tensorflow');
      assert.match(report.fallbackReasons.join('\n'), /tensorflow: libtensorflow\.so\.2: cannot open shared object file/);
    } finally {
      await session.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('native backend build (scripts/native-backend.mjs --prefix, as the command runs it)', function () {
  this.timeout(120_000);
  const tempDirs: string[] = [];
  const temp = (name: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mlnb-${name}-`));
    tempDirs.push(dir);
    return dir;
  };
  after(() => { for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true }); });

  it('without python3 it stops before downloading anything, says what is missing and how to install it', async () => {
    // A PATH with node only: no python3, pip, g++ or npm.
    const bin = temp('bin');
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    const prefix = path.join(temp('storage'), 'native-backend');
    const steps: string[] = [];
    const result = await buildNativeBackend({
      script: SCRIPT, prefix, nodePath: process.execPath,
      env: { PATH: bin, MLNB_CACHE_DIR: temp('cache') },
      onStep: (s) => steps.push(s),
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.match(result.error, /python3 not found/);
    assert.match(result.hint ?? '', /apt-get install python3/);
    assert.ok(steps.some((s) => s.startsWith(`prefix: ${prefix}`)), `steps reported: ${steps.join(' | ')}`);
    assert.ok(!fs.existsSync(path.join(prefix, 'node_modules')), 'nothing was installed');
  });

  it('a wheel that does not exist (MLNB_TF_WHEEL) is named in the error, with the way out', async () => {
    const missing = path.join(temp('wheels'), 'tensorflow_cpu-0.0.0-cp311-none-any.whl');
    const result = await buildNativeBackend({
      script: SCRIPT, prefix: path.join(temp('storage'), 'native-backend'), nodePath: process.execPath,
      env: { MLNB_TF_WHEEL: missing, MLNB_CACHE_DIR: temp('cache') },
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error, `MLNB_TF_WHEEL=${missing} does not exist`);
    assert.match(result.hint ?? '', /tensorflow-cpu/);
  });

  it('cancelling stops the build and says so', async () => {
    const controller = new AbortController();
    const pending = buildNativeBackend({
      script: SCRIPT, prefix: path.join(temp('storage'), 'native-backend'), nodePath: process.execPath,
      env: { MLNB_CACHE_DIR: temp('cache') },
      signal: controller.signal,
      onStep: () => controller.abort(), // at the first step it reports
    });
    const result = await pending;
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.cancelled, true);
  });
});
