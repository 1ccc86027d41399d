/**
 * The tensor card: dtype, shape, size, bytes, stats (NaN / Inf highlighted), the first values as
 * nested rows, a heatmap for 2-D tensors and an image for [h, w, 1|3|4] tensors.
 */
import type { TensorView } from '../../core/outputs';
import { append, h, type Child } from '../dom';
import { bytes, compact, shapeText, thousands, valueFormatter } from './format';
import { readTheme, rgba, type Theme } from './theme';
import { arr, isObject, num, numOrNull, str, type View } from './view';

interface Tensor {
  dtype: string;
  shape: number[];
  size: number;
  bytes: number;
  isString: boolean;
  numbers: (number | null)[];
  strings: string[];
  count: number;
  truncated: boolean;
  stats?: { min: number | null; max: number | null; mean: number | null; nan: number; inf: number };
}

function normalize(raw: unknown): Tensor {
  const o = (isObject(raw) ? raw : {}) as Partial<Record<keyof TensorView, unknown>>;
  const dtype = str(o.dtype, 'float32');
  const shape = arr(o.shape).map((d) => Math.max(0, Math.floor(num(d, 0))));
  const isString = dtype === 'string';
  const values = arr(o.values);
  const s = isObject(o.stats) ? o.stats : undefined;
  return {
    dtype,
    shape,
    size: num(o.size, shape.reduce((a, b) => a * b, 1)),
    bytes: num(o.bytes, -1),
    isString,
    numbers: isString ? [] : values.map(numOrNull),
    strings: isString ? values.map((v) => str(v)) : [],
    count: values.length,
    truncated: o.truncated === true || values.length < num(o.size, values.length),
    stats: s && { min: numOrNull(s.min), max: numOrNull(s.max), mean: numOrNull(s.mean), nan: num(s.nan), inf: num(s.inf) },
  };
}

const MAX_COLS = 8;
const MAX_ROWS = 8;
const MAX_1D = 12;
const MAX_SLICES = 3;
const MAX_STRING = 40;

export class TensorRenderer implements View {
  readonly root: HTMLDivElement;

  constructor(parent: HTMLElement, value: unknown) {
    this.root = h('div', 'mlnb-r mlnb-card mlnb-tensor');
    parent.appendChild(this.root);
    this.update(value);
  }

  private value: unknown;

  update(value: unknown): void {
    this.value = value;
    const t = normalize(value);
    const theme = readTheme(this.root);
    const visual = visualFor(t, theme);
    this.root.replaceChildren();
    append(this.root, [
      h(
        'div',
        'mlnb-head',
        h('span', { class: 'mlnb-kind', text: 'Tensor' }),
        h('span', { class: 'mlnb-badge', text: t.dtype }),
        h('span', { class: 'mlnb-shape', text: shapeText(t.shape) }),
        h('span', 'mlnb-spacer'),
        h('span', { class: 'mlnb-muted', text: `${thousands(t.size)} ${t.size === 1 ? 'value' : 'values'}${t.bytes > 0 ? ` · ${bytes(t.bytes)}` : ''}` }),
      ),
      statsRow(t),
      h('div', 'mlnb-tensor-body', h('div', 'mlnb-values', valuesPreview(t)), visual),
    ]);
  }

  retheme(): void {
    this.update(this.value);
  }

  dispose(): void {
    this.root.remove();
  }
}

function stat(label: string, value: string, bad = false, title?: string): HTMLElement {
  return h(
    'div',
    { class: bad ? 'mlnb-stat is-bad' : 'mlnb-stat', title },
    h('span', { class: 'mlnb-stat-label', text: label }),
    h('span', { class: 'mlnb-stat-value', text: value }),
  );
}

function statsRow(t: Tensor): HTMLElement | null {
  if (!t.stats) return t.isString ? h('div', { class: 'mlnb-note', text: 'String tensor: no numeric statistics.' }) : null;
  const { min, max, mean, nan, inf } = t.stats;
  const noFinite = min === null && max === null;
  return h(
    'div',
    'mlnb-stats',
    stat('min', noFinite ? '—' : compact(min)),
    stat('max', noFinite ? '—' : compact(max)),
    stat('mean', noFinite ? '—' : compact(mean)),
    stat('NaN', thousands(nan), nan > 0, nan > 0 ? `${thousands(nan)} NaN values` : undefined),
    stat('Inf', thousands(inf), inf > 0, inf > 0 ? `${thousands(inf)} infinite values` : undefined),
  );
}

