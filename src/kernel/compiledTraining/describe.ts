/**
 * Reads a compiled tfjs-layers model (layers, loss, metrics, optimizer) into a TrainingSpec, or says in one
 * sentence why it cannot be compiled — that sentence is what the kernel log shows when fit falls back.
 */
import { ACTIVATIONS, LOSSES, type ActivationName, type LayerSpec, type LossName, type MergeOp, type MetricKind, type OptimizerSpec, type TrainingSpec, type WeightPenalty } from './compile';

type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Tensor = import('@tensorflow/tfjs').Tensor;

interface LayerLike {
  name: string;
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  /** Trainable then non-trainable, in the order the layer created them (kernel, bias) when all are either. */
  weights: unknown[];
}

interface ModelInternals {
  collectedTrainableWeights?: unknown[];
  loss: unknown;
  metricsNames: string[];
  internalOutputShapes?: (number | null)[][];
  optimizer: unknown;
}

export type Described = { spec: TrainingSpec } | { reason: string };

type SessionWeight = { read(): import('@tensorflow/tfjs').Variable; shape: number[] };

/**
 * The weights a compiled step keeps in its session, in the spec's order: the trainable ones as the optimizer
 * indexes them (collectedTrainableWeights), then the others (frozen layers, BatchNormalization's statistics).
 */
export function sessionWeightsOf(outer: LayersModel): SessionWeight[] {
  const model = trainingModel(outer);
  const trainable = ((model as unknown as ModelInternals).collectedTrainableWeights ?? model.trainableWeights) as unknown as SessionWeight[];
  return [...trainable, ...(model.weights as unknown as SessionWeight[]).filter((w) => !trainable.includes(w))];
}

/**
 * The model that actually trains: a Sequential delegates fit (and keeps its optimizer and weights) to an inner
 * functional model, which is what TF.js's fit loop runs on.
 */
export function trainingModel(model: LayersModel): LayersModel {
  const inner = (model as unknown as { model?: LayersModel }).model;
  return model.getClassName() === 'Sequential' && inner ? inner : model;
}

type NodeLike = { inboundLayers: unknown[]; tensorIndices: number[] };
type GraphLayer = LayerLike & { inboundNodes: NodeLike[] };

/**
 * A layer's applications that belong to this model: a layer also used in another model (the same layer objects
 * given to two Sequentials) has more inbound nodes, but only the one tfjs-layers lists for this model counts.
 */
function nodesIn(model: LayersModel, layer: GraphLayer): NodeLike[] {
  const ownNodes = (model as unknown as { containerNodes?: Set<string> }).containerNodes;
  return ownNodes ? layer.inboundNodes.filter((_, k) => ownNodes.has(`${layer.name}_ib-${k}`)) : layer.inboundNodes;
}

/** Layers in order if the model is a plain chain (each layer fed by the one before), else undefined. */
function chainOf(model: LayersModel): LayerLike[] | undefined {
  const layers = model.layers as unknown as GraphLayer[];
  for (let i = 1; i < layers.length; i++) {
    const nodes = nodesIn(model, layers[i]);
    if (nodes.length !== 1 || nodes[0].inboundLayers.length !== 1 || nodes[0].inboundLayers[0] !== layers[i - 1]) return undefined;
  }
  const outputLayer = (model.outputs[0] as unknown as { sourceLayer?: unknown }).sourceLayer;
  return outputLayer === layers[layers.length - 1] ? layers : undefined;
}

/**
 * A functional model whose layers form a DAG, each layer applied once: its layers in topological order with the
 * layers feeding each one, or why it is not such a model.
 */
