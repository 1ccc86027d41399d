/**
 * nbformat 4 output shapes (the same ones Jupyter writes), plus mlnb's own mime types.
 * Text values are plain strings in memory; the notebook writer splits them into line arrays.
 */

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
