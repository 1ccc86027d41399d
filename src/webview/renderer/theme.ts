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
  const theme: Theme = {
    dark,
    highContrast: hc,
    fg,
    muted: pick('--vscode-descriptionForeground', d.muted),
    bg: bgVar || d.bg,
    border,
    grid: v('--vscode-charts-lines') ? alpha(v('--vscode-charts-lines'), hc ? 0.6 : 0.35) : alpha(fg, hc ? 0.35 : 0.12),
    font: pick('--vscode-font-family', SANS),
    mono: pick('--vscode-editor-font-family', MONO),
    blue: pick('--vscode-charts-blue', d.blue),
    red: pick('--vscode-charts-red', d.red),
    green: pick('--vscode-charts-green', d.green),
    orange: pick('--vscode-charts-orange', d.orange),
    purple: pick('--vscode-charts-purple', d.purple),
    yellow: pick('--vscode-charts-yellow', d.yellow),
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
