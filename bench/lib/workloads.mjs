// The training workloads (bench/lib/workloads.json) on the JavaScript side: checked when read, turned into the
// notebook-cell source the mlnb kernel runs, and the per-layer shapes and parameter counts that
// test/unit/benchWorkloads.test.ts compares with what bench/python/frameworks.py derives from the same file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORKLOADS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'workloads.json');

/** The settings each layer type accepts (besides `type`); anything else is refused so neither side ignores it. */
const LAYER_KEYS = {
  dense: { required: ['units'], optional: ['activation'] },
  conv2d: { required: ['filters', 'kernelSize'], optional: ['activation'] },
  maxPooling2d: { required: ['poolSize'], optional: [] },
  flatten: { required: [], optional: [] },
  lstm: { required: ['units'], optional: ['activation', 'recurrentActivation'] },
};
const ACTIVATIONS = ['linear', 'relu', 'tanh', 'sigmoid', 'softmax'];
const isPositiveInt = (v) => Number.isInteger(v) && v > 0;

/** Throws one Error listing every problem of the table (the file is named in it). */
export function checkWorkloads(table, source = WORKLOADS_FILE) {
  const problems = [];
  const need = (ok, what) => ok || problems.push(what);
  need(isPositiveInt(table?.batch), 'batch must be a positive integer');
  need(table?.optimizer?.name === 'adam' && typeof table.optimizer.learningRate === 'number' && table.optimizer.learningRate > 0, 'optimizer must be { name: "adam", learningRate: > 0 } (the only optimizer both Python peers are written for)');
  need(table?.loss === 'categoricalCrossentropy', 'loss must be "categoricalCrossentropy"');
  need(Array.isArray(table?.metrics) && table.metrics.every((m) => m === 'accuracy'), 'metrics may only list "accuracy"');
  need(typeof table?.shuffle === 'boolean', 'shuffle must be true or false');
  need(Number.isInteger(table?.seed) && table.seed >= 0, 'seed must be a non-negative integer');
  need(Array.isArray(table?.workloads) && table.workloads.length > 0, 'workloads must be a non-empty list');
  const names = new Set();
  for (const [i, w] of (Array.isArray(table?.workloads) ? table.workloads : []).entries()) {
    const at = `workloads[${i}]${typeof w?.name === 'string' ? ` (${w.name})` : ''}`;
    need(typeof w?.name === 'string' && /^[a-z][a-z0-9]*$/.test(w.name), `${at}: name must be lower-case letters and digits`);
    need(!names.has(w?.name), `${at}: the name is used twice`);
    names.add(w?.name);
    need(typeof w?.label === 'string' && w.label.length > 0, `${at}: label is missing`);
    need(Array.isArray(w?.inputShape) && w.inputShape.length > 0 && w.inputShape.every(isPositiveInt), `${at}: inputShape must be a list of positive integers`);
    for (const key of ['classes', 'samples', 'epochs', 'trials']) need(isPositiveInt(w?.[key]), `${at}: ${key} must be a positive integer`);
    need(Array.isArray(w?.layers) && w.layers.length > 0, `${at}: layers must be a non-empty list`);
    for (const [j, layer] of (Array.isArray(w?.layers) ? w.layers : []).entries()) {
      const keys = LAYER_KEYS[layer?.type];
      if (!keys) {
        problems.push(`${at}.layers[${j}]: unknown type ${JSON.stringify(layer?.type)} (known: ${Object.keys(LAYER_KEYS).join(', ')})`);
        continue;
      }
      for (const key of keys.required) need(isPositiveInt(layer[key]), `${at}.layers[${j}] (${layer.type}): ${key} must be a positive integer`);
      for (const key of Object.keys(layer)) need(key === 'type' || keys.required.includes(key) || keys.optional.includes(key), `${at}.layers[${j}] (${layer.type}): unknown setting "${key}"`);
      for (const key of ['activation', 'recurrentActivation']) if (key in layer) need(ACTIVATIONS.includes(layer[key]), `${at}.layers[${j}] (${layer.type}): ${key} must be one of ${ACTIVATIONS.join(', ')}`);
    }
    const last = Array.isArray(w?.layers) ? w.layers.at(-1) : undefined;
    need(last?.type === 'dense' && last.activation === 'softmax' && last.units === w?.classes, `${at}: the last layer must be dense with softmax and units = classes`);
    if (!problems.some((p) => p.startsWith(at))) {
      try {
        layerPlan(w);
      } catch (error) {
        problems.push(`${at}: ${error.message}`);
      }
    }
  }
  if (problems.length) throw new Error(`${source}: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  return table;
}

/** Reads and checks the workload table; `names` picks workloads (in the order given), refusing unknown ones. */
export function loadWorkloads(names, file = WORKLOADS_FILE) {
  let table;
  try {
    table = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read the workload table: ${error.message}`);
  }
  checkWorkloads(table, file);
  if (!names) return table;
  const known = table.workloads.map((w) => w.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) throw new Error(`Unknown workload(s): ${unknown.join(', ')}. Choose from: ${known.join(', ')}.`);
  return { ...table, workloads: names.map((n) => table.workloads.find((w) => w.name === n)) };
}

