/**
 * Diagnoses one training run from evidence the kernel gathered — the model's layers and compile config, summaries
 * of the data given to `fit`, the per-epoch history, a gradient measured on one batch, and a one-batch replay
 * when the loss turned NaN — and returns findings, each with a stable id, where it belongs (the fit call, a layer,
 * the compile), the numbers that show it, a bilingual message and the safe fixes. Pure and deterministic; the
 * kernel gathers (src/kernel/runEvidence.ts), the editor and `mlnb run` display.
 *
 * Every rule needs evidence of its own, never a guess from the id it names: a healthy run gets no finding, and the
 * thresholds below say what "far", "high" and "stuck" mean. The history rules of trainingDiagnosis.ts (overfitting,
 * plateau, underfitting, divergence) are reused with their own thresholds and their stricter rules for stopped runs.
 */
import { diagnoseHistory, type Diagnosis, type History } from './trainingDiagnosis';
import type { Bilingual } from './i18n';

/** Every finding a run diagnosis can make; each explains itself in content/concepts/findings/<id>.json. */
export const FINDING_IDS = [
  'unnormalized-input',
  'nan-input',
  'label-format',
  'class-imbalance',
  'missing-activation',
  'loss-activation-mismatch',
  'dropout-too-high',
  'lr-too-high',
  'divergence',
  'lr-too-low',
  'validation-leak',
  'overfitting',
  'plateau',
  'underfitting',
  'stuck-accuracy',
] as const;
export type FindingId = (typeof FINDING_IDS)[number];

export type FindingFix =
  | 'add-early-stopping'
  | 'add-dropout'
  | 'lower-learning-rate'
  | 'raise-learning-rate'
  | 'add-relu'
  | 'output-softmax'
  | 'output-sigmoid'
  | 'loss-sparse-categorical'
  | 'loss-categorical'
  | 'lower-dropout';

/**
 * Where a finding is shown: the fit call, the compile call, or a layer of the model — its index in `model.layers`,
 * and its rank among the model's layers of the same class (the 2nd Dense is made by the 2nd `tf.layers.dense(…)`).
 */
export type FindingLocation = { kind: 'fit' } | { kind: 'compile' } | { kind: 'layer'; index: number; className: string; name: string; rankInClass: number };

export interface Finding {
  id: FindingId;
  location: FindingLocation;
  /** One line with the numbers that show it. */
  message: Bilingual;
  /** The evidence, one short phrase each ("inputs range 0–255"). */
  evidence: Bilingual[];
  /** Edits that are safe to offer, in order of preference. */
  fixes: FindingFix[];
  /** 0-based epoch the finding is about, for history findings. */
  epoch?: number;
}

// ---------------------------------------------------------------------------------------------------
// Evidence (JSON: it is saved with the training output)

/** Summary of one tensor given to fit, computed over its finite values. */
export interface TensorSummary {
  role: 'x' | 'y' | 'val-x' | 'val-y';
  /** Input or output name for models with several; undefined for one tensor. */
  name?: string;
  dtype: string;
  shape: number[];
  count: number;
  nan: number;
  inf: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  /** Every finite value is a whole number. */
  integer: boolean;
  /** Labels of two or more columns whose rows are all 0/1 with exactly one 1. */
  oneHot?: boolean;
  /** Labels that name classes (one-hot columns, or whole numbers 0…k−1 with k ≤ 1000): each class's share. */
  classShares?: number[];
}

export interface LayerSummary {
  name: string;
  className: string;
  /** The activation's name ('linear' when none), for layers that have one. */
  activation?: string;
  units?: number;
  filters?: number;
  rate?: number;
  /** Names of the layers feeding this one (empty for the first). */
  inbound: string[];
}

export interface ModelSummary {
  layers: LayerSummary[];
  /** Loss names as compiled ('categoricalCrossentropy'); '<function>' for a custom function. */
  losses: string[];
  /** Names of the layers producing the model's outputs. */
  outputLayers: string[];
  /** Last dimension of each output. */
  outputUnits: (number | null)[];
  optimizer?: string;
  learningRate?: number;
  /** Trainable weights, counted element by element; absent in notebooks saved before it was recorded. */
  trainableParams?: number;
}

/** One batch re-run from the weights at the start of the epoch whose loss first became NaN or infinite. */
export interface NanReplay {
  /** 0-based epoch whose loss was first not finite. */
  epoch: number;
  /** The steps that ran, in order, and whether their output was finite. */
  steps: { step: string; finite: boolean }[];
  /** The first step whose output was not finite: 'input', a layer name, 'loss', 'gradients', or undefined (all finite). */
  firstBad?: string;
  /** The first TF.js op that produced NaN/Infinity inside that step, when it could be told ('Log', 'MatMul'). */
  op?: string;
  /** Largest absolute gradient on that batch, when the gradients were finite. */
  gradientMaxAbs?: number;
}

/** Gradient of the loss on one batch with the final weights, measured when the loss barely moved. */
export interface GradientProbe {
  l2: number;
  l1: number;
  params: number;
  /** The loss on that batch. */
  loss: number;
}

export interface RunEvidence {
  model?: ModelSummary;
  data?: TensorSummary[];
  /** Sampled validation rows and how many of them are exactly rows of the training data. */
  validationOverlap?: { source: 'validationSplit' | 'validationData'; sampled: number; inTraining: number };
  replay?: NanReplay;
  gradient?: GradientProbe;
  batchesPerEpoch?: number;
  /** An early-stopping callback given to fit: what it watched and how patient it was. */
  earlyStopping?: { monitor: string; patience: number };
  /** The error `fit` threw, first line, when it threw before or while training. */
  fitError?: string;
}

export interface RunFacts {
  history: History;
  status: 'running' | 'done' | 'stopped' | 'failed';
  evidence?: RunEvidence;
}

