/**
 * Turns values into mime bundles: tensors, models, charts, images, markdown and plain values.
 * Every bundle carries text/plain so a terminal (`mlnb run`) and Jupyter can show it too.
 */
import { inspect } from 'node:util';
import { encode as encodePng } from 'fast-png';
import { MIME, type ChartView, type MimeBundle, type ModelSummaryView, type TensorView } from '../core/outputs';
import type { TfModule } from './tfLoader';

type Tensor = import('@tensorflow/tfjs').Tensor;
type LayersModel = import('@tensorflow/tfjs').LayersModel;

// Enough for a 28×28×3 image preview in the renderer; text/plain stays short on its own.
const MAX_TENSOR_VALUES = 4096;

export class RichOutput {
  constructor(private readonly tf: () => TfModule | undefined) {}

  isTensor(value: unknown): value is Tensor {
    const tf = this.tf();
    return !!tf && value instanceof tf.Tensor;
  }

  isModel(value: unknown): value is LayersModel {
    const tf = this.tf();
    return !!tf && value instanceof tf.LayersModel;
  }

  /** The bundle for a REPL value (strings quoted, as a REPL does) or for `display(value)` (strings as-is). */
  bundle(value: unknown, as: 'repl' | 'display' = 'display'): MimeBundle {
    if (this.isTensor(value)) return this.tensorBundle(value);
    if (this.isModel(value)) return this.modelBundle(value);
    if (typeof value === 'string' && as === 'display') return { 'text/plain': value };
    return { 'text/plain': inspect(value, { depth: 4, colors: false, maxArrayLength: 100, breakLength: 100 }) };
  }

  tensorBundle(tensor: Tensor): MimeBundle {
    if (tensor.isDisposed) return { 'text/plain': `Tensor (disposed) ${tensor.dtype} [${tensor.shape.join(',')}]` };
    return { [MIME.tensor]: tensorView(tensor), 'text/plain': tensor.toString(true) };
  }

  modelBundle(model: LayersModel): MimeBundle {
    const lines: string[] = [];
    let summary: ModelSummaryView | undefined;
    try {
      model.summary(undefined, undefined, (line?: unknown) => lines.push(String(line ?? '')));
      summary = modelSummaryView(model);
    } catch (error) {
      // An unbuilt model has no shapes yet; say so instead of failing the cell.
      return { 'text/plain': `${model.getClassName()} '${model.name}' (not built yet: ${(error as Error).message})` };
    }
    return { [MIME.modelSummary]: summary, 'text/plain': lines.join('\n') };
  }

  chartBundle(spec: ChartView): MimeBundle {
    const seriesText = spec.series.map((s) => `${s.name} (${s.y.length} points)`).join(', ');
    return { [MIME.chart]: spec, 'text/plain': `${spec.kind} chart${spec.title ? ` "${spec.title}"` : ''}: ${seriesText}` };
  }

  /** An image from a PNG byte array, or from a tensor of shape [h, w], [h, w, 1|3|4]. */
  imageBundle(image: Tensor | Uint8Array): MimeBundle {
    const png = image instanceof Uint8Array ? image : this.tensorToPng(image);
    if (!isPng(png)) throw new TypeError('display.image expects PNG bytes or a tensor of shape [h, w] or [h, w, 1|3|4]');
    return { 'image/png': Buffer.from(png).toString('base64'), 'text/plain': `<image ${png.length} bytes>` };
  }

  private tensorToPng(tensor: Tensor): Uint8Array {
    const shape = tensor.shape;
    const channels = shape.length === 2 ? 1 : shape[2];
    if ((shape.length !== 2 && shape.length !== 3) || ![1, 3, 4].includes(channels ?? 0)) {
      throw new TypeError(`display.image expects a tensor of shape [h, w] or [h, w, 1|3|4], got [${shape.join(', ')}]`);
    }
    const values = tensor.dataSync() as ArrayLike<number>;
    let max = 0;
    for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
    const scale = max <= 1 ? 255 : 1; // floats in [0, 1] or bytes in [0, 255]
    const data = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(values[i] * scale)));
    return encodePng({ width: shape[1], height: shape[0], data, channels: channels as 1 | 3 | 4, depth: 8 });
  }
}

function isPng(bytes: Uint8Array): boolean {
  return bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
}

export function tensorView(tensor: Tensor, maxValues = MAX_TENSOR_VALUES): TensorView {
  const data = tensor.dataSync() as ArrayLike<number> | string[];
  const bytesPerElement = tensor.dtype === 'string' ? 0 : tensor.dtype === 'complex64' ? 8 : 4;
  const view: TensorView = {
    dtype: tensor.dtype,
    shape: [...tensor.shape],
    size: tensor.size,
    bytes: tensor.size * bytesPerElement,
    values: [],
    truncated: tensor.size > maxValues,
  };
  if (tensor.dtype === 'string') {
    view.values = Array.from(data as string[]).slice(0, maxValues).map(String);
    return view;
  }
  const numbers = data as ArrayLike<number>;
  const values: number[] = [];
  let min = Infinity, max = -Infinity, sum = 0, finite = 0, nan = 0, inf = 0;
  for (let i = 0; i < numbers.length; i++) {
    const v = Number(numbers[i]);
    if (i < maxValues) values.push(v);
    if (Number.isNaN(v)) nan++;
    else if (!Number.isFinite(v)) inf++;
    else {
      finite++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  view.values = values;
  view.stats = finite > 0 ? { min, max, mean: sum / finite, nan, inf } : { min: NaN, max: NaN, mean: NaN, nan, inf };
  return view;
}

export function modelSummaryView(model: LayersModel): ModelSummaryView {
  const layers = model.layers.map((layer) => {
    let outputShape: string;
    try {
      outputShape = JSON.stringify(layer.outputShape).replace(/null/g, 'None');
    } catch {
      outputShape = 'multiple';
    }
    return { name: layer.name, type: layer.getClassName(), outputShape, params: layer.countParams() };
  });
  const count = (weights: { shape: (number | null)[] }[]) => weights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 0), 1), 0);
  const trainableParams = count(model.trainableWeights);
  const nonTrainableParams = count(model.nonTrainableWeights);
  return {
    name: model.name,
    layers,
    totalParams: trainableParams + nonTrainableParams,
    trainableParams,
    nonTrainableParams,
  };
}
