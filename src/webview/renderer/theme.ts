/**
 * VS Code theme colours, read from the CSS variables VS Code sets on the output webview, at render time
 * (canvas charts can't use var()). Fallbacks are VS Code's own default dark / light chart colours.
 */
export interface Theme {
  dark: boolean;
  highContrast: boolean;
  fg: string;
  muted: string;
  bg: string;
  border: string;
  grid: string;
  font: string;
  mono: string;
  blue: string;
  red: string;
  green: string;
  orange: string;
  purple: string;
  yellow: string;
  /** Series colours in order. */
  palette: string[];
}

const DARK = { fg: '#cccccc', muted: '#9d9d9d', bg: '#1f1f1f', border: '#3c3c3c', blue: '#3794ff', red: '#f14c4c', green: '#89d185', orange: '#d18616', purple: '#b180d7', yellow: '#cca700' };
const LIGHT = { fg: '#3b3b3b', muted: '#717171', bg: '#ffffff', border: '#e5e5e5', blue: '#1a85ff', red: '#e51400', green: '#388a34', orange: '#d18616', purple: '#652d90', yellow: '#bf8803' };
const SANS = '-apple-system, BlinkMacSystemFont, "Segoe UI", system-ui, Ubuntu, sans-serif';
const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace';

export function readTheme(el: Element): Theme {
  const style = getComputedStyle(el);
  const v = (name: string) => style.getPropertyValue(name).trim();
  const body = el.ownerDocument.body;
  const hc = body?.classList.contains('vscode-high-contrast') ?? false;
  const bgVar = v('--vscode-editor-background');
  const dark = body?.classList.contains('vscode-dark') || (hc && !body?.classList.contains('vscode-high-contrast-light'))
    ? true
    : body?.classList.contains('vscode-light') || body?.classList.contains('vscode-high-contrast-light')
      ? false
      : bgVar ? luminance(bgVar) < 0.5 : !window.matchMedia?.('(prefers-color-scheme: light)').matches;
  const d = dark ? DARK : LIGHT;
  const pick = (name: string, fallback: string) => v(name) || fallback;
  const fg = pick('--vscode-editor-foreground', pick('--vscode-foreground', d.fg));
  const border = pick('--vscode-panel-border', pick('--vscode-widget-border', d.border));
  const bg = bgVar || d.bg;
  // A line must be opaque and stand out from the background. VS Code 1.139's Modern themes give charts.orange
  // as rgba(234, 92, 0, 0.33), a fill: drawn as val_loss's line it was dark brown on dark, pale peach on light.
  // High-contrast themes give no chart colours, and the fallback #d18616 is 2.9:1 on white.
  const chart = (name: string, fallback: string) => withContrast(opaque(pick(name, fallback)), bg, fg);
  const theme: Theme = {
    dark,
    highContrast: hc,
    fg,
    muted: pick('--vscode-descriptionForeground', d.muted),
    bg,
    border,
    grid: v('--vscode-charts-lines') ? alpha(v('--vscode-charts-lines'), hc ? 0.6 : 0.35) : alpha(fg, hc ? 0.35 : 0.12),
    font: pick('--vscode-font-family', SANS),
    mono: pick('--vscode-editor-font-family', MONO),
    blue: chart('--vscode-charts-blue', d.blue),
    red: chart('--vscode-charts-red', d.red),
    green: chart('--vscode-charts-green', d.green),
    orange: chart('--vscode-charts-orange', d.orange),
    purple: chart('--vscode-charts-purple', d.purple),
    yellow: chart('--vscode-charts-yellow', d.yellow),
    palette: [],
  };
  theme.palette = [theme.blue, theme.orange, theme.green, theme.red, theme.purple, theme.yellow];
  return theme;
}

let scratch: CanvasRenderingContext2D | null | undefined;

/** Any CSS colour → [r, g, b, a] (0-255, alpha 0-1), via the canvas colour parser. */
export function rgba(color: string): [number, number, number, number] {
  scratch ??= document.createElement('canvas').getContext('2d');
  if (!scratch) return [128, 128, 128, 1];
  scratch.fillStyle = '#000';
  scratch.fillStyle = color;
  const parsed = String(scratch.fillStyle);
  if (parsed.startsWith('#')) {
    const n = parseInt(parsed.slice(1, 7), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 1];
  }
  const m = parsed.match(/rgba?\(([^)]+)\)/);
  if (!m) return [128, 128, 128, 1];
  const [r, g, b, a = '1'] = m[1].split(',').map((s) => s.trim());
  return [Number(r), Number(g), Number(b), Number(a)];
}

export function alpha(color: string, a: number): string {
  const [r, g, b, a0] = rgba(color);
  return `rgba(${r}, ${g}, ${b}, ${+(a * a0).toFixed(3)})`;
}

export function luminance(color: string): number {
  const [r, g, b] = rgba(color);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

/** The colour without its transparency. */
export function opaque(color: string): string {
  const [r, g, b, a] = rgba(color);
  return a >= 1 ? color : `rgb(${r}, ${g}, ${b})`;
}

/** WCAG 2 contrast ratio of two opaque colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const rel = (color: string) => {
    const [r, g, bl] = rgba(color).map((c) => c / 255);
    const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(bl);
  };
  const [hi, lo] = [rel(a), rel(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The colour, mixed step by step towards the foreground until it has `min` contrast with the background
 * (WCAG asks 3:1 of graphics such as chart lines). The hue stays recognisable; colours that already
 * stand out are returned unchanged.
 */
export function withContrast(color: string, bg: string, fg: string, min = 3): string {
  if (contrastRatio(color, bg) >= min) return color;
  const [r, g, b] = rgba(color);
  const [fr, fgG, fb] = rgba(fg);
  for (let t = 0.1; t < 1; t += 0.1) {
    const mixed = `rgb(${Math.round(r + (fr - r) * t)}, ${Math.round(g + (fgG - g) * t)}, ${Math.round(b + (fb - b) * t)})`;
    if (contrastRatio(mixed, bg) >= min) return mixed;
  }
  return fg;
}

/** Watches for VS Code theme switches (it rewrites the variables on <html> and the body class). */
export function onThemeChange(doc: Document, listener: () => void): () => void {
  let scheduled = false;
  const fire = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      listener();
    });
  };
  const observer = new MutationObserver(fire);
  observer.observe(doc.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  if (doc.body) observer.observe(doc.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  return () => observer.disconnect();
}
