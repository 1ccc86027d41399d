// The "Get started with mlnb" walkthrough, followed as a newcomer would: its sample opens as a real, clean file
// (not a dirty Untitled copy) and running all its cells completes the "Run all cells" step.
import { activeNotebook, allCellStates, closeActiveEditorDiscarding, palette, waitUntil } from '../lib.mjs';

export const files = {};

const stepButton = (page, title) => page.locator('.gettingStartedContainer button.getting-started-step', { hasText: title }).first();
const stepDone = async (page, title) => (await stepButton(page, title).locator('.codicon-getting-started-step-checked').count()) > 0;

export default async function walkthrough({ page, uiTest, screenshot, log }) {
  await uiTest('walkthrough: the sample opens as a clean file and Run All completes the "Run all cells" step', async (slug) => {
    await palette(page, 'Welcome: Open Walkthrough...');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(500);
    await input.fill('Get started with mlnb');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Get started with mlnb' }).first().click();
    await stepButton(page, 'Open a sample notebook').waitFor({ state: 'visible', timeout: 30_000 });
    if (await stepDone(page, 'Run all cells')) throw new Error('"Run all cells" is done before anything ran');
    await stepButton(page, 'Open a sample notebook').click();
    await page.locator('.gettingStartedContainer .step-description-container .button-link, .gettingStartedContainer .step-description-container a', { hasText: 'Open a sample notebook' }).first().click();

    const tab = page.locator('.editor-group-container.active .tab.active');
    await waitUntil('a notebook to open', async () => (await activeNotebook(page).locator('.code-cell-row').count()) > 0, 60_000);
    const label = (await tab.innerText()).replace(/\s+/g, ' ').replace(/ \.mlnb/, '.mlnb').trim();
    const dirty = (await tab.getAttribute('class')).split(/\s+/).includes('dirty');
    log(`  sample tab: "${label}"${dirty ? ' (dirty)' : ''}; title: ${await tab.getAttribute('title')}`);
    await screenshot(`${slug}-sample`);
    if (/Untitled/i.test(label) || /Untitled/i.test((await tab.getAttribute('title')) ?? '')) throw new Error(`the sample opened as an untitled copy: ${label}`);
    if (!/linear-regression\.mlnb/.test(label)) throw new Error(`the sample opened as "${label}"`);
    if (dirty) throw new Error('the sample opened dirty');

    await page.locator('.notebook-toolbar-container .action-item', { hasText: 'Run All' }).first().click();
    await waitUntil('every code cell of the sample to succeed', async () => {
      const states = await allCellStates(page, 4);
      if (states.includes('error')) throw new Error(`cell states: ${states.join(', ')}`);
      return states.length === 4 && states.every((s) => s === 'success');
    }, 180_000, 1000);

    await page.locator('.tabs-container .tab', { hasText: /Welcome|Walkthrough/ }).first().click();
    await waitUntil('the "Run all cells" step to be checked', () => stepDone(page, 'Run all cells'), 20_000);
    await screenshot(`${slug}-walkthrough`);
  });
  await closeActiveEditorDiscarding(page);
  await closeActiveEditorDiscarding(page);
}
