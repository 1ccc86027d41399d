/**
 * Renderer styles. Colours are VS Code theme variables (with fallbacks for other hosts), so DOM parts
 * follow theme switches by themselves; canvases re-read them through theme.ts.
 */
import uplotCss from 'uplot/dist/uPlot.min.css';

const css = /* css */ `
.mlnb-r {
  --mlnb-fg: var(--vscode-editor-foreground, var(--vscode-foreground, #cccccc));
  --mlnb-muted: var(--vscode-descriptionForeground, #9d9d9d);
  --mlnb-border: var(--vscode-panel-border, var(--vscode-widget-border, rgba(128, 128, 128, 0.35)));
  --mlnb-accent: var(--vscode-progressBar-background, var(--vscode-charts-blue, #3794ff));
  --mlnb-error: var(--vscode-errorForeground, var(--vscode-charts-red, #f14c4c));
  --mlnb-mono: var(--vscode-editor-font-family, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
  --mlnb-tint: color-mix(in srgb, var(--mlnb-fg) 4%, transparent);
  box-sizing: border-box;
  color: var(--mlnb-fg);
  font-family: var(--vscode-font-family, system-ui, sans-serif);
  font-size: var(--vscode-font-size, 13px);
  line-height: 1.45;
  max-width: 100%;
  font-variant-numeric: tabular-nums;
}
.mlnb-r *, .mlnb-r *::before, .mlnb-r *::after { box-sizing: border-box; }
.mlnb-card {
  border: 1px solid var(--mlnb-border);
  border-radius: 6px;
  padding: 10px 12px 12px;
  margin: 2px 0;
}
.mlnb-head { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; min-height: 22px; }
.mlnb-spacer { flex: 1 1 auto; }
.mlnb-muted, .mlnb-time { color: var(--mlnb-muted); }
.mlnb-time { display: inline-flex; gap: 12px; }
.mlnb-time:empty, .mlnb-muted:empty { display: none; }
.mlnb-strong { font-weight: 600; }
.mlnb-kind {
  font-size: 11px; font-weight: 600; letter-spacing: 0.06em; text-transform: uppercase; color: var(--mlnb-muted);
}
.mlnb-badge {
  font-family: var(--mlnb-mono); font-size: 11px; padding: 0 6px; border-radius: 3px;
  background: color-mix(in srgb, var(--vscode-charts-purple, #b180d7) 18%, transparent);
  color: var(--mlnb-fg);
  border: 1px solid color-mix(in srgb, var(--vscode-charts-purple, #b180d7) 45%, transparent);
}
.mlnb-shape, .mlnb-mono { font-family: var(--mlnb-mono); }
.mlnb-shape { font-weight: 600; }
.mlnb-note, .mlnb-empty { color: var(--mlnb-muted); font-size: 12px; }
.mlnb-empty { padding: 18px 0 6px; text-align: center; }
.is-hidden { display: none !important; }

/* training */
.mlnb-status {
  --mlnb-status: var(--mlnb-accent);
  display: inline-flex; align-items: center; gap: 6px;
  padding: 1px 9px 1px 7px; border-radius: 10px;
  font-size: 11px; font-weight: 600; letter-spacing: 0.02em;
  color: var(--mlnb-status);
  background: color-mix(in srgb, var(--mlnb-status) 14%, transparent);
  border: 1px solid color-mix(in srgb, var(--mlnb-status) 40%, transparent);
}
.mlnb-dot { width: 7px; height: 7px; border-radius: 50%; background: var(--mlnb-status); }
.mlnb-training.is-running .mlnb-dot { animation: mlnb-pulse 1.4s ease-in-out infinite; }
.mlnb-training.is-done { --mlnb-state: var(--vscode-charts-green, #89d185); }
.mlnb-training.is-stopped { --mlnb-state: var(--vscode-charts-yellow, #cca700); }
.mlnb-training.is-failed { --mlnb-state: var(--mlnb-error); }
.mlnb-training:not(.is-running) .mlnb-status { --mlnb-status: var(--mlnb-state); }
.mlnb-progress {
  height: 5px; margin: 8px 0 8px; border-radius: 3px; overflow: hidden;
  background: color-mix(in srgb, var(--mlnb-fg) 12%, transparent);
}
.mlnb-progress-fill { height: 100%; width: 0; border-radius: 3px; background: var(--mlnb-accent); transition: width 0.25s ease-out; }
.mlnb-training:not(.is-running) .mlnb-progress-fill { background: var(--mlnb-state); }
.mlnb-metrics { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 14px; font-size: 12px; }
.mlnb-metric { display: inline-flex; gap: 6px; align-items: baseline; }
.mlnb-metric-name { color: var(--mlnb-muted); }
.mlnb-metric-value { font-family: var(--mlnb-mono); font-weight: 600; }
.mlnb-metric.is-batch .mlnb-metric-value { font-weight: 400; }
.mlnb-metrics-label {
  color: var(--mlnb-muted); font-size: 10px; text-transform: uppercase; letter-spacing: 0.06em;
  padding-left: 14px; border-left: 1px solid var(--mlnb-border);
}
.mlnb-charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 12px 16px; margin-top: 10px; }
.mlnb-charts.is-single { grid-template-columns: minmax(0, 1fr); }
.mlnb-charts:empty { display: none; }
.mlnb-chart { min-width: 0; }
.mlnb-chart-head { display: flex; align-items: baseline; gap: 10px; margin-bottom: 2px; }
.mlnb-chart-title { font-weight: 600; font-size: 12px; }
.mlnb-chart-title.is-large { font-size: 13px; margin-bottom: 6px; }
.mlnb-chart-note { color: var(--mlnb-muted); font-size: 11px; margin-left: auto; }
@keyframes mlnb-pulse { 50% { opacity: 0.35; } }
@media (prefers-reduced-motion: reduce) {
  .mlnb-training.is-running .mlnb-dot { animation: none; }
  .mlnb-progress-fill { transition: none; }
}

/* uPlot inside the theme */
.mlnb-plot { width: 100%; min-width: 0; overflow: hidden; }
.mlnb-r .uplot { font-family: inherit; color: var(--mlnb-fg); line-height: 1.4; }
.mlnb-r .u-legend { font-size: 11px; color: var(--mlnb-muted); margin-top: 2px; }
.mlnb-r .u-legend .u-marker { width: 14px; height: 3px; margin-right: 5px; border-radius: 1px; }
.mlnb-r .u-legend .u-value { color: var(--mlnb-fg); font-family: var(--mlnb-mono); font-variant-numeric: tabular-nums; }
.mlnb-r .u-legend .u-series { padding: 1px 6px; }
.mlnb-r .u-legend .u-series > * { padding: 2px; }
.mlnb-r .u-legend.u-live .u-series:first-child { display: none; }
.mlnb-r .u-select { background: color-mix(in srgb, var(--mlnb-fg) 10%, transparent); }
.mlnb-r .u-cursor-x, .mlnb-r .u-cursor-y { border-color: color-mix(in srgb, var(--mlnb-fg) 35%, transparent); }

/* tensor */
.mlnb-stats { display: flex; flex-wrap: wrap; gap: 6px; margin: 10px 0 10px; }
.mlnb-stat {
  display: flex; flex-direction: column; min-width: 72px; padding: 3px 10px 4px;
  border-radius: 4px; background: var(--mlnb-tint); border: 1px solid transparent;
}
.mlnb-stat-label { font-size: 11px; color: var(--mlnb-muted); }
.mlnb-stat-value { font-family: var(--mlnb-mono); font-size: 12px; font-weight: 600; }
.mlnb-stat.is-bad {
  background: color-mix(in srgb, var(--mlnb-error) 16%, transparent);
  border-color: color-mix(in srgb, var(--mlnb-error) 55%, transparent);
}
.mlnb-stat.is-bad .mlnb-stat-label, .mlnb-stat.is-bad .mlnb-stat-value { color: var(--mlnb-error); }
.mlnb-tensor-body { display: flex; flex-wrap: wrap; gap: 14px 28px; align-items: flex-start; }
.mlnb-values { min-width: 0; max-width: 100%; overflow-x: auto; }
.mlnb-blocks { display: flex; flex-direction: column; gap: 4px; }
.mlnb-slice-label { font-family: var(--mlnb-mono); font-size: 11px; color: var(--mlnb-muted); margin-top: 2px; }
.mlnb-scalar { font-family: var(--mlnb-mono); font-size: 18px; font-weight: 600; }
.mlnb-matrix { position: relative; display: inline-block; padding: 2px 7px; }
.mlnb-matrix::before, .mlnb-matrix::after {
  content: ''; position: absolute; top: 0; bottom: 0; width: 5px;
  border: 1.5px solid color-mix(in srgb, var(--mlnb-fg) 45%, transparent);
}
.mlnb-matrix::before { left: 0; border-right: none; border-radius: 2px 0 0 2px; }
.mlnb-matrix::after { right: 0; border-left: none; border-radius: 0 2px 2px 0; }
.mlnb-matrix table { border-collapse: collapse; font-family: var(--mlnb-mono); font-size: 12px; }
.mlnb-matrix td { padding: 0 6px; text-align: right; white-space: nowrap; }
.mlnb-matrix td.is-string { text-align: left; }
.mlnb-cell.is-bad { color: var(--mlnb-error); font-weight: 600; }
.mlnb-more { color: var(--mlnb-muted); font-style: italic; font-family: var(--vscode-font-family, sans-serif); font-size: 11px; text-align: left !important; }
.mlnb-visual { display: flex; flex-direction: column; gap: 5px; align-items: flex-start; }
.mlnb-visual.is-unavailable { max-width: 260px; }
.mlnb-visual-title { font-size: 11px; font-weight: 600; color: var(--mlnb-muted); text-transform: uppercase; letter-spacing: 0.06em; }
.mlnb-heatmap, .mlnb-image { border-radius: 2px; outline: 1px solid var(--mlnb-border); }
.mlnb-image { image-rendering: pixelated; }
.mlnb-legend-bad { display: inline-flex; align-items: center; gap: 4px; margin-left: 8px; font-family: var(--vscode-font-family, sans-serif); }
.mlnb-hatch {
  width: 10px; height: 10px; border-radius: 1px; outline: 1px solid var(--mlnb-border);
  background: repeating-linear-gradient(-45deg, var(--mlnb-muted) 0 1px, transparent 1px 4px);
}
.mlnb-image { background: repeating-conic-gradient(color-mix(in srgb, var(--mlnb-fg) 14%, transparent) 0 25%, transparent 0 50%) 0 0 / 12px 12px; }
.mlnb-legend { display: flex; align-items: center; gap: 6px; font-family: var(--mlnb-mono); font-size: 11px; color: var(--mlnb-muted); }
.mlnb-colorbar { width: 110px; height: 8px; border-radius: 2px; image-rendering: auto; }

/* model summary. VS Code's output webview styles every table for dataframes (table, th, tr right-aligned, a
   tinted thead, striped rows): state alignment and background on every part, or values drift from headers. */
.mlnb-table-wrap { overflow-x: auto; margin: 8px 0 10px; }
.mlnb-table { border-collapse: collapse; width: 100%; font-size: 12px; text-align: left; }
.mlnb-table thead, .mlnb-table tbody tr { background: transparent; }
.mlnb-table th, .mlnb-table td { text-align: left; }
.mlnb-table th {
  text-align: left; font-weight: 600; font-size: 10px; letter-spacing: 0.06em; text-transform: uppercase;
  color: var(--mlnb-muted); padding: 4px 10px 5px; border-bottom: 1px solid var(--mlnb-border); white-space: nowrap;
}
.mlnb-table td { padding: 4px 10px; border-bottom: 1px solid color-mix(in srgb, var(--mlnb-border) 60%, transparent); vertical-align: baseline; }
.mlnb-table tbody tr:last-child td { border-bottom: 1px solid var(--mlnb-border); }
.mlnb-table tbody tr:hover td { background: var(--mlnb-tint); }
.mlnb-table th:first-child, .mlnb-table td:first-child { padding-left: 2px; }
.mlnb-table .mlnb-num { text-align: right; font-family: var(--mlnb-mono); white-space: nowrap; }
.mlnb-table th.mlnb-num { font-family: inherit; }
.mlnb-layer-name { font-weight: 600; overflow-wrap: anywhere; }
.mlnb-layer-type { color: var(--mlnb-muted); }
.mlnb-share { width: 90px; padding-right: 2px !important; vertical-align: middle !important; }
.mlnb-share-bar { display: block; height: 6px; border-radius: 3px; background: color-mix(in srgb, var(--vscode-charts-blue, #3794ff) 70%, transparent); }
.mlnb-totals { display: grid; grid-template-columns: max-content max-content max-content; gap: 2px 16px; font-size: 12px; }
.mlnb-total { display: contents; }
.mlnb-total-label { color: var(--mlnb-muted); }
.mlnb-total-value { font-family: var(--mlnb-mono); text-align: right; }
.mlnb-total-bytes { color: var(--mlnb-muted); font-family: var(--mlnb-mono); font-size: 11px; text-align: right; }
.mlnb-total.is-main .mlnb-total-label, .mlnb-total.is-main .mlnb-total-value { color: var(--mlnb-fg); font-weight: 600; }

.mlnb-error {
  border: 1px solid color-mix(in srgb, var(--mlnb-error) 55%, transparent);
  background: color-mix(in srgb, var(--mlnb-error) 10%, transparent);
  color: var(--mlnb-fg); border-radius: 4px; padding: 6px 10px; font-size: 12px;
}
`;

export const RENDERER_CSS = `${uplotCss}\n${css}`;

const installed = new WeakSet<Document | ShadowRoot>();
let sheet: CSSStyleSheet | undefined;

/**
 * Puts the styles into the element's root once: a constructed stylesheet where supported (not subject
 * to a style-src CSP), otherwise a <style> element.
 */
export function ensureStyles(element: Element): void {
  const node = element.getRootNode();
  const root: Document | ShadowRoot = node instanceof ShadowRoot ? node : element.ownerDocument;
  if (installed.has(root)) return;
  installed.add(root);
  try {
    if ('adoptedStyleSheets' in root && typeof CSSStyleSheet !== 'undefined' && 'replaceSync' in CSSStyleSheet.prototype) {
      sheet ??= new CSSStyleSheet();
      if (!sheet.cssRules.length) sheet.replaceSync(RENDERER_CSS);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      return;
    }
  } catch {
    // fall through to a <style> element
  }
  const style = element.ownerDocument.createElement('style');
  style.dataset.mlnb = 'renderer';
  style.textContent = RENDERER_CSS;
  (root instanceof ShadowRoot ? root : element.ownerDocument.head ?? element.ownerDocument.documentElement).appendChild(style);
}
