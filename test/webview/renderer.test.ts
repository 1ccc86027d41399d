/**
 * The notebook output renderer in a real browser: builds dist-style bundle with scripts/build-renderer.mjs,
 * serves it on 127.0.0.1 behind a strict CSP, drives headless Chromium with playwright-core and checks
 * the DOM. Screenshots go to test-artifacts/webview/.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { MIME, toJsonData } from '../../src/core/outputs';
import { compact } from '../../src/webview/renderer/format';
import * as fx from './fixtures';

const ROOT = resolve(__dirname, '../..');
const HARNESS = join(__dirname, 'harness');
const ARTIFACTS = join(ROOT, 'test-artifacts/webview');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

type HarnessCall = 'render' | 'renderRaw' | 'dispose' | 'clear' | 'setTheme';

describe('notebook output renderer (Chromium)', function () {
  this.timeout(60_000);
  let out: string;
  let bundle: string;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const foreignRequests: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    out = mkdtempSync(join(tmpdir(), 'mlnb-renderer-'));
    bundle = join(out, 'renderer.js');
    // A private output file: other builds in the tree may wipe dist/ while this runs.
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-renderer.mjs'), '--outfile', bundle], { cwd: ROOT, stdio: 'pipe' });
    mkdirSync(ARTIFACTS, { recursive: true });

    const files: Record<string, [string, string]> = {
      '/page.html': [join(HARNESS, 'page.html'), 'text/html'],
      '/page.css': [join(HARNESS, 'page.css'), 'text/css'],
      '/harness.js': [join(HARNESS, 'harness.js'), 'text/javascript'],
      '/renderer.js': [bundle, 'text/javascript'],
    };
    server = createServer((req, res) => {
      const file = files[new URL(req.url ?? '/', 'http://x').pathname];
      if (!file) {
        foreignRequests.push(req.url ?? '');
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': file[1], 'cache-control': 'no-store' }).end(readFileSync(file[0]));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 900, height: 900 }, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    // The renderer must not touch the network: anything that is not our page is refused and recorded.
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(base)) return route.continue();
      foreignRequests.push(route.request().url());
      return route.abort();
    });
    await page.goto(`${base}/page.html`);
    await page.waitForFunction(() => (window as unknown as { mlnbReady?: boolean }).mlnbReady === true);
  });

  after(async function () {
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
    if (out) rmSync(out, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await call('clear');
    await call('setTheme', 'dark');
  });

  afterEach(function () {
    const list = [...problems.splice(0), ...foreignRequests.splice(0).map((u) => `network: ${u}`)];
    assert.deepEqual(list, [], 'no page errors, console errors or network requests');
  });

  function call(method: HarnessCall, ...args: unknown[]): Promise<unknown> {
    return page.evaluate(([m, a]) => (window as unknown as { mlnb: Record<string, (...x: unknown[]) => unknown> }).mlnb[m as string](...(a as unknown[])), [method, args] as const);
  }
  const render = (id: string, mime: string, value: unknown, slot?: string) => call('render', id, mime, value, slot);
  const count = (selector: string) => page.locator(selector).count();
  const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
  const texts = (selector: string) => page.locator(selector).allTextContents();
  const shot = (selector: string, name: string) => page.locator(selector).first().screenshot({ path: join(ARTIFACTS, `${name}.png`), animations: 'disabled' });

  it('bundle is one ES module without eval and of reasonable size', () => {
    const code = readFileSync(bundle, 'utf8');
    assert.match(code, /export\s*\{[^}]*\bactivate\b/);
    assert.doesNotMatch(code, /\beval\(|new Function\(/);
    assert.doesNotMatch(code, /\brequire\(|https?:\/\/(?!www\.w3\.org)/, 'no node requires or remote URLs');
    assert.ok(statSync(bundle).size < 200 * 1024, `bundle is ${statSync(bundle).size} bytes`);
  });

  describe('training view', () => {
    it('shows progress and updates one uPlot chart in place as epochs arrive', async () => {
      await render('fit-1', MIME.training, fx.trainingView(0, { batch: 0, elapsedMs: 150 }));
      assert.equal(await text('.mlnb-status'), 'Training');
      assert.equal(await text('.mlnb-training .mlnb-head .mlnb-strong'), 'Epoch 1 / 10');
      assert.equal(await count('.uplot'), 0);
      assert.match(await text('.mlnb-empty'), /after the first epoch/);

      const root = await page.locator('.mlnb-training').elementHandle();
      for (let n = 1; n <= 6; n++) {
        await render('fit-1', MIME.training, fx.trainingView(n));
        if (n === 1) await page.locator('.uplot').evaluate((el) => ((el as HTMLElement).dataset.marker = 'first'));
        assert.equal(await count('.uplot'), 1, `one chart after update ${n}`);
        assert.equal(await page.locator('.mlnb-plot').getAttribute('data-points'), String(n));
      }
      assert.equal(await page.locator('.uplot').getAttribute('data-marker'), 'first', 'same uPlot instance, not a new one');
      assert.ok(await root!.evaluate((el) => el.isConnected), 'same root element');
      assert.equal(await count('.mlnb-training'), 1);
      assert.equal(await text('.mlnb-training .mlnb-head .mlnb-strong'), 'Epoch 7 / 10');
      assert.equal(await text('.mlnb-head .mlnb-muted'), 'Batch 12 / 50');
      assert.deepEqual((await texts('.mlnb-time > span'))[0], 'Elapsed 11s');
      assert.match((await texts('.mlnb-time > span'))[1], /^ETA \d+(\.\d)?s$/);
      assert.deepEqual(await texts('.u-legend .u-label'), ['epoch', 'loss', 'val_loss']);
      assert.equal(await count('.uplot canvas'), 1);
      const last = fx.trainingView(6).history;
      assert.deepEqual(await texts('.u-legend .u-value'), ['6', compact(last.loss[5]), compact(last.val_loss[5])], 'legend shows the latest epoch');
      const width = await page.locator('.mlnb-progress-fill').evaluate((el) => (el as HTMLElement).style.width);
      assert.equal(width, '62.4%', '(6 + 12/50) / 10');
      assert.ok(await page.locator('.mlnb-metric.is-batch').count() >= 2, 'batch-level metrics while running');
      assert.equal((await texts('.mlnb-chart-title'))[0], 'loss');
      assert.match(await text('.mlnb-chart-note'), /^best val_loss [\d.]+ · epoch \d+$/);
      const chartWidth = await page.locator('.uplot').evaluate((el) => el.getBoundingClientRect().width);
      const cardWidth = await page.locator('.mlnb-training').evaluate((el) => el.clientWidth - 24);
      assert.ok(Math.abs(chartWidth - cardWidth) <= 2, `chart fills the width (${chartWidth} vs ${cardWidth})`);
      await shot('.mlnb-training', 'training-running-dark');

      await render('fit-1', MIME.training, fx.trainingView(10, { status: 'done', epoch: 9, batch: 50, elapsedMs: 18_400 }));
      assert.equal(await count('.uplot'), 1);
      assert.equal(await page.locator('.uplot').getAttribute('data-marker'), 'first');
      assert.equal(await page.locator('.mlnb-plot').getAttribute('data-points'), '10');
      assert.equal(await text('.mlnb-status'), 'Done');
      assert.equal(await text('.mlnb-training .mlnb-head .mlnb-strong'), 'Epoch 10 / 10');
      assert.deepEqual(await texts('.mlnb-time > span'), ['Took 18s', '']);
      assert.equal(await page.locator('.mlnb-progress-fill').evaluate((el) => (el as HTMLElement).style.width), '100%');
      assert.equal(await page.locator('.mlnb-progress').getAttribute('aria-valuenow'), '100');
      assert.equal(await page.locator('.mlnb-metric.is-batch').count(), 0);
      await call('setTheme', 'light');
      await page.waitForFunction(() => getComputedStyle(document.querySelector('.mlnb-training')!).color === 'rgb(59, 59, 59)');
      await page.waitForTimeout(50);
      assert.equal(await count('.uplot'), 1, 'a theme switch rebuilds the chart without leaking one');
      await shot('.mlnb-training', 'training-done-light');
    });

    it('draws one chart per metric pair and shows stopped / failed runs', async () => {
      await render('fit-2', MIME.training, fx.trainingView(4, { metrics: true, batchesPerEpoch: null, batch: 3 }));
      assert.equal(await count('.uplot'), 2);
      assert.deepEqual(await texts('.mlnb-chart-title'), ['loss', 'acc']);
      assert.deepEqual(await texts('.mlnb-chart:nth-child(2) .u-legend .u-label'), ['epoch', 'acc', 'val_acc']);
      assert.equal(await text('.mlnb-head .mlnb-muted'), 'Batch 3', 'batch count without a known total');
      assert.equal(await page.locator('.mlnb-progress-fill').evaluate((el) => (el as HTMLElement).style.width), '40%');
      await shot('.mlnb-training', 'training-metrics-dark');
      for (let n = 5; n <= 7; n++) await render('fit-2', MIME.training, fx.trainingView(n, { metrics: true }));
      assert.equal(await count('.uplot'), 2, 'still two charts after re-renders');
      await render('fit-2', MIME.training, fx.trainingView(7, { metrics: true, status: 'stopped', epoch: 7 }));
      assert.equal(await text('.mlnb-status'), 'Stopped');
      assert.equal(await text('.mlnb-training .mlnb-head .mlnb-strong'), 'Epoch 7 / 10');
      await shot('.mlnb-training', 'training-stopped-dark');
      await render('fit-3', MIME.training, fx.trainingView(0, { status: 'failed', elapsedMs: 80 }));
      assert.equal(await text('.output:nth-child(2) .mlnb-status'), 'Failed');
      assert.equal(await text('.output:nth-child(2) .mlnb-empty'), 'No epoch finished.');
      assert.ok(await page.locator('.output:nth-child(2) .mlnb-empty').isVisible());
      await shot('.output:nth-child(2) .mlnb-training', 'training-failed-dark');
    });

    it('fits the x axis to the epochs run, not the epoch budget (growing while running, exact when over)', async () => {
      const xRange = async (slot: string) => {
        const [min, max] = ((await page.locator(`[data-slot="${slot}"] .mlnb-plot`).first().getAttribute('data-x-range')) ?? '').split(',').map(Number);
        return { min, max };
      };
      // Early stopping at 6 of 200 epochs: while running the axis leaves some room, not 194 empty epochs.
      await render('es', MIME.training, fx.trainingView(6, { epochs: 200, epoch: 6 }));
      let x = await xRange('es');
      assert.ok(x.min > 0 && x.min < 1 && x.max >= 6.5 && x.max <= 16, `running 6 of 200: x from ${x.min} to ${x.max}`);
      await render('es', MIME.training, fx.trainingView(6, { epochs: 200, epoch: 5, status: 'done' }));
      x = await xRange('es');
      assert.ok(x.max >= 6 && x.max < 7, `done after 6 of 200: the axis ends at epoch 6 (${x.max})`);
      await shot('[data-slot="es"] .mlnb-training', 'training-early-stopped-dark');
      // `epochs: 1000` interrupted at 32: grows with the run (never the budget), then fits exactly.
      for (const n of [12, 20, 32]) {
        await render('long', MIME.training, fx.trainingView(n, { epochs: 1000, epoch: n }));
        x = await xRange('long');
        assert.ok(x.max >= n + 0.5 && x.max <= n * 1.25 + 6, `running ${n} of 1000: x up to ${x.max}`);
      }
      await render('long', MIME.training, fx.trainingView(32, { epochs: 1000, epoch: 31, status: 'stopped' }));
      x = await xRange('long');
      assert.ok(x.max >= 32 && x.max < 33, `stopped at 32 of 1000: the axis ends at epoch 32 (${x.max})`);
      // A run that uses its whole budget still spans exactly the budget.
      await render('full', MIME.training, fx.trainingView(10, { status: 'done', epoch: 9 }));
      x = await xRange('full');
      assert.ok(x.max >= 10 && x.max < 11, `done 10 of 10: ${x.max}`);
      await shot('[data-slot="long"] .mlnb-training', 'training-stopped-at-32-of-1000-dark');
    });

    it('a diverged run: NaN losses are named in the metrics and leave a gap in the chart', async () => {
      const view = fx.trainingView(6, { status: 'done', epoch: 5, epochs: 6 });
      view.history.loss.splice(3, 3, NaN, NaN, NaN);
      view.batchLogs = { loss: NaN };
      await render('diverged', MIME.training, toJsonData(view));
      assert.match(await page.locator('[data-slot="diverged"] .mlnb-training').innerText(), /\bNaN\b/);
      assert.equal(await count('[data-slot="diverged"] .mlnb-plot canvas'), 1);
    });
  });

  describe('tensor card', () => {
    it('2-D: stats, NaN / Inf highlighted, rows and a heatmap', async () => {
      await render('t-2d', MIME.tensor, toJsonData(fx.matrixTensor())); // as the kernel sends it: NaN and Infinity by name
      assert.equal(await text('.mlnb-badge'), 'float32');
      assert.equal(await text('.mlnb-shape'), '[6, 10]');
      assert.equal(await text('.mlnb-tensor .mlnb-head .mlnb-muted'), '60 values · 240 B');
      assert.deepEqual(await texts('.mlnb-stat-label'), ['min', 'max', 'mean', 'NaN', 'Inf']);
      assert.deepEqual(await texts('.mlnb-stat.is-bad .mlnb-stat-value'), ['2', '1']);
      assert.deepEqual(await texts('.mlnb-stat.is-bad .mlnb-stat-label'), ['NaN', 'Inf']);
      const stats = fx.matrixTensor().stats!;
      assert.deepEqual((await texts('.mlnb-stat-value')).slice(0, 3), [compact(stats.min), compact(stats.max), compact(stats.mean)]);
      assert.equal(await count('.mlnb-matrix tr'), 6);
      assert.equal(await count('.mlnb-matrix tr:first-child td.mlnb-cell'), 8);
      assert.equal(await text('.mlnb-matrix tr:first-child td.mlnb-more'), '… 2 more');
      assert.deepEqual(await texts('.mlnb-cell.is-bad'), ['NaN', 'NaN', '∞'], 'non-finite cells are marked, each by what it is');
      const heatmap = page.locator('canvas.mlnb-heatmap');
      assert.deepEqual([await heatmap.getAttribute('data-rows'), await heatmap.getAttribute('data-cols')], ['6', '10']);
      assert.equal(await heatmap.getAttribute('aria-label'), 'Heatmap of a 6×10 tensor');
      const box = (await heatmap.boundingBox())!;
      assert.ok(Math.abs(box.width / box.height - 10 / 6) < 0.05, 'cells are square');
      assert.equal(await heatmap.getAttribute('data-non-finite'), 'true');
      assert.equal(await text('.mlnb-legend-bad'), 'NaN / Inf');
      await shot('.mlnb-tensor', 'tensor-2d-dark');
    });

    it('files written before non-finite numbers were named (null) still mark those cells', async () => {
      await render('t-legacy', MIME.tensor, JSON.parse(JSON.stringify(fx.matrixTensor())));
      assert.deepEqual(await texts('.mlnb-cell.is-bad'), ['NaN/∞', 'NaN/∞', 'NaN/∞'], 'null cannot tell NaN from Inf');
    });

    it('[h, w, 3] and [1, 28, 28, 1] tensors draw as images', async () => {
      await render('t-rgb', MIME.tensor, fx.rgbTensor());
      const pixels = await page.locator('canvas.mlnb-image').evaluate((c) => {
        const canvas = c as HTMLCanvasElement;
        const ctx = canvas.getContext('2d')!;
        return [canvas.width, canvas.height, [...ctx.getImageData(0, 0, 1, 1).data], [...ctx.getImageData(11, 7, 1, 1).data]];
      });
      assert.deepEqual(pixels, [12, 8, [0, 0, 128, 255], [255, 255, 128, 255]]);
      assert.equal(await text('.mlnb-visual-title'), 'Image 12×8 RGB');
      assert.equal(await count('canvas.mlnb-heatmap'), 0);
      await shot('.mlnb-tensor', 'tensor-rgb-dark');
      await render('t-digit', MIME.tensor, fx.digitTensor());
      const digit = page.locator('.output:nth-child(2) canvas.mlnb-image');
      assert.deepEqual(await digit.evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]), [28, 28]);
      assert.equal(await text('.output:nth-child(2) .mlnb-visual-title'), 'Image 28×28 grayscale');
      assert.equal(await text('.output:nth-child(2) .mlnb-slice-label'), '[0, :, :, 0]', 'previewed as the 28×28 matrix');
      assert.equal(await count('.output:nth-child(2) .mlnb-matrix tr:first-child td.mlnb-cell'), 8);
      await shot('.output:nth-child(2) .mlnb-tensor', 'tensor-digit-dark');
    });

    it('truncated, 1-D, 3-D, scalar and string tensors', async () => {
      await render('t-trunc', MIME.tensor, fx.truncatedMatrix());
      assert.match(await text('.mlnb-visual.is-unavailable'), /Heatmap preview unavailable: only the first 1,000 of 4,096 values were sent/);
      assert.equal(await count('canvas'), 0);
      assert.equal(await text('.mlnb-tensor .mlnb-head .mlnb-muted'), '4,096 values · 16.0 KiB');
            assert.equal(await text('.mlnb-matrix tr:last-child'), '… 56 more rows');
      await render('t-1d', MIME.tensor, fx.vectorTensor());
      assert.equal(await count('.output:nth-child(2) .mlnb-cell'), 12);
      assert.equal(await text('.output:nth-child(2) .mlnb-more'), '… 88 more');
      await render('t-3d', MIME.tensor, fx.cubeTensor());
      assert.deepEqual(await texts('.output:nth-child(3) .mlnb-slice-label'), ['[0, :, :]', '[1, :, :]']);
      assert.equal(await count('.output:nth-child(3) canvas'), 0, '[2, 3, 4] is not an image');
      await render('t-0d', MIME.tensor, fx.scalarTensor());
      assert.equal(await text('.output:nth-child(4) .mlnb-scalar'), '0.6931');
      assert.equal(await text('.output:nth-child(4) .mlnb-shape'), '[] (scalar)');
      await render('t-str', MIME.tensor, fx.stringTensor());
      assert.deepEqual(await texts('.output:nth-child(5) .mlnb-cell'), ['"cat"', '"dog"', JSON.stringify(fx.XSS)]);
      await shot('#outputs', 'tensor-misc-dark');
    });
  });

  it('model summary: rows and totals with thousands separators', async () => {
    await render('m-1', MIME.modelSummary, fx.modelSummary());
    assert.equal(await count('.mlnb-table tbody tr'), 5);
    assert.deepEqual(await texts('.mlnb-table th'), ['Layer', 'Type', 'Output shape', 'Params', '']);
    assert.deepEqual(await texts('.mlnb-table tbody tr:nth-child(2) td'), ['dense_Dense1', 'Dense', '[None,128]', '100,480', '']);
    assert.deepEqual(await texts('.mlnb-total-label'), ['Total params', 'Trainable', 'Non-trainable']);
    assert.deepEqual(await texts('.mlnb-total-value'), ['102,282', '102,026', '256']);
    assert.equal(await text('.mlnb-model .mlnb-strong'), 'sequential_1');
    // Each value sits under its header: the same alignment, and the text starts (left) or ends (right) where
    // the header's does — also under the output webview's own table styles (harness/page.css).
    // (no named helpers inside evaluate: tsx would wrap them in a __name() call the page doesn't have)
    const columns = await page.locator('.mlnb-table').evaluate((table) =>
      Array.from(table.querySelectorAll('thead th')).map((th, c) =>
        [th, ...Array.from(table.querySelectorAll('tbody tr')).map((tr) => tr.children[c])].map((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          const r = range.getBoundingClientRect();
          return { align: getComputedStyle(cell).textAlign, left: Math.round(r.left), right: Math.round(r.right), empty: r.width === 0 };
        }),
      ),
    );
    columns.forEach(([head, ...cells], c) => {
      if (head.empty) return; // the share-of-parameters bars have no header text
      for (const cell of cells) {
        assert.equal(cell.align, head.align, `column ${c}: values aligned ${cell.align}, header ${head.align}`);
        const edge = head.align === 'right' || head.align === 'end' ? 'right' : 'left';
        assert.ok(Math.abs(cell[edge] - head[edge]) <= 1, `column ${c}: value text ${edge} edge at ${cell[edge]}, header's at ${head[edge]}`);
      }
    });
    await shot('.mlnb-model', 'model-dark');
    await call('setTheme', 'light');
    await shot('.mlnb-model', 'model-light');
  });

  describe('charts', () => {
    it('line, scatter and bar charts with title, legend and axis labels', async () => {
      await render('c-line', MIME.chart, fx.lineChart());
      await render('c-scatter', MIME.chart, fx.scatterChart());
      await render('c-bar', MIME.chart, fx.barChart());
      assert.equal(await count('.uplot'), 3);
      assert.deepEqual(await texts('.mlnb-chart-title'), ['Activation functions', 'Embedding (2-D)', 'Accuracy per class']);
      assert.deepEqual(await texts('.output:nth-child(1) .u-legend .u-label'), ['x', 'tanh', 'sigmoid', 'relu / 5']);
      assert.deepEqual(await texts('.output:nth-child(2) .u-legend .u-label'), ['class 0', 'class 1', 'class 2']);
      assert.ok(await page.locator('.output:nth-child(2) .u-legend .u-series').first().isVisible(), 'first scatter series stays in the legend');
      assert.deepEqual(await texts('.output:nth-child(3) .u-legend .u-label'), ['class', 'train', 'test']);
      // Bars are drawn: sample the plot canvas inside the first bar group (x = 0, y ≈ 0.5).
      const filled = await page.locator('.output:nth-child(3) .uplot canvas').evaluate((c) => {
        const canvas = c as HTMLCanvasElement;
        const ctx = canvas.getContext('2d')!;
        let coloured = 0;
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && Math.abs(data[i] - data[i + 2]) > 80) coloured++;
        return coloured / (canvas.width * canvas.height);
      });
      assert.ok(filled > 0.15, `bars cover the plot (${(filled * 100).toFixed(1)}% coloured pixels)`);
      for (const [i, name] of ['chart-line', 'chart-scatter', 'chart-bar'].entries()) await shot(`.output:nth-child(${i + 1}) .mlnb-chartview`, `${name}-dark`);
      await call('setTheme', 'light');
      await page.waitForFunction(() => getComputedStyle(document.querySelector('.u-legend .u-series:nth-child(2) .u-marker')!).borderColor === 'rgb(26, 133, 255)');
      assert.equal(await count('.uplot'), 3);
      for (const [i, name] of ['chart-line', 'chart-scatter', 'chart-bar'].entries()) await shot(`.output:nth-child(${i + 1}) .mlnb-chartview`, `${name}-light`);
    });

    it('re-rendering a chart with the same series updates it in place', async () => {
      await render('c-1', MIME.chart, fx.lineChart());
      // The previous test switched the theme; let a late theme notification (which rightly rebuilds) pass first.
      await page.waitForTimeout(300);
      await page.locator('.uplot').evaluate((el) => ((el as HTMLElement).dataset.marker = 'kept'));
      const more = fx.lineChart();
      for (const s of more.series) s.y = s.y.map((v) => v * 0.5);
      await render('c-1', MIME.chart, more);
      assert.equal(await page.locator('.uplot').getAttribute('data-marker'), 'kept');
      // Unrelated changes to <html>'s style (VS Code's --notebook-* variables) don't rebuild charts.
      await page.evaluate(() => document.documentElement.style.setProperty('--notebook-cell-output-font-size', '13px'));
      await page.waitForTimeout(100);
      assert.equal(await page.locator('.uplot').getAttribute('data-marker'), 'kept');
      // The chart follows the element's width.
      const widths = async () => page.locator('.mlnb-chartview').evaluate((card) => [card.querySelector('.uplot')!.getBoundingClientRect().width, card.clientWidth - 24]);
      await page.evaluate(() => document.getElementById('outputs')!.style.setProperty('width', '560px'));
      await page.waitForFunction(() => document.querySelector('.uplot')!.getBoundingClientRect().width < 560);
      const [chart, card] = await widths();
      assert.ok(Math.abs(chart - card) <= 2, `chart ${chart}px fills the ${card}px card after a resize`);
      await page.evaluate(() => document.getElementById('outputs')!.style.removeProperty('width'));
      assert.equal(await page.locator('.uplot').getAttribute('data-marker'), 'kept', 'resizing keeps the instance');
      await render('c-1', MIME.chart, fx.barChart());
      assert.equal(await count('.uplot'), 1, 'a different spec replaces the chart');
      assert.equal(await page.locator('.uplot').getAttribute('data-marker'), null);
    });
  });

  it('untrusted names render as text (no XSS)', async () => {
    const payload = fx.XSS;
    const summary = fx.modelSummary();
    summary.name = payload;
    summary.layers[1].name = payload;
    summary.layers[1].type = payload;
    await render('x-model', MIME.modelSummary, summary);
    const chart = fx.lineChart();
    chart.title = payload;
    chart.xLabel = payload;
    chart.series[0].name = payload;
    await render('x-chart', MIME.chart, chart);
    const training = fx.trainingView(3);
    training.history[payload] = [1, 2, 3];
    training.batchLogs[payload] = 1;
    await render('x-train', MIME.training, training);
    await render('x-tensor', MIME.tensor, { ...fx.vectorTensor(), dtype: payload });
    await render('x-str', MIME.tensor, fx.stringTensor());
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.equal(await count('#outputs img'), 0);
    assert.equal(await text('.mlnb-table tbody tr:nth-child(2) td'), payload);
    assert.equal(await text('.mlnb-model .mlnb-strong'), payload);
    assert.equal(await text('.mlnb-chartview .mlnb-chart-title'), payload);
    assert.ok((await texts('.mlnb-chartview .u-legend .u-label')).includes(payload));
    assert.ok((await texts('.mlnb-training .u-legend .u-label')).includes(payload));
    assert.ok((await texts('.mlnb-metric-name')).includes(payload));
    assert.equal(await text('.output:nth-child(4) .mlnb-badge'), payload);
    await shot('#outputs', 'xss-dark');
  });

  it('training curves are opaque and stand out (3:1) in dark, light and high contrast (VS Code 1.139 themes too), also after each switch', async () => {
    const luminance = ([r, g, b]: number[]) => {
      const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const ratio = (a: number[], b: number[]) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    await render('contrast', MIME.training, fx.trainingView(8, { metrics: true }));
    for (const theme of ['light', 'dark', 'hc', 'light-modern', 'dark-modern', 'hc-light', 'hc-dark', 'light']) {
      await call('setTheme', theme);
      const bgVar = ((await call('setTheme', theme)) as Record<string, string>)['--vscode-editor-background'];
      const bg = [1, 3, 5].map((i) => parseInt(bgVar.slice(i, i + 2), 16));
      // Wait for the repaint: the points' fill is the background colour.
      await page.waitForTimeout(150);
      const markers = await page.locator('.mlnb-training .u-legend .u-series:not(:first-child)').evaluateAll((els) =>
        els.map((el) => [el.querySelector('.u-label')!.textContent, getComputedStyle(el.querySelector('.u-marker')!).borderTopColor] as const),
      );
      assert.equal(markers.length, 4, 'loss, val_loss, acc, val_acc');
      for (const [name, colour] of markers) {
        assert.doesNotMatch(colour, /rgba\(.*,\s*0?\.\d+\)$/, `${theme}: ${name} is drawn translucent (${colour})`);
        const rgb = (colour.match(/\d+/g) ?? []).slice(0, 3).map(Number);
        const r = ratio(rgb, bg);
        assert.ok(r >= 3, `${theme}: ${name} ${colour} on ${bgVar} is ${r.toFixed(2)}:1`);
      }
      await shot('[data-slot="contrast"] .mlnb-training', `training-contrast-${theme}`);
    }
  });

  it('follows the VS Code theme: dark, light and high contrast', async () => {
    const colours = async () =>
      page.evaluate(() => {
        // (no named helpers in here: tsx would wrap them in a __name() call the page doesn't have)
        const pick = {
          text: ['.mlnb-chartview', 'color'],
          muted: ['.mlnb-tensor .mlnb-stat-label', 'color'],
          border: ['.mlnb-chartview', 'border-top-color'],
          series: ['.mlnb-chartview .u-series:nth-child(2) .u-marker', 'border-color'],
          error: ['.mlnb-stat.is-bad .mlnb-stat-value', 'color'],
        };
        const result: Record<string, string> = {};
        for (const [key, [sel, prop]] of Object.entries(pick)) result[key] = getComputedStyle(document.querySelector(sel)!).getPropertyValue(prop);
        result.heatmapCorner = [...(document.querySelector('canvas.mlnb-heatmap') as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 1, 1).data].join(',');
        return result;
      });
    await render('th-chart', MIME.chart, fx.lineChart());
    await render('th-tensor', MIME.tensor, fx.matrixTensor());
    await render('th-model', MIME.modelSummary, fx.modelSummary());
    await render('th-train', MIME.training, fx.trainingView(6, { metrics: true }));
    const dark = await colours();
    assert.deepEqual({ ...dark, heatmapCorner: undefined }, {
      text: 'rgb(204, 204, 204)', muted: 'rgb(157, 157, 157)', border: 'rgb(43, 43, 43)', series: 'rgb(55, 148, 255)', error: 'rgb(248, 81, 73)', heatmapCorner: undefined,
    });
    await page.screenshot({ path: join(ARTIFACTS, 'gallery-dark.png'), fullPage: true, animations: 'disabled' });

    await call('setTheme', 'light');
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.mlnb-chartview .u-series:nth-child(2) .u-marker')!).borderColor === 'rgb(26, 133, 255)');
    const light = await colours();
    assert.deepEqual({ ...light, heatmapCorner: undefined }, {
      text: 'rgb(59, 59, 59)', muted: 'rgb(113, 113, 113)', border: 'rgb(229, 229, 229)', series: 'rgb(26, 133, 255)', error: 'rgb(229, 20, 0)', heatmapCorner: undefined,
    });
    assert.notEqual(light.heatmapCorner, dark.heatmapCorner, 'the diverging heatmap is repainted with the new theme');
    assert.equal(await count('.uplot'), 3, 'one chart view + two training charts, none leaked by the theme switch');
    await page.screenshot({ path: join(ARTIFACTS, 'gallery-light.png'), fullPage: true, animations: 'disabled' });

    await call('setTheme', 'hc');
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.mlnb-chartview')!).color === 'rgb(255, 255, 255)');
    await page.waitForTimeout(50);
    await page.screenshot({ path: join(ARTIFACTS, 'gallery-hc.png'), fullPage: true, animations: 'disabled' });
  });

  it('disposeOutputItem destroys charts; malformed values degrade, bad JSON shows an error box', async () => {
    await render('d-1', MIME.training, fx.trainingView(3, { metrics: true }));
    await render('d-2', MIME.chart, fx.barChart());
    assert.equal(await count('.uplot'), 3);
    await call('dispose', 'd-1');
    assert.equal(await count('.uplot'), 1);
    assert.equal(await count('.mlnb-training'), 0);
    await call('dispose');
    assert.equal(await count('.uplot'), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { mlnb: { views: number } }).mlnb.views), 0);
    // Garbage in: the renderer says so instead of throwing.
    await render('d-3', MIME.tensor, 'not a tensor');
    await render('d-4', MIME.chart, { kind: 'pie', series: [{ name: 'a', y: ['x', null, 3] }] });
    await render('d-5', MIME.training, { status: 'weird', history: { loss: 'nope' } });
    assert.equal(await count('.mlnb-error'), 0, 'malformed values degrade gracefully');
    await call('renderRaw', 'd-6', MIME.chart, '{"kind": "line", "series": [');
    assert.match(await text('.mlnb-error'), /^mlnb could not render this application\/vnd\.mlnb\.chart\+json output: /);
    await render('d-6', MIME.chart, fx.lineChart());
    assert.equal(await count('.mlnb-error'), 0, 'a good value replaces the error');
    assert.equal(await count('[data-slot="d-6"] .uplot'), 1);
    assert.equal(await count('[data-slot="d-5"] .uplot'), 0, 'no chart for a metric without values');
    assert.equal(await page.evaluate(() => document.styleSheets.length + document.adoptedStyleSheets.length) > 1, true);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { mlnb: { violations: string[] } }).mlnb.violations), [], 'no CSP violations');
  });
});
