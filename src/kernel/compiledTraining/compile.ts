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

/** Element-wise merge layers (tfjs-layers Add, Multiply, Average, Maximum, Minimum): inputs folded left to right. */
export const MERGE_OPS = ['add', 'multiply', 'average', 'maximum', 'minimum'] as const;
export type MergeOp = (typeof MERGE_OPS)[number];

/**
 * One layer of the model. `inputs` (functional models only) are the indices of the layers feeding it, -1 for the
 * model's input; without it a layer takes the one before (a Sequential stays a plain chain).
 */
export type LayerSpec = LayerBody & { inputs?: number[] };

/** An unrolled LSTM/GRU/SimpleRNN; goBackwards reads the steps last to first (its sequence comes out in that order). */
type RecurrentSpec = { kind: 'recurrent'; cell: 'lstm' | 'gru' | 'simpleRNN'; units: number; activation: ActivationName; recurrentActivation: ActivationName; kernel: number; recurrentKernel: number; bias: number | null; returnSequences: boolean; goBackwards?: boolean };

type LayerBody =
  | { kind: 'merge'; op: MergeOp }
  | { kind: 'concatenate'; axis: number }
  | { kind: 'dense'; units: number; activation: ActivationName; kernel: number; bias: number | null }
  | { kind: 'conv2d'; filters: number; activation: ActivationName; kernel: number; bias: number | null; strides: number[]; padding: 'VALID' | 'SAME'; dilations: number[] }
  | { kind: 'pool2d'; op: 'MaxPool' | 'AvgPool'; poolSize: number[]; strides: number[]; padding: 'VALID' | 'SAME' }
  | { kind: 'globalPool2d'; op: 'Max' | 'Mean' }
  | RecurrentSpec
  | { kind: 'bidirectional'; forward: RecurrentSpec; backward: RecurrentSpec; mergeMode: 'concat' | 'sum' | 'mul' | 'ave' }
  | { kind: 'embedding'; embeddings: number; inputDim: number; outputDim: number }
  | { kind: 'conv1d'; filters: number; activation: ActivationName; kernel: number; bias: number | null; stride: number; padding: 'VALID' | 'SAME'; dilation: number }
  | { kind: 'pool1d'; op: 'MaxPool' | 'AvgPool'; poolSize: number; stride: number; padding: 'VALID' | 'SAME' }
  | { kind: 'globalPool1d'; op: 'Max' | 'Mean' }
  | { kind: 'layerNorm'; axes: number[]; epsilon: number; gamma: number; beta: number }
  | { kind: 'batchNorm'; axis: number; momentum: number; epsilon: number; gamma: number; beta: number; movingMean: number; movingVariance: number }
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
  /**
   * Shapes of the weights the session holds: the trainable ones in the model's collectedTrainableWeights order,
   * then the ones the optimizer leaves alone (frozen layers, BatchNormalization's moving statistics).
   */
  weights: number[][];
  /** How many of `weights` are trained; absent: all of them. */
  trainableCount?: number;
  layers: LayerSpec[];
  loss: LossName;
  metrics: MetricKind[];
  optimizer: OptimizerSpec;
  /** tfjs-layers' epsilon() (the backend's, 1e-7 on tensorflow) used by the losses' clipping. */
  epsilon: number;
  /** L1/L2 weight regularizers: their penalties add to the training loss, as tfjs-layers' train function adds them. */
  penalties?: WeightPenalty[];
}

/** tfjs-layers' L1L2 regularizer on one weight (index into `weights`): sum(l1·|w|) + sum(l2·w²). */
export interface WeightPenalty {
  weight: number;
  l1: number;
  l2: number;
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

