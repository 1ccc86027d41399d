// A cell's type errors and its run result are seen together: the kernel runs a cell with a type error (✓), and
// the cell's status bar says "1 type error" before and after the run; a clean cell says nothing; the item
// opens the Problems panel.
import { activeNotebook, cellStates, closeActiveEditorDiscarding, notebook, openNotebook, runCell, waitUntil } from '../lib.mjs';

export const files = {
  'type-errors.mlnb': notebook(["let x: number = 'a';\nconsole.log('ran with', x);", 'const fine: number = 1;']),
};

export default async function typeErrors({ page, uiTest, screenshot, log }) {
  await uiTest('type errors: "1 type error" in the cell status bar, next to the run result (the cell still runs)', async (slug) => {
    await openNotebook(page, 'type-errors.mlnb');
    const cell = (index) => activeNotebook(page).locator(`.monaco-list-row.code-cell-row[data-index="${index}"]`);
    const status = (index) => cell(index).locator('.cell-statusbar-container').innerText().catch(() => '');
    await waitUntil('"1 type error" in the first cell’s status bar', async () => /\b1 type error\b/.test(await status(0)), 90_000);
    if (/type error/.test(await status(1))) throw new Error(`the clean cell shows a type-error item: ${await status(1)}`);

    await runCell(page, 0);
    await waitUntil('the first cell ran successfully', async () => (await cellStates(page))[0] === 'success', 120_000);
    await page.waitForTimeout(500);
    if (!/\b1 type error\b/.test(await status(0))) throw new Error(`after the run, the status bar no longer shows the type error: ${await status(0)}`);
    log(`  cell 1 status bar: ${(await status(0)).replace(/\s+/g, ' ')}`);
    await screenshot(`${slug}-ran-with-type-error`);

    await cell(0).locator('.cell-statusbar-container', { hasText: '1 type error' }).locator('text=1 type error').click();
    await waitUntil('the Problems panel with the error', async () => /Type 'string' is not assignable to type 'number'/.test(await page.locator('.markers-panel').innerText().catch(() => '')), 15_000);
    await screenshot(`${slug}-problems`);
  });
  await closeActiveEditorDiscarding(page);
}
