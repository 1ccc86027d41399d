// The training view and the model summary in the real output webview: the loss chart's x axis fits the epochs
// run (not the epoch budget), the summary's values sit under their headers, and the curves keep their contrast
// through theme switches (dark → light → high contrast).
import fs from 'node:fs';
import path from 'node:path';
import {
  allCellStates, cellStates, closeActiveEditorDiscarding, notebook, openNotebook, palette, runCell, scrollNotebook, waitUntil,
} from '../lib.mjs';

const DATA = [
  "const xs = tf.randomNormal([64, 4], 0, 1, 'float32', 1);",
  'const ys = xs.sum(1, true);',
  "const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [4], activation: 'relu' }), tf.layers.dense({ units: 1 })] });",
  "model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });",
].join('\n');

export const files = {
  // Early stopping's effect without its luck: training stops itself after 6 of 200 epochs.
  'early-stop.mlnb': notebook([
    `${DATA}\nawait model.fit(xs, ys, { epochs: 200, batchSize: 16, validationSplit: 0.25, verbose: 0,\n  callbacks: { onEpochEnd: async (epoch) => { if (epoch === 5) model.stopTraining = true; } } });`,
    'model',
  ]),
  // A model, its summary and a short training run (for the theme switches).
  'summary.mlnb': notebook([`${DATA}\nawait model.fit(xs, ys, { epochs: 4, batchSize: 16, validationSplit: 0.25, verbose: 0 });`, 'model']),
  // A long budget that is interrupted: each epoch waits a little so the run is still going when we look.
  'long-run.mlnb': notebook([
    `${DATA}\nawait model.fit(xs, ys, { epochs: 1000, batchSize: 16, validationSplit: 0.25, verbose: 0,\n  callbacks: { onEpochEnd: () => new Promise((r) => setTimeout(r, 150)) } });`,
  ]),
};

/** Every training view in the output frames: its status, the points and x range of its first chart. */
async function trainingViews(page) {
  const all = await Promise.all(page.frames().map((f) => f.evaluate(() => [...document.querySelectorAll('.mlnb-training')].map((el) => {
    const plot = el.querySelector('.mlnb-plot');
    const [min, max] = (plot?.getAttribute('data-x-range') ?? '').split(',').map(Number);
    return { status: el.getAttribute('data-status'), points: Number(plot?.getAttribute('data-points') ?? 0), min, max };
  })).catch(() => [])));
  return all.flat();
}

/** Scrolls the notebook so the output element matching `selector` is in the middle of the window. */
async function showInView(page, selector) {
  for (let i = 0; i < 6; i++) {
    let y;
    for (const f of page.frames()) {
      const top = await f.evaluate((sel) => document.querySelector(sel)?.getBoundingClientRect().top, selector).catch(() => undefined);
      if (top === undefined) continue;
      const box = await (await f.frameElement()).boundingBox();
      if (box) y = box.y + top;
      break;
    }
    if (y === undefined || Math.abs(y - 300) < 80) return;
    await page.mouse.move(800, 450);
    await page.mouse.wheel(0, y - 300);
    await page.waitForTimeout(600);
  }
}

/** The x axis ends at the last epoch run, give or take the plot's small margin (1.5 % of the span). */
const fits = (view) => view.max >= view.points && view.max <= view.points + Math.max(0.6, 0.02 * view.points);