  // The forward pass, built twice on the same input and variables: in training mode for the step (dropout, batch
  // statistics, BatchNormalization's moving statistics updated), in inference mode for evaluate, predict and validation.
  const stateUpdates: StateUpdate[] = [];
  const forward = (pass: Pass): Activation => {
    const input: Activation = { h: x, shape: [...spec.inputShape] };
    const outputs: Activation[] = [];
    spec.layers.forEach((layer, i) => {
      const sources = layer.inputs ?? [i - 1];
      if (sources.some((j) => j >= i || j < -1)) throw new UnsupportedForCompilation(`layer ${i} takes the output of layer ${JSON.stringify(sources)}, which does not come before it`);
      outputs.push(applyLayer(ops, graph, layer, sources.map((j) => (j < 0 ? input : outputs[j])), weights, pass));
    });
    return outputs.length ? outputs[outputs.length - 1] : input;
  };
  const { h, shape } = forward({ training: true, stateUpdates });
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
  // tfjs-layers' train function: the mean loss plus each regularizer's penalty (evaluate and validation leave them out).
  const penalties = (spec.penalties ?? []).map((p) => penalty(ops, weights[p.weight].read, spec.weights[p.weight].length, p));
  const loss = penalties.length ? ops.op('Identity', [penalties.reduce((sum, term) => ops.add(sum, term), lossOf(h, 'data_loss', sampleWeight))], {}, 'loss') : lossOf(h, 'loss', sampleWeight);
  const metrics = metricsOf(h, 'metric_');
  // tfjs-layers' test function (evaluate, validation): inference mode, loss unweighted.
  const inferred = forward({ training: false });
  if (JSON.stringify(inferred.shape) !== JSON.stringify(shape)) throw new UnsupportedForCompilation(`the inference pass gives shape ${JSON.stringify(inferred.shape)}, training ${JSON.stringify(shape)}`);
  const inference = {
    output: ops.op('Identity', [inferred.h], {}, 'prediction'),
    loss: lossOf(inferred.h, 'eval_loss', null),
    metrics: metricsOf(inferred.h, 'eval_metric_'),
  };

  const trained = weights.slice(0, spec.trainableCount ?? weights.length);
  const grads = graph.addGradients([loss], trained.map((w) => w.read), 'gradients');
  const missing = grads.findIndex((g) => g === null);
  if (missing >= 0) throw new UnsupportedForCompilation(`the loss does not depend on trainable weight ${missing}`);
  // Every update waits for every gradient, the loss and the metrics: in-place Assigns must not race the reads
  // of the same variables by the backward pass.
  const gate = ops.noOp('gradients_done', [...grads.map((g) => opName(g!)), opName(loss), ...metrics.map(opName)]);
  const { updates, slots } = optimizerUpdates(ops, spec.optimizer, trained, spec.weights, grads as OutputRef[], gate);
  for (const u of stateUpdates) updates.push(opName(ops.op('Assign', [weights[u.weight].variable, u.value], {}, undefined, [gate])));
  const train = ops.noOp('train', updates);
  return {
    x, y, sampleWeight, loss, metrics, train, inference,
    weights: weights.map(({ variable, assignInput, assign }) => ({ variable, assignInput, assign })),
    slots,
  };
}

/**
 * One L1L2 regularizer's penalty, in tfjs-layers' order: sum(l1·|w|) + sum(l2·w²). |w| is w·s with s = 1 where
 * w > 0, else -1, s held constant: TF.js's abs gradient is that s (-1 at 0, where biases start), TensorFlow's is 0.
 */
function penalty(ops: Ops, w: OutputRef, rank: number, { l1, l2 }: WeightPenalty): OutputRef {
  const all = Array.from({ length: rank }, (_, d) => d);
  const abs = () => ops.mul(w, ops.op('StopGradient', [ops.sub(ops.mul(ops.cast(ops.greater(w, ops.float(0)), 'float32'), ops.float(2)), ops.float(1))]));
  const terms = [
    ...(l1 !== 0 ? [ops.sum(ops.mul(ops.float(l1), abs()), all)] : []),
    ...(l2 !== 0 ? [ops.sum(ops.mul(ops.float(l2), ops.unary('Square', w)), all)] : []),
  ];
  return terms.reduce((sum, term) => ops.add(sum, term), ops.float(0));
}

/** What flows along the graph's edges: an output and its per-sample shape, as TensorFlow's shape inference sees it. */
interface Activation {
  h: OutputRef;
  shape: number[];
}

/** A non-trained weight's new value, assigned by the training step (BatchNormalization's moving statistics). */
interface StateUpdate {
  weight: number;
  value: OutputRef;
}

