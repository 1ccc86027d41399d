// Follow-ups in the real VS Code: the question page lists them after the answer, each answer opening when its
// question is clicked; in a mock interview the interviewer asks them one at a time after the main question,
// and their answers show with the model answer at self-grading. And the tag filter, which offers the curated
// vocabulary by group with its labels.
import { palette, waitUntil } from '../lib.mjs';
import { startInterview } from './mock-interview.mjs';

export const files = {};

const frameWith = async (page, selector) => {
  for (const f of page.frames()) if (await f.locator(selector).count().catch(() => 0)) return f;
  return undefined;
};

export default async function questionFollowUps({ page, uiTest, screenshot, log }) {
  await uiTest('questions: the question page shows follow-ups after the answer and reveals one on click', async (slug) => {
    await palette(page, 'mlnb: Search Interview Questions');
    // The command's own quick pick replaces the palette: type once it is there.
    await page.waitForTimeout(1500);
    await page.locator('.quick-input-widget input.input').fill('非极大值抑制');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: /NMS|非极大值抑制|non-maximum/i }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Enter');
    const frame = await waitUntil('the question page', () => frameWith(page, '#show-answer'), 30_000);
    const id = await frame.locator('#page').getAttribute('data-question-id');
    log(`  question page shows ${id}`);
    if (await frame.locator('#follow-ups').isVisible()) throw new Error('the follow-ups show before the answer');
    await frame.locator('#show-answer').click();
    await waitUntil('the follow-ups after the answer', () => frame.locator('#follow-ups').isVisible(), 10_000);
    const n = await frame.locator('#follow-ups details.follow-up').count();
    if (n < 2 || n > 4) throw new Error(`${n} follow-ups (want 2–4)`);
    const first = frame.locator('#follow-ups details.follow-up').first();
    if (await first.locator('.follow-up-answer').isVisible()) throw new Error("a follow-up's answer shows before its question is clicked");
    await first.locator('summary').scrollIntoViewIfNeeded();
    await first.locator('summary').click();
    await waitUntil("the first follow-up's answer", () => first.locator('.follow-up-answer').isVisible(), 10_000);
    const question = (await first.locator('summary').innerText()).trim();
    const answer = (await first.locator('.follow-up-answer').innerText()).trim();
    log(`  follow-up: ${question.replace(/\s+/g, ' ').slice(0, 80)} → ${answer.replace(/\s+/g, ' ').slice(0, 80)}`);
    if (!question || !answer) throw new Error('an empty follow-up question or answer');
    if (await frame.locator('#follow-ups details.follow-up').nth(1).locator('.follow-up-answer').isVisible()) throw new Error('opening one follow-up opened another');
    await first.locator('.follow-up-answer').scrollIntoViewIfNeeded();
    await screenshot(`${slug}-follow-up`);
  });

  await uiTest('mock interview: the interviewer asks follow-ups after the main question; their answers show at grading', async (slug) => {
    // Hard questions get two follow-ups; ML system design has hard questions.
    await startInterview(page, { count: 1, category: 'system design', mix: 'Hard only', think: 300 });
    const frame = await waitUntil('the mock interview page', () => frameWith(page, '#mock-timer'), 30_000);
    await frame.locator('#mock-answer').waitFor({ timeout: 30_000 });
    log(`  mock interview asks ${await frame.locator('#page').getAttribute('data-question-id')}`);
    await frame.locator('#mock-answer').fill('Requirements, data, features, model, evaluation, serving, monitoring.');
    if ((await frame.locator('.mock-follow-up').count()) !== 0) throw new Error('a follow-up is asked before the main answer');
    const button = frame.locator('#mock-follow-up');
    if (!/1 of 2|1 \/ 2/.test(await button.innerText())) throw new Error(`the follow-up button says "${await button.innerText()}"`);
    await button.click();
    await frame.locator('.mock-follow-up[data-index="0"]').waitFor({ timeout: 10_000 });
    const asked = (await frame.locator('.mock-follow-up[data-index="0"] .follow-up-question').innerText()).trim();
    log(`  follow-up 1: ${asked.replace(/\s+/g, ' ').slice(0, 100)}`);
    if (!asked) throw new Error('the first follow-up has no question');
    await frame.locator('#mock-follow-up-answer-0').fill('A first drill-down answer.');
    await button.click();
    await frame.locator('.mock-follow-up[data-index="1"]').waitFor({ timeout: 10_000 });
    if (await button.isVisible()) throw new Error('a third follow-up is offered after a hard question');
    await screenshot(`${slug}-asked`);
    await frame.locator('#mock-reveal').click();
    await waitUntil('the follow-up answers at grading', () => frame.locator('#mock-follow-up-answers').isVisible(), 10_000);
    const answers = await frame.locator('#mock-follow-up-answers .mock-follow-up-model .follow-up-answer').allInnerTexts();
    if (answers.length !== 2 || answers.some((a) => !a.trim())) throw new Error(`follow-up answers at grading: ${JSON.stringify(answers)}`);
    await frame.locator('#mock-follow-up-answers').scrollIntoViewIfNeeded();
    await screenshot(`${slug}-graded`);
    await frame.locator('#mock-kp-0').check();
    await frame.locator('#mock-next').click();
    await frame.locator('#mock-overall').waitFor({ timeout: 15_000 });
  });

  await uiTest('questions: the tag filter lists vocabulary labels by group and filters the sidebar', async (slug) => {
    const pane = page.locator('.pane-header', { hasText: 'Questions' }).first();
    // Clicking the activity-bar icon of the view container already shown hides the side bar: click only to open it.
    if (!(await pane.isVisible())) await page.locator('.activitybar .action-item a[aria-label^="mlnb"]').first().click();
    await pane.waitFor({ state: 'visible', timeout: 30_000 });
    await palette(page, 'mlnb: Filter Questions by Tag…');
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.waitForTimeout(1000);
    // The list is virtual (only the rows on screen exist): the first group, its separator label and tag labels.
    const listed = await widget.locator('.quick-input-list').innerText();
    for (const expected of [/Foundations/, /Loss functions/, /Regularization/]) if (!expected.test(listed)) throw new Error(`the tag filter does not show ${expected}: ${listed.slice(0, 400)}`);
    if (/\bloss-functions\b/.test(listed)) throw new Error('the tag filter shows raw tag names, not their labels');
    await screenshot(`${slug}-picker`);
    await widget.locator('input.input').fill('Hypothesis testing');
    const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: 'Hypothesis testing' }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click(); // a click on a row of a multi-select list toggles it
    await page.keyboard.press('Enter');
    await waitUntil('the sidebar to say which tag filters it', async () => /Hypothesis testing/.test(await pane.innerText().catch(() => '')), 15_000);
    log(`  sidebar header: ${(await pane.innerText()).replace(/\s+/g, ' ')}`);
    await screenshot(`${slug}-filtered`);
    await palette(page, 'mlnb: Clear Question Filters');
    await waitUntil('the filter cleared', async () => !/Hypothesis testing/.test(await pane.innerText().catch(() => '')), 15_000);
  });
}
