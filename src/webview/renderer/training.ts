/**
 * The live training view: status, progress (epoch, batch, elapsed, ETA), latest metrics, and one uPlot
 * chart per metric (train and validation together). Updated in place on every kernel update.
 */
import type uPlot from 'uplot';
import type { TrainingView } from '../../core/outputs';
import { h, setText, toggleClass } from '../dom';
import { compact, duration } from './format';
import { axis, paddedRange, PLOT_HEIGHT, seriesWidth, ThemedPlot } from './plot';
import type { Theme } from './theme';
import { arr, isObject, num, numOrNull, plottable, type View } from './view';

type Status = TrainingView['status'];
const STATUS_TEXT: Record<Status, string> = { running: 'Training', done: 'Done', stopped: 'Stopped', failed: 'Failed' };

interface Training {
  status: Status;
  epochs: number;
  epoch: number;
  batch: number;
  batchesPerEpoch: number | null;
  elapsedMs: number;
  history: Map<string, (number | null)[]>;
  batchLogs: [string, number | null][];
}

export function normalizeTraining(raw: unknown): Training {
  const o = isObject(raw) ? raw : {};
  const status = (['running', 'done', 'stopped', 'failed'] as const).find((s) => s === o.status) ?? 'running';
  const history = new Map<string, (number | null)[]>();
  if (isObject(o.history)) for (const [k, v] of Object.entries(o.history)) history.set(k, arr(v).map(numOrNull));
  const batchLogs: [string, number | null][] = isObject(o.batchLogs) ? Object.entries(o.batchLogs).map(([k, v]) => [k, numOrNull(v)]) : [];
  const bpe = num(o.batchesPerEpoch, 0);
  return {
    status,
    epochs: Math.max(0, Math.floor(num(o.epochs, 0))),
    epoch: Math.max(0, Math.floor(num(o.epoch, 0))),
    batch: Math.max(0, Math.floor(num(o.batch, 0))),
    batchesPerEpoch: bpe > 0 ? Math.floor(bpe) : null,
    elapsedMs: Math.max(0, num(o.elapsedMs, 0)),
    history,
    batchLogs,
  };
}

/** { loss, val_loss, acc, val_acc } → [["loss", [loss, val_loss]], ["acc", [acc, val_acc]]], loss first. */
export function metricGroups(names: Iterable<string>): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const base = name.startsWith('val_') && name.length > 4 ? name.slice(4) : name;
    const group = groups.get(base) ?? [];
    group.push(name);
    groups.set(base, group);
  }
  for (const keys of groups.values()) keys.sort((a, b) => Number(a.startsWith('val_')) - Number(b.startsWith('val_')) || a.localeCompare(b));
  return [...groups].sort(([a], [b]) => Number(b === 'loss') - Number(a === 'loss'));
}

const LOWER_IS_BETTER = /loss|error|mse|mae|mape|msle|hinge|crossentropy|divergence/i;
const HIGHER_IS_BETTER = /acc|auc|precision|recall|f1|iou|r2/i;

/** Fraction of the run that is done, 0..1. */
export function progressOf(t: Training): number {
  if (t.status === 'done') return 1;
  if (t.epochs <= 0) return 0;
  const finished = finishedEpochs(t);
  let f = finished / t.epochs;
  if (t.batchesPerEpoch && t.status === 'running') f = Math.max(f, (t.epoch + Math.min(t.batch, t.batchesPerEpoch) / t.batchesPerEpoch) / t.epochs);
  return Math.min(1, Math.max(0, f));
}

/** The fewest epochs the x axis spans while a run is going. */
const MIN_EPOCH_AXIS = 10;

/**
 * The last epoch the x axis shows. Once the run is over: exactly the epochs run (an `epochs: 1000` run stopped
 * at 32, or early-stopped at 6 of 200, fills the plot). While running: the epochs so far plus a quarter (at least
 * MIN_EPOCH_AXIS), rounded up so the axis does not re-tick every epoch, and never past the epoch budget — as
 * TensorBoard and Keras progress plots fit the steps seen rather than the steps asked for.
 */
export function epochAxisMax(status: Status, budget: number, finished: number): number {
  if (status !== 'running') return Math.max(1, finished);
  const room = niceCeil(Math.max(MIN_EPOCH_AXIS, Math.ceil(finished * 1.25)));
  return Math.max(finished, budget > 0 ? Math.min(budget, room) : room);
}

/** n rounded up to a multiple of half its order of magnitude: 10, 15, 55, 150, 1500. */
function niceCeil(n: number): number {
  const step = 5 * 10 ** Math.max(0, Math.floor(Math.log10(n)) - 1);
  return Math.ceil(n / step) * step;
}

