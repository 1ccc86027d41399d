// Practice that teaches, in the real VS Code: the practice notebook for `activation-functions` run as given fails
// its check with the per-case report; the learner's cell offers the hint ladder one step at a time (a cell per
// step, in order), Show solution only once the check has run, and Reset to starter (after a modal confirmation);
// the inserted solution passes the check, and the Questions view shows the exercise's progress.
import { activeNotebook, framesText, palette, scrollNotebook, waitForText, waitUntil } from '../lib.mjs';

export const files = {};

/** The status bar items of the learner's cell (the code cell whose header says "Your code"). */
// (The editor draws spaces as no-break spaces: \s matches both.)
const exerciseRow = (page) => activeNotebook(page).locator('.monaco-list-row.code-cell-row', { hasText: /Your\s+code:\s+fill\s+in\s+the\s+TODOs/ }).first();
const exerciseItems = async (page) => (await exerciseRow(page).locator('.cell-statusbar-container .cell-status-item').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
const exerciseItem = (page, text) => exerciseRow(page).locator('.cell-statusbar-container .cell-status-item', { hasText: text }).first();

/**
 * Turns the mouse wheel over the notebook's vertical scrollbar, which belongs to the cell list itself: over a cell
 * the wheel may land on a webview (a markdown cell, an output), which does not always pass it on.
 */
async function wheelNotebook(page, dy) {
  const box = await activeNotebook(page).boundingBox();
  await page.mouse.move(box.x + box.width - 6, box.y + box.height / 2);
  await page.mouse.wheel(0, dy);
}

/** The list positions (0-based) of the notebook's rows that are on screen. */
async function rowsOnScreen(page) {
  const box = await activeNotebook(page).boundingBox();
  return activeNotebook(page).locator('.monaco-list-row').evaluateAll((els, { top, bottom }) => els
    .filter((e) => { const r = e.getBoundingClientRect(); return r.bottom > top && r.top < bottom; })
    .map((e) => Number(e.getAttribute('data-index')))
    .filter((i) => Number.isInteger(i)), { top: box.y + 40, bottom: box.y + box.height });
}

/** The learner's cell's position in the cell list, read the first time it is on screen (hint cells go below it). */
let exerciseIndex;

/**
 * Scrolls until the learner's cell is on screen (the cell list is virtualized), towards its position in the list,
 * then until its status bar is on screen too.
 */
async function showExerciseCell(page) {
  if (exerciseIndex === undefined) {
    // The first time, the keyboard: focus the notebook, its first cell (Ctrl+Home), then down to the learner's cell
    // (intro, task, setup, exercise), which the list reveals.
    await palette(page, 'View: Focus Active Editor Group');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(500);
  }
  await waitUntil("the learner's cell on screen", async () => {
    // The first time, else down until its header line is drawn.
    if (exerciseIndex === undefined) {
      if (await exerciseRow(page).isVisible().catch(() => false)) return true;
      await wheelNotebook(page, 250);
      return false;
    }
    const nb = await activeNotebook(page).boundingBox();
    const top = nb.y + 40; // under the notebook toolbar
    // Then by its list position: when only its lower part is on screen, its header line (what exerciseRow matches)
    // is not drawn at all.
    const row = activeNotebook(page).locator(`.monaco-list-row[data-index="${exerciseIndex}"]`);
    const box = (await row.count()) ? await row.first().boundingBox() : null;
    if (box && box.y >= top - 1 && box.y < nb.y + nb.height - 80) return true;
    if (box) {
      await wheelNotebook(page, box.y - top - 20);
      return false;
    }
    // Not drawn: towards its position.
    const shown = await rowsOnScreen(page);
    await wheelNotebook(page, !shown.length || Math.min(...shown) > exerciseIndex ? -400 : 400);
    return false;
  }, 30_000, 400);
  if (exerciseIndex === undefined) {
    const index = await exerciseRow(page).getAttribute('data-index');
    if (index === null) throw new Error("the learner's cell's row has no data-index: cannot tell which way to scroll to it");
    exerciseIndex = Number(index);
  }
  // Its status bar on screen too. (Not Playwright's scrollIntoView: it scrolls the list's DOM under the editor's
  // own scrolling, and the cells are then drawn cut off.)
  for (let i = 0; i < 6; i++) {
    const row = await exerciseRow(page).boundingBox();
    const nb = await activeNotebook(page).boundingBox();
    const below = row.y + row.height - (nb.y + nb.height) + 40;
    if (below <= 0) break;
    await wheelNotebook(page, Math.min(below, Math.max(50, row.y - nb.y - 60)));
    await page.waitForTimeout(200);
  }
  await page.waitForTimeout(300);
}

/**
 * The learner's cell's code, line by line, read while scrolling it through the view: the notebook draws only the
 * lines of a cell that are on screen, and a tall cell (or a short notebook) never shows them all at once. Lines
 * are keyed by their offset in the editor: the editor reuses its line elements, so their DOM order is not the text's.
 */
async function exerciseCode(page) {
  const byTop = new Map();
  const nbBox = async () => activeNotebook(page).boundingBox();
  for (let i = 0; i < 20; i++) { // the cell's first line on screen
    const [row, nb] = [await exerciseRow(page).boundingBox(), await nbBox()];
    if (row.y >= nb.y + 40) break;
    await wheelNotebook(page, Math.max(-400, row.y - nb.y - 60));
    await page.waitForTimeout(200);
  }
  for (let i = 0; i < 30; i++) { // then down, until the cell's status bar (under its last line) is on screen
    const seen = await exerciseRow(page).locator('.view-line').evaluateAll((els) => els.map((e) => [parseFloat(e.style.top), e.innerText]));
    for (const [top, text] of seen) byTop.set(top, text.replace(/\s+/g, ' ').trim());
    const [status, nb] = [await exerciseRow(page).locator('.cell-statusbar-container').boundingBox(), await nbBox()];
    if (status && status.y + status.height <= nb.y + nb.height) break;
    await wheelNotebook(page, 150);
    await page.waitForTimeout(200);
  }
  return [...byTop.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
}

export default async function practiceHelp({ page, uiTest, screenshot, log }) {
  await uiTest('practice: per-test report, hint ladder one step at a time, solution after an attempt, reset to starter, progress in the Questions view', async (slug) => {
    // A panel left open by an earlier test (Problems) halves the notebook: close it so the cells have room.
    await palette(page, 'View: Hide Panel').catch(() => page.keyboard.press('Escape'));
    await palette(page, 'mlnb: Practice Question in a Notebook');
    await page.waitForTimeout(1500); // the command's own quick pick replaces the palette
    await page.locator('.quick-input-widget input.input').fill('activations');
    const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: /non-linear activation functions/ }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await row.click();
    await waitForText(page, /Practice: Activation derivatives/, 'the practice notebook for activation-functions', 30_000);
    await showExerciseCell(page);
    log(`  the learner's cell is row ${exerciseIndex} of the cell list`);

    // Before an attempt: the hint ladder and Reset, no Show solution; the command explains why.
    await waitUntil('the hint and reset items on the learner\'s cell', async () => {
      const items = await exerciseItems(page);
      return items.some((t) => /Hint 1\/3/.test(t)) && items.some((t) => /^Reset$/.test(t));
    }, 30_000);
    if ((await exerciseItems(page)).some((t) => /Show solution/.test(t))) throw new Error(`Show solution is offered before any attempt: ${(await exerciseItems(page)).join(' | ')}`);
    log(`  learner's cell before an attempt: ${(await exerciseItems(page)).join(' | ')}`);
    await screenshot(`${slug}-before-attempt`);
    await palette(page, 'mlnb: Show Solution (after an attempt)');
    await page.locator('.notification-toast', { hasText: /Try first: run the check cell once/ }).first().waitFor({ state: 'visible', timeout: 15_000 });
    if (/Reference\ssolution/.test(await framesText(page))) throw new Error('the solution was revealed before an attempt');
    await page.keyboard.press('Escape');

    // Run the starter: the check reports each case and fails.
    await palette(page, 'Notebook: Run All');
    let report = '';
    await waitUntil('the check\'s per-case report', async () => {
      await scrollNotebook(page, 'bottom');
      report = (await framesText(page)).match(/(?:通过 \d+\/\d+ · )?\d+\/\d+ passed: [^\n]*/)?.[0] ?? '';
      return report !== '';
    }, 180_000, 1000);
    log(`  starter's check: ${report}`);
    const [, passed, total] = report.match(/(\d+)\/(\d+) passed/);
    if (Number(total) < 5 || Number(passed) >= Number(total)) throw new Error(`the starter's report should fail some of ≥5 cases: ${report}`);
    if (!/✗/.test(report)) throw new Error(`the report marks no case ✗: ${report}`);
    await waitUntil('the check cell in error', async () => /❌/.test(await framesText(page)), 30_000);
    await screenshot(`${slug}-report`);

    // The hint ladder: step 1 from the cell's status bar, step 2 from the palette, step 3 from the status bar.
    await showExerciseCell(page);
    await waitUntil('Show solution offered after the attempt', async () => (await exerciseItems(page)).some((t) => /Show solution/.test(t)), 30_000);
    await exerciseItem(page, 'Hint 1/3').click();
    await waitForText(page, /Hint 1 of 3/, 'the first hint cell', 20_000);
    if (/Hint 2 of 3/.test(await framesText(page))) throw new Error('two hint steps appeared for one click');
    await palette(page, 'mlnb: Show Next Hint');
    await waitForText(page, /Hint 2 of 3/, 'the second hint cell', 20_000);
    await showExerciseCell(page);
    await exerciseItem(page, 'Hint 3/3').click();
    await waitForText(page, /Hint 3 of 3/, 'the third hint cell', 20_000);
    await showExerciseCell(page);
    await waitUntil('the hint item to say all are shown', async () => (await exerciseItems(page)).some((t) => /All 3 hints shown/.test(t)), 20_000);
    const text = await framesText(page);
    const order = [1, 2, 3].map((n) => text.indexOf(`Hint ${n} of 3`));
    if (!(order[0] < order[1] && order[1] < order[2])) throw new Error(`the hint cells are not in order: positions ${order.join(', ')}`);
    if (!/tf\.cast\(tf\.greater\(x, 0\)/.test(text)) throw new Error('the last hint step (nearly the answer) is not shown');
    log(`  after the hints: ${(await exerciseItems(page)).join(' | ')}`);
    await wheelNotebook(page, 400); // the learner's cell with the hint cells under it
    await page.waitForTimeout(500);
    await screenshot(`${slug}-hints`);
    await showExerciseCell(page);

    // The solution: a cell of its own after the learner's; the learner's code stays; the check passes with it.
    await exerciseItem(page, 'Show solution').click();
    await waitForText(page, /Reference\ssolution/, 'the solution cell', 20_000);
    await screenshot(`${slug}-solution`);
    await showExerciseCell(page); // (the new cell was scrolled into view)
    const lines = await exerciseCode(page);
    const stillStarter = lines.filter((l) => l === 'return tf.onesLike(x);').length === 3 && lines.includes('const maxSigmoidGrad = 1;') && !lines.some((l) => /sigmoid\(x\)|0\.25/.test(l));
    if (!stillStarter) throw new Error(`showing the solution changed the learner's cell: ${lines.join(' ⏎ ')}`);
    await waitUntil('Show solution gone once the solution is in', async () => !(await exerciseItems(page)).some((t) => /Show solution/.test(t)), 20_000);
    await palette(page, 'Notebook: Run All');
    await waitUntil('the check to pass with the solution', async () => {
      await scrollNotebook(page, 'bottom');
      const out = await framesText(page);
      report = out.match(/(?:通过 \d+\/\d+ · )?\d+\/\d+ passed: [^\n]*/g)?.at(-1) ?? '';
      return /✅/.test(out) && new RegExp(`${total}/${total} passed`).test(report);
    }, 180_000, 1000);
    log(`  with the solution: ${report}`);
    await screenshot(`${slug}-passed`);

    // Reset to starter: the learner's edit is replaced by the starter after the modal confirmation.
    await showExerciseCell(page);
    await exerciseRow(page).locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n// my own attempt', { delay: 20 });
    await waitUntil('the edit in the learner\'s cell', async () => /my\s+own\s+attempt/.test(await exerciseRow(page).locator('.view-lines').innerText()), 10_000);
    await page.keyboard.press('Escape');
    await exerciseItem(page, 'Reset').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    if (!/Reset your code to the starter/.test(await dialog.innerText())) throw new Error(`unexpected dialog: ${await dialog.innerText()}`);
    await screenshot(`${slug}-reset-confirm`);
    await dialog.locator('.monaco-button', { hasText: 'Reset to starter' }).first().click();
    await waitUntil('the starter back in the learner\'s cell', async () => {
      const code = await exerciseRow(page).locator('.view-lines').innerText();
      return !/my\s+own\s+attempt/.test(code) && /onesLike/.test(code);
    }, 15_000);

    // The Questions view: the question's row says the practice passed, in how many attempts.
    const questionsPane = page.locator('.pane-header', { hasText: 'Questions' }).first();
    if (!(await questionsPane.isVisible())) await page.locator('.activitybar .action-item a[aria-label^="mlnb"]').first().click();
    await questionsPane.waitFor({ state: 'visible', timeout: 30_000 });
    await palette(page, 'mlnb: Search Interview Questions');
    await page.waitForTimeout(1500);
    await page.locator('.quick-input-widget input.input').fill('activation-functions');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'activation-functions' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Enter');
    const treeRow = page.locator('.pane-body .monaco-list-row', { hasText: /✓ practice · 2 attempts/ }).first();
    await treeRow.waitFor({ state: 'visible', timeout: 30_000 });
    log(`  Questions view: ${(await treeRow.innerText()).replace(/\s+/g, ' ')}`);
    // The tooltip: hovering again until it shows (a hover that lands while the tree still scrolls the revealed row
    // into place shows nothing).
    const tooltip = page.locator('.monaco-hover, .workbench-hover', { hasText: /Practice passed/ }).first();
    await waitUntil('the progress tooltip on the question\'s row', async () => {
      await page.mouse.move(5, 450);
      await treeRow.hover();
      return tooltip.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
    }, 30_000, 200);
    // mlnb.language is 'both' (the default): the tooltip's progress sentences are in Chinese, then in English.
    const tip = (await tooltip.innerText()).replace(/\s+/g, ' ');
    if (!/练习已于 .* 通过，第 2 次尝试/.test(tip) || !/尝试次数：2。.*Practice passed .*Attempts: 2\./.test(tip)) throw new Error(`the progress tooltip is not in Chinese then English: ${tip}`);
    await screenshot(`${slug}-questions-view`);
  });
}
