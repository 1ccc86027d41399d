/**
 * One uPlot chart that follows the element's width and the VS Code theme. The chart instance is
 * created once and fed with setData on updates; only a theme switch rebuilds it (canvas colours are
 * baked in at creation), and dispose() destroys it, so re-renders never leak instances.
 */
import uPlot from 'uplot';
import { h } from '../dom';
import { compact } from './format';
import { readTheme, type Theme } from './theme';

export const PLOT_HEIGHT = 190;

export type OptionsBuilder = (theme: Theme, width: number) => uPlot.Options;

export class ThemedPlot {
  readonly host: HTMLDivElement;
  private plot: uPlot | undefined;
  private readonly resizeObserver: ResizeObserver | undefined;
  private lastWidth = 0;

  constructor(
    parent: HTMLElement,
    private readonly build: OptionsBuilder,
    private data: uPlot.AlignedData,
  ) {
    this.host = h('div', 'mlnb-plot');
    parent.appendChild(this.host);
    this.create();
    if (typeof ResizeObserver !== 'undefined') {
      this.resizeObserver = new ResizeObserver(() => this.fit());
      this.resizeObserver.observe(this.host);
    }
  }

  get instance(): uPlot | undefined {
    return this.plot;
  }

  setData(data: uPlot.AlignedData): void {
    this.data = data;
    this.plot?.setData(data);
    this.host.dataset.points = String(data[0]?.length ?? 0);
    showLatestInLegend(this.plot);
  }

  /** Rebuilds with the current theme colours (and the same data). */
  retheme(): void {
    this.plot?.destroy();
    this.plot = undefined;
    this.create();
  }

  dispose(): void {
    this.resizeObserver?.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
    this.host.remove();
  }

  private width(): number {
    const w = this.host.clientWidth || this.host.parentElement?.clientWidth || 600;
    return Math.max(160, Math.floor(w));
  }

  private create(): void {
    this.lastWidth = this.width();
    const opts = this.build(readTheme(this.host), this.lastWidth);
    (opts.hooks ??= {}).setLegend = [...(opts.hooks.setLegend ?? []), (u: uPlot) => showLatestInLegend(u)];
    // The x range shown, for tests and tools (the axis itself is canvas pixels).
    opts.hooks.setScale = [...(opts.hooks.setScale ?? []), (u: uPlot, key: string) => {
      if (key === 'x') this.host.dataset.xRange = `${u.scales.x.min},${u.scales.x.max}`;
    }];
    this.plot = new uPlot(opts, this.data, this.host);
    this.host.dataset.points = String(this.data[0]?.length ?? 0);
    showLatestInLegend(this.plot);
  }

  private fit(): void {
    const w = this.width();
    if (!this.plot || Math.abs(w - this.lastWidth) < 1) return;
    this.lastWidth = w;
    this.plot.setSize({ width: w, height: this.plot.height });
  }
}

/** When the cursor is off the chart, the legend shows the latest values instead of "--". */
function showLatestInLegend(u: uPlot | undefined): void {
  if (!u || (u.cursor.left ?? -1) >= 0) return; // the pointer is on the chart: its values win
  const xs = u.data[0] ?? [];
  let last = -1;
  for (let i = xs.length - 1; i >= 0 && last < 0; i--) {
    for (let s = 1; s < u.data.length; s++) if (u.data[s]?.[i] != null) last = i;
  }
  if (last >= 0) u.setLegend({ idx: last }, false);
}

/** Axis shared by every chart: theme colours, compact tick labels, width fitted to the labels. */
export function axis(theme: Theme, opts: { label?: string; integers?: boolean; x?: boolean } = {}): uPlot.Axis {
  const font = `11px ${theme.font}`;
  // uPlot merges options key by key: an explicit undefined would wipe its default, so drop them.
  return withoutUndefined({
    stroke: theme.muted,
    font,
    labelFont: `600 11px ${theme.font}`,
    label: opts.label,
    labelSize: opts.label ? 16 : 0,
    labelGap: 0,
    gap: 4,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1, size: 4 },
    incrs: opts.integers ? [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 1e5, 1e6] : undefined,
    values: (_u, splits) => splits.map((v) => (v == null ? '' : compact(v, 4))),
    size: opts.x ? 24 : fitAxisSize,
  });
}

function withoutUndefined<T extends object>(o: T): T {
  for (const key of Object.keys(o) as (keyof T)[]) if (o[key] === undefined) delete o[key];
  return o;
}

function fitAxisSize(self: uPlot, values: string[], axisIdx: number, cycleNum: number): number {
  const ax = self.axes[axisIdx];
  if (cycleNum > 1) return (ax as { _size?: number })._size ?? 40;
  let size = (ax.ticks?.size ?? 4) + (ax.gap ?? 4) + 6; // uPlot adds labelSize on top
  const longest = (values ?? []).reduce((a, v) => (v.length > a.length ? v : a), '');
  if (longest) {
    self.ctx.font = String((ax.font as unknown as string[])[0] ?? ax.font);
    size += self.ctx.measureText(longest).width / (window.devicePixelRatio || 1);
  }
  return Math.ceil(size);
}

/** y range with 10% headroom, rounded to nice numbers; works for a single point too. */
export function paddedRange(includeZero = false): uPlot.Range.Function {
  return (_u, min, max) => {
    if (min == null || max == null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
    if (includeZero) {
      min = Math.min(0, min);
      max = Math.max(0, max);
    }
    const [lo, hi] = uPlot.rangeNum(min, max, 0.1, true);
    return [includeZero && min >= 0 ? 0 : lo, includeZero && max <= 0 ? 0 : hi] as uPlot.Range.MinMax;
  };
}

export function seriesWidth(theme: Theme): number {
  return theme.highContrast ? 2.5 : 1.75;
}