// ---------------------------------------------------------------------------------------------------
// Thresholds

export const THRESHOLDS = {
  /**
   * unnormalized-input: the largest |value| of a feature tensor is above this and the values spread (std) or sit
   * (|mean|) beyond `unnormalizedSpread`. Standardised data rarely passes |x| = 5; raw pixels reach 255, prices
   * thousands. A range like 0–10 is not flagged.
   */
  unnormalizedMaxAbs: 10,
  unnormalizedSpread: 3,
  /** dropout-too-high: a rate at or above this drops most units; 0.2–0.5 is usual. */
  dropoutTooHigh: 0.7,
  /** class-imbalance: the majority class is at least this share… */
  imbalanceMajority: 0.6,
  /**
   * …and accuracy stayed within this of the majority share in every epoch of the run's second half, and never rose
   * above it by more (accuracy climbs to the majority share in the first epochs, then sits there exactly).
   */
  imbalanceTolerance: 0.01,
  /** History rules that judge a trend need this many epochs (twice as many for a stopped run). */
  minEpochs: 5,
  /** lr-too-low: the loss moved by less than this fraction over the run… */
  lowLrMaxChange: 0.01,
  /** …over at least this many epochs… */
  lowLrMinEpochs: 10,
  /** …while the gradient is not zero (L2 norm per parameter above this)… */
  lowLrMinGradient: 1e-7,
  /** …and the steps the learning rate allows could only have moved the loss by less than this fraction over the run. */
  lowLrMaxPredicted: 0.05,
  /** validation-leak: at least this share of the sampled validation rows are rows of the training data… */
  leakOverlap: 0.5,
  /** …or, without that check, validation accuracy at least this from one of the first `leakFirstEpochs` epochs… */
  leakNearPerfect: 0.99,
  leakFirstEpochs: 3,
  /** …and training accuracy ending at least this below it (with no dropout to explain the gap). */
  leakGap: 0.02,
  /**
   * overfitting: a model with fewer trainable parameters than one per this many training rows cannot memorise them
   * (the usual rule of thumb is ten rows per parameter); a rising val_loss there is the model growing confident on a
   * noisy validation split, as a 3-parameter logistic regression on 320 rows with 5 % flipped labels does.
   */
  overfitMinRowsPerParam: 10,
} as const;

const ACCURACY_KEYS = ['acc', 'accuracy', 'binaryAccuracy', 'categoricalAccuracy', 'sparseCategoricalAccuracy'];
const CONV_OR_DENSE = /^(Dense|Conv1D|Conv2D|Conv3D|SeparableConv2D|DepthwiseConv2D|Conv2DTranspose|Conv3DTranspose)$/;
/** Layers that add no non-linearity between two linear layers (batch norm is affine at inference). */
const LINEAR_PASS_THROUGH = /^(Flatten|Dropout|SpatialDropout1D|SpatialDropout2D|GaussianNoise|GaussianDropout|AlphaDropout|Reshape|Permute|RepeatVector|BatchNormalization|LayerNormalization|AveragePooling1D|AveragePooling2D|AveragePooling3D|ZeroPadding2D|Cropping2D|UpSampling2D)$/;
/** Layers that may follow the output layer without changing what the output is. */
const OUTPUT_PASS_THROUGH = /^(Flatten|Dropout|Reshape)$/;

// ---------------------------------------------------------------------------------------------------

export function diagnoseRun(facts: RunFacts): Finding[] {
  const evidence = facts.evidence ?? {};
  const model = evidence.model;
  const data = evidence.data ?? [];
  const findings: Finding[] = [];
  const push = (f: Finding | undefined) => f && findings.push(f);

  push(nanInput(data));
  if (model) {
    push(labelFormat(model, data));
    push(lossActivationMismatch(model, data));
    findings.push(...missingActivation(model));
    push(dropoutTooHigh(model, facts.history));
  }
  push(unnormalizedInput(data, model));

  // NaN in the data makes the loss NaN: that is the finding, not the run's divergence.
  const dataExplainsRun = findings.some((f) => f.id === 'nan-input');
  const finished = facts.status === 'done' || facts.status === 'stopped';
  if (finished && !dataExplainsRun) {
    const stopped = facts.status === 'stopped';
    push(validationLeak(facts.history, evidence, model, stopped));
    const imbalance = classImbalance(facts.history, data, stopped);
    const run = historyFinding(facts.history, evidence, stopped, imbalance !== undefined);
    // A poorly learning run next to its cause in the model or the data (a linear stack, raw pixels, a wrong loss)
    // is one problem: the hint names the cause and shows the run's numbers as more evidence for it.
    const cause = findings.find((f) => CAUSES_OF_POOR_LEARNING.has(f.id));
    for (const symptom of [imbalance, run]) {
      if (symptom && cause && SYMPTOMS.has(symptom.id)) cause.evidence.push(...symptom.evidence);
      else push(symptom);
    }
  }
  return findings;
}

const CAUSES_OF_POOR_LEARNING: ReadonlySet<FindingId> = new Set(['missing-activation', 'unnormalized-input', 'loss-activation-mismatch', 'label-format', 'dropout-too-high']);
const SYMPTOMS: ReadonlySet<FindingId> = new Set(['underfitting', 'plateau', 'stuck-accuracy', 'class-imbalance']);

// ---------------------------------------------------------------------------------------------------
// Data