function dagOf(model: LayersModel): { layers: LayerLike[]; inbound: LayerLike[][] } | { reason: string } {
  const layers = model.layers as unknown as GraphLayer[];
  const inbound: LayerLike[][] = [];
  for (const [i, layer] of layers.entries()) {
    if ((layer as unknown as { layers?: unknown }).layers !== undefined) return { reason: `layer '${layer.name}' is a nested model` };
    const nodes = nodesIn(model, layer);
    if (nodes.length !== 1) return { reason: `layer '${layer.name}' is applied ${nodes.length} times (shared layers)` };
    const node = nodes[0];
    if (node.tensorIndices.some((k) => k !== 0)) return { reason: `layer '${layer.name}' takes a second output of a layer` };
    const sources = node.inboundLayers as GraphLayer[];
    // tfjs-layers lists a model's layers by depth, inputs first; anything else is not something we can walk.
    if (sources.some((source) => !layers.slice(0, i).includes(source))) return { reason: `layer '${layer.name}' takes a layer that does not come before it` };
    inbound.push(sources);
  }
  const outputLayer = (model.outputs[0] as unknown as { sourceLayer?: unknown }).sourceLayer;
  if (outputLayer !== layers[layers.length - 1]) return { reason: 'a model whose output is not its last layer' };
  return { layers, inbound };
}