// ---------------------------------------------------------------- values

function valuesPreview(t: Tensor): HTMLElement {
  if (t.count === 0) return h('div', { class: 'mlnb-note', text: t.size === 0 ? 'Empty tensor.' : 'No values were sent.' });
  const fmt = cellFormatter(t);
  // Trailing dims of 1 ([28, 28, 1]) don't change the flat order: preview them as the matrix they are.
  const shape = [...t.shape];
  let trailing = 0;
  while (shape.length > 2 && shape[shape.length - 1] === 1) {
    shape.pop();
    trailing++;
  }
  const rank = shape.length;
  if (rank === 0) return h('div', { class: 'mlnb-scalar', text: fmt(0) });
  if (rank === 1) return matrix([row(t, 0, shape[0], fmt, MAX_1D)]);
  const cols = shape[rank - 1];
  const rows = shape[rank - 2];
  const perSlice = rows * cols;
  const slices = perSlice > 0 ? Math.floor(t.size / perSlice) : 0;
  const blocks: Child[] = [];
  const shownSlices = Math.min(slices, rank === 2 ? 1 : MAX_SLICES);
  for (let s = 0; s < shownSlices; s++) {
    const start = s * perSlice;
    if (start >= t.count) break;
    const lines: HTMLElement[] = [];
    const maxRows = rank === 2 || slices === 1 ? MAX_ROWS : 4;
    let r = 0;
    for (; r < Math.min(rows, maxRows); r++) {
      if (start + r * cols >= t.count) break;
      lines.push(row(t, start + r * cols, cols, fmt, MAX_COLS));
    }
    if (r < rows) lines.push(more(rows - r, 'row', start + r * cols >= t.count));
    if (rank > 2 || trailing) blocks.push(h('div', { class: 'mlnb-slice-label', text: sliceLabel(shape, s, trailing) }));
    blocks.push(matrix(lines));
  }
  if (slices > shownSlices) blocks.push(h('div', { class: 'mlnb-more', text: `… ${thousands(slices - shownSlices)} more ${rank === 3 ? 'matrices' : 'slices'}` }));
  return h('div', 'mlnb-blocks', ...blocks);
}

/** Index of slice s over the leading dimensions: [1, 0, :, :]. */
function sliceLabel(shape: number[], s: number, trailing: number): string {
  const lead = shape.slice(0, -2);
  const idx: number[] = [];
  for (let i = lead.length - 1; i >= 0; i--) {
    idx.unshift(s % lead[i]);
    s = Math.floor(s / lead[i]);
  }
  return `[${[...idx, ':', ':', ...new Array<number>(trailing).fill(0)].join(', ')}]`;
}

function cellFormatter(t: Tensor): (i: number) => string {
  if (t.isString) {
    return (i) => {
      const s = JSON.stringify(t.strings[i] ?? '');
      return s.length > MAX_STRING ? `${s.slice(0, MAX_STRING - 2)}…"` : s;
    };
  }
  const fmt = valueFormatter(t.numbers.slice(0, 2000), t.dtype);
  // JSON turns NaN and ±Infinity into null; name them from the counts when we can.
  const nullText = t.stats && t.stats.nan === 0 && t.stats.inf > 0 ? '±∞' : t.stats && t.stats.nan > 0 && t.stats.inf > 0 ? 'NaN/∞' : 'NaN';
  return (i) => {
    const v = t.numbers[i];
    return v === null || v === undefined ? nullText : fmt(v);
  };
}

function row(t: Tensor, start: number, length: number, fmt: (i: number) => string, max: number): HTMLElement {
  const tr = h('tr');
  const shown = Math.min(length, max, Math.max(0, t.count - start));
  for (let i = 0; i < shown; i++) {
    const v = t.isString ? 0 : t.numbers[start + i];
    const cls = t.isString ? 'mlnb-cell is-string' : v === null || (v !== undefined && !Number.isFinite(v)) ? 'mlnb-cell is-bad' : 'mlnb-cell';
    tr.appendChild(h('td', { class: cls, text: fmt(start + i) }));
  }
  if (shown < length) tr.appendChild(h('td', { class: 'mlnb-more', text: `… ${thousands(length - shown)} more` }));
  return tr;
}

function more(n: number, what: string, notSent: boolean): HTMLElement {
  return h('tr', {}, h('td', { class: 'mlnb-more', colspan: String(MAX_COLS + 1), text: `… ${thousands(n)} more ${what}${n === 1 ? '' : 's'}${notSent ? ' (not sent)' : ''}` }));
}