/** How a forward pass is built: for the training step (collecting its state updates), or for inference. */
type Pass = { training: true; stateUpdates: StateUpdate[] } | { training: false };

function applyLayer(ops: Ops, graph: NativeGraph, layer: LayerSpec, inputs: Activation[], weights: WeightVar[], pass: Pass): Activation {
  if (layer.kind === 'merge' || layer.kind === 'concatenate') return merge(ops, layer, inputs);
  if (inputs.length !== 1) throw new UnsupportedForCompilation(`a ${layer.kind} layer with ${inputs.length} inputs`);
  let { h, shape } = inputs[0];
  const known = (what: string) => {
    const inferred = graph.outputShape(h);
    if (!inferred || inferred.slice(1).some((d) => d < 0)) throw new UnsupportedForCompilation(`${what} gives a shape TensorFlow cannot infer (${JSON.stringify(inferred)})`);
    shape = inferred.slice(1);
  };
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
    case 'bidirectional': {
      if (shape.length !== 2) throw new UnsupportedForCompilation(`a Bidirectional layer on rank-${shape.length + 1} input (needs [batch, steps, features])`);
      const { forward, backward } = layer;
      const y = recurrent(ops, h, shape[0], forward, weights);
      // tfjs-layers turns the backward layer's sequence around before merging (the last state stays as it is).
      const yRev = recurrent(ops, h, shape[0], backward, weights, forward.returnSequences);
      const steps = shape[0];
      const units = layer.mergeMode === 'concat' ? forward.units + backward.units : forward.units;
      shape = forward.returnSequences ? [steps, units] : [units];
      if (layer.mergeMode === 'concat') h = ops.op('ConcatV2', [[y, yRev], ops.int(-1)]);
      else if (layer.mergeMode === 'sum') h = ops.add(y, yRev);
      else if (layer.mergeMode === 'mul') h = ops.mul(y, yRev);
      else h = ops.mul(ops.float(0.5), ops.add(y, yRev));
      break;
    }
    case 'embedding': {
      // tfjs-layers: cast the ids to int32 (truncating), gather the rows, shape [...ids, outputDim]. GatherV2 has a
      // gradient in TensorFlow's C++ registry (the older Gather does not).
      const ids = ops.reshape(ops.cast(h, 'int32'), [-1]);
      const rows = ops.op('GatherV2', [weights[layer.embeddings].read, ids, ops.int(0)]);
      shape = [...shape, layer.outputDim];
      h = ops.reshape(rows, [-1, ...shape]);
      break;
    }
    case 'conv1d': {
      if (shape.length !== 2) throw new UnsupportedForCompilation(`a Conv1D layer on rank-${shape.length + 1} input (needs [batch, steps, channels])`);
      // tfjs-core's conv1d: a Conv2D over [batch, 1, steps, channels] with a [1, size, in, out] kernel.
      const kernelShape = graph.outputShape(weights[layer.kernel].read)!;
      const kernel = ops.reshape(weights[layer.kernel].read, [1, ...kernelShape]);
      h = ops.op('Conv2D', [ops.op('ExpandDims', [h, ops.int(1)]), kernel], {
        T: { kind: 'type', value: 'float32' },
        strides: { kind: 'ints', value: [1, 1, layer.stride, 1] },
        padding: { kind: 'string', value: layer.padding },
        dilations: { kind: 'ints', value: [1, 1, layer.dilation, 1] },
        data_format: { kind: 'string', value: 'NHWC' },
      });
      h = ops.op('Squeeze', [h], { squeeze_dims: { kind: 'ints', value: [1] } });
      if (layer.bias !== null) h = ops.biasAdd(h, weights[layer.bias].read);
      h = activation(ops, h, layer.activation);
      known('Conv1D');
      break;
    }
    case 'pool1d': {
      if (shape.length !== 2) throw new UnsupportedForCompilation(`1D pooling on rank-${shape.length + 1} input`);
      // tfjs-layers: pool [batch, steps, 1, channels] with [size, 1] windows, then drop the added axis.
      h = ops.op(layer.op, [ops.op('ExpandDims', [h, ops.int(2)])], {
        ksize: { kind: 'ints', value: [1, layer.poolSize, 1, 1] },
        strides: { kind: 'ints', value: [1, layer.stride, 1, 1] },
        padding: { kind: 'string', value: layer.padding },
        data_format: { kind: 'string', value: 'NHWC' },
      });
      h = ops.op('Squeeze', [h], { squeeze_dims: { kind: 'ints', value: [2] } });
      known(layer.op);
      break;
    }
    case 'globalPool1d': {
      if (shape.length !== 2) throw new UnsupportedForCompilation(`global 1D pooling on rank-${shape.length + 1} input`);
      h = ops.op(layer.op, [h, ops.ints([1])], { keep_dims: { kind: 'bool', value: false } });
      shape = [shape[1]];
      break;
    }
    case 'layerNorm':
      h = layerNorm(ops, h, shape, layer, weights);
      break;
    case 'batchNorm':
      h = pass.training ? batchNormInTraining(ops, h, shape, layer, weights, pass.stateUpdates) : batchNormInInference(ops, h, shape, layer, weights);
      break;
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
      if (layer.rate > 0 && pass.training) h = dropout(ops, h, layer.rate);
      break;
    }
    case 'activation':
      h = activation(ops, h, layer.activation);
      break;
  }
  return { h, shape };
}

