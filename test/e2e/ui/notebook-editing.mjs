// Inserting model snippets (Insert Model… and the Snippets view) and the Variables view across kernel restarts
// and deaths, as a user meets them: a cell run with its own ▷ first, nothing refreshed by hand.
import fs from 'node:fs';
import path from 'node:path';
import {
  activeNotebook, cellStates, closeActiveEditorDiscarding, codeCells, kernelProcesses, notebook, openNotebook, palette, runCell, waitUntil,
} from '../lib.mjs';

export const files = {
  'insert-model.mlnb': notebook(['tf.memory().numTensors']),
  'insert-view.mlnb': notebook(['const answer = 6 * 7;\nanswer']),
  'variables.mlnb': notebook(['const kept = tf.zeros([2, 3]);\nconst note = "before";', 'typeof kept']),
};

/**
 * The notebook's cells as saved: saves (Ctrl+S; the web workbench may have auto-saved already), then reads the
 * file until it holds `count` cells or 15 s have passed (a read can also catch the file half written).
 */
async function savedCells(page, file, count) {
  await page.keyboard.press('Control+S');
  const read = () => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')).cells.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
    } catch {
      return undefined;
    }
  };
  await waitUntil(`${path.basename(file)} saved with ${count} cells`, () => read()?.length >= count, 15_000).catch(() => undefined);
  await page.waitForTimeout(300);
  return read() ?? [];
}

/** Index of the notebook cell that is focused (selected), from the cell list. */
const focusedCellIndex = (page) =>
  activeNotebook(page).locator('.monaco-list-row.focused').first().getAttribute('data-index').then(Number, () => -1);

async function openSidebarPane(page, title) {
  const header = page.locator('.pane-header:visible', { hasText: title }).first();
  // The activity bar icon toggles: click it only when the mlnb sidebar is not showing already.
  if (!(await header.isVisible().catch(() => false))) await page.locator('.activitybar .action-item a[aria-label^="mlnb"]').first().click();
  await header.waitFor({ state: 'visible', timeout: 30_000 });
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  return page.locator('.pane:visible', { has: page.locator('.pane-header', { hasText: title }) }).first();
}

const rowNames = async (pane) => (await pane.locator('.pane-body .monaco-list-row .label-name').allInnerTexts()).map((s) => s.trim());

export default async function notebookEditing({ page, server, ws, uiTest, screenshot, log }) {
  await uiTest('insert model: after running a cell with its ▷, Insert Model… puts the model in a new selected cell below', async (slug) => {
    await openNotebook(page, 'insert-model.mlnb');
    await runCell(page, 0);
    await waitUntil('the cell to run', async () => (await cellStates(page))[0] === 'success', 90_000);
    await palette(page, 'mlnb: Insert Model…');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(500); // the command's own quick pick replaces the palette
    await input.fill('mlnb-lstm');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'LSTM (adding problem)' }).first().click();
    await waitUntil('a second code cell', async () => (await codeCells(page).count()) >= 2, 15_000);
    await page.waitForTimeout(500);
    const focused = await focusedCellIndex(page);
    await screenshot(`${slug}-inserted`);
    await page.keyboard.press('Escape'); // leave snippet mode
    const cells = await savedCells(page, path.join(ws, 'insert-model.mlnb'), 2);
    log(`  cells after Insert Model: ${JSON.stringify(cells.map((c) => c.slice(0, 40)))}; focused cell ${focused}`);
    if (cells[0] !== 'tf.memory().numTensors') throw new Error(`the run cell was changed: ${JSON.stringify(cells[0].slice(0, 120))}`);
    if (cells.length !== 2 || !/^\/\/ LSTM on the "adding problem"/.test(cells[1])) throw new Error(`no new LSTM cell below: ${cells.length} cells`);
    if (focused !== 1) throw new Error(`the new cell is not the selected one (focused: ${focused})`);
  });
  await closeActiveEditorDiscarding(page);

  await uiTest('snippets view: Insert after running a cell with its ▷ adds a new cell, the run cell unchanged', async (slug) => {
    await openNotebook(page, 'insert-view.mlnb');
    await runCell(page, 0);
    await waitUntil('the cell to run', async () => (await cellStates(page))[0] === 'success', 90_000);
    const pane = await openSidebarPane(page, 'Snippets');
    const item = pane.locator('.monaco-list-row', { hasText: 'Linear regression' }).first();
    await item.waitFor({ state: 'visible', timeout: 20_000 });
    await item.hover();
    // The row's inline Insert action (a click on the row itself runs the same command).
    await item.locator('.actions .action-label[aria-label="Insert Snippet"]').first().click();
    await waitUntil('a second code cell', async () => (await codeCells(page).count()) >= 2, 15_000);
    await page.waitForTimeout(500);
    const focused = await focusedCellIndex(page);
    await screenshot(`${slug}-inserted`);
    await page.keyboard.press('Escape');
    const cells = await savedCells(page, path.join(ws, 'insert-view.mlnb'), 2);
    if (cells[0] !== 'const answer = 6 * 7;\nanswer') throw new Error(`the run cell was changed: ${JSON.stringify(cells[0].slice(0, 120))}`);
    if (cells.length !== 2 || !cells[1].startsWith('// Linear regression')) throw new Error(`no new snippet cell below: ${JSON.stringify(cells.map((c) => c.slice(0, 40)))}`);
    if (focused !== 1) throw new Error(`the new cell is not the selected one (focused: ${focused})`);
  });
  await closeActiveEditorDiscarding(page);

  await uiTest('variables view: follows Restart Kernel, a killed kernel and a new one without Refresh', async (slug) => {
    await openNotebook(page, 'variables.mlnb');
    const pane = await openSidebarPane(page, 'Variables');
    await runCell(page, 0);
    await waitUntil('the cell to run', async () => (await cellStates(page))[0] === 'success', 90_000);
    await waitUntil('kept and note listed', async () => (await rowNames(pane)).includes('kept'), 20_000);
    await screenshot(`${slug}-listed`);

    await palette(page, 'mlnb: Restart Kernel');
    await waitUntil('the Variables view to clear after the restart', async () => (await rowNames(pane)).length === 0, 20_000)
      .catch(async (e) => { throw new Error(`${e.message} (still listed: ${(await rowNames(pane)).join(', ')})`); });
    await screenshot(`${slug}-after-restart`);

    await runCell(page, 0); // a new kernel starts
    await waitUntil('kept listed again from the new kernel', async () => (await rowNames(pane)).includes('kept'), 90_000);

    const kernels = kernelProcesses(server.pid);
    if (kernels.length === 0) throw new Error('no kernel process to kill');
    for (const { pid } of kernels) process.kill(pid, 'SIGKILL');
    log(`  killed kernel process(es) ${kernels.map((k) => k.pid).join(', ')}`);
    await waitUntil('the Variables view to clear after the kernel died', async () => (await rowNames(pane)).length === 0, 20_000)
      .catch(async (e) => { throw new Error(`${e.message} (still listed: ${(await rowNames(pane)).join(', ')})`); });
  });
  await closeActiveEditorDiscarding(page);
}
