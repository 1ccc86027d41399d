// Run by Line as a user does it: the command from the palette on the selected cell, the stop shown in the cell
// (the current line highlighted, In[*] in the Call Stack), Step Over and Continue from the palette, and the next
// cell seeing what the debugged cell defined.
import { activeNotebook, cellStates, closeActiveEditorDiscarding, codeCells, framesText, notebook, openNotebook, palette, runCell, waitUntil } from '../lib.mjs';

export const files = {
  'run-by-line.mlnb': notebook(['const first = 20;\nconst second = first + 1;\nconst third = second * 2;', 'third']),
};

const callStackText = (page) => page.locator('.debug-call-stack').first().innerText().catch(() => '');

export default async function debugging({ page, uiTest, screenshot }) {
  await uiTest('run by line: stops in the cell, Step Over moves the highlighted line, Continue keeps the globals', async (slug) => {
    await openNotebook(page, 'run-by-line.mlnb');
    const cell = codeCells(page).nth(0);
    await cell.locator('.view-lines').first().click(); // select the cell (its editor)
    await palette(page, 'mlnb: Run by Line');
    const highlighted = activeNotebook(page).locator('.debug-top-stack-frame-line');
    await waitUntil('the current line highlighted in the cell', async () => (await highlighted.count()) > 0, 120_000);
    await palette(page, 'View: Show Run and Debug');
    await waitUntil('the cell frame In[*] at line 1 in the Call Stack', async () => /In\[\*\][\s\S]{0,40}\b1:\d/.test(await callStackText(page)), 30_000)
      .catch(async (error) => { throw new Error(`${error.message}; call stack: ${await callStackText(page)}`); });
    await screenshot(`${slug}-paused`);
    await palette(page, 'Debug: Step Over');
    await waitUntil('the Call Stack at line 2', async () => /In\[\*\][\s\S]{0,40}\b2:\d/.test(await callStackText(page)), 30_000)
      .catch(async (error) => { throw new Error(`${error.message}; call stack: ${await callStackText(page)}`); });
    await screenshot(`${slug}-stepped`);
    await palette(page, 'Debug: Continue');
    await waitUntil('cell 1 to succeed', async () => (await cellStates(page))[0] === 'success', 60_000);
    const noise = await page.locator('.repl').first().innerText().catch(() => '');
    if (/Could not read source map/.test(noise)) throw new Error(`the Debug Console shows source-map warnings: ${noise.slice(0, 300)}`);
    await waitUntil('the debug toolbar to go away', async () => (await page.locator('.debug-toolbar:visible').count()) === 0, 30_000);
    await runCell(page, 1);
    await waitUntil('cell 2 to succeed', async () => (await cellStates(page))[1] === 'success', 60_000);
    if (!/(^|\n)\s*42\s*(\n|$)/.test(await framesText(page))) throw new Error('the output 42 of `third` is not shown');
  });
  await closeActiveEditorDiscarding(page);
}
