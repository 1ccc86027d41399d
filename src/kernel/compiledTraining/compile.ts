/**
 * Turns a training spec (a supported tfjs-layers model + its compile config, as plain data) into one TensorFlow
 * graph whose single run does a whole training step: forward pass, loss, metrics, gradients, optimizer update —
 * and, on the same input and variables, the forward pass in inference mode with its loss and metrics (evaluate,
 * predict, validation).
 * Formulas follow tfjs-layers (losses, metrics, activations) and tfjs-core (optimizers) line by line, so compiled
 * and eager training give the same numbers up to float rounding.
 */
import type { NativeGraph, OutputRef } from './addon';
import { Ops, opName } from './ops';

export const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softmax', 'logSoftmax', 'softplus', 'softsign', 'swish', 'mish'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export type LayerSpec =
  | { kind: 'dense'; units: number; activation: ActivationName; kernel: number; bias: number | null }
  | { kind: 'conv2d'; filters: number; activation: ActivationName; kernel: number; bias: number | null; strides: number[]; padding: 'VALID' | 'SAME'; dilations: number[] }
  | { kind: 'pool2d'; op: 'MaxPool' | 'AvgPool'; poolSize: number[]; strides: number[]; padding: 'VALID' | 'SAME' }
  | { kind: 'globalPool2d'; op: 'Max' | 'Mean' }
  | { kind: 'recurrent'; cell: 'lstm' | 'gru' | 'simpleRNN'; units: number; activation: ActivationName; recurrentActivation: ActivationName; kernel: number; recurrentKernel: number; bias: number | null; returnSequences: boolean }
  | { kind: 'reshape'; targetShape: number[] }
  | { kind: 'leakyRelu'; alpha: number }
  | { kind: 'flatten' }
  | { kind: 'dropout'; rate: number }
  | { kind: 'activation'; activation: ActivationName };

export const LOSSES = ['meanSquaredError', 'meanAbsoluteError', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'binaryCrossentropy'] as const;
export type LossName = (typeof LOSSES)[number];
export type MetricKind = 'binaryAccuracy' | 'categoricalAccuracy' | 'sparseCategoricalAccuracy' | 'meanSquaredError' | 'meanAbsoluteError';

export type OptimizerSpec =
  | { kind: 'sgd'; learningRate: number }
  | { kind: 'momentum'; learningRate: number; momentum: number; useNesterov: boolean }
  | { kind: 'adam'; learningRate: number; beta1: number; beta2: number; epsilon: number }
  | { kind: 'rmsprop'; learningRate: number; decay: number; momentum: number; epsilon: number; centered: boolean }
  | { kind: 'adagrad'; learningRate: number; initialAccumulatorValue: number; epsilon: number };

export interface TrainingSpec {
  /** Per-sample input shape (no batch dimension). */
  inputShape: number[];
  /** Per-sample target shape (no batch dimension). */
  targetShape: number[];
  /** Shapes of the trainable weights, in the model's collectedTrainableWeights order. */
  weights: number[][];
  layers: LayerSpec[];
  loss: LossName;
  metrics: MetricKind[];
  optimizer: OptimizerSpec;
  /** tfjs-layers' epsilon() (the backend's, 1e-7 on tensorflow) used by the losses' clipping. */
  epsilon: number;
}

/** Optimizer state kept in the session; `weight` is the index of the weight it belongs to (null: global). */
export interface SlotSpec {
  role: 'm' | 'v' | 'accumulator' | 'rms' | 'momentum' | 'mg' | 'accBeta1' | 'accBeta2';
  weight: number | null;
  shape: number[];
}

export interface SettableVariable {
  variable: string;
  assignInput: string;
  assign: string;
}

export interface CompiledStep {
  x: string;
  y: string;
  /** Per-sample loss weights ([batch]), or null when the loss is not one value per sample (a rank-3+ target). */
  sampleWeight: string | null;
  loss: OutputRef;
  metrics: OutputRef[];
  /** The same forward pass in inference mode (no dropout) on the same x and variables: predict, evaluate. */
  inference: { output: OutputRef; loss: OutputRef; metrics: OutputRef[] };
  /** Run as a target: applies the optimizer update (after loss and metrics are computed). */
  train: string;
  weights: SettableVariable[];
  slots: (SlotSpec & SettableVariable)[];
}