function nanInput(data: TensorSummary[]): Finding | undefined {
  const bad = data.filter((t) => t.nan + t.inf > 0);
  if (bad.length === 0) return undefined;
  const evidence = bad.map((t) => {
    const what = [t.nan ? `${t.nan} NaN` : '', t.inf ? `${t.inf} ±Infinity` : ''].filter(Boolean).join(' + ');
    return { en: `${tensorLabel(t)}: ${what} of ${t.count} values`, zh: `${tensorLabel(t)}：${t.count} 个值中有 ${what}` };
  });
  return {
    id: 'nan-input',
    location: { kind: 'fit' },
    message: {
      en: `NaN/Infinity in the data given to fit — ${evidence.map((e) => e.en).join('; ')}: the loss and the weights become NaN`,
      zh: `传给 fit 的数据里有 NaN/Infinity —— ${evidence.map((e) => e.zh).join('；')}：损失和权重都会变成 NaN`,
    },
    evidence,
    fixes: [],
  };
}

function unnormalizedInput(data: TensorSummary[], model: ModelSummary | undefined): Finding | undefined {
  // Ids into an embedding are meant to be large whole numbers; a first normalisation layer scales by itself.
  const first = model?.layers.find((l) => l.inbound.length === 0 || l === model.layers[0]);
  if (first && /^(Embedding|BatchNormalization|LayerNormalization|Rescaling|Normalization)$/.test(first.className)) return undefined;
  for (const t of data.filter((d) => d.role === 'x')) {
    if (t.min === null || t.max === null || t.std === null || t.mean === null) continue;
    const maxAbs = Math.max(Math.abs(t.min), Math.abs(t.max));
    if (maxAbs <= THRESHOLDS.unnormalizedMaxAbs) continue;
    if (t.std <= THRESHOLDS.unnormalizedSpread && Math.abs(t.mean) <= THRESHOLDS.unnormalizedSpread) continue;
    const range = `${num(t.min)}–${num(t.max)}`;
    const kind = t.integer ? { en: ', whole numbers', zh: '，都是整数' } : { en: '', zh: '' };
    return {
      id: 'unnormalized-input',
      location: { kind: 'fit' },
      message: {
        en: `unnormalized input: ${tensorLabel(t)} ranges ${range} (mean ${num(t.mean)}, std ${num(t.std)}${kind.en}) — scale features to about [-3, 3] (divide pixels by 255, or subtract the mean and divide by the std)`,
        zh: `输入未归一化：${tensorLabel(t)} 的范围是 ${range}（均值 ${num(t.mean)}，标准差 ${num(t.std)}${kind.zh}）——把特征缩放到约 [-3, 3]（像素除以 255，或减均值再除以标准差）`,
      },
      evidence: [{ en: `inputs range ${range}`, zh: `输入范围 ${range}` }, { en: `mean ${num(t.mean)}, std ${num(t.std)}`, zh: `均值 ${num(t.mean)}，标准差 ${num(t.std)}` }],
      fixes: [],
    };
  }
  return undefined;
}

function labelFormat(model: ModelSummary, data: TensorSummary[]): Finding | undefined {
  const loss = lossKind(model.losses[0]);
  const y = data.find((d) => d.role === 'y');
  const units = model.outputUnits[0];
  if (!y || !loss || y.min === null || y.max === null) return undefined;
  const width = labelWidth(y);
  if (loss === 'categorical' && width === 1 && y.integer && y.min >= 0 && y.max >= 1 && (units ?? 0) > 1) {
    return {
      id: 'label-format',
      location: { kind: 'compile' },
      message: {
        en: `label format: categoricalCrossentropy expects one-hot labels of width ${units}, but the labels are class ids ${num(y.min)}–${num(y.max)} (shape [${y.shape.join(', ')}]) — use 'sparseCategoricalCrossentropy' or tf.oneHot`,
        zh: `标签格式：categoricalCrossentropy 需要宽度为 ${units} 的 one-hot 标签，但标签是类别编号 ${num(y.min)}–${num(y.max)}（形状 [${y.shape.join(', ')}]）——改用 'sparseCategoricalCrossentropy' 或 tf.oneHot`,
      },
      evidence: [{ en: `labels shape [${y.shape.join(', ')}], values ${num(y.min)}–${num(y.max)}`, zh: `标签形状 [${y.shape.join(', ')}]，取值 ${num(y.min)}–${num(y.max)}` }, { en: `output units ${units}`, zh: `输出单元 ${units}` }],
      fixes: ['loss-sparse-categorical'],
    };
  }
  if (loss === 'sparse' && width > 1 && y.oneHot) {
    return {
      id: 'label-format',
      location: { kind: 'compile' },
      message: {
        en: `label format: sparseCategoricalCrossentropy expects class ids (shape [n] or [n, 1]), but the labels are one-hot rows of width ${width} — use 'categoricalCrossentropy'`,
        zh: `标签格式：sparseCategoricalCrossentropy 需要类别编号（形状 [n] 或 [n, 1]），但标签是宽度为 ${width} 的 one-hot 行——改用 'categoricalCrossentropy'`,
      },
      evidence: [{ en: `labels shape [${y.shape.join(', ')}], one-hot`, zh: `标签形状 [${y.shape.join(', ')}]，one-hot` }],
      fixes: ['loss-categorical'],
    };
  }
  if (loss === 'binary' && (y.min < 0 || y.max > 1)) {
    return {
      id: 'label-format',
      location: { kind: 'compile' },
      message: {
        en: `label format: binaryCrossentropy expects labels in [0, 1], but they range ${num(y.min)}–${num(y.max)}${y.integer && y.min >= 0 ? ' (class ids: use a softmax output with sparseCategoricalCrossentropy)' : ''}`,
        zh: `标签格式：binaryCrossentropy 需要 [0, 1] 内的标签，但标签范围是 ${num(y.min)}–${num(y.max)}${y.integer && y.min >= 0 ? '（这是类别编号：用 softmax 输出和 sparseCategoricalCrossentropy）' : ''}`,
      },
      evidence: [{ en: `labels range ${num(y.min)}–${num(y.max)}`, zh: `标签范围 ${num(y.min)}–${num(y.max)}` }],
      fixes: [],
    };
  }
  return undefined;
}