/**
 * Output shape (without the batch) and trainable parameter count of each layer, in Keras/TF.js terms (PyTorch's
 * LSTM carries a second bias vector, 4·units more; its models are built from the same plan).
 */
export function layerPlan(workload) {
  let shape = [...workload.inputShape];
  return workload.layers.map((layer) => {
    let params;
    if (layer.type === 'dense') {
      if (shape.length !== 1) throw new Error(`dense needs a flat input, got [${shape}] (add a flatten layer)`);
      params = shape[0] * layer.units + layer.units;
      shape = [layer.units];
    } else if (layer.type === 'conv2d') {
      if (shape.length !== 3) throw new Error(`conv2d needs a [height, width, channels] input, got [${shape}]`);
      const [h, w, c] = shape;
      const k = layer.kernelSize;
      if (h < k || w < k) throw new Error(`conv2d kernel ${k} is larger than its ${h}×${w} input`);
      params = k * k * c * layer.filters + layer.filters;
      shape = [h - k + 1, w - k + 1, layer.filters];
    } else if (layer.type === 'maxPooling2d') {
      if (shape.length !== 3) throw new Error(`maxPooling2d needs a [height, width, channels] input, got [${shape}]`);
      const p = layer.poolSize;
      if (shape[0] < p || shape[1] < p) throw new Error(`maxPooling2d pool ${p} is larger than its ${shape[0]}×${shape[1]} input`);
      params = 0;
      shape = [Math.floor(shape[0] / p), Math.floor(shape[1] / p), shape[2]];
    } else if (layer.type === 'flatten') {
      params = 0;
      shape = [shape.reduce((a, b) => a * b, 1)];
    } else if (layer.type === 'lstm') {
      if (shape.length !== 2) throw new Error(`lstm needs a [steps, features] input, got [${shape}]`);
      params = 4 * layer.units * (shape[1] + layer.units + 1);
      shape = [layer.units];
    } else {
      throw new Error(`unknown layer type ${JSON.stringify(layer.type)}`);
    }
    return { type: layer.type, outputShape: shape, params };
  });
}

/**
 * Notebook-cell source that makes the workload's seeded synthetic data and compiled model, as `<prefix>X`,
 * `<prefix>Y`, `<prefix>Model` (`tf` in scope, as in a kernel cell or bench/training-plain.mjs).
 */
export function setupCell(table, workload, prefix = 'bench') {
  const { samples, inputShape, classes } = workload;
  const layers = workload.layers.map(({ type, ...config }, i) => {
    const settings = i === 0 ? { inputShape, ...config } : config;
    return `${prefix}Model.add(tf.layers.${type}(${JSON.stringify(settings)}));`;
  });
  return `
const ${prefix}Samples = ${samples};
const ${prefix}X = tf.randomNormal([${prefix}Samples, ${inputShape.join(', ')}], 0, 1, 'float32', ${table.seed});
const ${prefix}Y = tf.oneHot(tf.randomUniform([${prefix}Samples], 0, ${classes}, 'int32', ${table.seed + 1}), ${classes}).toFloat();
const ${prefix}Model = tf.sequential();
${layers.join('\n')}
${prefix}Model.compile({ optimizer: tf.train.${table.optimizer.name}(${table.optimizer.learningRate}), loss: '${table.loss}', metrics: ${JSON.stringify(table.metrics)} });
`;
}

/** The timed statement (and, with epochs: 1, the first fit). `extra` adds fit options. */
export const fitStatement = (table, epochs, prefix = 'bench', extra = '') =>
  `await ${prefix}Model.fit(${prefix}X, ${prefix}Y, { epochs: ${epochs}, batchSize: ${table.batch}, shuffle: ${table.shuffle}, verbose: 0${extra} });`;

/**
 * What the kernel's log says about compiled training (issue 17) for one model: the kernel logs
 * "compiled training: model '<name>' trains as one TensorFlow graph …" when a fit ran compiled, and
 * "compiled training: model '<name>' trains eagerly: <reason>" when it fell back. A kernel without compiled
 * training logs neither, and then the compiled row says so instead of showing eager numbers under its name.
 */
export function compiledPathReport(logLines, modelName) {
  const name = modelName === undefined ? "[^']*" : modelName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ran = new RegExp(`compiled training: model '${name}' trains as one TensorFlow graph`);
  const fellBack = new RegExp(`compiled training: model '${name}' trains eagerly: (.*)$`);
  for (const line of logLines) {
    if (ran.test(line)) return { compiled: true };
  }
  for (const line of logLines) {
    const m = fellBack.exec(line);
    if (m) return { compiled: false, reason: `the kernel trained it eagerly: ${m[1].trim()}` };
  }
  return { compiled: false, reason: 'this kernel has no compiled training path: its log names neither a compiled fit nor a fallback reason' };
}
