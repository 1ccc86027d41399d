/**
 * Diagnoses a real training history (per-epoch metrics, as `model.fit` returns them) and names at most
 * one problem, with the numbers that show it: divergence, overfitting, accuracy stuck at a constant
 * rate, a plateau from the start, or underfitting. Pure and deterministic; the editor shows the result.
 */
import type { Bilingual } from './i18n';

export type DiagnosisKind = 'divergence' | 'overfitting' | 'stuck-accuracy' | 'plateau' | 'underfitting';

export interface Diagnosis {
  kind: DiagnosisKind;
  /** One line for an inline note, with the evidence, e.g. "overfitting: val_loss rose for 6 epochs while loss fell". */
  summary: Bilingual;
  /** The 0-based epoch where the problem shows (e.g. where validation loss was lowest). */
  epoch: number;
  /** Edits that are safe to offer as Quick Fixes. */
  fixes: ('add-dropout' | 'add-early-stopping' | 'lower-learning-rate')[];
}

export type History = Record<string, number[]>;

/** Tunables, named so the rules read as sentences. */
const RULES = {
  /** Validation loss must rise for at least this many epochs after its best… */
  overfitRisingEpochs: 3,
  /** …and end at least this much above its best, while training loss keeps falling… */
  overfitMinRise: 0.1,
  /**
   * …and end at least this many times the training loss. Without a gap between the two, a "rise" is
   * noise around a floor both have reached; sane runs measured here end at 0.84–1.44×, overfit ones at 2.3–8×.
   */
  overfitMinGap: 1.5,
  /** Divergence: final loss this many times the first, or not finite. */
  divergenceGrowth: 1.5,
  /** Plateau: loss changed less than this fraction over the whole run. */
  plateauMaxChange: 0.01,
  /** Underfitting: loss fell less than this fraction, and the last third is flat. */
  underfitMaxImprovement: 0.2,
  /** Accuracy "stuck": it moved less than this over the run. */
  stuckAccuracyRange: 0.005,
  minEpochs: 5,
};

/**
 * A run the user stopped (or that was interrupted) ended wherever it happened to be, often in a wobble: it
 * needs more epochs, a larger rise, and a rise that is still going on at the end (the later half of the epochs
 * since the best above the earlier half), so a step up followed by noise is no alarm. An interrupted 32-epoch
 * run of examples/overfitting.mlnb was once called overfitting on a 17 % wobble.
 */
const STOPPED_RULES = {
  minEpochs: 10,
  overfitRisingEpochs: 6,
  overfitMinRise: 0.25,
  /** Mean of the later half of the epochs after the best over the earlier half's. */
  overfitStillRising: 1.05,
};

export interface DiagnosisOptions {
  /** The run did not end by itself: it was stopped or interrupted (a training view's status 'stopped'). */
  stopped?: boolean;
}

export function diagnoseHistory(history: History, options: DiagnosisOptions = {}): Diagnosis | undefined {
  const loss = history.loss;
  if (!loss || loss.length === 0) return undefined;
  const minEpochs = options.stopped ? STOPPED_RULES.minEpochs : RULES.minEpochs;
  return divergence(loss) ?? (loss.length < minEpochs ? undefined : overfitting(history, options.stopped ?? false) ?? stuckAccuracy(history) ?? plateau(loss) ?? underfitting(history));
}

function divergence(loss: number[]): Diagnosis | undefined {
  const firstBad = loss.findIndex((v) => !Number.isFinite(v));
  if (firstBad >= 0) {
    const what = Number.isNaN(loss[firstBad]) ? 'NaN' : 'Infinity';
    return {
      kind: 'divergence',
      epoch: firstBad,
      summary: {
        en: `divergence: loss became ${what} at epoch ${firstBad + 1}`,
        zh: `发散：损失在第 ${firstBad + 1} 轮变成 ${what}`,
      },
      fixes: ['lower-learning-rate'],
    };
  }
  const first = loss[0];
  const last = loss[loss.length - 1];
  const growing = loss.length >= 3 && last > loss[loss.length - 2] && loss[loss.length - 2] > loss[loss.length - 3];
  if (loss.length >= 3 && first > 0 && last > first * RULES.divergenceGrowth && growing) {
    return {
      kind: 'divergence',
      epoch: loss.length - 1,
      summary: {
        en: `divergence: loss grew from ${fmt(first)} to ${fmt(last)}`,
        zh: `发散：损失从 ${fmt(first)} 增长到 ${fmt(last)}`,
      },
      fixes: ['lower-learning-rate'],
    };
  }
  return undefined;
}

