// Run hints as a learner meets them after Run All on a notebook with one bug (the fixtures of
// test/fixtures/notebooks/diagnosis): the hint is a code lens on the line it is about (a layer, the compile call,
// in the cell above the fit), its diagnostic shows the evidence, and its quick fix edits that line; after the fix
// and another Run All the notebook trains without a hint.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { activeNotebook, allCellStates, closeActiveEditorDiscarding, codeCells, openNotebook, palette, scrollNotebook, waitUntil } from '../lib.mjs';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'notebooks', 'diagnosis');
const fixture = (name) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

export const files = {
  'hint-missing-activation.mlnb': fixture('missing-activation.mlnb'),
  'hint-label-format.mlnb': fixture('label-format-class-ids.mlnb'),
};

/** Text of the n-th code cell's editor, as drawn. */
async function cellText(page, n) {
  return (await codeCells(page).nth(n).locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
}

/** Scrolls until the code lens matching `pattern` is on screen; returns it. */
async function findLens(page, pattern, what) {
  const lens = activeNotebook(page).locator('.codelens-decoration', { hasText: pattern }).first();
  await scrollNotebook(page, 'top');
  await waitUntil(what, async () => {
    if (await lens.isVisible().catch(() => false)) return true;
    await page.mouse.wheel(0, 150);
    return false;
  }, 30_000, 500);
  await lens.scrollIntoViewIfNeeded();
  return lens;
}

async function runAll(page, cells, expect) {
  await palette(page, 'Notebook: Run All');
  await waitUntil(`the cells to end ${expect.join(', ')}`, async () => (await allCellStates(page, cells)).join() === expect.join(), 180_000, 1000);
}

export default async function runHints({ page, uiTest, screenshot, log }) {
  await uiTest('run hints: stacked dense layers without activation get a hint on the layer, with evidence and a fix', async (slug) => {
    await openNotebook(page, 'hint-missing-activation.mlnb');
    await runAll(page, 3, ['success', 'success', 'success']);
    const lens = await findLens(page, /mlnb\(missing-activation\)/, 'the missing-activation lens on screen');
    const lensText = (await lens.innerText()).replace(/\s+/g, ' ');
    log(`  code lens: ${lensText}`);
    if (!/dense_Dense1 \(Dense, no activation\) feeds dense_Dense2/.test(lensText)) throw new Error(`the lens does not name the layers: ${lensText}`);
    // The lens sits in the model's cell (the 2nd code cell), above the first dense layer, not on the fit line.
    const inCell = await lens.evaluate((el) => Number(el.closest('.code-cell-row')?.getAttribute('data-index')));
    const modelCellIndex = await codeCells(page).nth(1).getAttribute('data-index');
    if (String(inCell) !== modelCellIndex) throw new Error(`the lens is in cell row ${inCell}, not the model's cell ${modelCellIndex}`);
    await screenshot(`${slug}-lens`);

    // The diagnostic carries the evidence and the explanation: the Problems panel lists it as mlnb(missing-activation).
    await palette(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: /missing activation: dense_Dense1/ }).first();
    await problem.waitFor({ state: 'visible', timeout: 15_000 });
    const problemText = (await page.locator('.markers-panel').innerText()).replace(/\s+/g, ' ');
    log(`  problems: ${problemText.slice(0, 400)}`);
    // The panel draws the source and the code apart ("mlnb" and "missing-activation"; the hover reads mlnb(missing-activation)).
    if (!/mlnb\s*\(?missing-activation\)?/.test(problemText)) throw new Error(`the Problems panel does not show mlnb(missing-activation): ${problemText.slice(0, 400)}`);
    if (!/dense_Dense1: activation linear → dense_Dense2/.test(problemText)) throw new Error(`no evidence in the problem: ${problemText.slice(0, 400)}`);
    await screenshot(`${slug}-problems`);
    await palette(page, 'View: Hide Panel').catch(() => page.keyboard.press('Escape'));

    // The fix lens edits the layer's own line.
    const again = await findLens(page, /mlnb\(missing-activation\)/, 'the lens again');
    const before = await cellText(page, 1);
    await again.locator('a', { hasText: /Add activation: 'relu'/ }).first().click();
    await waitUntil('the fix to edit the first dense layer', async () => /dense\(\{ units: 32, inputShape: \[2\], activation: 'relu' \}\)/.test(await cellText(page, 1)), 15_000);
    const after = await cellText(page, 1);
    log(`  model cell after the fix: ${after.replace(/\s+/g, ' ')}`);
    if (after.split('\n').length !== before.split('\n').length) throw new Error('the fix changed more than the layer line');
    // The edited cell's hints are gone (its lenses too): they were about the code before the fix.
    await waitUntil('the model cell without hint lenses', async () => (await codeCells(page).nth(1).locator('.codelens-decoration', { hasText: /mlnb\(/ }).count()) === 0, 15_000);
    await screenshot(`${slug}-fixed`);
  });
  await closeActiveEditorDiscarding(page);

  await uiTest('run hints: class ids with categoricalCrossentropy fail the fit; the hint on compile fixes the loss, the rerun trains clean', async (slug) => {
    await openNotebook(page, 'hint-label-format.mlnb');
    await runAll(page, 3, ['success', 'success', 'error']);
    const lens = await findLens(page, /mlnb\(label-format\)/, 'the label-format lens on screen');
    const lensText = (await lens.innerText()).replace(/\s+/g, ' ');
    log(`  code lens: ${lensText}`);
    if (!/labels are class ids 0–2 \(shape \[300, 1\]\)/.test(lensText)) throw new Error(`no evidence in the lens: ${lensText}`);
    await screenshot(`${slug}-lens`);
    await lens.locator('a', { hasText: /Use loss: 'sparseCategoricalCrossentropy'/ }).first().click();
    await waitUntil('the fix to change the loss', async () => /loss: 'sparseCategoricalCrossentropy'/.test(await cellText(page, 1)), 15_000);
    await runAll(page, 3, ['success', 'success', 'success']);
    await page.waitForTimeout(1500); // hints are computed once outputs settle
    const lenses = await activeNotebook(page).locator('.codelens-decoration', { hasText: /mlnb\(/ }).count();
    if (lenses !== 0) throw new Error(`${lenses} hint lenses after the fix`);
    await scrollNotebook(page, 'bottom');
    await screenshot(`${slug}-trained`);
  });
  await closeActiveEditorDiscarding(page);
}