function finishedEpochs(t: Training): number {
  let n = 0;
  for (const values of t.history.values()) n = Math.max(n, values.length);
  return n;
}

class MetricChart {
  readonly card: HTMLDivElement;
  private readonly best: HTMLSpanElement;
  readonly plot: ThemedPlot;
  readonly key: string;

  constructor(parent: HTMLElement, readonly name: string, readonly series: string[], private readonly state: { xMax: number }, data: uPlot.AlignedData) {
    this.key = series.join('\u0000');
    this.best = h('span', 'mlnb-chart-note');
    this.card = h('div', 'mlnb-chart', h('div', 'mlnb-chart-head', h('span', { class: 'mlnb-chart-title', text: name }), this.best));
    parent.appendChild(this.card);
    this.plot = new ThemedPlot(this.card, (theme, width) => this.options(theme, width), data);
  }

  update(t: Training, data: uPlot.AlignedData): void {
    this.plot.setData(data);
    const pick = this.series.find((s) => s.startsWith('val_')) ?? this.series[0];
    const values = t.history.get(pick) ?? [];
    const lower = LOWER_IS_BETTER.test(this.name);
    const higher = !lower && HIGHER_IS_BETTER.test(this.name);
    let bestIdx = -1;
    if (lower || higher) {
      values.forEach((v, i) => {
        if (v === null || !Number.isFinite(v)) return;
        const b = bestIdx < 0 ? null : values[bestIdx];
        if (b == null || (lower ? v < b : v > b)) bestIdx = i;
      });
    }
    setText(this.best, bestIdx >= 0 && values.length > 1 ? `best ${pick} ${compact(values[bestIdx])} · epoch ${bestIdx + 1}` : '');
  }

  private options(theme: Theme, width: number): uPlot.Options {
    const colorOf = (name: string, i: number) =>
      name.startsWith('val_') ? theme.orange : i === 0 ? theme.blue : theme.palette[(i + 2) % theme.palette.length];
    return {
      width,
      height: PLOT_HEIGHT,
      padding: [8, 8, 0, 0],
      cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 7 } },
      legend: { live: true },
      scales: {
        x: {
          time: false,
          range: (_u, _min, max) => {
            const last = Math.max(this.state.xMax, max ?? 1, 1);
            const pad = last <= 1 ? 0.5 : Math.max(0.08, (last - 1) * 0.015);
            return [1 - pad, last + pad];
          },
        },
        y: { range: paddedRange() },
      },
      axes: [{ ...axis(theme, { integers: true, x: true }) }, axis(theme)],
      series: [
        { label: 'epoch', value: (_u, v) => (v == null ? '--' : String(v)) },
        ...this.series.map((name, i): uPlot.Series => ({
          label: name,
          stroke: colorOf(name, i),
          width: seriesWidth(theme),
          ...(name.startsWith('val_') ? { dash: [6, 3] } : {}),
          spanGaps: true,
          points: { size: 5, width: 1.5, fill: theme.bg },
          value: (_u, v) => (v == null ? '--' : compact(v)),
        })),
      ],
    };
  }
}

export class TrainingRenderer implements View {
  readonly root: HTMLDivElement;
  private readonly status: HTMLSpanElement;
  private readonly statusText: HTMLSpanElement;
  private readonly epochText: HTMLSpanElement;
  private readonly batchText: HTMLSpanElement;
  private readonly elapsedText: HTMLSpanElement;
  private readonly etaText: HTMLSpanElement;
  private readonly bar: HTMLDivElement;
  private readonly fill: HTMLDivElement;
  private readonly metrics: HTMLDivElement;
  private readonly chartsEl: HTMLDivElement;
  private readonly empty: HTMLDivElement;
  private readonly charts = new Map<string, MetricChart>();
  private readonly state = { xMax: 1 };

  constructor(parent: HTMLElement, value: unknown) {
    this.statusText = h('span');
    this.status = h('span', 'mlnb-status', h('span', 'mlnb-dot'), this.statusText);
    this.epochText = h('span', 'mlnb-strong');
    this.batchText = h('span', 'mlnb-muted');
    this.elapsedText = h('span');
    this.etaText = h('span');
    this.fill = h('div', 'mlnb-progress-fill');
    this.bar = h('div', { class: 'mlnb-progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100' }, this.fill);
    this.metrics = h('div', 'mlnb-metrics');
    this.chartsEl = h('div', 'mlnb-charts');
    this.empty = h('div', { class: 'mlnb-empty', text: 'Loss curves appear here after the first epoch.' });
    this.root = h(
      'div',
      'mlnb-r mlnb-card mlnb-training',
      h('div', 'mlnb-head', this.status, this.epochText, this.batchText, h('span', 'mlnb-spacer'), h('span', 'mlnb-time', this.elapsedText, this.etaText)),
      this.bar,
      this.metrics,
      this.empty,
      this.chartsEl,
    );
    parent.appendChild(this.root);
    this.update(value);
  }