/** Thrown when a spec uses something the graph cannot express; the caller falls back to eager training. */
export class UnsupportedForCompilation extends Error {}

export function compileTrainingStep(graph: NativeGraph, spec: TrainingSpec): CompiledStep {
  const ops = new Ops(graph);
  const x = ops.placeholder('x', 'float32', [-1, ...spec.inputShape]);
  const y = ops.placeholder('y', 'float32', [-1, ...spec.targetShape]);
  const weights = spec.weights.map((shape, i) => ops.variable(`weight_${i}`, shape));

  // The forward pass, built twice on the same input and variables: in training mode for the step, in inference
  // mode for evaluate, predict and validation.
  const forward = (training: boolean): { h: OutputRef; shape: number[] } => {
    let h = x;
    // Per-sample shape after each layer, as TensorFlow's shape inference sees it.
    let shape = [...spec.inputShape];
    const known = (what: string) => {
      const inferred = graph.outputShape(h);
      if (!inferred || inferred.slice(1).some((d) => d < 0)) throw new UnsupportedForCompilation(`${what} gives a shape TensorFlow cannot infer (${JSON.stringify(inferred)})`);
      shape = inferred.slice(1);
    };
    for (const layer of spec.layers) {
      switch (layer.kind) {
        case 'dense': {
          // tfjs-layers' K.dot on higher-rank input: fold the leading dimensions, matMul, unfold.
          const inner = shape.slice(0, -1);
          if (inner.length) h = ops.reshape(h, [-1, shape[shape.length - 1]]);
          h = ops.matMul(h, weights[layer.kernel].read);
          if (inner.length) h = ops.reshape(h, [-1, ...inner, layer.units]);
          if (layer.bias !== null) h = ops.biasAdd(h, weights[layer.bias].read);
          h = activation(ops, h, layer.activation);
          shape = [...inner, layer.units];
          break;
        }
        case 'conv2d': {
          if (shape.length !== 3) throw new UnsupportedForCompilation(`a Conv2D layer on rank-${shape.length + 1} input (needs [batch, height, width, channels])`);
          h = ops.op('Conv2D', [h, weights[layer.kernel].read], {
            T: { kind: 'type', value: 'float32' },
            strides: { kind: 'ints', value: [1, ...layer.strides, 1] },
            padding: { kind: 'string', value: layer.padding },
            dilations: { kind: 'ints', value: [1, ...layer.dilations, 1] },
            data_format: { kind: 'string', value: 'NHWC' },
          });
          if (layer.bias !== null) h = ops.biasAdd(h, weights[layer.bias].read);
          h = activation(ops, h, layer.activation);
          known('Conv2D');
          break;
        }
        case 'pool2d': {
          if (shape.length !== 3) throw new UnsupportedForCompilation(`2D pooling on rank-${shape.length + 1} input`);
          h = ops.op(layer.op, [h], {
            ksize: { kind: 'ints', value: [1, ...layer.poolSize, 1] },
            strides: { kind: 'ints', value: [1, ...layer.strides, 1] },
            padding: { kind: 'string', value: layer.padding },
            data_format: { kind: 'string', value: 'NHWC' },
          });
          known(layer.op);
          break;
        }
        case 'globalPool2d': {
          if (shape.length !== 3) throw new UnsupportedForCompilation(`global 2D pooling on rank-${shape.length + 1} input`);
          h = ops.op(layer.op, [h, ops.ints([1, 2])], { keep_dims: { kind: 'bool', value: false } });
          shape = [shape[2]];
          break;
        }
        case 'recurrent': {
          if (shape.length !== 2) throw new UnsupportedForCompilation(`a recurrent layer on rank-${shape.length + 1} input (needs [batch, steps, features])`);
          h = recurrent(ops, h, shape[0], layer, weights);
          shape = layer.returnSequences ? [shape[0], layer.units] : [layer.units];
          break;
        }
        case 'reshape': {
          h = ops.reshape(h, [-1, ...layer.targetShape]);
          known('Reshape');
          break;
        }
        case 'leakyRelu':
          // max(x, alpha x) for 0 <= alpha <= 1: the same values; TensorFlow's LeakyRelu op after Conv2D + BiasAdd
          // trips its graph optimizer's fusion (a logged "remapper failed" error).
          if (!(layer.alpha >= 0 && layer.alpha <= 1)) throw new UnsupportedForCompilation(`LeakyReLU with alpha ${layer.alpha} (compiled: 0 to 1)`);
          h = ops.maximum(h, ops.mul(ops.float(layer.alpha), h));
          break;
        case 'flatten': {
          const size = shape.reduce((a, b) => a * b, 1);
          h = ops.reshape(h, [-1, size]);
          shape = [size];
          break;
        }
        case 'dropout': {
          // Inference (evaluate, predict, validation) passes everything through, as tfjs-layers does.
          if (layer.rate > 0 && training) h = dropout(ops, h, layer.rate);
          break;
        }
        case 'activation':
          h = activation(ops, h, layer.activation);
          break;
      }
    }
    return { h, shape };
  };
  const { h, shape } = forward(true);
  const rank = shape.length + 1;
  // tfjs-layers' computeWeightedLoss: the per-sample losses times the batch's sample (or class) weights, then their
  // mean. Fed ones when fit has no weights (x·1 changes no float). Only a loss of one value per sample is weighed.
  const sampleWeight = rank === 2 ? ops.placeholder('sample_weight', 'float32', [-1]) : null;
  const lossOf = (output: OutputRef, name: string, weight: OutputRef | null) => {
    const perSample = lossFunction(ops, spec.loss, y, output, rank, shape[shape.length - 1], spec.epsilon);
    return ops.op('Mean', [ops.reshape(weight ? ops.mul(perSample, weight) : perSample, [-1]), ops.ints([0])], {}, name);
  };
  // tfjs: mean over every element of what the metric function returns (never weighted).
  const metricsOf = (output: OutputRef, prefix: string) => spec.metrics.map((m, i) =>
    ops.op('Mean', [ops.reshape(metricFunction(ops, m, y, output, rank, spec.targetShape.length + 1), [-1]), ops.ints([0])], {}, `${prefix}${i}`));
  const loss = lossOf(h, 'loss', sampleWeight);
  const metrics = metricsOf(h, 'metric_');
  // tfjs-layers' test function (evaluate, validation): inference mode, loss unweighted.
  const inferred = forward(false);
  if (JSON.stringify(inferred.shape) !== JSON.stringify(shape)) throw new UnsupportedForCompilation(`the inference pass gives shape ${JSON.stringify(inferred.shape)}, training ${JSON.stringify(shape)}`);
  const inference = {
    output: ops.op('Identity', [inferred.h], {}, 'prediction'),
    loss: lossOf(inferred.h, 'eval_loss', null),
    metrics: metricsOf(inferred.h, 'eval_metric_'),
  };

  const grads = graph.addGradients([loss], weights.map((w) => w.read), 'gradients');
  const missing = grads.findIndex((g) => g === null);
  if (missing >= 0) throw new UnsupportedForCompilation(`the loss does not depend on trainable weight ${missing}`);
  // Every update waits for every gradient, the loss and the metrics: in-place Assigns must not race the reads
  // of the same variables by the backward pass.
  const gate = ops.noOp('gradients_done', [...grads.map((g) => opName(g!)), opName(loss), ...metrics.map(opName)]);
  const { updates, slots } = optimizerUpdates(ops, spec.optimizer, weights, spec.weights, grads as OutputRef[], gate);
  const train = ops.noOp('train', updates);
  return {
    x, y, sampleWeight, loss, metrics, train, inference,
    weights: weights.map(({ variable, assignInput, assign }) => ({ variable, assignInput, assign })),
    slots,
  };
}