export function describeModel(outer: LayersModel, targetShape: number[], epsilon: number): Described {
  const model = trainingModel(outer);
  const m = model as unknown as ModelInternals;
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return { reason: 'a model with several inputs or outputs' };
  // A Sequential (or a functional chain) keeps the plain-chain spec; other functional models name their inputs.
  const chain = chainOf(model);
  const dag = chain ? undefined : dagOf(model);
  if (dag && 'reason' in dag) return dag;
  const ordered = chain ?? dag!.layers;
  const inputShape = model.inputs[0].shape.slice(1);
  if (inputShape.some((d) => typeof d !== 'number')) return { reason: `an input shape with unknown dimensions (${JSON.stringify(model.inputs[0].shape)})` };
  const trainableCount = (m.collectedTrainableWeights ?? model.trainableWeights).length;
  if (!trainableCount) return { reason: 'a model with no trainable weights' };
  const sessionWeights = sessionWeightsOf(outer);

  const layers: LayerSpec[] = [];
  const penalties: WeightPenalty[] = [];
  // Where each tfjs layer's output is in the spec: a layer index, or -1 for the model's input.
  const specIndex = new Map<LayerLike, number>();
  for (const [position, layer] of ordered.entries()) {
    const cls = layer.getClassName();
    const config = layer.getConfig();
    for (const key of ['activityRegularizer', 'kernelConstraint', 'biasConstraint']) {
      if (config[key] != null) return { reason: `layer '${layer.name}' has a ${key}` };
    }
    const index = (w: unknown) => sessionWeights.indexOf(w as SessionWeight);
    const found = penaltiesOf(layer, index);
    if ('reason' in found) return found;
    penalties.push(...found);
    switch (cls) {
      case 'InputLayer':
        specIndex.set(layer, -1);
        continue;
      case 'Add':
      case 'Multiply':
      case 'Average':
      case 'Maximum':
      case 'Minimum':
        layers.push({ kind: 'merge', op: cls.toLowerCase() as MergeOp });
        break;
      case 'Concatenate':
        layers.push({ kind: 'concatenate', axis: Number(config.axis ?? -1) });
        break;
      case 'Dense': {
        const dense = denseOf(layer, index);
        if ('reason' in dense) return dense;
        layers.push(dense);
        break;
      }
      case 'TimeDistributed': {
        // A Dense on every step is a Dense on the rank-3+ input (its matMul folds the leading dimensions).
        const inner = (layer as unknown as { layer: LayerLike }).layer;
        if (inner.getClassName() !== 'Dense') return { reason: `layer '${layer.name}' is a TimeDistributed ${inner.getClassName()} (compiled: TimeDistributed Dense)` };
        if (hasRegularizer(inner)) return { reason: `layer '${layer.name}' wraps a layer with a regularizer` };
        const dense = denseOf(inner, index);
        if ('reason' in dense) return dense;
        layers.push(dense);
        break;
      }
      case 'Conv2D': {
        const act = activationOf(config.activation);
        if (!act) return { reason: `layer '${layer.name}' uses activation ${JSON.stringify(config.activation)}` };
        if (config.dataFormat !== 'channelsLast') return { reason: `layer '${layer.name}' uses dataFormat ${String(config.dataFormat)}` };
        const [kernel, bias] = layer.weights.map(index);
        if (kernel === undefined || kernel < 0 || (config.useBias !== false && (bias === undefined || bias < 0))) {
          return { reason: `layer '${layer.name}' has weights outside the model's weights` };
        }
        layers.push({
          kind: 'conv2d', filters: Number(config.filters), activation: act, kernel, bias: config.useBias === false ? null : bias,
          strides: pair(config.strides), padding: config.padding === 'same' ? 'SAME' : 'VALID', dilations: pair(config.dilationRate),
        });
        break;
      }
      case 'MaxPooling2D':
      case 'AveragePooling2D': {
        if (config.dataFormat !== 'channelsLast') return { reason: `layer '${layer.name}' uses dataFormat ${String(config.dataFormat)}` };
        const poolSize = pair(config.poolSize);
        layers.push({
          kind: 'pool2d', op: cls === 'MaxPooling2D' ? 'MaxPool' : 'AvgPool', poolSize,
          strides: config.strides == null ? poolSize : pair(config.strides), padding: config.padding === 'same' ? 'SAME' : 'VALID',
        });
        break;
      }
      case 'GlobalMaxPooling2D':
      case 'GlobalAveragePooling2D':
        if (config.dataFormat !== 'channelsLast') return { reason: `layer '${layer.name}' uses dataFormat ${String(config.dataFormat)}` };
        layers.push({ kind: 'globalPool2d', op: cls === 'GlobalMaxPooling2D' ? 'Max' : 'Mean' });
        break;
      case 'LSTM':
      case 'GRU':
      case 'SimpleRNN': {
        const recurrent = recurrentOf(layer, index);
        if ('reason' in recurrent) return recurrent;
        layers.push(recurrent);
        break;
      }
      case 'Bidirectional': {
        const wrapper = layer as unknown as { forwardLayer: LayerLike; backwardLayer: LayerLike; returnState?: boolean };
        const mergeMode = config.mergeMode as string | null | undefined;
        if (mergeMode !== 'concat' && mergeMode !== 'sum' && mergeMode !== 'mul' && mergeMode !== 'ave') return { reason: `layer '${layer.name}' is a Bidirectional with mergeMode ${String(mergeMode)} (compiled: concat, sum, mul, ave)` };
        if (wrapper.returnState) return { reason: `layer '${layer.name}' sets returnState` };
        if (hasRegularizer(wrapper.forwardLayer) || hasRegularizer(wrapper.backwardLayer)) return { reason: `layer '${layer.name}' wraps a layer with a regularizer` };
        const forward = recurrentOf(wrapper.forwardLayer, index);
        if ('reason' in forward) return forward;
        const backward = recurrentOf(wrapper.backwardLayer, index);
        if ('reason' in backward) return backward;
        layers.push({ kind: 'bidirectional', forward, backward, mergeMode });
        break;
      }
      case 'Embedding': {
        // With maskZero the mask reaches the layers after it (an RNN skips masked steps): not compiled.
        if (config.maskZero) return { reason: `layer '${layer.name}' is an Embedding with maskZero` };
        for (const key of ['embeddingsRegularizer', 'embeddingsConstraint']) if (config[key] != null) return { reason: `layer '${layer.name}' has a ${key}` };
        const [embeddings] = layer.weights.map(index);
        if (embeddings === undefined || embeddings < 0) return { reason: `layer '${layer.name}' has weights outside the model's weights` };
        layers.push({ kind: 'embedding', embeddings, inputDim: Number(config.inputDim), outputDim: Number(config.outputDim) });
        break;
      }
      case 'Conv1D': {
        const act = activationOf(config.activation);
        if (!act) return { reason: `layer '${layer.name}' uses activation ${JSON.stringify(config.activation)}` };
        if (config.padding === 'causal') return { reason: `layer '${layer.name}' uses causal padding` };
        // TF.js's own step has no gradient for a dilated convolution: its eager fit says so, the compiled one would not.
        if (single(config.dilationRate) !== 1) return { reason: `layer '${layer.name}' is a dilated Conv1D (TF.js cannot train it)` };
        const [kernel, bias] = layer.weights.map(index);
        if (kernel === undefined || kernel < 0 || (config.useBias !== false && (bias === undefined || bias < 0))) {
          return { reason: `layer '${layer.name}' has weights outside the model's weights` };
        }
        layers.push({
          kind: 'conv1d', filters: Number(config.filters), activation: act, kernel, bias: config.useBias === false ? null : bias,
          stride: single(config.strides), padding: config.padding === 'same' ? 'SAME' : 'VALID', dilation: single(config.dilationRate),
        });
        break;
      }
      case 'MaxPooling1D':
      case 'AveragePooling1D': {
        const poolSize = single(config.poolSize);
        layers.push({
          kind: 'pool1d', op: cls === 'MaxPooling1D' ? 'MaxPool' : 'AvgPool', poolSize,
          stride: config.strides == null ? poolSize : single(config.strides), padding: config.padding === 'same' ? 'SAME' : 'VALID',
        });
        break;
      }
      case 'GlobalMaxPooling1D':
      case 'GlobalAveragePooling1D':
        layers.push({ kind: 'globalPool1d', op: cls === 'GlobalMaxPooling1D' ? 'Max' : 'Mean' });
        break;
      case 'LayerNormalization': {
        for (const key of ['betaRegularizer', 'gammaRegularizer', 'betaConstraint', 'gammaConstraint']) if (config[key] != null) return { reason: `layer '${layer.name}' has a ${key}` };
        // TF.js's own step fails without either (its batchNorm gradient needs both): its eager fit reports that.
        if (config.center === false || config.scale === false) return { reason: `layer '${layer.name}' is a LayerNormalization without center or scale` };
        const norm = layer as unknown as Record<'gamma' | 'beta', unknown>;
        const [gamma, beta] = [norm.gamma, norm.beta].map(index);
        if (gamma < 0 || beta < 0) return { reason: `layer '${layer.name}' has weights outside the model's weights` };
        const axes = Array.isArray(config.axis) ? config.axis.map(Number) : [Number(config.axis)];
        layers.push({ kind: 'layerNorm', axes, epsilon: Number(config.epsilon), gamma, beta });
        break;
      }
      case 'BatchNormalization': {
        // tfjs-layers reads gamma and beta unconditionally in training mode: its own fit fails without them.
        if (config.center === false || config.scale === false) return { reason: `layer '${layer.name}' is a BatchNormalization without center or scale` };
        for (const key of ['betaRegularizer', 'gammaRegularizer', 'betaConstraint', 'gammaConstraint']) if (config[key] != null) return { reason: `layer '${layer.name}' has a ${key}` };
        const bn = layer as unknown as Record<'gamma' | 'beta' | 'movingMean' | 'movingVariance', unknown>;
        const [gamma, beta, movingMean, movingVariance] = [bn.gamma, bn.beta, bn.movingMean, bn.movingVariance].map(index);
        if ([gamma, beta, movingMean, movingVariance].some((i) => i < 0)) return { reason: `layer '${layer.name}' has weights outside the model's weights` };
        layers.push({ kind: 'batchNorm', axis: Number(config.axis), momentum: Number(config.momentum), epsilon: Number(config.epsilon), gamma, beta, movingMean, movingVariance });
        break;
      }
      case 'Reshape':
        layers.push({ kind: 'reshape', targetShape: (config.targetShape as number[]).map(Number) });
        break;
      case 'LeakyReLU':
        layers.push({ kind: 'leakyRelu', alpha: Number(config.alpha) });
        break;
      case 'Flatten':
        layers.push({ kind: 'flatten' });
        break;
      case 'Dropout':
        if (config.noiseShape != null) return { reason: `layer '${layer.name}' is a Dropout with a noiseShape` };
        layers.push({ kind: 'dropout', rate: Number(config.rate) });
        break;
      case 'Activation': {
        const act = activationOf(config.activation);
        if (!act) return { reason: `layer '${layer.name}' uses activation ${JSON.stringify(config.activation)}` };
        layers.push({ kind: 'activation', activation: act });
        break;
      }
      default:
        return { reason: `layer '${layer.name}' is a ${cls} (compiled so far: ${COMPILED_LAYERS})` };
    }
    if (dag) {
      const sources = dag.inbound[position];
      const isMerge = layers[layers.length - 1].kind === 'merge' || layers[layers.length - 1].kind === 'concatenate';
      if (isMerge ? sources.length < 2 : sources.length !== 1) return { reason: `layer '${layer.name}' (${cls}) takes ${sources.length} inputs` };
      layers[layers.length - 1].inputs = sources.map((source) => specIndex.get(source)!);
    }
    specIndex.set(layer, layers.length - 1);
  }

  if (typeof m.loss !== 'string' || !(LOSSES as readonly string[]).includes(m.loss)) {
    return { reason: `loss ${typeof m.loss === 'string' ? `'${m.loss}'` : 'given as a function'} (compiled: ${LOSSES.join(', ')})` };
  }
  const loss = m.loss as LossName;
  // Class ids, one per sample; one-hot targets here are a label-format bug TF.js reports in its own way.
  if (loss === 'sparseCategoricalCrossentropy' && (targetShape.at(-1) ?? 1) !== 1) {
    return { reason: `sparseCategoricalCrossentropy with targets of shape [${targetShape.join(', ')}] per sample (it takes one class id per sample)` };
  }
  const outputShape = m.internalOutputShapes?.[0] ?? model.outputs[0].shape;
  const metrics: MetricKind[] = [];
  for (const name of m.metricsNames.slice(1)) {
    const kind = metricOf(name, loss, outputShape[outputShape.length - 1] === 1);
    if (!kind) return { reason: `metric '${name}' (compiled: accuracy variants, mse, mae)` };
    metrics.push(kind);
  }
  const optimizer = optimizerOf(m.optimizer, epsilon);
  if ('reason' in optimizer) return optimizer;
  // Every loss the model's layers add to training (what tfjs-layers' train function adds) must be one of the penalties.
  const layerLosses = (model as unknown as { calculateLosses(): { dispose(): void }[] }).calculateLosses();
  layerLosses.forEach((l) => l.dispose());
  if (layerLosses.length !== penalties.length) {
    return { reason: `the model's layers add ${layerLosses.length} losses to training, ${penalties.length} of them L1/L2 weight regularizers (the only ones compiled)` };
  }
  return {
    spec: {
      inputShape: inputShape as number[],
      targetShape,
      weights: sessionWeights.map((w) => w.shape),
      ...(trainableCount < sessionWeights.length ? { trainableCount } : {}),
      layers,
      loss,
      metrics,
      optimizer,
      epsilon,
      ...(penalties.length ? { penalties } : {}),
    },
  };
}