function matrix(rows: HTMLElement[]): HTMLElement {
  return h('div', 'mlnb-matrix', h('table', {}, h('tbody', {}, ...rows)));
}

// ---------------------------------------------------------------- heatmap and image

function squeezeLeading(shape: number[]): number[] {
  const s = [...shape];
  while (s.length > 3 && s[0] === 1) s.shift();
  return s;
}

function visualFor(t: Tensor, theme: Theme): HTMLElement | null {
  if (t.isString || t.size === 0) return null;
  const shape = squeezeLeading(t.shape);
  // Small odd shapes like [2, 3, 4] are not pictures.
  const isImage = shape.length === 3 && [1, 3, 4].includes(shape[2]) && shape[0] >= 4 && shape[1] >= 4;
  const isMatrix = t.shape.length === 2;
  if (!isImage && !isMatrix) return null;
  const what = isImage ? 'Image' : 'Heatmap';
  if (t.truncated || t.count < t.size) {
    return h(
      'div',
      'mlnb-visual is-unavailable',
      h('div', { class: 'mlnb-visual-title', text: what }),
      h('div', { class: 'mlnb-note', text: `${what} preview unavailable: only the first ${thousands(t.count)} of ${thousands(t.size)} values were sent.` }),
    );
  }
  return isImage ? image(t, shape[0], shape[1], shape[2]) : heatmap(t, t.shape[0], t.shape[1], theme);
}

function displaySize(w: number, h: number, maxW: number, maxH: number, minSide = 24): [number, number] {
  const scale = Math.min(maxW / w, maxH / h, 32);
  return [Math.max(minSide, Math.round(w * scale)), Math.max(minSide, Math.round(h * scale))];
}

const VIRIDIS = ['#440154', '#482878', '#3e4a89', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];

function ramp(stops: string[]): (f: number) => [number, number, number] {
  const rgb = stops.map((c) => rgba(c));
  return (f) => {
    const x = Math.min(1, Math.max(0, f)) * (rgb.length - 1);
    const i = Math.min(rgb.length - 2, Math.floor(x));
    const u = x - i;
    const a = rgb[i], b = rgb[i + 1];
    return [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u];
  };
}

function heatmap(t: Tensor, rows: number, cols: number, theme: Theme): HTMLElement {
  let min = Infinity, max = -Infinity;
  for (const v of t.numbers) if (v !== null && Number.isFinite(v)) { if (v < min) min = v; if (v > max) max = v; }
  if (min > max) { min = 0; max = 1; }
  const diverging = min < 0 && max > 0;
  const bound = Math.max(Math.abs(min), Math.abs(max)) || 1;
  const color = diverging ? ramp([theme.blue, theme.bg, theme.red]) : ramp(VIRIDIS);
  const position = (v: number) => (diverging ? (v + bound) / (2 * bound) : max === min ? 0.5 : (v - min) / (max - min));

  // Drawn at display resolution (not one pixel per cell) so non-finite cells can be hatched.
  const [w, hgt] = displaySize(cols, rows, 280, 220);
  const dpr = Math.min(3, Math.max(1, window.devicePixelRatio || 1));
  const canvas = h('canvas', {
    class: 'mlnb-heatmap',
    role: 'img',
    'aria-label': `Heatmap of a ${rows}×${cols} tensor`,
    'data-rows': String(rows),
    'data-cols': String(cols),
  });
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(hgt * dpr);
  canvas.style.width = `${w}px`;
  canvas.style.height = `${hgt}px`;
  const ctx = canvas.getContext('2d');
  if (ctx) {
    const cw = canvas.width / cols, ch = canvas.height / rows;
    const edge = (i: number, size: number) => Math.round(i * size);
    let bad = false;
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        const v = t.numbers[y * cols + x];
        const x0 = edge(x, cw), y0 = edge(y, ch), x1 = edge(x + 1, cw), y1 = edge(y + 1, ch);
        if (v === null || !Number.isFinite(v)) {
          bad = true;
          ctx.save();
          ctx.beginPath();
          ctx.rect(x0, y0, x1 - x0, y1 - y0);
          ctx.clip();
          ctx.fillStyle = theme.bg;
          ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
          ctx.strokeStyle = theme.muted;
          ctx.lineWidth = Math.max(1, dpr);
          const step = Math.max(4, 5 * dpr);
          for (let d = -(y1 - y0); d < x1 - x0; d += step) {
            ctx.moveTo(x0 + d, y1);
            ctx.lineTo(x0 + d + (y1 - y0), y0);
          }
          ctx.stroke();
          ctx.restore();
          continue;
        }
        const [r, g, b] = color(position(v));
        ctx.fillStyle = `rgb(${r | 0}, ${g | 0}, ${b | 0})`;
        ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
      }
    }
    canvas.dataset.nonFinite = String(bad);
  }
  hoverValues(canvas, cols, rows, (x, y) => `[${y}, ${x}] = ${compact(t.numbers[y * cols + x])}`);

  const bar = h('canvas', { class: 'mlnb-colorbar' });
  bar.width = 128;
  bar.height = 1;
  const bctx = bar.getContext('2d');
  if (bctx) {
    const img = bctx.createImageData(128, 1);
    for (let i = 0; i < 128; i++) img.data.set([...color(i / 127), 255], i * 4);
    bctx.putImageData(img, 0, 0);
  }
  const lo = diverging ? -bound : min, hi = diverging ? bound : max;
  return h(
    'div',
    'mlnb-visual',
    h('div', { class: 'mlnb-visual-title', text: 'Heatmap' }),
    canvas,
    h(
      'div',
      'mlnb-legend',
      h('span', { text: compact(lo) }),
      bar,
      h('span', { text: compact(hi) }),
      canvas.dataset.nonFinite === 'true' && h('span', 'mlnb-legend-bad', h('span', 'mlnb-hatch'), 'NaN / Inf'),
    ),
  );
}

