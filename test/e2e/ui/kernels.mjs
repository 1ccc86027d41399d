// Kernel state as the user sees it in the workbench: a training view after its kernel was killed, the status
// bar's tensor count and kernel count, names left undefined by a failed import (cell error and Variables view),
// kernels of closed or idle notebooks being stopped, and the restart offered when a setting kernels read at start
// changes.
import {
  activeNotebook, cellStates, closeActiveEditorDiscarding, framesText, kernelProcesses, notebook, openNotebook, palette, runCell, waitForText, waitUntil,
} from '../lib.mjs';

export const files = {
  // Each epoch waits a little, so the run is still going when the test kills the kernel.
  'kill-mid-fit.mlnb': notebook([[
    "const model = tf.sequential({ layers: [tf.layers.dense({ units: 16, inputShape: [8], activation: 'relu' }), tf.layers.dense({ units: 1 })] });",
    "model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });",
    'const xs = tf.randomNormal([256, 8]); const ys = tf.randomNormal([256, 1]);',
    'await model.fit(xs, ys, { epochs: 1000, batchSize: 32, callbacks: { onEpochEnd: () => new Promise((r) => setTimeout(r, 100)) } });',
  ].join('\n')]),
  'tensor-count.mlnb': notebook(['const t = tf.zeros([2, 2]);', 'const u = tf.ones([3]);\nconst v = tf.ones([3]);']),
  'failed-import.mlnb': notebook(["import { Jimp } from 'jimp';", "const image = await Jimp.loadData('cat.png');"]),
  'kernel-a.mlnb': notebook(['const a = 1;\na']),
  'kernel-b.mlnb': notebook(['const b = 2;\nb']),
  'backend-setting.mlnb': notebook(["'backend=' + tf.getBackend()"]),
};

/** The status of every training view in the output frames (data-status of the renderer's root). */
async function trainingStatuses(page) {
  const all = await Promise.all(page.frames().map((f) => f.evaluate(() => [...document.querySelectorAll('.mlnb-training')].map((el) => el.getAttribute('data-status'))).catch(() => [])));
  return all.flat();
}

const pids = (server) => new Set(kernelProcesses(server.pid).map((p) => p.pid));

/** Runs the n-th cell and returns the pid of the kernel process it started (none of `before`). */
async function runStartingKernel(page, server, n) {
  const before = pids(server);
  await runCell(page, n);
  return waitUntil('a new kernel process', () => [...pids(server)].find((pid) => !before.has(pid)), 60_000);
}

const statusItem = (page, pattern) => page.locator('.statusbar-item', { hasText: pattern }).first();