function hasRegularizer(layer: LayerLike): boolean {
  return Object.entries(layer.getConfig()).some(([key, value]) => key.endsWith('Regularizer') && value != null);
}

/** The weight each regularizer key of a layer's config applies to. */
const REGULARIZED_WEIGHT: Record<string, string> = { kernelRegularizer: 'kernel', biasRegularizer: 'bias' };

/**
 * A layer's L1L2 weight regularizers (kernel, bias) as penalties on session weights, or why they
 * cannot be compiled (another regularizer class, or one on a weight of another kind: embeddings, gamma, beta).
 */
function penaltiesOf(layer: LayerLike, index: (w: unknown) => number): WeightPenalty[] | { reason: string } {
  // tfjs-layers trains with the losses a layer holds itself: an RNN's regularizers sit on its cell, outside them,
  // and its training leaves them out. So does the compiled step (the caller checks the counts agree).
  if (!(layer as unknown as { losses: unknown[] }).losses.length) return [];
  const config = layer.getConfig();
  const found: WeightPenalty[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (!key.endsWith('Regularizer') || value == null || key === 'activityRegularizer') continue;
    const property = REGULARIZED_WEIGHT[key];
    const weight = property ? (layer as unknown as Record<string, unknown>)[property] : undefined;
    const serialized = value as { className?: string; config?: { l1?: number; l2?: number } };
    if (!weight || serialized.className !== 'L1L2') return { reason: `layer '${layer.name}' has a ${key}${serialized.className ? ` (${serialized.className})` : ''} (compiled: L1/L2 on kernels and biases)` };
    const at = index(weight);
    if (at < 0) return { reason: `layer '${layer.name}' has a ${key} on a weight outside the model's weights` };
    found.push({ weight: at, l1: Number(serialized.config?.l1 ?? 0), l2: Number(serialized.config?.l2 ?? 0) });
  }
  return found;
}