function classImbalance(history: History, data: TensorSummary[], stopped: boolean): Finding | undefined {
  const y = data.find((d) => d.role === 'y');
  const shares = y?.classShares;
  const accuracy = accuracyOf(history);
  if (!shares || shares.length < 2 || !accuracy) return undefined;
  if (accuracy.values.length < THRESHOLDS.minEpochs * (stopped ? 2 : 1)) return undefined;
  const majority = Math.max(...shares);
  if (majority < THRESHOLDS.imbalanceMajority) return undefined;
  const values = accuracy.values;
  const secondHalf = values.slice(Math.floor(values.length / 2));
  if (values.some((v) => v > majority + THRESHOLDS.imbalanceTolerance)) return undefined;
  if (!secondHalf.every((v) => Math.abs(v - majority) <= THRESHOLDS.imbalanceTolerance)) return undefined;
  const cls = shares.indexOf(majority);
  const last = values[values.length - 1];
  return {
    id: 'class-imbalance',
    location: { kind: 'fit' },
    message: {
      en: `class imbalance: ${accuracy.key} stuck at ${fixed(last, 3)} since epoch ${values.length - secondHalf.length + 1} = the share of class ${cls} (${pct(majority)}) — the model predicts the majority class; weight the classes (classWeight) or resample`,
      zh: `类别不平衡：${accuracy.key} 从第 ${values.length - secondHalf.length + 1} 轮起一直是 ${fixed(last, 3)}，正好等于类别 ${cls} 的占比（${pct(majority)}）——模型总是预测多数类；用 classWeight 加权或重新采样`,
    },
    evidence: [
      { en: `class ${cls} is ${pct(majority)} of the labels`, zh: `类别 ${cls} 占标签的 ${pct(majority)}` },
      { en: `${accuracy.key} ${fixed(Math.min(...secondHalf), 3)}–${fixed(Math.max(...secondHalf), 3)} in epochs ${values.length - secondHalf.length + 1}–${values.length}`, zh: `第 ${values.length - secondHalf.length + 1}–${values.length} 轮 ${accuracy.key} 为 ${fixed(Math.min(...secondHalf), 3)}–${fixed(Math.max(...secondHalf), 3)}` },
    ],
    fixes: [],
  };
}

// ---------------------------------------------------------------------------------------------------
// Structure

function missingActivation(model: ModelSummary): Finding[] {
  const byName = new Map(model.layers.map((l, i) => [l.name, { layer: l, index: i }]));
  const out: Finding[] = [];
  model.layers.forEach((layer, index) => {
    if (!CONV_OR_DENSE.test(layer.className) || (layer.activation ?? 'linear') !== 'linear') return;
    // Follow what this layer feeds, through layers that stay linear, to the next Dense/Conv.
    const next = linearSuccessor(model, byName, layer.name);
    if (!next) return;
    // A linear layer narrower than the one it feeds is a bottleneck (an autoencoder's code, a low-rank
    // factorisation): the pair is not one unconstrained linear layer, and that is a design, not a slip.
    const width = (l: LayerSummary) => l.units ?? l.filters;
    const [own, nextWidth] = [width(layer), width(next)];
    if (own !== undefined && nextWidth !== undefined && own < nextWidth) return;
    out.push({
      id: 'missing-activation',
      location: layerLocation(model, index),
      message: {
        en: `missing activation: ${layer.name} (${layer.className}, no activation) feeds ${next.name} (${next.className}) with no non-linearity between them — two linear layers in a row are one linear layer; add activation: 'relu'`,
        zh: `缺少激活函数：${layer.name}（${layer.className}，无激活）直接连到 ${next.name}（${next.className}），中间没有非线性——连续两个线性层等于一个线性层；加上 activation: 'relu'`,
      },
      evidence: [{ en: `${layer.name}: activation linear → ${next.name}`, zh: `${layer.name}：线性激活 → ${next.name}` }],
      fixes: ['add-relu'],
    });
  });
  return out;
}

function linearSuccessor(model: ModelSummary, byName: Map<string, { layer: LayerSummary; index: number }>, from: string): LayerSummary | undefined {
  const consumers = model.layers.filter((l) => l.inbound.includes(from));
  if (consumers.length !== 1) return undefined;
  const next = consumers[0];
  if (CONV_OR_DENSE.test(next.className)) return next;
  if (LINEAR_PASS_THROUGH.test(next.className) || (next.className === 'Activation' && next.activation === 'linear')) return linearSuccessor(model, byName, next.name);
  return undefined;
}

/** The activation that decides what an output layer produces, and the layer that owns it. */
function outputActivation(model: ModelSummary, outputName: string): { layer: LayerSummary; index: number; activation: string } | undefined {
  let index = model.layers.findIndex((l) => l.name === outputName);
  for (let guard = 0; index >= 0 && guard < model.layers.length; guard++) {
    const layer = model.layers[index];
    if (layer.className === 'Softmax') return { layer, index, activation: 'softmax' };
    if (layer.activation !== undefined) return { layer, index, activation: layer.activation };
    if (!OUTPUT_PASS_THROUGH.test(layer.className) || layer.inbound.length !== 1) return undefined;
    index = model.layers.findIndex((l) => l.name === layer.inbound[0]);
  }
  return undefined;
}

