/**
 * Shared by the compiled-training test files that run in this process (tfjs-node + the graph addon): TF.js, the
 * addon, seeded data and a float comparison that names the element that differs.
 */
import assert from 'node:assert/strict';
import { loadGraphAddon, type GraphAddon } from '../../src/kernel/compiledTraining/addon';

export type Tf = typeof import('@tensorflow/tfjs');
export type LayersModel = import('@tensorflow/tfjs').LayersModel;
export type Tensor = import('@tensorflow/tfjs').Tensor;

// tfjs-node 4.22 calls util.isNullOrUndefined, which Node 23 removed (the kernel restores it the same way).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeUtil = require('node:util') as { isNullOrUndefined?: (v: unknown) => boolean };
nodeUtil.isNullOrUndefined ??= (v) => v === null || v === undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const tf = require('@tensorflow/tfjs-node') as Tf;

export function requireAddon(): GraphAddon {
  const { addon, error } = loadGraphAddon();
  assert.ok(addon, `${error} — run \`npm run native-backend\``);
  return addon;
}

/** n samples of `inputs` features; targets tanh(x·W) of `outputs` values. */
export function regression(n: number, inputs: number, outputs: number, seed: number): { x: Tensor; y: Tensor } {
  const x = tf.randomNormal([n, inputs], 0, 1, 'float32', seed);
  const y = tf.tidy(() => tf.tanh(tf.matMul(x, tf.randomNormal([inputs, outputs], 0, 1, 'float32', seed + 1))));
  return { x, y };
}

/** n samples in k classes (argmax of x·W): one-hot targets, class indices of shape [n, 1] (sparse), or 0/1 of shape [n, 1] (binary). */
export function classes(n: number, inputs: number, k: number, seed: number, form: 'oneHot' | 'sparse' | 'binary' = 'oneHot'): { x: Tensor; y: Tensor } {
  const x = tf.randomNormal([n, inputs], 0, 1, 'float32', seed);
  const labels = tf.tidy(() => tf.argMax(tf.matMul(x, tf.randomNormal([inputs, form === 'binary' ? 2 : k], 0, 1, 'float32', seed + 1)), 1));
  const y = tf.tidy(() => (form === 'oneHot' ? tf.oneHot(labels, k).toFloat() : labels.toFloat().reshape([n, 1])));
  labels.dispose();
  return { x, y };
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, atol: number, rtol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    const tol = atol + rtol * Math.abs(expected[i]);
    assert.ok(Number.isFinite(actual[i]) && Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: compiled ${actual[i]} vs eager ${expected[i]} (tolerance ${tol})`);
  }
}

/** Same history keys and values (accuracies to 0.02, the rest to 1e-4 + 1e-3 relative). */
export function assertSameHistory(compiled: Record<string, number[]>, eager: Record<string, number[]>, label: string): void {
  assert.deepEqual(Object.keys(compiled).sort(), Object.keys(eager).sort(), `${label}: history keys`);
  for (const key of Object.keys(eager)) {
    const isAccuracy = /acc|Accuracy/.test(key);
    assertClose(compiled[key], eager[key], isAccuracy ? 0.02 : 1e-4, isAccuracy ? 0 : 1e-3, `${label}: ${key}`);
  }
}

export function assertSameWeights(compiled: LayersModel, eager: LayersModel, label: string): void {
  const compiledWeights = compiled.getWeights();
  eager.getWeights().forEach((w, i) => assertClose(compiledWeights[i].dataSync(), w.dataSync(), 2e-4, 2e-3, `${label}: weight ${i}`));
}

/** `n` models of the same architecture with the same starting weights, each with its own optimizer. */
export function sameStart(n: number, build: () => LayersModel, compile: (model: LayersModel) => void): LayersModel[] {
  const models = Array.from({ length: n }, build);
  models.slice(1).forEach((m) => m.setWeights(models[0].getWeights()));
  models.forEach(compile);
  return models;
}