function denseOf(layer: LayerLike, index: (w: unknown) => number): Extract<LayerSpec, { kind: 'dense' }> | { reason: string } {
  const config = layer.getConfig();
  for (const key of ['activityRegularizer', 'kernelConstraint', 'biasConstraint']) {
    if (config[key] != null) return { reason: `layer '${layer.name}' has a ${key}` };
  }
  const act = activationOf(config.activation);
  if (!act) return { reason: `layer '${layer.name}' uses activation ${JSON.stringify(config.activation)}` };
  const [kernel, bias] = layer.weights.map(index);
  if (kernel === undefined || kernel < 0 || (config.useBias !== false && (bias === undefined || bias < 0))) {
    return { reason: `layer '${layer.name}' has weights outside the model's weights` };
  }
  return { kind: 'dense', units: Number(config.units), activation: act, kernel, bias: config.useBias === false ? null : bias };
}

/** An LSTM, GRU or SimpleRNN layer (alone or inside a Bidirectional) as its unrolled spec, or why not. */
function recurrentOf(layer: LayerLike, index: (w: unknown) => number): Extract<LayerSpec, { kind: 'recurrent' }> | { reason: string } {
  const cls = layer.getClassName();
  const config = layer.getConfig();
  if (cls !== 'LSTM' && cls !== 'GRU' && cls !== 'SimpleRNN') return { reason: `layer '${layer.name}' wraps a ${cls} (compiled: LSTM, GRU, SimpleRNN)` };
  const act = activationOf(config.activation);
  const recAct = cls === 'SimpleRNN' ? 'linear' : activationOf(config.recurrentActivation);
  if (!act || !recAct) return { reason: `layer '${layer.name}' uses activation ${JSON.stringify(config.activation)} / ${JSON.stringify(config.recurrentActivation)}` };
  for (const key of ['returnState', 'stateful'] as const) if (config[key]) return { reason: `layer '${layer.name}' sets ${key}` };
  // tfjs-layers' GRUCell refuses resetAfter when built; a config that says otherwise is not one the graph follows.
  if (cls === 'GRU' && config.resetAfter) return { reason: `layer '${layer.name}' is a GRU with resetAfter` };
  if (Number(config.dropout ?? 0) > 0 || Number(config.recurrentDropout ?? 0) > 0) return { reason: `layer '${layer.name}' uses dropout or recurrentDropout` };
  for (const key of ['activityRegularizer', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint']) {
    if (config[key] != null) return { reason: `layer '${layer.name}' has a ${key}` };
  }
  const [kernel, recurrentKernel, bias] = layer.weights.map(index);
  if (kernel === undefined || kernel < 0 || recurrentKernel === undefined || recurrentKernel < 0 || (config.useBias !== false && (bias === undefined || bias < 0))) {
    return { reason: `layer '${layer.name}' has weights outside the model's weights` };
  }
  return {
    kind: 'recurrent', cell: cls === 'LSTM' ? 'lstm' : cls === 'GRU' ? 'gru' : 'simpleRNN', units: Number(config.units), activation: act, recurrentActivation: recAct,
    kernel, recurrentKernel, bias: config.useBias === false ? null : bias, returnSequences: Boolean(config.returnSequences),
    ...(config.goBackwards ? { goBackwards: true } : {}),
  };
}

/** tfjs configs hold a 1D size as a number or a one-element array. */
function single(value: unknown): number {
  return Number(Array.isArray(value) ? value[0] : (value ?? 1));
}

const COMPILED_LAYERS = 'Dense, Conv1D, Conv2D, MaxPooling1D/2D, AveragePooling1D/2D, GlobalMaxPooling1D/2D, GlobalAveragePooling1D/2D, LSTM, GRU and SimpleRNN (unrolled), Bidirectional, TimeDistributed Dense, Embedding, BatchNormalization, LayerNormalization, Reshape, LeakyReLU, Flatten, Dropout, Activation; in functional models Add, Multiply, Average, Maximum, Minimum, Concatenate';

/** tfjs configs hold a number or a pair for 2D sizes. */
function pair(value: unknown): number[] {
  return Array.isArray(value) ? value.map(Number) : [Number(value ?? 1), Number(value ?? 1)];
}

function activationOf(config: unknown): ActivationName | undefined {
  const name = typeof config === 'string' ? config : (config as { className?: string } | null)?.className;
  return (ACTIVATIONS as readonly string[]).includes(name ?? '') ? (name as ActivationName) : undefined;
}

/** tfjs-layers' compile(): 'acc'/'accuracy' picks binary, sparse or categorical accuracy from the loss and output. */
function metricOf(name: string, loss: LossName, singleUnitOutput: boolean): MetricKind | undefined {
  if (name === 'acc' || name === 'accuracy') {
    if (singleUnitOutput || loss === 'binaryCrossentropy') return 'binaryAccuracy';
    return loss === 'sparseCategoricalCrossentropy' ? 'sparseCategoricalAccuracy' : 'categoricalAccuracy';
  }
  if (name === 'binaryAccuracy' || name === 'categoricalAccuracy') return name;
  if (name === 'mse' || name === 'MSE') return 'meanSquaredError';
  if (name === 'mae' || name === 'MAE') return 'meanAbsoluteError';
  return undefined;
}

function optimizerOf(optimizer: unknown, epsilon: number): OptimizerSpec | { reason: string } {
  const o = optimizer as Record<string, unknown> & { getClassName?: () => string };
  const cls = o?.getClassName?.() ?? 'unknown';
  const num = (key: string) => Number(o[key]);
  switch (cls) {
    case 'SGD':
      return { kind: 'sgd', learningRate: num('learningRate') };
    case 'Momentum':
      return { kind: 'momentum', learningRate: num('learningRate'), momentum: num('momentum'), useNesterov: Boolean(o.useNesterov) };
    case 'Adam':
      return { kind: 'adam', learningRate: num('learningRate'), beta1: num('beta1'), beta2: num('beta2'), epsilon: num('epsilon') };
    case 'RMSProp':
      return { kind: 'rmsprop', learningRate: num('learningRate'), decay: num('decay'), momentum: num('momentum'), epsilon: num('epsilon'), centered: Boolean(o.centered) };
    case 'Adagrad':
      return { kind: 'adagrad', learningRate: num('learningRate'), initialAccumulatorValue: num('initialAccumulatorValue'), epsilon };
    default:
      return { reason: `optimizer ${cls} (compiled: SGD, Momentum, Adam, RMSProp, Adagrad)` };
  }
}

/** Shape of a fit target without its batch dimension, if y is one tensor. */
export function targetShapeOf(y: unknown): number[] | undefined {
  const t = y as Tensor | undefined;
  return t && typeof t === 'object' && Array.isArray((t as Tensor).shape) && !Array.isArray(y) ? t.shape.slice(1) : undefined;
}