function activation(ops: Ops, x: OutputRef, name: ActivationName): OutputRef {
  switch (name) {
    case 'linear': return x;
    case 'relu': return ops.unary('Relu', x);
    case 'relu6': return ops.unary('Relu6', x);
    case 'elu': return ops.unary('Elu', x);
    case 'selu': return ops.unary('Selu', x);
    case 'sigmoid': return ops.unary('Sigmoid', x);
    case 'tanh': return ops.unary('Tanh', x);
    case 'softmax': return ops.unary('Softmax', x);
    case 'logSoftmax': return ops.unary('LogSoftmax', x);
    case 'softplus': return ops.unary('Softplus', x);
    case 'softsign': return ops.unary('Softsign', x);
    // tfjs-layers K.hardSigmoid: clip(0.2 x + 0.5, 0, 1)
    case 'hardSigmoid': return ops.clip(ops.add(ops.mul(ops.float(0.2), x), ops.float(0.5)), 0, 1);
    case 'swish': return ops.mul(ops.unary('Sigmoid', x), x);
    case 'mish': return ops.mul(x, ops.unary('Tanh', ops.unary('Softplus', x)));
  }
}

/**
 * A recurrent layer unrolled over its (known) time steps, as tfjs-layers' LSTMCell / SimpleRNNCell compute each
 * step. The zero initial state is left out of step 0 (adding x·0 and f·0 changes no float).
 */
