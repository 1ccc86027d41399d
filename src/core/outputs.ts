/**
 * nbformat 4 output shapes (the same ones Jupyter writes), plus mlnb's own mime types.
 * Text values are plain strings in memory; the notebook writer splits them into line arrays.
 */
import { readRunEvidence } from './runDiagnosis';

/** A mime bundle: mime type → value (string for text-like types, JSON for `+json` types). */
export type MimeBundle = Record<string, unknown>;

export interface StreamOutput {
  output_type: 'stream';
  name: 'stdout' | 'stderr';
  text: string;
}
export interface DisplayDataOutput {
  output_type: 'display_data';
  data: MimeBundle;
  metadata: Record<string, unknown>;
  /** Jupyter keeps display ids in `transient`, which is never saved. */
  transient?: { display_id?: string };
}
export interface ExecuteResultOutput {
  output_type: 'execute_result';
  data: MimeBundle;
  metadata: Record<string, unknown>;
  execution_count: number | null;
}
export interface ErrorOutput {
  output_type: 'error';
  ename: string;
  evalue: string;
  traceback: string[];
}
export type NbOutput = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

/** mlnb's custom mime types; every one has a text/plain sibling in the same bundle. */
export const MIME = {
  tensor: 'application/vnd.mlnb.tensor+json',
  modelSummary: 'application/vnd.mlnb.model-summary+json',
  training: 'application/vnd.mlnb.training+json',
  chart: 'application/vnd.mlnb.chart+json',
} as const;

export interface TensorView {
  dtype: string;
  shape: number[];
  size: number;
  bytes: number;
  /** Values flattened, at most `maxValues` of them. */
  values: number[] | string[];
  truncated: boolean;
  stats?: { min: number; max: number; mean: number; nan: number; inf: number };
}

export interface ModelSummaryView {
  name: string;
  layers: { name: string; type: string; outputShape: string; params: number }[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
}

/** Live and final state of one `fit` / `fitDataset` call. */
export interface TrainingView {
  status: 'running' | 'done' | 'stopped' | 'failed';
  epochs: number;
  /** 0-based index of the epoch in progress (or the last one finished). */
  epoch: number;
  batch: number;
  batchesPerEpoch: number | null;
  elapsedMs: number;
  /** Per finished epoch: metric name → values, e.g. { loss: [...], val_loss: [...] }. */
  history: Record<string, number[]>;
  /** Latest batch-level metrics of the epoch in progress. */
  batchLogs: Record<string, number>;
  /** What the kernel gathered for the run's hints (src/core/runDiagnosis.ts); absent in older notebooks. */
  evidence?: import('./runDiagnosis').RunEvidence;
}

export interface ChartSeries {
  name: string;
  x?: number[];
  y: number[];
}
export interface ChartView {
  kind: 'line' | 'scatter' | 'bar';
  title?: string;
  xLabel?: string;
  yLabel?: string;
  series: ChartSeries[];
}

// ---------------------------------------------------------------------------------------------------
// Non-finite numbers

/**
 * JSON has no NaN or ±Infinity: JSON.stringify writes null (losing which one it was) and a strict writer
 * refuses them. A diverged `fit` (loss NaN) is the most common training failure, so mlnb's outputs carry
 * them as the strings "NaN", "Infinity" and "-Infinity" — from the kernel, through the editor, on disk —
 * and readers of numeric fields turn them back with `fromJsonNumber`.
 */
export type NonFiniteName = 'NaN' | 'Infinity' | '-Infinity';
export type JsonNumber = number | NonFiniteName;

export function toJsonNumber(n: number): JsonNumber {
  return Number.isFinite(n) ? n : (String(n) as NonFiniteName);
}

/** A number, or NaN/±Infinity from their names; undefined for anything else. */
export function fromJsonNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return undefined;
}

/**
 * The plain JSON data of an output value, exactly as it will be saved: non-finite numbers by name, BigInts
 * as decimal strings, everything else as JSON.stringify has it (toJSON, undefined dropped from objects).
 * A cycle throws, as JSON.stringify does.
 */
export function toJsonData(value: unknown): unknown {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' ? toJsonNumber(v) : typeof v === 'bigint' ? v.toString() : v));
  return text === undefined ? null : JSON.parse(text);
}

/** A training view as read from JSON (an output saved on disk or passed through the editor). */
export function readTrainingView(raw: unknown): TrainingView | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const view = raw as Record<string, unknown>;
  if (typeof view.status !== 'string' || typeof view.history !== 'object' || view.history === null) return undefined;
  const numbers = (values: unknown): number[] => (Array.isArray(values) ? values.map((v) => fromJsonNumber(v) ?? NaN) : []);
  const history: Record<string, number[]> = {};
  for (const [name, values] of Object.entries(view.history)) history[name] = numbers(values);
  const batchLogs: Record<string, number> = {};
  if (typeof view.batchLogs === 'object' && view.batchLogs !== null) {
    for (const [name, value] of Object.entries(view.batchLogs)) batchLogs[name] = fromJsonNumber(value) ?? NaN;
  }
  const evidence = readRunEvidence(view.evidence);
  return { ...(view as unknown as TrainingView), history, batchLogs, evidence };
}