/** WCAG contrast ratio of two [r, g, b] colours. */
function contrast(a, b) {
  const lum = ([r, g, bl]) => {
    const f = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(bl);
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/**
 * The colours the loss chart draws with (uPlot's legend markers carry each series' stroke) and the background
 * of the output they sit on, from the frame that shows the chart.
 */
async function chartColours(page) {
  for (const f of page.frames()) {
    const found = await f.evaluate(() => {
      const chart = document.querySelector('.mlnb-training .mlnb-chart');
      if (!chart) return undefined;
      const nums = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const markers = [...chart.querySelectorAll('.u-legend .u-series')].slice(1).map((s) => {
        const css = getComputedStyle(s.querySelector('.u-marker')).borderTopColor;
        const [r, g, b, a = 1] = nums(css);
        return { name: s.querySelector('.u-label')?.textContent, css, color: [r, g, b], alpha: a };
      });
      // The webview is transparent: outputs sit on the notebook editor's background (as the theme sets it).
      const v = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
      const probe = document.createElement('div');
      probe.style.color = v('--vscode-notebook-editorBackground') || v('--vscode-editor-background');
      document.body.appendChild(probe);
      const bg = nums(getComputedStyle(probe).color).slice(0, 3);
      probe.remove();
      return { markers, bg, body: document.body.className };
    }).catch(() => undefined);
    if (found) return found;
  }
  return undefined;
}

const THEME_CLASS = { 'Light Modern': 'vscode-light', 'Dark Modern': 'vscode-dark', 'Dark High Contrast': 'vscode-high-contrast', 'Light High Contrast': 'vscode-high-contrast-light' };

async function setColorTheme(page, name) {
  await palette(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await page.waitForTimeout(500);
  await input.fill(name);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  // The output webview gets the theme (its body class names the kind), then the renderer repaints.
  await waitUntil(`the output webview in ${name}`, async () => {
    for (const f of page.frames()) {
      const classes = await f.evaluate(() => (document.querySelector('.mlnb-training') ? document.body.className.split(' ') : undefined)).catch(() => undefined);
      if (classes) return classes.includes(THEME_CLASS[name]) && (name !== 'Dark High Contrast' || !classes.includes('vscode-high-contrast-light'));
    }
    return false;
  }, 20_000);
  await page.waitForTimeout(1000);
}

/** The lines of the mlnb log channel's files (the extension writes the kernel's log lines there). */
function mlnbLogLines(profile) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/mlnb\.log$/.test(entry.name)) files.push(full);
    }
  };
  walk(path.join(profile.userDataDir, 'logs'));
  return files.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'));
}

