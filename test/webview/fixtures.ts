/** Output values for the renderer tests, shaped like the kernel's (src/kernel/richOutput.ts, trainingMonitor.ts). */
import type { ChartView, ModelSummaryView, TensorView, TrainingView } from '../../src/core/outputs';

export const XSS = '<img src=x onerror="window.__xss=1">';

const wobble = (i: number, seed: number) => Math.sin(i * 1.7 + seed) * 0.012;

export function trainingView(finished: number, opts: Partial<TrainingView> & { metrics?: boolean } = {}): TrainingView {
  const history: Record<string, number[]> = {};
  if (finished > 0) {
    const epochs = Array.from({ length: finished }, (_, i) => i);
    history.loss = epochs.map((i) => 0.08 + 0.62 * Math.exp(-i / 3) + wobble(i, 1));
    history.val_loss = epochs.map((i) => 0.13 + 0.55 * Math.exp(-i / 3.5) + 0.004 * Math.max(0, i - 6) ** 2 + wobble(i, 2));
    if (opts.metrics) {
      history.acc = epochs.map((i) => 0.97 - 0.55 * Math.exp(-i / 2.5) + wobble(i, 3));
      history.val_acc = epochs.map((i) => 0.94 - 0.52 * Math.exp(-i / 2.8) + wobble(i, 4));
    }
  }
  const { metrics, ...rest } = opts;
  void metrics;
  return {
    status: 'running',
    epochs: 10,
    epoch: Math.min(finished, 9),
    batch: 12,
    batchesPerEpoch: 50,
    elapsedMs: 1800 * finished + 430,
    history,
    batchLogs: { loss: 0.2134, acc: 0.9312 },
    ...rest,
  };
}

/** A 2-D tensor with two NaN and one Inf. */
export function matrixTensor(): TensorView {
  const rows = 6, cols = 10;
  const values = Array.from({ length: rows * cols }, (_, i) => Math.sin(i / 4) * Math.cos(i / 11) * 1.5);
  values[7] = NaN;
  values[23] = NaN;
  values[41] = Infinity;
  const finite = values.filter(Number.isFinite);
  return {
    dtype: 'float32', shape: [rows, cols], size: rows * cols, bytes: rows * cols * 4, values, truncated: false,
    stats: { min: Math.min(...finite), max: Math.max(...finite), mean: finite.reduce((a, b) => a + b, 0) / finite.length, nan: 2, inf: 1 },
  };
}

function statsOf(values: number[]) {
  const finite = values.filter(Number.isFinite);
  return { min: Math.min(...finite), max: Math.max(...finite), mean: finite.reduce((a, b) => a + b, 0) / finite.length, nan: 0, inf: 0 };
}

/** [h, w, 3] RGB in [0, 1]: red grows to the right, green downwards, blue constant. */
export function rgbTensor(h = 8, w = 12): TensorView {
  const values: number[] = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) values.push(x / (w - 1), y / (h - 1), 0.5);
  return { dtype: 'float32', shape: [h, w, 3], size: values.length, bytes: values.length * 4, values, truncated: false, stats: statsOf(values) };
}

/** [1, 28, 28, 1]: a ring, like an MNIST-ish digit "0", in bytes 0..255. */
export function digitTensor(): TensorView {
  const values: number[] = [];
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const r = Math.hypot((x - 13.5) / 0.75, y - 13.5);
      values.push(Math.round(255 * Math.max(0, 1 - Math.abs(r - 9) / 2.5)));
    }
  }
  return { dtype: 'int32', shape: [1, 28, 28, 1], size: 784, bytes: 784 * 4, values, truncated: false, stats: statsOf(values) };
}

export function truncatedMatrix(): TensorView {
  const size = 64 * 64;
  const values = Array.from({ length: 1000 }, (_, i) => (i % 64) / 64);
  return { dtype: 'float32', shape: [64, 64], size, bytes: size * 4, values, truncated: true, stats: { min: 0, max: 0.984375, mean: 0.49, nan: 0, inf: 0 } };
}

export function vectorTensor(): TensorView {
  const values = Array.from({ length: 100 }, (_, i) => i * 3);
  return { dtype: 'int32', shape: [100], size: 100, bytes: 400, values, truncated: false, stats: statsOf(values) };
}

export function cubeTensor(): TensorView {
  const values = Array.from({ length: 2 * 3 * 4 }, (_, i) => i / 8);
  return { dtype: 'float32', shape: [2, 3, 4], size: 24, bytes: 96, values, truncated: false, stats: statsOf(values) };
}

export function scalarTensor(): TensorView {
  return { dtype: 'float32', shape: [], size: 1, bytes: 4, values: [0.6931472], truncated: false, stats: statsOf([0.6931472]) };
}

export function stringTensor(): TensorView {
  return { dtype: 'string', shape: [3], size: 3, bytes: 0, values: ['cat', 'dog', XSS], truncated: false };
}

export function modelSummary(): ModelSummaryView {
  return {
    name: 'sequential_1',
    layers: [
      { name: 'flatten_Flatten1', type: 'Flatten', outputShape: '[None,784]', params: 0 },
      { name: 'dense_Dense1', type: 'Dense', outputShape: '[None,128]', params: 100480 },
      { name: 'dropout_Dropout1', type: 'Dropout', outputShape: '[None,128]', params: 0 },
      { name: 'batch_norm', type: 'BatchNormalization', outputShape: '[None,128]', params: 512 },
      { name: 'dense_Dense2', type: 'Dense', outputShape: '[None,10]', params: 1290 },
    ],
    totalParams: 102282,
    trainableParams: 102026,
    nonTrainableParams: 256,
  };
}

export function lineChart(): ChartView {
  const x = Array.from({ length: 40 }, (_, i) => i / 4);
  return {
    kind: 'line', title: 'Activation functions', xLabel: 'x', yLabel: 'f(x)',
    series: [
      { name: 'tanh', x: x.map((v) => v - 5), y: x.map((v) => Math.tanh(v - 5)) },
      { name: 'sigmoid', x: x.map((v) => v - 5), y: x.map((v) => 1 / (1 + Math.exp(-(v - 5)))) },
      { name: 'relu / 5', x: x.map((v) => v - 5), y: x.map((v) => Math.max(0, v - 5) / 5) },
    ],
  };
}

export function scatterChart(): ChartView {
  const pts = (n: number, cx: number, cy: number, seed: number) => {
    const x: number[] = [], y: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = (i * 2.399 + seed) % (2 * Math.PI), r = ((i * 7919 + seed * 31) % 100) / 100;
      x.push(cx + Math.cos(a) * r * 1.2);
      y.push(cy + Math.sin(a) * r * 0.9);
    }
    return { x, y };
  };
  return {
    kind: 'scatter', title: 'Embedding (2-D)', xLabel: 'dim 1', yLabel: 'dim 2',
    series: [{ name: 'class 0', ...pts(60, -1, 0.5, 1) }, { name: 'class 1', ...pts(60, 1.2, -0.4, 2) }, { name: 'class 2', x: [0, 0, 0.1], y: [1.5, 1.6, 1.5] }],
  };
}

export function barChart(): ChartView {
  return {
    kind: 'bar', title: 'Accuracy per class', xLabel: 'class', yLabel: 'accuracy',
    series: [
      { name: 'train', x: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], y: [0.99, 0.98, 0.95, 0.94, 0.96, 0.93, 0.98, 0.96, 0.92, 0.94] },
      { name: 'test', x: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], y: [0.98, 0.97, 0.91, 0.9, 0.93, 0.88, 0.96, 0.93, 0.87, 0.9] },
    ],
  };
}