/**
 * tfjs-layers' BatchNormalization in training mode: normalised by the batch's mean and (biased) variance over
 * every axis but the feature axis — gradients flow through both, as through tf.moments — then scaled by gamma and
 * shifted by beta; the moving statistics move towards the batch's: moving -= (moving - batch) * (1 - momentum).
 */
function batchNormInTraining(ops: Ops, x: OutputRef, shape: number[], layer: Extract<LayerSpec, { kind: 'batchNorm' }>, weights: WeightVar[], stateUpdates: StateUpdate[]): OutputRef {
  const rank = shape.length + 1;
  const axis = layer.axis < 0 ? layer.axis + rank : layer.axis;
  // TF.js's own training step fails on another axis (its batchNorm gradient reshapes the broadcast statistics)
  // and on ranks above 4 (its batchNormalization stops there).
  if (rank > 4) throw new UnsupportedForCompilation(`BatchNormalization on rank-${rank} input (compiled: ranks 2 to 4, as TF.js)`);
  if (axis !== rank - 1) throw new UnsupportedForCompilation(`BatchNormalization on axis ${layer.axis} of rank-${rank} input (compiled: the last axis)`);
  const reduce = Array.from({ length: rank }, (_, d) => d).filter((d) => d !== axis);
  const broadcast = Array.from({ length: rank }, (_, d) => (d === axis ? shape[axis - 1] : 1));
  const mean = ops.mean(x, reduce, true);
  const centered = ops.sub(x, mean);
  const variance = ops.mean(ops.unary('Square', centered), reduce, true);
  // Sqrt + RealDiv rather than Rsqrt: both have gradients in TensorFlow's C++ registry and give the same values.
  const normed = ops.div(centered, ops.unary('Sqrt', ops.add(variance, ops.float(layer.epsilon))));
  const gamma = ops.reshape(weights[layer.gamma].read, broadcast);
  const beta = ops.reshape(weights[layer.beta].read, broadcast);
  const decay = ops.float(1 - layer.momentum);
  for (const [weight, batch] of [[layer.movingMean, mean], [layer.movingVariance, variance]] as const) {
    const moving = weights[weight].read;
    stateUpdates.push({ weight, value: ops.sub(moving, ops.mul(ops.sub(moving, ops.reshape(batch, [-1])), decay)) });
  }
  return ops.add(ops.mul(normed, gamma), beta);
}

/** tfjs-layers' BatchNormalization in inference mode: normalised by the moving statistics. */
function batchNormInInference(ops: Ops, x: OutputRef, shape: number[], layer: Extract<LayerSpec, { kind: 'batchNorm' }>, weights: WeightVar[]): OutputRef {
  const rank = shape.length + 1;
  const broadcast = Array.from({ length: rank }, (_, d) => (d === rank - 1 ? shape[rank - 2] : 1));
  const stat = (weight: number) => ops.reshape(weights[weight].read, broadcast);
  const normed = ops.div(ops.sub(x, stat(layer.movingMean)), ops.unary('Sqrt', ops.add(stat(layer.movingVariance), ops.float(layer.epsilon))));
  return ops.add(ops.mul(normed, stat(layer.gamma)), stat(layer.beta));
}