function recurrent(ops: Ops, x: OutputRef, steps: number, layer: Extract<LayerSpec, { kind: 'recurrent' }>, weights: { read: OutputRef }[]): OutputRef {
  const unpack = ops.op('Unpack', [x], { num: { kind: 'int', value: steps }, axis: { kind: 'int', value: 1 } });
  const w = weights[layer.kernel].read;
  const u = weights[layer.recurrentKernel].read;
  const bias = layer.bias === null ? null : weights[layer.bias].read;
  const outputs: OutputRef[] = [];
  // GRU: the recurrent kernel's first 2·units columns (z, r) and the rest (candidate), split once.
  const gruKernels = layer.cell === 'gru' && steps > 1
    ? opName(ops.op('SplitV', [u, ops.ints([2 * layer.units, layer.units]), ops.int(1)], { num_split: { kind: 'int', value: 2 } }))
    : null;
  let h: OutputRef | null = null;
  let c: OutputRef | null = null;
  for (let t = 0; t < steps; t++) {
    const xt = `${opName(unpack)}:${t}`;
    if (layer.cell === 'lstm') {
      let z = ops.matMul(xt, w);
      if (h) z = ops.add(z, ops.matMul(h, u));
      if (bias) z = ops.biasAdd(z, bias);
      const split = opName(ops.op('Split', [ops.int(1), z], { num_split: { kind: 'int', value: 4 } }));
      const i = activation(ops, `${split}:0`, layer.recurrentActivation);
      const candidate = ops.mul(i, activation(ops, `${split}:2`, layer.activation));
      c = c ? ops.add(ops.mul(activation(ops, `${split}:1`, layer.recurrentActivation), c), candidate) : candidate;
      const o = activation(ops, `${split}:3`, layer.recurrentActivation);
      h = ops.mul(o, activation(ops, c, layer.activation));
    } else if (layer.cell === 'gru') {
      let mx = ops.matMul(xt, w);
      if (bias) mx = ops.biasAdd(mx, bias);
      const xs = opName(ops.op('Split', [ops.int(1), mx], { num_split: { kind: 'int', value: 3 } }));
      let zPre: OutputRef = `${xs}:0`;
      let hPre: OutputRef = `${xs}:2`;
      if (h) {
        const inner = opName(ops.op('Split', [ops.int(1), ops.matMul(h, `${gruKernels}:0`)], { num_split: { kind: 'int', value: 2 } }));
        zPre = ops.add(zPre, `${inner}:0`);
        const r = activation(ops, ops.add(`${xs}:1`, `${inner}:1`), layer.recurrentActivation);
        hPre = ops.add(hPre, ops.matMul(ops.mul(r, h), `${gruKernels}:1`));
      }
      const z = activation(ops, zPre, layer.recurrentActivation);
      const candidate = activation(ops, hPre, layer.activation);
      const keep = ops.mul(ops.add(ops.float(1), ops.unary('Neg', z)), candidate);
      h = h ? ops.add(ops.mul(z, h), keep) : keep;
    } else {
      let z = ops.matMul(xt, w);
      if (bias) z = ops.biasAdd(z, bias);
      if (h) z = ops.add(z, ops.matMul(h, u));
      h = activation(ops, z, layer.activation);
    }
    outputs.push(h);
  }
  return layer.returnSequences ? ops.op('Pack', [outputs], { axis: { kind: 'int', value: 1 } }) : h!;
}

/** tfjs-core dropout: x * floor(uniform[0,1) + keep) / keep. */
function dropout(ops: Ops, x: OutputRef, rate: number): OutputRef {
  const keep = 1 - rate;
  const random = ops.op('RandomUniform', [ops.op('Shape', [x], { out_type: { kind: 'type', value: 'int32' } })], { dtype: { kind: 'type', value: 'float32' } });
  const mask = ops.unary('Floor', ops.add(random, ops.float(keep)));
  return ops.mul(x, ops.div(mask, ops.float(keep)));
}