export default async function trainingOutputs({ page, profile, uiTest, screenshot, log }) {
  await uiTest('model summary: each value sits under its column header', async (slug) => {
    await openNotebook(page, 'summary.mlnb');
    await palette(page, 'Notebook: Run All');
    await waitUntil('both cells to succeed', async () => (await allCellStates(page, 2)).join() === 'success,success', 120_000, 1000);
    await scrollNotebook(page, 'bottom');
    const table = await waitUntil('the model summary table', async () => {
      for (const f of page.frames()) {
        const cols = await f.evaluate(() => {
          const t = document.querySelector('.mlnb-model table');
          if (!t) return undefined;
          // Where each cell's text is, and how the cell aligns it.
          const box = (cell) => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            const r = range.getBoundingClientRect();
            return { align: getComputedStyle(cell).textAlign, left: Math.round(r.left), right: Math.round(r.right), text: cell.textContent };
          };
          return { head: [...t.querySelectorAll('thead th')].map(box), rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map(box)) };
        }).catch(() => undefined);
        if (cols) return cols;
      }
      return undefined;
    }, 30_000);
    log(`  headers ${JSON.stringify(table.head)}; first row ${JSON.stringify(table.rows[0])}`);
    await showInView(page, '.mlnb-model');
    await screenshot(`${slug}-summary`);
    for (const [r, row] of table.rows.entries()) {
      if (row.length !== table.head.length) throw new Error(`row ${r} has ${row.length} cells for ${table.head.length} headers`);
      row.forEach((cell, c) => {
        const head = table.head[c];
        if (!head.text) return; // the share-of-parameters bars have no header
        const edge = /right|end/.test(head.align) ? 'right' : 'left';
        if (cell.align !== head.align || Math.abs(cell[edge] - head[edge]) > 1) {
          throw new Error(`"${cell.text}" (row ${r}) is aligned ${cell.align} with its text ${cell.left}–${cell.right}, its header "${head.text}" ${head.align} at ${head.left}–${head.right}`);
        }
      });
    }
  });

  await uiTest('theme switch: the loss and val_loss curves keep their contrast (dark → light → high contrast → dark)', async (slug) => {
    // Continues with summary.mlnb and its training chart from the test before.
    await scrollNotebook(page, 'top');
    const problems = [];
    try {
      for (const theme of ['Light Modern', 'Dark High Contrast', 'Light High Contrast', 'Dark Modern']) {
        await setColorTheme(page, theme);
        const colours = await waitUntil('the chart colours', () => chartColours(page), 20_000);
        const ratios = colours.markers.map((m) => `${m.name} ${contrast(m.color, colours.bg).toFixed(2)}:1 ${m.css}`);
        log(`  ${theme}: on rgb(${colours.bg}) ${ratios.join(', ')}`);
        await screenshot(`${slug}-${theme.toLowerCase().replace(/\s+/g, '-')}`);
        for (const m of colours.markers) {
          if (m.alpha < 1) problems.push(`${theme}: ${m.name} is drawn translucent (${m.css})`);
          else if (contrast(m.color, colours.bg) < 3) problems.push(`${theme}: ${m.name} ${m.css} on rgb(${colours.bg}) is ${contrast(m.color, colours.bg).toFixed(2)}:1`);
        }
      }
    } finally {
      await setColorTheme(page, 'Dark Modern').catch(() => undefined);
    }
    if (problems.length) throw new Error(`curves below 3:1 contrast: ${problems.join('; ')}`);
  });
  await closeActiveEditorDiscarding(page);

  await uiTest('training chart: the x axis fits the epochs run (early stop at 6 of 200, interrupted run of 1000)', async (slug) => {
    await openNotebook(page, 'early-stop.mlnb');
    await runCell(page, 0);
    await waitUntil('the training cell to finish', async () => (await cellStates(page))[0] === 'success', 120_000);
    const done = await waitUntil('a finished training view', async () => (await trainingViews(page)).find((v) => v.status !== 'running' && v.points > 0), 30_000);
    log(`  early stop: ${JSON.stringify(done)}`);
    if (done.points !== 6) throw new Error(`expected 6 epochs drawn, got ${done.points}`);
    if (!fits(done)) throw new Error(`the x axis of a run that stopped at 6 of 200 ends at ${done.max}`);
    await screenshot(`${slug}-early-stop`);
    // On the tensorflow backend (built into global storage by the VSIX test) this fit ran compiled: the chart
    // above and the interrupt below are the compiled path's. On wasm (a run of only some UI tests) it ran eagerly.
    const backend = (await page.locator('.statusbar-item', { hasText: /(tensorflow|wasm|cpu) · / }).first().innerText()).match(/tensorflow|wasm|cpu/)?.[0];
    const compiledLine = /compiled training: model '[^']+' (trains as one TensorFlow graph per batch|trains eagerly: .*)/;
    const logLine = mlnbLogLines(profile).map((l) => l.match(compiledLine)?.[0]).filter(Boolean).at(-1);
    log(`  backend ${backend}; the kernel log says: ${logLine ?? '(nothing about compiled training)'}`);
    if (backend === 'tensorflow' && !/trains as one TensorFlow graph per batch/.test(logLine ?? '')) throw new Error(`on tensorflow the fit did not run compiled: ${logLine ?? 'no compiled-training line in the mlnb log'}`);
    await closeActiveEditorDiscarding(page);

    await openNotebook(page, 'long-run.mlnb');
    await runCell(page, 0);
    const running = await waitUntil('the run to reach 8 epochs', async () => (await trainingViews(page)).find((v) => v.status === 'running' && v.points >= 8), 120_000);
    log(`  running: ${JSON.stringify(running)}`);
    if (!(running.max > running.points && running.max <= 2 * running.points + 12)) {
      throw new Error(`while running at ${running.points} of 1000 epochs the x axis ends at ${running.max}`);
    }
    await screenshot(`${slug}-running`);
    await palette(page, 'Notebook: Interrupt');
    const stopped = await waitUntil('the stopped training view', async () => (await trainingViews(page)).find((v) => v.status === 'stopped'), 60_000);
    await page.waitForTimeout(500);
    const [last] = await trainingViews(page);
    log(`  stopped: ${JSON.stringify(last)}`);
    if (!fits(last)) throw new Error(`a run stopped at ${last.points} of 1000 has its x axis end at ${last.max} (${JSON.stringify(stopped)})`);
  });
  await closeActiveEditorDiscarding(page);
}