function lossActivationMismatch(model: ModelSummary, data: TensorSummary[]): Finding | undefined {
  const loss = lossKind(model.losses[0]);
  const outputName = model.outputLayers[0];
  const units = model.outputUnits[0];
  if (!loss || loss === 'regression' || !outputName || units == null) return undefined;
  const out = outputActivation(model, outputName);
  if (!out) return undefined;
  const location = layerLocation(model, out.index);
  const y = data.find((d) => d.role === 'y');
  const lossName = model.losses[0];
  const found = (en: string, zh: string, fixes: FindingFix[], evidence: Bilingual[] = []): Finding => ({
    id: 'loss-activation-mismatch',
    location,
    message: { en: `loss/activation mismatch: ${en}`, zh: `损失与激活不匹配：${zh}` },
    evidence: [{ en: `output ${out.layer.name}: ${units} unit${units === 1 ? '' : 's'}, activation ${out.activation}`, zh: `输出层 ${out.layer.name}：${units} 个单元，激活 ${out.activation}` }, { en: `loss ${lossName}`, zh: `损失 ${lossName}` }, ...evidence],
    fixes,
  });
  if ((loss === 'categorical' || loss === 'sparse') && out.activation === 'softmax' && units === 1) {
    return found(`softmax over 1 unit always outputs 1, so ${lossName} cannot learn — use as many units as classes`, `只有 1 个单元的 softmax 恒为 1，${lossName} 学不到东西——输出单元数应等于类别数`, []);
  }
  if ((loss === 'categorical' || loss === 'sparse') && out.activation !== 'softmax' && units > 1) {
    return found(`${lossName} needs probabilities that sum to 1, but the output layer ${out.layer.name} has activation ${out.activation} — use 'softmax'`, `${lossName} 需要和为 1 的概率，但输出层 ${out.layer.name} 的激活是 ${out.activation}——改用 'softmax'`, ['output-softmax']);
  }
  if (loss === 'binary' && out.activation === 'softmax') {
    if (units === 1) return found(`softmax over 1 unit always outputs 1, so binaryCrossentropy cannot learn — use 'sigmoid'`, `只有 1 个单元的 softmax 恒为 1，binaryCrossentropy 学不到东西——改用 'sigmoid'`, ['output-sigmoid']);
    const oneHot = y?.oneHot === true;
    return found(
      `binaryCrossentropy scores each of the ${units} outputs as its own yes/no, but softmax makes them compete — ${oneHot ? "the labels are one-hot: use 'categoricalCrossentropy'" : "for independent labels use 'sigmoid'"}`,
      `binaryCrossentropy 把 ${units} 个输出各自当作是/否，softmax 却让它们互相竞争——${oneHot ? "标签是 one-hot：改用 'categoricalCrossentropy'" : "各标签独立时改用 'sigmoid'"}`,
      oneHot ? ['loss-categorical'] : ['output-sigmoid'],
    );
  }
  if (loss === 'binary' && out.activation !== 'sigmoid' && units === 1 && out.activation !== 'softmax') {
    return found(`binaryCrossentropy needs a probability in (0, 1), but the output layer ${out.layer.name} has activation ${out.activation} — use 'sigmoid'`, `binaryCrossentropy 需要 (0, 1) 内的概率，但输出层 ${out.layer.name} 的激活是 ${out.activation}——改用 'sigmoid'`, ['output-sigmoid']);
  }
  if (y && y.max !== null) {
    const width = labelWidth(y);
    if ((loss === 'categorical' || loss === 'binary') && width > 1 && width !== units) {
      return found(`the output has ${units} units but the labels have ${width} columns — they must match`, `输出有 ${units} 个单元，但标签有 ${width} 列——两者必须一致`, [], [{ en: `labels shape [${y.shape.join(', ')}]`, zh: `标签形状 [${y.shape.join(', ')}]` }]);
    }
    if (loss === 'sparse' && width === 1 && y.integer && y.max >= units) {
      return found(`the labels go up to class ${num(y.max)} but the output has only ${units} units — use ${num(y.max + 1)}`, `标签最大到类别 ${num(y.max)}，但输出只有 ${units} 个单元——应为 ${num(y.max + 1)}`, [], [{ en: `labels ${num(y.min ?? 0)}–${num(y.max)}`, zh: `标签 ${num(y.min ?? 0)}–${num(y.max)}` }]);
    }
  }
  return undefined;
}

function dropoutTooHigh(model: ModelSummary, history: History): Finding | undefined {
  const index = model.layers.findIndex((l) => /Dropout$/.test(l.className) && (l.rate ?? 0) >= THRESHOLDS.dropoutTooHigh);
  if (index < 0) return undefined;
  const layer = model.layers[index];
  const accuracy = accuracyOf(history);
  const valAccuracy = accuracy && history[`val_${accuracy.key}`];
  const runEvidence: Bilingual[] =
    accuracy && valAccuracy && valAccuracy.length === accuracy.values.length && accuracy.values.length > 0
      ? [{ en: `final ${accuracy.key} ${fixed(accuracy.values.at(-1)!, 3)}, val_${accuracy.key} ${fixed(valAccuracy.at(-1)!, 3)}`, zh: `最终 ${accuracy.key} ${fixed(accuracy.values.at(-1)!, 3)}，val_${accuracy.key} ${fixed(valAccuracy.at(-1)!, 3)}` }]
      : [];
  return {
    id: 'dropout-too-high',
    location: layerLocation(model, index),
    message: {
      en: `dropout too high: ${layer.name} drops ${pct(layer.rate!)} of its inputs in every step — the network can hardly learn; 0.2–0.5 is usual`,
      zh: `dropout 过高：${layer.name} 每一步丢弃 ${pct(layer.rate!)} 的输入——网络几乎学不到东西；常用 0.2–0.5`,
    },
    evidence: [{ en: `rate ${layer.rate}`, zh: `rate ${layer.rate}` }, ...runEvidence],
    fixes: ['lower-dropout'],
  };
}

// ---------------------------------------------------------------------------------------------------
// Run