function overfitting(history: History, stopped: boolean): Diagnosis | undefined {
  const loss = history.loss;
  const valLoss = history.val_loss;
  if (!valLoss || valLoss.length !== loss.length) return undefined;
  // Judge the trend on a moving average, so one noisy epoch is no alarm.
  const window = Math.max(3, Math.round(valLoss.length / 10));
  const smooth = movingAverage(valLoss, window);
  const smoothBest = argMin(smooth);
  // Report the actual best epoch near the smoothed minimum.
  const from = Math.max(0, smoothBest - Math.floor(window / 2));
  const best = from + argMin(valLoss.slice(from, smoothBest + Math.floor(window / 2) + 1));
  const end = valLoss.length - 1;
  const risingEpochs = end - best;
  const minRise = stopped ? STOPPED_RULES.overfitMinRise : RULES.overfitMinRise;
  // The smoothed curves must show the rise and the gap, and so must the numbers the hint quotes: a spike in the last
  // epochs lifts the average while the last value is back near the best ("rose from 0.0738 to 0.0797 while loss fell
  // to 0.0617" was once called overfitting).
  const rose = smooth[end] > smooth[smoothBest] * (1 + minRise) && valLoss[end] > valLoss[best] * (1 + minRise / 2);
  const trainKeptFalling = loss[end] < loss[best];
  const gap = smooth[end] >= movingAverage(loss, window)[end] * RULES.overfitMinGap && valLoss[end] >= loss[end] * RULES.overfitMinGap;
  const longEnough = risingEpochs >= (stopped ? STOPPED_RULES.overfitRisingEpochs : RULES.overfitRisingEpochs);
  if (longEnough && rose && trainKeptFalling && gap && (!stopped || stillRising(valLoss.slice(best + 1)))) {
    return {
      kind: 'overfitting',
      epoch: best,
      summary: {
        en: `overfitting: val_loss rose for ${risingEpochs} epochs (from ${fmt(valLoss[best])} to ${fmt(valLoss[end])}) while loss fell to ${fmt(loss[end])}`,
        zh: `过拟合：验证损失连续 ${risingEpochs} 轮上升（${fmt(valLoss[best])} → ${fmt(valLoss[end])}），训练损失却降到 ${fmt(loss[end])}`,
      },
      fixes: ['add-early-stopping', 'add-dropout'],
    };
  }
  return undefined;
}

function stuckAccuracy(history: History): Diagnosis | undefined {
  const accuracy = history.acc ?? history.accuracy;
  if (!accuracy || accuracy.length < RULES.minEpochs) return undefined;
  const range = Math.max(...accuracy) - Math.min(...accuracy);
  if (range >= RULES.stuckAccuracyRange) return undefined;
  const rate = accuracy[accuracy.length - 1];
  return {
    kind: 'stuck-accuracy',
    epoch: 0,
    summary: {
      en: `accuracy stuck at ${pct(rate)} for ${accuracy.length} epochs — the model may predict one class (class imbalance) or not learn`,
      zh: `准确率在 ${accuracy.length} 轮中一直停在 ${pct(rate)}：模型可能总是预测同一类（类别不平衡）或根本没在学习`,
    },
    fixes: [],
  };
}

function plateau(loss: number[]): Diagnosis | undefined {
  const first = loss[0];
  const change = Math.abs(first - Math.min(...loss)) / Math.max(Math.abs(first), 1e-12);
  if (change >= RULES.plateauMaxChange) return undefined;
  return {
    kind: 'plateau',
    epoch: 0,
    summary: {
      en: `plateau from the start: loss stayed at ${fmt(first)} for ${loss.length} epochs (learning rate too low, dead ReLUs, or a loss that does not fit the labels)`,
      zh: `一开始就停滞：损失 ${loss.length} 轮都停在 ${fmt(first)}（学习率太小、ReLU 死亡，或损失函数与标签不匹配）`,
    },
    fixes: [],
  };
}

function underfitting(history: History): Diagnosis | undefined {
  const loss = history.loss;
  const first = loss[0];
  const last = loss[loss.length - 1];
  const improvement = (first - last) / Math.max(Math.abs(first), 1e-12);
  const lastThird = loss.slice(Math.floor((loss.length * 2) / 3));
  const flatAtEnd = (lastThird[0] - lastThird[lastThird.length - 1]) / Math.max(Math.abs(lastThird[0]), 1e-12) < 0.02;
  const valLoss = history.val_loss;
  const valAlsoHigh = !valLoss || valLoss[valLoss.length - 1] >= last * 0.9;
  if (improvement >= RULES.underfitMaxImprovement || !flatAtEnd || !valAlsoHigh) return undefined;
  return {
    kind: 'underfitting',
    epoch: loss.length - 1,
    summary: {
      en: `underfitting: loss only fell ${pct(improvement)} (to ${fmt(last)}) and has flattened${valLoss ? ', validation loss is as high' : ''}`,
      zh: `欠拟合：损失只下降了 ${pct(improvement)}（到 ${fmt(last)}）且已趋于平缓${valLoss ? '，验证损失同样很高' : ''}`,
    },
    fixes: [],
  };
}

/** The later half of these values is clearly above the earlier half. */
function stillRising(values: number[]): boolean {
  const half = Math.floor(values.length / 2);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return half > 0 && mean(values.slice(values.length - half)) > mean(values.slice(0, half)) * STOPPED_RULES.overfitStillRising;
}

/** Centred moving average over `window` epochs (fewer at the ends). */
function movingAverage(values: number[], window: number): number[] {
  const half = Math.floor(window / 2);
  return values.map((_, i) => {
    const slice = values.slice(Math.max(0, i - half), Math.min(values.length, i + half + 1));
    return slice.reduce((a, b) => a + b, 0) / slice.length;
  });
}

function argMin(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
  return best;
}

function fmt(value: number): string {
  return Math.abs(value) >= 1000 || (Math.abs(value) < 0.001 && value !== 0) ? value.toExponential(2) : value.toFixed(4);
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