/**
 * tfjs-layers' LayerNormalization: each sample normalised by its own mean and (biased) variance over `axes`,
 * then scaled by gamma and shifted by beta (each shaped like those axes).
 */
function layerNorm(ops: Ops, x: OutputRef, shape: number[], layer: Extract<LayerSpec, { kind: 'layerNorm' }>, weights: WeightVar[]): OutputRef {
  const rank = shape.length + 1;
  // tfjs-layers' batchNormalization, which it ends in, takes ranks 2 to 4 only.
  if (rank > 4) throw new UnsupportedForCompilation(`LayerNormalization on rank-${rank} input (compiled: ranks 2 to 4, as TF.js)`);
  const axes = layer.axes.map((a) => (a < 0 ? a + rank : a));
  if (axes.some((a) => a < 1 || a >= rank)) throw new UnsupportedForCompilation(`LayerNormalization over axes ${JSON.stringify(layer.axes)} of rank-${rank} input`);
  const broadcast = Array.from({ length: rank }, (_, d) => (axes.includes(d) ? shape[d - 1] : 1));
  const mean = ops.mean(x, axes, true);
  const centered = ops.sub(x, mean);
  const variance = ops.mean(ops.unary('Square', centered), axes, true);
  const normed = ops.div(centered, ops.unary('Sqrt', ops.add(variance, ops.float(layer.epsilon))));
  return ops.add(ops.mul(normed, ops.reshape(weights[layer.gamma].read, broadcast)), ops.reshape(weights[layer.beta].read, broadcast));
}

/** tfjs-layers' merge layers on inputs of one shape (broadcasting merges fall back). */
function merge(ops: Ops, layer: Extract<LayerSpec, { kind: 'merge' | 'concatenate' }>, inputs: Activation[]): Activation {
  if (inputs.length < 2) throw new UnsupportedForCompilation(`a ${layer.kind} layer with ${inputs.length} input`);
  const [first] = inputs;
  if (layer.kind === 'concatenate') {
    // K.concatenate joins along the last axis for every negative axis (not only -1); the compiled step does the same.
    const axis = layer.axis < 0 ? first.shape.length - 1 : layer.axis - 1;
    if (axis < 0 || axis >= first.shape.length) throw new UnsupportedForCompilation(`Concatenate on axis ${layer.axis} of rank-${first.shape.length + 1} inputs`);
    const others = (s: number[]) => s.filter((_, d) => d !== axis);
    if (inputs.some((a) => a.shape.length !== first.shape.length || others(a.shape).some((d, k) => d !== others(first.shape)[k]))) {
      throw new UnsupportedForCompilation(`Concatenate of shapes ${inputs.map((a) => JSON.stringify(a.shape)).join(', ')}`);
    }
    const shape = [...first.shape];
    shape[axis] = inputs.reduce((sum, a) => sum + a.shape[axis], 0);
    return { h: ops.op('ConcatV2', [inputs.map((a) => a.h), ops.int(axis + 1)]), shape };
  }
  if (inputs.some((a) => JSON.stringify(a.shape) !== JSON.stringify(first.shape))) {
    throw new UnsupportedForCompilation(`a ${layer.op} merge of different shapes ${inputs.map((a) => JSON.stringify(a.shape)).join(', ')} (compiled: equal shapes)`);
  }
  const fold = { add: ops.add, multiply: ops.mul, average: ops.add, maximum: ops.maximum, minimum: ops.minimum }[layer.op].bind(ops);
  let h = first.h;
  for (const a of inputs.slice(1)) h = fold(h, a.h);
  if (layer.op === 'average') h = ops.mul(ops.float(1 / inputs.length), h);
  return { h, shape: first.shape };
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
function recurrent(ops: Ops, x: OutputRef, steps: number, layer: RecurrentSpec, weights: { read: OutputRef }[], reverseSequence = false): OutputRef {
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
    const xt = `${opName(unpack)}:${layer.goBackwards ? steps - 1 - t : t}`;
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
  if (reverseSequence) outputs.reverse();
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