function validationLeak(history: History, evidence: RunEvidence, model: ModelSummary | undefined, stopped: boolean): Finding | undefined {
  const loss = history.loss;
  const valLoss = history.val_loss;
  if (!loss || !valLoss || valLoss.length !== loss.length || loss.length < (stopped ? 5 : 3)) return undefined;
  const accuracy = accuracyOf(history);
  const valAccuracy = accuracy ? history[`val_${accuracy.key}`] : undefined;
  const first = Math.min(THRESHOLDS.leakFirstEpochs, loss.length);
  const overlap = evidence.validationOverlap;
  // Validation at or above training from the first epochs: val loss no higher than training loss (5 % slack).
  const atOrAbove = loss.every((l, e) => valLoss[e] <= l * 1.05) && (!valAccuracy || valAccuracy.every((v, e) => v >= accuracy!.values[e] - 0.005));
  if (overlap && overlap.sampled > 0 && overlap.inTraining / overlap.sampled >= THRESHOLDS.leakOverlap && atOrAbove) {
    const share = `${overlap.inTraining} of ${overlap.sampled}`;
    return {
      id: 'validation-leak',
      location: { kind: 'fit' },
      message: {
        en: `validation leak: ${share} sampled validation rows are also in the training data, and val_loss stayed at or below loss in every epoch (${fmtPair(valLoss, loss)}) — validation measures memory, not generalisation`,
        zh: `验证集泄漏：抽查的验证样本中 ${overlap.inTraining}/${overlap.sampled} 也在训练数据里，且每一轮 val_loss 都不高于 loss（${fmtPair(valLoss, loss)}）——验证集测的是记忆而不是泛化`,
      },
      evidence: [
        { en: `${share} validation rows found in the training data (${overlap.source})`, zh: `${overlap.inTraining}/${overlap.sampled} 个验证样本在训练数据中（${overlap.source}）` },
        { en: `val_loss ≤ loss from epoch 1`, zh: `从第 1 轮起 val_loss ≤ loss` },
      ],
      fixes: [],
    };
  }
  if (overlap || !accuracy || !valAccuracy || valAccuracy.length !== accuracy.values.length) return undefined;
  // Without the overlap check (data too large to sample, fitDataset): the accuracy pattern alone, and only with no
  // dropout in the model (dropout alone keeps training accuracy under validation).
  if (!model || model.layers.some((l) => /Dropout$/.test(l.className))) return undefined;
  const from = valAccuracy.findIndex((v) => v >= THRESHOLDS.leakNearPerfect);
  if (from < 0 || from >= first || !valAccuracy.slice(from).every((v) => v >= THRESHOLDS.leakNearPerfect)) return undefined;
  const trainEnd = accuracy.values[accuracy.values.length - 1];
  if (!(trainEnd <= valAccuracy[valAccuracy.length - 1] - THRESHOLDS.leakGap) || !atOrAbove) return undefined;
  return {
    id: 'validation-leak',
    location: { kind: 'fit' },
    message: {
      en: `validation leak? val_${accuracy.key} ${fixed(valAccuracy[from], 2)} > ${accuracy.key} ${fixed(accuracy.values[from], 2)} from epoch ${from + 1}, and training never catches up (${fixed(trainEnd, 2)} at the end) — check that validation rows are not training rows`,
      zh: `验证集可能泄漏：从第 ${from + 1} 轮起 val_${accuracy.key} ${fixed(valAccuracy[from], 2)} > ${accuracy.key} ${fixed(accuracy.values[from], 2)}，训练准确率始终赶不上（最后 ${fixed(trainEnd, 2)}）——检查验证样本是否也是训练样本`,
    },
    evidence: [{ en: `val acc ${fixed(valAccuracy[from], 2)} > train acc ${fixed(accuracy.values[from], 2)} from epoch ${from + 1}`, zh: `从第 ${from + 1} 轮起验证准确率 ${fixed(valAccuracy[from], 2)} > 训练准确率 ${fixed(accuracy.values[from], 2)}` }],
    fixes: [],
  };
}

/** At most one of divergence / lr-too-high / lr-too-low / overfitting / plateau / underfitting / stuck-accuracy. */
function historyFinding(history: History, evidence: RunEvidence, stopped: boolean, imbalanceFound: boolean): Finding | undefined {
  const d = diagnoseHistory(history, { stopped });
  if (!d) return undefined;
  switch (d.kind) {
    case 'divergence':
      return diverged(history, evidence, d);
    case 'plateau':
      return lrTooLow(history, evidence, stopped) ?? plateau(d, evidence);
    case 'stuck-accuracy':
      return imbalanceFound ? undefined : fromDiagnosis(d, 'stuck-accuracy');
    case 'overfitting': {
      // Early stopping on the validation loss stopped the rise it was given patience for: the fix is in place.
      const stop = evidence.earlyStopping;
      const rising = history.loss.length - 1 - d.epoch;
      if (stop && /^val_/.test(stop.monitor) && rising <= stop.patience + 1) return undefined;
      if (tooSmallToMemorize(evidence)) return undefined;
      return fromDiagnosis(d, 'overfitting');
    }
    default:
      return fromDiagnosis(d, d.kind);
  }
}

function tooSmallToMemorize(evidence: RunEvidence): boolean {
  const params = evidence.model?.trainableParams;
  const rows = evidence.data?.find((t) => t.role === 'x')?.shape[0];
  // Read from a notebook file: the count may be anything.
  return typeof params === 'number' && params > 0 && typeof rows === 'number' && rows >= params * THRESHOLDS.overfitMinRowsPerParam;
}

function fromDiagnosis(d: Diagnosis, id: FindingId): Finding {
  return { id, location: { kind: 'fit' }, message: d.summary, evidence: [d.summary], fixes: [...d.fixes], epoch: d.epoch };
}