  update(value: unknown): void {
    const t = normalizeTraining(value);
    const finished = finishedEpochs(t);
    this.state.xMax = epochAxisMax(t.status, t.epochs, finished);
    this.root.dataset.status = t.status;
    for (const s of Object.keys(STATUS_TEXT)) toggleClass(this.root, `is-${s}`, s === t.status);

    const progress = progressOf(t);
    setText(this.statusText, STATUS_TEXT[t.status]);
    const shownEpoch = t.status === 'running' ? Math.min(t.epoch + 1, Math.max(t.epochs, t.epoch + 1)) : finished;
    setText(this.epochText, `Epoch ${shownEpoch} / ${t.epochs}`);
    setText(
      this.batchText,
      t.status !== 'running' ? '' : t.batchesPerEpoch ? `Batch ${Math.min(t.batch, t.batchesPerEpoch)} / ${t.batchesPerEpoch}` : t.batch > 0 ? `Batch ${t.batch}` : '',
    );
    setText(this.elapsedText, `${t.status === 'running' ? 'Elapsed' : 'Took'} ${duration(t.elapsedMs)}`);
    const eta = t.status === 'running' && progress > 0 && progress < 1 && t.elapsedMs > 0 ? (t.elapsedMs * (1 - progress)) / progress : null;
    setText(this.etaText, t.status === 'running' ? `ETA ${eta === null ? '—' : duration(eta)}` : '');
    const pct = Math.round(progress * 1000) / 10;
    this.fill.style.width = `${pct}%`;
    this.bar.setAttribute('aria-valuenow', String(pct));
    this.bar.title = `${pct}%`;

    this.renderMetrics(t);
    this.renderCharts(t, finished);
  }

  private renderMetrics(t: Training): void {
    const items: [string, string, string][] = [];
    for (const [name, values] of t.history) if (values.length) items.push([name, compact(values[values.length - 1]), 'mlnb-metric']);
    if (t.status === 'running') for (const [name, v] of t.batchLogs) if (name !== 'batch' && name !== 'size') items.push([name, compact(v), 'mlnb-metric is-batch']);
    // Rebuild only when the set of labels changes; otherwise update the numbers in place.
    const signature = items.map(([n, , c]) => `${c}:${n}`).join('|');
    if (this.metrics.dataset.sig !== signature) {
      this.metrics.dataset.sig = signature;
      const children: Node[] = [];
      let batchLabel = false;
      for (const [name, , cls] of items) {
        if (cls.includes('is-batch') && !batchLabel) {
          batchLabel = true;
          children.push(h('span', { class: 'mlnb-metrics-label', text: 'this epoch' }));
        }
        children.push(h('span', cls, h('span', { class: 'mlnb-metric-name', text: name }), h('span', 'mlnb-metric-value')));
      }
      this.metrics.replaceChildren(...children);
    }
    const values = this.metrics.querySelectorAll('.mlnb-metric-value');
    items.forEach(([, v], i) => values[i] && setText(values[i], v));
    toggleClass(this.metrics, 'is-hidden', items.length === 0);
  }

  private renderCharts(t: Training, finished: number): void {
    toggleClass(this.empty, 'is-hidden', finished > 0);
    setText(this.empty, t.status === 'running' ? 'Loss curves appear here after the first epoch.' : 'No epoch finished.');
    const xs = Array.from({ length: finished }, (_, i) => i + 1);
    const seen = new Set<string>();
    const withValues = [...t.history].filter(([, values]) => values.length > 0).map(([name]) => name);
    for (const [name, series] of metricGroups(withValues)) {
      seen.add(name);
      const data: uPlot.AlignedData = [xs, ...series.map((s) => xs.map((_, i) => plottable(t.history.get(s)?.[i])))];
      let chart = this.charts.get(name);
      if (chart && chart.key !== series.join('\u0000')) {
        chart.plot.dispose();
        chart.card.remove();
        chart = undefined;
      }
      if (!chart) {
        chart = new MetricChart(this.chartsEl, name, series, this.state, data);
        this.charts.set(name, chart);
      }
      chart.update(t, data);
    }
    for (const [name, chart] of this.charts) {
      if (seen.has(name)) continue;
      chart.plot.dispose();
      chart.card.remove();
      this.charts.delete(name);
    }
    toggleClass(this.chartsEl, 'is-single', this.charts.size === 1);
  }

  retheme(): void {
    for (const chart of this.charts.values()) chart.plot.retheme();
  }

  dispose(): void {
    for (const chart of this.charts.values()) chart.plot.dispose();
    this.charts.clear();
    this.root.remove();
  }
}
