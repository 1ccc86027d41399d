// Loads the built renderer like VS Code does (import + activate) and exposes window.mlnb to the test.
import { activate } from './renderer.js';

const THEMES = {
  dark: {
    body: 'vscode-dark',
    vars: {
      '--vscode-editor-background': '#1f1f1f', '--vscode-editor-foreground': '#cccccc', '--vscode-foreground': '#cccccc',
      '--vscode-descriptionForeground': '#9d9d9d', '--vscode-panel-border': '#2b2b2b', '--vscode-widget-border': '#313131',
      '--vscode-charts-blue': '#3794ff', '--vscode-charts-red': '#f14c4c', '--vscode-charts-green': '#89d185',
      '--vscode-charts-orange': '#d18616', '--vscode-charts-purple': '#b180d7', '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)', '--vscode-progressBar-background': '#0078d4',
      '--vscode-errorForeground': '#f85149',
      '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', '--vscode-font-size': '13px',
      '--vscode-editor-font-family': '"DejaVu Sans Mono", "Droid Sans Mono", monospace', '--vscode-editor-font-size': '14px',
    },
  },
  light: {
    body: 'vscode-light',
    vars: {
      '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#3b3b3b', '--vscode-foreground': '#3b3b3b',
      '--vscode-descriptionForeground': '#717171', '--vscode-panel-border': '#e5e5e5', '--vscode-widget-border': '#e5e5e5',
      '--vscode-charts-blue': '#1a85ff', '--vscode-charts-red': '#e51400', '--vscode-charts-green': '#388a34',
      '--vscode-charts-orange': '#d18616', '--vscode-charts-purple': '#652d90', '--vscode-charts-yellow': '#bf8803',
      '--vscode-charts-lines': 'rgba(59, 59, 59, 0.5)', '--vscode-progressBar-background': '#005fb8',
      '--vscode-errorForeground': '#e51400',
      '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', '--vscode-font-size': '13px',
      '--vscode-editor-font-family': '"DejaVu Sans Mono", "Droid Sans Mono", monospace', '--vscode-editor-font-size': '14px',
    },
  },
  hc: {
    body: 'vscode-high-contrast',
    vars: {
      '--vscode-editor-background': '#000000', '--vscode-editor-foreground': '#ffffff', '--vscode-foreground': '#ffffff',
      '--vscode-descriptionForeground': 'rgba(255, 255, 255, 0.7)', '--vscode-panel-border': '#6fc3df', '--vscode-contrastBorder': '#6fc3df',
      '--vscode-charts-blue': '#3794ff', '--vscode-charts-red': '#f14c4c', '--vscode-charts-green': '#89d185',
      '--vscode-charts-orange': '#d18616', '--vscode-charts-purple': '#b180d7', '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-lines': 'rgba(255, 255, 255, 0.5)', '--vscode-progressBar-background': '#6fc3df',
      '--vscode-errorForeground': '#f48771',
      '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', '--vscode-font-size': '13px',
      '--vscode-editor-font-family': '"DejaVu Sans Mono", "Droid Sans Mono", monospace', '--vscode-editor-font-size': '14px',
    },
  },
};

// What code-server 4.139 (VS Code 1.139) gives the output webview for its default themes, as read there: the
// Modern themes' charts.orange is a translucent fill colour, the high-contrast themes have no orange at all.
const FONTS = {
  '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', '--vscode-font-size': '13px',
  '--vscode-editor-font-family': '"DejaVu Sans Mono", "Droid Sans Mono", monospace', '--vscode-editor-font-size': '14px',
};
THEMES['dark-modern'] = {
  body: 'vscode-dark',
  vars: {
    ...THEMES.dark.vars, '--vscode-editor-background': '#1f1f1f', '--vscode-editor-foreground': '#cccccc',
    '--vscode-charts-blue': '#59a4f9', '--vscode-charts-orange': 'rgba(234, 92, 0, 0.33)', ...FONTS,
  },
};
THEMES['light-modern'] = {
  body: 'vscode-light',
  vars: {
    ...THEMES.light.vars, '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#3b3b3b',
    '--vscode-charts-blue': '#0063d3', '--vscode-charts-orange': 'rgba(234, 92, 0, 0.33)', ...FONTS,
  },
};
THEMES['hc-light'] = {
  body: 'vscode-high-contrast-light vscode-high-contrast',
  vars: Object.fromEntries(Object.entries({
    ...THEMES.hc.vars, '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#292929', '--vscode-foreground': '#292929',
    '--vscode-descriptionForeground': 'rgba(41, 41, 41, 0.7)', '--vscode-charts-blue': '#0063d3', ...FONTS,
  }).filter(([k]) => k !== '--vscode-charts-orange')),
};
THEMES['hc-dark'] = { body: 'vscode-high-contrast', vars: Object.fromEntries(Object.entries({ ...THEMES.hc.vars, '--vscode-charts-blue': '#59a4f9' }).filter(([k]) => k !== '--vscode-charts-orange')) };

const violations = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));

function setTheme(name) {
  const theme = THEMES[name];
  // VS Code rewrites the variables on <html> (dropping the old theme's) and the theme classes on <body>.
  const style = document.documentElement.style;
  for (let i = style.length - 1; i >= 0; i--) if (style[i].startsWith('--vscode-')) style.removeProperty(style[i]);
  for (const [k, v] of Object.entries(theme.vars)) style.setProperty(k, v);
  document.body.classList.remove('vscode-dark', 'vscode-light', 'vscode-high-contrast', 'vscode-high-contrast-light');
  document.body.classList.add(...theme.body.split(' '));
  return theme.vars;
}
setTheme('dark');

const api = await activate({
  workspace: { isTrusted: true },
  getState: () => undefined,
  setState: () => {},
  getRenderer: async () => undefined,
  postMessage: () => {},
});

function outputItem(id, mime, value, raw = false) {
  // VS Code hands the renderer bytes; JSON has no NaN / Infinity (they arrive as null).
  const text = raw ? value : JSON.stringify(value);
  const bytes = new TextEncoder().encode(text);
  return { id, mime, metadata: {}, text: () => text, json: () => JSON.parse(text), data: () => bytes, blob: () => new Blob([bytes]) };
}

function slot(name) {
  let el = document.querySelector(`[data-slot="${CSS.escape(name)}"]`);
  if (!el) {
    el = document.createElement('div');
    el.className = 'output';
    el.dataset.slot = name;
    document.getElementById('outputs').appendChild(el);
  }
  return el;
}

window.mlnb = {
  themes: THEMES,
  violations,
  setTheme,
  async render(id, mime, value, slotName = id) {
    await api.renderOutputItem(outputItem(id, mime, value), slot(slotName), new AbortController().signal);
  },
  /** `text` is sent as the output's bytes as-is (to send broken JSON). */
  async renderRaw(id, mime, text, slotName = id) {
    await api.renderOutputItem(outputItem(id, mime, text, true), slot(slotName), new AbortController().signal);
  },
  dispose(id) {
    api.disposeOutputItem(id);
  },
  clear() {
    api.disposeOutputItem();
    document.getElementById('outputs').replaceChildren();
  },
  get views() {
    return api.size;
  },
};
window.mlnbReady = true;