export default async function kernels({ page, server, uiTest, screenshot, log }) {
  await uiTest('kill -9 mid-fit: the cell fails with KernelDied and its training view says Failed, not Training', async (slug) => {
    await openNotebook(page, 'kill-mid-fit.mlnb');
    const pid = await runStartingKernel(page, server, 0);
    await waitUntil('the training view running with an epoch done', async () => (await trainingStatuses(page)).includes('running') && /Epoch \d+/.test(await framesText(page)), 120_000);
    await screenshot(`${slug}-running`);
    process.kill(pid, 'SIGKILL');
    await waitUntil('the cell in error state', async () => (await cellStates(page))[0] === 'error', 30_000);
    await waitForText(page, /KernelDied/, 'the KernelDied error', 15_000);
    await waitUntil('the training view to say failed', async () => (await trainingStatuses(page)).includes('failed'), 15_000)
      .catch(async (error) => { throw new Error(`${error.message} (training views: ${(await trainingStatuses(page)).join(', ')})`); });
    const statuses = await trainingStatuses(page);
    if (statuses.includes('running')) throw new Error(`a training view still says running: ${statuses.join(', ')}`);
    if (/ETA \d/.test(await framesText(page))) throw new Error('an ETA is still shown');
  });
  await closeActiveEditorDiscarding(page);

  await uiTest('status bar: the tensor count is the one after the cell that just ran, not one run behind', async () => {
    await openNotebook(page, 'tensor-count.mlnb');
    await runCell(page, 0);
    await waitUntil('cell 1 to succeed', async () => (await cellStates(page))[0] === 'success', 90_000);
    const one = statusItem(page, /· idle · 1 tensors?\b/);
    await one.waitFor({ state: 'visible', timeout: 15_000 }).catch(async () => {
      throw new Error(`status bar after tf.zeros([2, 2]): ${(await page.locator('.statusbar-item', { hasText: /tensor/ }).first().innerText().catch(() => '(none)')).trim()}`);
    });
    await runCell(page, 1);
    await waitUntil('cell 2 to succeed', async () => (await cellStates(page))[1] === 'success', 60_000);
    await statusItem(page, /· idle · 3 tensors\b/).waitFor({ state: 'visible', timeout: 15_000 });
    log(`  status bar: ${(await statusItem(page, /tensors/).innerText()).trim()}`);
  });
  await closeActiveEditorDiscarding(page);

  await uiTest('failed import: a later cell and the Variables view say the name is undefined because its import failed in In[1]', async (slug) => {
    await openNotebook(page, 'failed-import.mlnb');
    await runCell(page, 0);
    await waitUntil('the import cell to fail', async () => (await cellStates(page))[0] === 'error', 90_000);
    await runCell(page, 1);
    await waitUntil('the second cell to fail', async () => (await cellStates(page))[1] === 'error', 60_000);
    await waitForText(page, /Jimp is undefined because its import from 'jimp' failed in In\[1\]: Cannot find module 'jimp'/, "the later cell's error naming the failed import", 15_000);
    const header = page.locator('.pane-header', { hasText: 'Variables' }).first();
    // The icon toggles the side bar: click it only when the mlnb views are not showing already.
    if (!(await header.isVisible())) await page.locator('.activitybar .action-item a[aria-label^="mlnb"]').first().click();
    await header.waitFor({ state: 'visible', timeout: 30_000 });
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const row = page.locator('.pane-body .monaco-list-row', { hasText: 'Jimp' }).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    await waitUntil("the Variables row to say why Jimp is undefined", async () => /its import from 'jimp' failed in In\[1\]/.test(await row.innerText()), 15_000)
      .catch(async (error) => { throw new Error(`${error.message} (row: ${(await row.innerText()).replace(/\s+/g, ' ')})`); });
    log(`  Variables: ${(await row.innerText()).replace(/\s+/g, ' ')}`);
    await screenshot(`${slug}-variables`);
  });
  await closeActiveEditorDiscarding(page);

  await uiTest('a setting kernels read at start (mlnb.backend) changes: the running kernel is offered a restart, which uses the new value', async (slug) => {
    const original = process.env.MLNB_E2E_BACKEND || 'auto';
    const selectBackend = async (backend) => {
      await palette(page, 'mlnb: Select TF.js Backend');
      const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${backend}$`) }) }).first();
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      await row.click();
    };
    await openNotebook(page, 'backend-setting.mlnb');
    const before = await runStartingKernel(page, server, 0);
    await waitUntil('the cell to succeed', async () => (await cellStates(page))[0] === 'success', 90_000);
    const next = original === 'cpu' ? 'wasm' : 'cpu';
    await selectBackend(next);
    const toast = page.locator('.notification-toast', { hasText: /mlnb\.backend changed/ }).first();
    await toast.waitFor({ state: 'visible', timeout: 15_000 });
    const message = (await toast.innerText()).replace(/\s+/g, ' ');
    log(`  toast: ${message}`);
    if (!/The running kernel keeps the old value until restarted/.test(message)) throw new Error(`the toast says: ${message}`);
    await screenshot(`${slug}-offer`);
    await toast.locator('.monaco-button', { hasText: 'Restart Kernels' }).first().click();
    await waitUntil('the old kernel to exit', () => !pids(server).has(before), 30_000);
    await palette(page, 'Notifications: Clear All Notifications').catch(() => {});
    await runStartingKernel(page, server, 0);
    await waitUntil(`the new kernel to report backend=${next}`, async () => (await cellStates(page))[0] === 'success' && (await framesText(page)).includes(`backend=${next}`), 90_000);
    await screenshot(`${slug}-restarted`);
    // Put the profile's backend back for the tests after this one, with no kernel running (so no offer).
    await closeActiveEditorDiscarding(page);
    await waitUntil('the closed notebook\'s kernel to exit', () => pids(server).size === 0, 30_000);
    await selectBackend(original);
  });

  await uiTest('kernels: the status bar counts them, closing a notebook stops its kernel, Stop Idle Kernels stops the rest', async (slug) => {
    await openNotebook(page, 'kernel-a.mlnb');
    await palette(page, 'View: Keep Editor').catch(() => page.keyboard.press('Escape')); // a tab of its own, not a preview
    const pidA = await runStartingKernel(page, server, 0);
    await waitUntil('cell a to succeed', async () => (await cellStates(page))[0] === 'success', 90_000);
    await openNotebook(page, 'kernel-b.mlnb');
    const pidB = await runStartingKernel(page, server, 0);
    await waitUntil('cell b to succeed', async () => (await cellStates(page))[0] === 'success', 90_000);
    // Earlier tests' notebooks were closed, so their kernels are gone: these two are all that run.
    await statusItem(page, /· 2 kernels\b/).waitFor({ state: 'visible', timeout: 20_000 }).catch(async () => {
      throw new Error(`no "2 kernels" in the status bar: ${(await statusItem(page, /idle|busy|kernel/).innerText().catch(() => '(none)')).trim()}; kernel processes: ${kernelProcesses(server.pid).length}`);
    });
    await screenshot(`${slug}-two`);
    await closeActiveEditorDiscarding(page); // closes kernel-b.mlnb
    await waitUntil("the closed notebook's kernel to exit", () => !pids(server).has(pidB), 30_000);
    if (!pids(server).has(pidA)) throw new Error('the kernel of the notebook still open was stopped too');
    await waitUntil('kernel-a.mlnb to be the active notebook', async () => (await activeNotebook(page).count()) > 0, 10_000);
    await palette(page, 'mlnb: Stop Idle Kernels');
    await waitUntil('the idle kernel to exit', () => !pids(server).has(pidA), 30_000);
    await statusItem(page, /· no kernel/).waitFor({ state: 'visible', timeout: 15_000 });
  });
  await closeActiveEditorDiscarding(page);
}