function lossFunction(ops: Ops, loss: LossName, yTrue: OutputRef, yPred: OutputRef, rank: number, classes: number, eps: number): OutputRef {
  const last = rank - 1;
  switch (loss) {
    case 'meanSquaredError':
      return ops.mean(ops.unary('Square', ops.sub(yPred, yTrue)), [last]);
    case 'meanAbsoluteError':
      return ops.mean(ops.unary('Abs', ops.sub(yPred, yTrue)), [last]);
    case 'categoricalCrossentropy':
      return categoricalCrossentropy(ops, yTrue, yPred, last, eps);
    case 'sparseCategoricalCrossentropy': {
      // flatten(target) -> floor -> int32 -> oneHot, reshaped to the output's shape; output clipped first.
      const labels = ops.cast(ops.unary('Floor', ops.reshape(yTrue, [-1])), 'int32');
      const clipped = ops.clip(yPred, eps, 1 - eps);
      const oneHot = ops.op('Reshape', [ops.oneHot(labels, classes), ops.op('Shape', [clipped], { out_type: { kind: 'type', value: 'int32' } })]);
      return categoricalCrossentropy(ops, oneHot, clipped, last, eps);
    }
    case 'binaryCrossentropy': {
      const p = ops.clip(yPred, eps, 1 - eps);
      const logits = ops.unary('Log', ops.div(p, ops.sub(ops.float(1), p)));
      // sigmoidCrossEntropyWithLogits: relu(x) - x z + log1p(exp(-|x|))
      const ce = ops.add(ops.sub(ops.unary('Relu', logits), ops.mul(logits, yTrue)), ops.unary('Log1p', ops.unary('Exp', ops.unary('Neg', ops.unary('Abs', logits)))));
      return ops.mean(ce, [last]);
    }
  }
}

function categoricalCrossentropy(ops: Ops, target: OutputRef, output: OutputRef, last: number, eps: number): OutputRef {
  const scaled = ops.div(output, ops.sum(output, [last], true));
  const clipped = ops.clip(scaled, eps, 1 - eps);
  return ops.unary('Neg', ops.sum(ops.mul(target, ops.unary('Log', clipped)), [last]));
}

function metricFunction(ops: Ops, metric: MetricKind, yTrue: OutputRef, yPred: OutputRef, rank: number, targetRank: number): OutputRef {
  const last = rank - 1;
  switch (metric) {
    case 'binaryAccuracy': {
      const thresholded = ops.cast(ops.greater(yPred, ops.float(0.5)), 'float32');
      return ops.mean(ops.cast(ops.equal(yTrue, thresholded), 'float32'), [last]);
    }
    case 'categoricalAccuracy':
      return ops.cast(ops.equal(ops.argMax(yTrue, last), ops.argMax(yPred, last)), 'float32');
    case 'sparseCategoricalAccuracy': {
      const labels = targetRank === rank ? ops.op('Squeeze', [yTrue], { squeeze_dims: { kind: 'ints', value: [targetRank - 1] } }) : yTrue;
      return ops.cast(ops.equal(labels, ops.cast(ops.argMax(yPred, last), 'float32')), 'float32');
    }
    case 'meanSquaredError':
      return ops.mean(ops.unary('Square', ops.sub(yPred, yTrue)), [last]);
    case 'meanAbsoluteError':
      return ops.mean(ops.unary('Abs', ops.sub(yPred, yTrue)), [last]);
  }
}

interface WeightVar {
  variable: string;
  read: OutputRef;
  assignInput: string;
  assign: string;
}

