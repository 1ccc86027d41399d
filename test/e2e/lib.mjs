// Page helpers and fixtures for the UI tests (test/e2e/run.mjs and the modules in test/e2e/ui/).
import fs from 'node:fs';
import path from 'node:path';
import { cmdline, descendants } from '../../scripts/vscode/server.mjs';

/** Text of every frame (the workbench and the nested notebook output webviews), walking shadow roots too. */
export async function framesText(page) {
  const texts = await Promise.all(page.frames().map((f) => f.evaluate(() => {
    const out = [];
    const walk = (n) => {
      if (n.shadowRoot) walk(n.shadowRoot);
      for (const c of n.childNodes) {
        if (c.nodeType === 3) out.push(c.nodeValue);
        else if (c.nodeType === 1 && c.tagName !== 'SCRIPT' && c.tagName !== 'STYLE') walk(c);
        else if (c.nodeType === 11) walk(c);
      }
    };
    if (document.body) walk(document.body);
    return out.join('\n');
  }).catch(() => '')));
  return texts.join('\n');
}

/** Whether some frame has an element matching the CSS selector (looking into shadow roots too). */
export async function anyFrameHas(page, selector) {
  for (const f of page.frames()) {
    const found = await f.evaluate((sel) => {
      const seek = (root) => {
        if (root.querySelector(sel)) return true;
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot && seek(el.shadowRoot)) return true;
        return false;
      };
      return !!document.body && seek(document);
    }, selector).catch(() => false);
    if (found) return true;
  }
  return false;
}

export async function waitUntil(what, fn, timeout = 60_000, interval = 250) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out after ${timeout / 1000}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

export async function waitForText(page, pattern, what = String(pattern), timeout = 60_000) {
  return waitUntil(`${what} in the page or an output frame`, async () => pattern.test(await framesText(page)), timeout);
}

export async function quickInput(page, key, text) {
  await page.keyboard.press('Escape');
  await page.keyboard.press(key);
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(text);
  return input;
}

/** Runs a command through the command palette by its label, e.g. "Notebook: Run All". */
export async function palette(page, label) {
  await quickInput(page, 'F1', label);
  // The command's name only: the row's label also holds its keybinding (rows are reused, so even a command
  // without one can show another's keys).
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({
    has: page.locator('.quick-input-list-label .label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
  }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  // Enter runs the focused row, and no overlay can take a key press: while debugging, the floating debug
  // toolbar sits over the palette's first row and took the click meant for it.
  if (await row.evaluate((el) => el.classList.contains('focused'))) await page.keyboard.press('Enter');
  else await row.click();
}

/** Opens a workspace file through Quick Open (Ctrl+P). */
export async function openFile(page, name) {
  await quickInput(page, 'Control+P', name);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  // Enter opens the focused row, which can still be another file of a query typed halfway (hint-… matched both
  // fixtures): Enter only on the file's own row, else a click on it.
  if (await row.evaluate((el) => el.classList.contains('focused'))) await page.keyboard.press('Enter');
  else await row.click();
}

// The notebook editor widget lives in an overlay (not inside the editor group); hidden ones stay in the DOM.
export const activeNotebook = (page) => page.locator('.notebookOverlay.notebook-editor:visible').first();
// Code cell rows that are rendered (the cell list is virtualized: rows far out of view are not in the DOM).
export const codeCells = (page) => activeNotebook(page).locator('.monaco-list-row.code-cell-row');

export async function openNotebook(page, name) {
  await openFile(page, name);
  await page.locator('.editor-group-container.active .tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
  await waitUntil(`${name} rendered in a notebook editor`, async () => (await codeCells(page).count()) > 0, 90_000);
}

/** State of each rendered code cell by its index in the notebook: 'success' | 'error' | 'executing' | 'pending' | ''. */
export async function visibleCellStates(page) {
  const rows = await codeCells(page).evaluateAll((els) => els.map((row) => {
    let state = '';
    for (const s of ['success', 'error', 'executing', 'pending']) if (row.querySelector(`.codicon-notebook-state-${s}`)) { state = s; break; }
    return [Number(row.getAttribute('data-index')), state];
  }));
  return new Map(rows);
}

/** States of the first rendered code cells, in notebook order (for small notebooks that fit on screen). */
export async function cellStates(page) {
  return [...(await visibleCellStates(page)).entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
}

/** States of ALL code cells: scrolls the notebook from top to bottom and collects rows by index. */
export async function allCellStates(page, codeCellCount) {
  const seen = new Map();
  await activeNotebook(page).hover({ position: { x: 600, y: 300 } });
  await scrollNotebook(page, 'top');
  for (let i = 0; i < 60 && seen.size < codeCellCount; i++) {
    await page.waitForTimeout(150);
    for (const [index, state] of await visibleCellStates(page)) seen.set(index, state);
    await page.mouse.wheel(0, 300);
  }
  return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
}

/** Runs just one code cell (the n-th rendered one) with its own run button in the cell's gutter. */
export async function runCell(page, n) {
  const row = codeCells(page).nth(n);
  await row.hover();
  await row.locator('.run-button-container .action-label').first().click();
}

/** Scrolls the active notebook to the top or the bottom with the mouse wheel. */
export async function scrollNotebook(page, where) {
  await activeNotebook(page).hover({ position: { x: 600, y: 300 } });
  for (let i = 0; i < 25; i++) await page.mouse.wheel(0, where === 'top' ? -1000 : 1000);
  await page.waitForTimeout(600);
}

export async function closeActiveEditorDiscarding(page) {
  await palette(page, 'View: Revert and Close Editor').catch(async () => page.keyboard.press('Escape'));
  await page.waitForTimeout(300);
}

/** Kernel processes (dist/kernel.js) among a server's descendants. */
export function kernelProcesses(serverPid) {
  return descendants(serverPid).map((pid) => ({ pid, cmd: cmdline(pid) })).filter((p) => p.cmd.includes(path.join('dist', 'kernel.js')));
}


export function notebook(sources) {
  return `${JSON.stringify({
    cells: sources.map((source, i) => ({ cell_type: 'code', execution_count: null, id: `cell${i}`, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { display_name: 'TypeScript (TensorFlow.js)', language: 'typescript', name: 'mlnb-tfjs' }, language_info: { name: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 5,
  }, null, 1)}\n`;
}

export function makeWorkspace(root, name, files) {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), content);
  return dir;
}
