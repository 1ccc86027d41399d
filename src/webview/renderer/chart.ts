/** `display.chart(...)`: line, scatter and bar charts drawn with uPlot (bars via uPlot's bars path builder). */
import uPlot from 'uplot';
import type { ChartView } from '../../core/outputs';
import { h } from '../dom';
import { compact } from './format';
import { axis, paddedRange, PLOT_HEIGHT, seriesWidth, ThemedPlot } from './plot';
import { alpha, type Theme } from './theme';
import { arr, isObject, numOrNull, plottable, str, type View } from './view';

interface Series {
  name: string;
  x: number[] | null;
  y: (number | null)[];
}
interface Chart {
  kind: ChartView['kind'];
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
}

function normalize(raw: unknown): Chart {
  const o = isObject(raw) ? raw : {};
  const kind = (['line', 'scatter', 'bar'] as const).find((k) => k === o.kind) ?? 'line';
  const series = arr(o.series).map((s, i): Series => {
    const so = isObject(s) ? s : {};
    const y = arr(so.y).map((v) => plottable(numOrNull(v)));
    const x = Array.isArray(so.x) ? so.x.map(numOrNull) : null;
    const ok = x !== null && x.length === y.length && x.every((v) => v !== null && Number.isFinite(v));
    return { name: str(so.name, `series ${i + 1}`), x: ok ? (x as number[]) : null, y };
  });
  return { kind, title: str(o.title), xLabel: str(o.xLabel), yLabel: str(o.yLabel), series };
}

/**
 * uPlot wants one shared, sorted x array. Line and bar: the union of the x values, each series
 * null where it has no point. Scatter: every point gets its own row so duplicate x values survive.
 */
export function align(chart: Chart): uPlot.AlignedData {
  const xsOf = (s: Series) => s.x ?? s.y.map((_, i) => i);
  if (chart.kind === 'scatter') {
    const points: [number, number, number | null][] = [];
    chart.series.forEach((s, si) => xsOf(s).forEach((x, i) => points.push([x, si, s.y[i]])));
    points.sort((a, b) => a[0] - b[0]);
    return [points.map((p) => p[0]), ...chart.series.map((_, si) => points.map((p) => (p[1] === si ? p[2] : null)))];
  }
  const xs = [...new Set(chart.series.flatMap(xsOf))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  return [
    xs,
    ...chart.series.map((s) => {
      const ys: (number | null)[] = new Array(xs.length).fill(null);
      xsOf(s).forEach((x, i) => (ys[index.get(x)!] = s.y[i] ?? null));
      return ys;
    }),
  ];
}

function minStep(xs: readonly number[]): number {
  let step = Infinity;
  for (let i = 1; i < xs.length; i++) if (xs[i] - xs[i - 1] > 0) step = Math.min(step, xs[i] - xs[i - 1]);
  return Number.isFinite(step) ? step : 1;
}

export class ChartRenderer implements View {
  readonly root: HTMLDivElement;
  private plot: ThemedPlot | undefined;
  private signature = '';

  constructor(parent: HTMLElement, value: unknown) {
    this.root = h('div', 'mlnb-r mlnb-card mlnb-chartview');
    parent.appendChild(this.root);
    this.update(value);
  }

  update(value: unknown): void {
    const chart = normalize(value);
    const data = align(chart);
    const signature = JSON.stringify([chart.kind, chart.title, chart.xLabel, chart.yLabel, chart.series.map((s) => s.name)]);
    if (this.plot && signature === this.signature) {
      this.plot.setData(data);
      return;
    }
    this.signature = signature;
    this.plot?.dispose();
    this.root.replaceChildren();
    if (chart.title) this.root.appendChild(h('div', { class: 'mlnb-chart-title is-large', text: chart.title }));
    if (chart.series.length === 0) {
      this.plot = undefined;
      this.root.appendChild(h('div', { class: 'mlnb-note', text: 'Empty chart: no series.' }));
      return;
    }
    this.plot = new ThemedPlot(this.root, (theme, width) => options(chart, theme, width), data);
  }

  retheme(): void {
    this.plot?.retheme();
  }

  dispose(): void {
    this.plot?.dispose();
    this.root.remove();
  }
}

function options(chart: Chart, theme: Theme, width: number): uPlot.Options {
  const n = chart.series.length;
  const color = (i: number) => theme.palette[i % theme.palette.length];
  const bars = chart.kind === 'bar';
  const barsBuilder = uPlot.paths.bars!;
  const seriesFor = (s: Series, i: number): uPlot.Series => {
    const base: uPlot.Series = { label: s.name, stroke: color(i), width: seriesWidth(theme), value: (_u, v) => (v == null ? '--' : compact(v)) };
    if (chart.kind === 'line') return { ...base, spanGaps: true, points: { size: 5, width: 1.5, fill: theme.bg } };
    if (chart.kind === 'scatter') {
      return { ...base, paths: () => null, points: { show: true, size: 7, width: 1, fill: alpha(color(i), 0.55), stroke: color(i) } };
    }
    // Bars: one group per x; with several series each gets a slot in the group (disp.x0 / disp.size).
    const group = 0.8;
    const paths =
      n === 1
        ? barsBuilder({ size: [0.7, 72], radius: 0.15 })
        : barsBuilder({
            size: [1, Infinity],
            radius: 0.15,
            disp: {
              x0: { unit: 1 as uPlot.Series.BarsPathBuilderFacetUnit, values: (u) => (u.data[0] as number[]).map((x) => x - (group * step(u)) / 2 + (i * group * step(u)) / n) },
              size: { unit: 1 as uPlot.Series.BarsPathBuilderFacetUnit, values: (u) => (u.data[0] as number[]).map(() => ((group * step(u)) / n) * 0.88) },
            },
          });
    return { ...base, width: 1, fill: alpha(color(i), theme.highContrast ? 1 : 0.75), paths, points: { show: false }, fillTo: () => 0 };
  };
  const step = (u: uPlot) => minStep(u.data[0] as number[]);
  return {
    width,
    height: PLOT_HEIGHT + (chart.xLabel ? 14 : 0),
    padding: [8, 10, 0, 0],
    cursor: { points: { size: 7 }, drag: { x: true, y: false } },
    // A scatter row holds one point of one series: per-row legend values would mostly read "--".
    legend: { live: chart.kind !== 'scatter' },
    scales: {
      x: {
        time: false,
        range: (u, min, max) => {
          if (min == null || max == null) return [0, 1];
          if (bars) {
            const s = step(u);
            return [min - s / 2, max + s / 2];
          }
          if (min === max) return [min - 1, max + 1];
          return chart.kind === 'scatter' ? uPlot.rangeNum(min, max, 0.05, false) : [min, max];
        },
      },
      y: { range: paddedRange(bars) },
    },
    axes: [axis(theme, { label: chart.xLabel || undefined, x: true, integers: bars && chart.series.every((s) => (s.x ?? []).every(Number.isInteger)) }), axis(theme, { label: chart.yLabel || undefined })],
    series: [{ label: chart.xLabel || 'x', value: (_u, v) => (v == null ? '--' : compact(v)) }, ...chart.series.map(seriesFor)],
  };
}