/** tfjs-core's applyGradients of each optimizer, as graph ops. Returns the Assign ops and the state variables. */
function optimizerUpdates(ops: Ops, opt: OptimizerSpec, weights: WeightVar[], shapes: number[][], grads: OutputRef[], gate: string): { updates: string[]; slots: (SlotSpec & SettableVariable)[] } {
  const slots: (SlotSpec & SettableVariable)[] = [];
  const slot = (role: SlotSpec['role'], weight: number | null, shape: number[]) => {
    const v = ops.variable(`${opt.kind}/${role}${weight === null ? '' : `_${weight}`}`, shape);
    slots.push({ role, weight, shape, variable: v.variable, assignInput: v.assignInput, assign: v.assign });
    return v;
  };
  const assign = (target: string, value: OutputRef) => ops.op('Assign', [target, value], {}, undefined, [gate]);
  const f = (v: number) => ops.float(v);
  const updates: string[] = [];

  switch (opt.kind) {
    case 'sgd':
      weights.forEach((w, i) => updates.push(assign(w.variable, ops.add(ops.mul(f(-opt.learningRate), grads[i]), w.read))));
      break;
    case 'momentum':
      weights.forEach((w, i) => {
        const acc = slot('momentum', i, shapes[i]);
        const newAcc = ops.add(ops.mul(f(opt.momentum), acc.read), grads[i]);
        const step = opt.useNesterov ? ops.add(grads[i], ops.mul(newAcc, f(opt.momentum))) : newAcc;
        updates.push(assign(acc.variable, newAcc), assign(w.variable, ops.add(ops.mul(f(-opt.learningRate), step), w.read)));
      });
      break;
    case 'adam': {
      const accBeta1 = slot('accBeta1', null, []);
      const accBeta2 = slot('accBeta2', null, []);
      const oneMinusAccBeta1 = ops.sub(f(1), accBeta1.read);
      const oneMinusAccBeta2 = ops.sub(f(1), accBeta2.read);
      weights.forEach((w, i) => {
        const m = slot('m', i, shapes[i]);
        const v = slot('v', i, shapes[i]);
        const newM = ops.add(ops.mul(m.read, f(opt.beta1)), ops.mul(grads[i], f(1 - opt.beta1)));
        const newV = ops.add(ops.mul(v.read, f(opt.beta2)), ops.mul(ops.unary('Square', grads[i]), f(1 - opt.beta2)));
        const mHat = ops.div(newM, oneMinusAccBeta1);
        const vHat = ops.div(newV, oneMinusAccBeta2);
        const newW = ops.add(ops.mul(ops.div(mHat, ops.add(ops.unary('Sqrt', vHat), f(opt.epsilon))), f(-opt.learningRate)), w.read);
        updates.push(assign(m.variable, newM), assign(v.variable, newV), assign(w.variable, newW));
      });
      // tfjs multiplies the accumulated betas after every weight used them.
      const afterWeights = [...updates];
      updates.push(
        ops.op('Assign', [accBeta1.variable, ops.mul(accBeta1.read, f(opt.beta1))], {}, undefined, afterWeights),
        ops.op('Assign', [accBeta2.variable, ops.mul(accBeta2.read, f(opt.beta2))], {}, undefined, afterWeights),
      );
      break;
    }
    case 'rmsprop':
      weights.forEach((w, i) => {
        const ms = slot('rms', i, shapes[i]);
        const mom = slot('momentum', i, shapes[i]);
        const newMs = ops.add(ops.mul(ms.read, f(opt.decay)), ops.mul(ops.unary('Square', grads[i]), f(1 - opt.decay)));
        let newMom: OutputRef;
        if (opt.centered) {
          const mg = slot('mg', i, shapes[i]);
          const newMg = ops.add(ops.mul(mg.read, f(opt.decay)), ops.mul(grads[i], f(1 - opt.decay)));
          const denom = ops.unary('Sqrt', ops.sub(newMs, ops.add(ops.unary('Square', newMg), f(opt.epsilon))));
          newMom = ops.add(ops.mul(mom.read, f(opt.momentum)), ops.div(ops.mul(grads[i], f(opt.learningRate)), denom));
          updates.push(assign(mg.variable, newMg));
        } else {
          newMom = ops.add(ops.mul(mom.read, f(opt.momentum)), ops.div(ops.mul(grads[i], f(opt.learningRate)), ops.unary('Sqrt', ops.add(newMs, f(opt.epsilon)))));
        }
        updates.push(assign(ms.variable, newMs), assign(mom.variable, newMom), assign(w.variable, ops.sub(w.read, newMom)));
      });
      break;
    case 'adagrad':
      weights.forEach((w, i) => {
        const acc = slot('accumulator', i, shapes[i]);
        const newAcc = ops.add(acc.read, ops.unary('Square', grads[i]));
        const newW = ops.add(ops.mul(ops.div(grads[i], ops.unary('Sqrt', ops.add(newAcc, f(opt.epsilon)))), f(-opt.learningRate)), w.read);
        updates.push(assign(acc.variable, newAcc), assign(w.variable, newW));
      });
      break;
  }
  return { updates: updates.map(opName), slots };
}