function image(t: Tensor, height: number, width: number, channels: number): HTMLElement {
  let min = Infinity, max = -Infinity;
  for (const v of t.numbers) if (v !== null && Number.isFinite(v)) { if (v < min) min = v; if (v > max) max = v; }
  if (min > max) { min = 0; max = 1; }
  let scale: (v: number) => number;
  let note: string;
  if (min >= 0 && max <= 1) {
    scale = (v) => v * 255;
    note = 'values in [0, 1]';
  } else if (min >= 0 && max <= 255) {
    scale = (v) => v;
    note = 'values in [0, 255]';
  } else {
    scale = (v) => ((v - min) / (max - min || 1)) * 255;
    note = `min–max scaled from [${compact(min)}, ${compact(max)}]`;
  }
  const canvas = h('canvas', { class: 'mlnb-image', role: 'img', 'aria-label': `Image ${height}×${width}×${channels}` });
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (ctx) {
    const img = ctx.createImageData(width, height);
    const byte = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? 0 : Math.max(0, Math.min(255, Math.round(scale(v)))));
    for (let p = 0; p < width * height; p++) {
      const base = p * channels;
      const r = byte(t.numbers[base]);
      const px = channels === 1 ? [r, r, r, 255] : [r, byte(t.numbers[base + 1]), byte(t.numbers[base + 2]), channels === 4 ? byte(t.numbers[base + 3]) : 255];
      img.data.set(px, p * 4);
    }
    ctx.putImageData(img, 0, 0);
  }
  const integer = Math.max(1, Math.min(16, Math.floor(Math.min(192 / width, 192 / height))));
  const [w, hgt] = width * integer > 320 || height * integer > 320 ? displaySize(width, height, 320, 320, 1) : [width * integer, height * integer];
  canvas.style.width = `${w}px`;
  canvas.style.height = `${hgt}px`;
  hoverValues(canvas, width, height, (x, y) => {
    const base = (y * width + x) * channels;
    const px = Array.from({ length: channels }, (_, c) => compact(t.numbers[base + c]));
    return `[${y}, ${x}] = ${channels === 1 ? px[0] : `(${px.join(', ')})`}`;
  });
  return h(
    'div',
    'mlnb-visual',
    h('div', { class: 'mlnb-visual-title', text: `Image ${width}×${height}${channels === 1 ? ' grayscale' : channels === 4 ? ' RGBA' : ' RGB'}` }),
    canvas,
    h('div', { class: 'mlnb-note', text: note }),
  );
}

/** Native tooltip with the value under the pointer. */
function hoverValues(canvas: HTMLCanvasElement, cols: number, rows: number, text: (x: number, y: number) => string): void {
  canvas.addEventListener('mousemove', (e) => {
    const rect = canvas.getBoundingClientRect();
    const x = Math.min(cols - 1, Math.max(0, Math.floor(((e.clientX - rect.left) / rect.width) * cols)));
    const y = Math.min(rows - 1, Math.max(0, Math.floor(((e.clientY - rect.top) / rect.height) * rows)));
    canvas.title = text(x, y);
  });
}
