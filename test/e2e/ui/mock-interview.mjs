// A mock interview from the command palette: a new interview's first question starts its clock when it is
// shown, with no time from the set-up prompts (nor from an interview it replaced that asked the same question),
// and the summary shows each question's difficulty.
import { closeActiveEditorDiscarding, palette, waitUntil } from '../lib.mjs';

export const files = {};

const mockFrame = async (page) => {
  for (const f of page.frames()) if (await f.locator('#mock-timer, #mock-overall').count().catch(() => 0)) return f;
  return undefined;
};
const seconds = (text) => text.split(':').reduce((s, part) => s * 60 + Number(part), 0);
const row = (page, text) => page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text }).first();

/**
 * Answers the set-up prompts like a person: some seconds on each. One question of Deployment & MLOps, easy
 * only: the bank has exactly one such question, so every such interview asks the same one.
 */
export async function startInterview(page, { count, category, mix, think }) {
  await palette(page, 'mlnb: Start Mock Interview');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForTimeout(think);
  await input.fill(String(count));
  await page.keyboard.press('Enter');
  await row(page, category).waitFor({ timeout: 15_000 });
  await page.waitForTimeout(think);
  // All categories come picked: a click on a row toggles it, so untick every other one.
  const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  const n = await rows.count();
  for (let i = 0; i < n; i++) if (!(await rows.nth(i).innerText()).includes(category)) await rows.nth(i).click();
  await page.waitForTimeout(300);
  const picked = (await page.locator('.quick-input-widget .quick-input-count').first().innerText().catch(() => '?')).trim();
  if (!/^1\b/.test(picked)) throw new Error(`expected one category picked, the quick pick says "${picked}"`);
  await page.keyboard.press('Enter');
  await row(page, mix).waitFor({ timeout: 15_000 });
  await page.waitForTimeout(think);
  await row(page, mix).click();
}

export default async function mockInterview({ page, uiTest, screenshot, log }) {
  await uiTest('mock interview: a new interview starts its clock at its first question (not during set-up); the summary shows difficulty', async (slug) => {
    await startInterview(page, { count: 1, category: 'MLOps', mix: 'Easy only', think: 500 });
    const frame = await waitUntil('the mock interview page', () => mockFrame(page), 30_000);
    await frame.locator('#mock-timer').waitFor({ timeout: 30_000 });
    const firstId = await frame.locator('#page').getAttribute('data-question-id');
    await frame.locator('#mock-answer').fill('Half an answer before starting over');
    log(`  first interview asks ${firstId}`);

    // Start over from the palette; the set-up takes a while.
    await frame.locator('#page').evaluate((el) => (el.dataset.old = '1'));
    const t = Date.now();
    await startInterview(page, { count: 1, category: 'MLOps', mix: 'Easy only', think: 3000 });
    await frame.locator('#page:not([data-old])').waitFor({ timeout: 30_000 }); // the page shows the new interview
    const id = await frame.locator('#page').getAttribute('data-question-id');
    const shown = (await frame.locator('#mock-timer').innerText()).trim();
    log(`  set-up took ${((Date.now() - t) / 1000).toFixed(1)}s; the new interview asks ${id}, its timer shows ${shown}`);
    await screenshot(`${slug}-first`);
    if (id !== firstId) throw new Error(`expected the same question again (${firstId}), got ${id}`);
    if (seconds(shown) > 3) throw new Error(`the new interview's first timer starts at ${shown}: it counted the set-up (and the interview it replaced)`);
    if ((await frame.locator('#mock-answer').inputValue()) !== '') throw new Error('the new interview shows the old draft answer');

    await frame.locator('#mock-reveal').click();
    await frame.locator('#mock-kp-0').check();
    await frame.locator('#mock-next').click();
    await frame.locator('#mock-overall').waitFor({ timeout: 15_000 });
    const items = await frame.locator('#mock-items li').evaluateAll((lis) => lis.map((li) => ({ difficulty: li.querySelector('.chip-difficulty')?.textContent ?? '', meta: li.querySelector('.item-meta')?.textContent ?? '' })));
    log(`  summary items: ${JSON.stringify(items)}`);
    await screenshot(`${slug}-summary`);
    if (items.length !== 1) throw new Error(`${items.length} summary items`);
    if (!/easy|简单/.test(items[0].difficulty)) throw new Error(`the summary shows no difficulty: ${JSON.stringify(items[0])}`);
    if (!/self-grade|自评/.test(items[0].meta)) throw new Error(`the self-grade is not named as one: ${JSON.stringify(items[0])}`);
  });
  await closeActiveEditorDiscarding(page);
}