function diverged(history: History, evidence: RunEvidence, d: Diagnosis): Finding {
  const lr = evidence.model?.learningRate;
  const replay = evidence.replay;
  const loss = history.loss;
  const lrText = lr !== undefined ? { en: ` with learning rate ${lr}`, zh: `（学习率 ${lr}）` } : { en: '', zh: '' };
  // The replay ran one batch from the weights before the loss went bad. NaN already in a layer or the loss means
  // an op is unsafe for these values (log of 0, a division); all finite means the weight updates blew up.
  if (replay?.firstBad && replay.firstBad !== 'gradients') {
    const where = replay.firstBad === 'input' ? { en: 'the input batch', zh: '输入批次' } : replay.firstBad === 'loss' ? { en: 'the loss', zh: '损失函数' } : { en: `layer ${replay.firstBad}`, zh: `层 ${replay.firstBad}` };
    const op = replay.op ? { en: ` (op ${replay.op})`, zh: `（算子 ${replay.op}）` } : { en: '', zh: '' };
    return {
      id: 'divergence',
      location: { kind: 'fit' },
      epoch: replay.epoch,
      message: {
        en: `divergence: loss became ${nonFinite(loss, replay.epoch)} at epoch ${replay.epoch + 1}; re-running one batch from the weights before it, ${where.en}${op.en} is the first step that produced NaN/Infinity from finite values`,
        zh: `发散：损失在第 ${replay.epoch + 1} 轮变成 ${nonFinite(loss, replay.epoch)}；用之前的权重重跑一个批次，第一个由有限值产生 NaN/Infinity 的是${where.zh}${op.zh}`,
      },
      evidence: [replayEvidence(replay)],
      fixes: replay.firstBad === 'loss' ? [] : ['lower-learning-rate'],
    };
  }
  const grew = d.summary;
  const replayNote = replay ? [replayEvidence(replay)] : [];
  return {
    id: lr !== undefined ? 'lr-too-high' : 'divergence',
    location: { kind: 'fit' },
    epoch: d.epoch,
    message: lr !== undefined
      ? {
          en: `learning rate too high: ${grew.en.replace(/^divergence: /, '')}${lrText.en}${replay ? ` — one batch re-run from the weights before it is finite through every layer and the loss${replay.gradientMaxAbs !== undefined ? ` (largest gradient ${num(replay.gradientMaxAbs)})` : ''}, so the updates blew up` : ''}; divide it by 10`,
          zh: `学习率太大：${grew.zh.replace(/^发散：/, '')}${lrText.zh}${replay ? `——用之前的权重重跑一个批次，各层和损失都是有限值${replay.gradientMaxAbs !== undefined ? `（最大梯度 ${num(replay.gradientMaxAbs)}）` : ''}，是权重更新爆炸了` : ''}；把它除以 10`,
        }
      : grew,
    evidence: [grew, ...(lr !== undefined ? [{ en: `learning rate ${lr}`, zh: `学习率 ${lr}` }] : []), ...replayNote],
    fixes: ['lower-learning-rate'],
  };
}

function lrTooLow(history: History, evidence: RunEvidence, stopped: boolean): Finding | undefined {
  const loss = history.loss;
  const g = evidence.gradient;
  const lr = evidence.model?.learningRate;
  const steps = evidence.batchesPerEpoch;
  if (!g || lr === undefined || !steps || loss.length < THRESHOLDS.lowLrMinEpochs * (stopped ? 2 : 1)) return undefined;
  const first = loss[0];
  const change = Math.abs(first - Math.min(...loss)) / Math.max(Math.abs(first), 1e-12);
  if (change >= THRESHOLDS.lowLrMaxChange) return undefined;
  if (g.params === 0 || g.l2 / Math.sqrt(g.params) <= THRESHOLDS.lowLrMinGradient) return undefined;
  // First-order estimate of how far the loss could move: per step lr·‖g‖² for SGD, about lr·‖g‖₁ for adaptive
  // optimisers (their steps are ~lr per parameter whatever the gradient's size).
  const adaptive = evidence.model?.optimizer !== undefined && !/^(SGD|sgd|Momentum|momentum)/.test(evidence.model.optimizer);
  const perStep = adaptive ? lr * g.l1 : lr * g.l2 * g.l2;
  const predicted = (perStep * steps * loss.length) / Math.max(Math.abs(g.loss), 1e-12);
  if (predicted >= THRESHOLDS.lowLrMaxPredicted) return undefined;
  return {
    id: 'lr-too-low',
    location: { kind: 'fit' },
    epoch: 0,
    message: {
      en: `learning rate too low: loss moved ${pct(change)} in ${loss.length} epochs (${num(first)} → ${num(loss[loss.length - 1])}) while the gradient is not zero (‖g‖ ${num(g.l2)}); with learning rate ${lr} the steps can move it only ~${pct(predicted)} — multiply it by 10`,
      zh: `学习率太小：${loss.length} 轮中损失只变化了 ${pct(change)}（${num(first)} → ${num(loss[loss.length - 1])}），而梯度并不为零（‖g‖ ${num(g.l2)}）；学习率 ${lr} 的步长最多只能让它变化约 ${pct(predicted)}——把它乘以 10`,
    },
    evidence: [
      { en: `loss ${num(first)} → ${num(loss[loss.length - 1])} over ${loss.length} epochs`, zh: `损失 ${num(first)} → ${num(loss[loss.length - 1])}，共 ${loss.length} 轮` },
      { en: `gradient norm ${num(g.l2)} over ${g.params} parameters`, zh: `梯度范数 ${num(g.l2)}（${g.params} 个参数）` },
      { en: `learning rate ${lr}`, zh: `学习率 ${lr}` },
    ],
    fixes: ['raise-learning-rate'],
  };
}

function plateau(d: Diagnosis, evidence: RunEvidence): Finding {
  const g = evidence.gradient;
  const zero = g && g.params > 0 && g.l2 / Math.sqrt(g.params) <= THRESHOLDS.lowLrMinGradient;
  const extra: Bilingual[] = g ? [{ en: `gradient norm ${num(g.l2)}${zero ? ' (zero: dead or saturated units)' : ''}`, zh: `梯度范数 ${num(g.l2)}${zero ? '（为零：神经元死亡或饱和）' : ''}` }] : [];
  return { ...fromDiagnosis(d, 'plateau'), evidence: [d.summary, ...extra] };
}

// ---------------------------------------------------------------------------------------------------
// Helpers

function layerLocation(model: ModelSummary, index: number): FindingLocation {
  const layer = model.layers[index];
  const rankInClass = model.layers.slice(0, index).filter((l) => l.className === layer.className).length;
  return { kind: 'layer', index, className: layer.className, name: layer.name, rankInClass };
}

type LossKind = 'categorical' | 'sparse' | 'binary' | 'regression';

function lossKind(loss: string | undefined): LossKind | undefined {
  const key = loss?.replace(/_/g, '').toLowerCase();
  if (key === 'categoricalcrossentropy') return 'categorical';
  if (key === 'sparsecategoricalcrossentropy') return 'sparse';
  if (key === 'binarycrossentropy') return 'binary';
  if (key && /^(meansquarederror|meanabsoluteerror|mse|mae|huberloss|logcosh|meanabsolutepercentageerror|meansquaredlogarithmicerror)$/.test(key)) return 'regression';
  return undefined;
}

function labelWidth(t: TensorSummary): number {
  return t.shape.length >= 2 ? t.shape[t.shape.length - 1] : 1;
}

function accuracyOf(history: History): { key: string; values: number[] } | undefined {
  for (const key of ACCURACY_KEYS) if (history[key]?.length) return { key, values: history[key] };
  return undefined;
}

function tensorLabel(t: TensorSummary): string {
  const role = { x: 'x', y: 'y', 'val-x': 'validation x', 'val-y': 'validation y' }[t.role];
  return t.name ? `${role} '${t.name}'` : role;
}

function replayEvidence(r: NanReplay): Bilingual {
  const path = r.steps.map((s) => `${s.step} ${s.finite ? '✓' : '✗'}`).join(' → ');
  return { en: `one batch re-run from the start of epoch ${r.epoch + 1}: ${path}${r.op ? ` (first NaN from op ${r.op})` : ''}`, zh: `从第 ${r.epoch + 1} 轮开始时的权重重跑一个批次：${path}${r.op ? `（第一个 NaN 来自算子 ${r.op}）` : ''}` };
}

function nonFinite(loss: number[], epoch: number): string {
  const v = loss[epoch];
  return Number.isNaN(v) ? 'NaN' : !Number.isFinite(v) ? 'Infinity' : num(v);
}

function fmtPair(a: number[], b: number[]): string {
  return `${num(a[a.length - 1])} vs ${num(b[b.length - 1])} at the end`;
}

/** A number short enough for a one-line message: 255, 0.5, 1.2e-5, 3.4e+12. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e5 || abs < 1e-3) return value.toExponential(1);
  return Number(value.toPrecision(4)).toString();
}

function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

function pct(value: number): string {
  const p = value * 100;
  return `${p < 1 && p > 0 ? p.toPrecision(1) : p.toFixed(p >= 10 ? 0 : 1)} %`;
}

/** Evidence as read back from JSON (a saved notebook): anything malformed is dropped, never trusted. */
export function readRunEvidence(raw: unknown): RunEvidence | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const e = raw as Record<string, unknown>;
  const out: RunEvidence = {};
  if (isModelSummary(e.model)) out.model = e.model;
  if (Array.isArray(e.data)) out.data = e.data.filter(isTensorSummary).map(finiteStats);
  const overlap = e.validationOverlap as RunEvidence['validationOverlap'];
  if (overlap && typeof overlap.sampled === 'number' && typeof overlap.inTraining === 'number' && (overlap.source === 'validationSplit' || overlap.source === 'validationData')) out.validationOverlap = overlap;
  const replay = e.replay as NanReplay | undefined;
  if (replay && typeof replay.epoch === 'number' && Array.isArray(replay.steps) && replay.steps.every((s) => typeof s?.step === 'string' && typeof s.finite === 'boolean')) out.replay = replay;
  const g = e.gradient as GradientProbe | undefined;
  if (g && [g.l2, g.l1, g.params, g.loss].every((v) => typeof v === 'number' && Number.isFinite(v))) out.gradient = g;
  if (typeof e.batchesPerEpoch === 'number') out.batchesPerEpoch = e.batchesPerEpoch;
  const stop = e.earlyStopping as RunEvidence['earlyStopping'];
  if (stop && typeof stop.monitor === 'string' && typeof stop.patience === 'number') out.earlyStopping = stop;
  if (typeof e.fitError === 'string') out.fitError = e.fitError;
  return out;
}

function isModelSummary(v: unknown): v is ModelSummary {
  const m = v as ModelSummary | undefined;
  return !!m && Array.isArray(m.layers) && m.layers.every((l) => typeof l?.name === 'string' && typeof l.className === 'string' && Array.isArray(l.inbound)) && Array.isArray(m.losses) && Array.isArray(m.outputLayers) && Array.isArray(m.outputUnits);
}

function isTensorSummary(v: unknown): v is TensorSummary {
  const t = v as TensorSummary | undefined;
  return !!t && typeof t.role === 'string' && Array.isArray(t.shape) && typeof t.count === 'number' && typeof t.nan === 'number' && typeof t.inf === 'number';
}

/** Statistics are over finite values; a non-number (or NaN by name) there reads as "unknown". */
function finiteStats(t: TensorSummary): TensorSummary {
  const f = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return { ...t, min: f(t.min), max: f(t.max), mean: f(t.mean), std: f(t.std) };
}
