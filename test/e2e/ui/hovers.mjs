// Concept hovers as a reader meets them in a cell: plain titles (no "ReLU · ReLU"), interview questions linked
// by their titles (not ids such as activation-functions), TF.js docs without the docs-generator's @doc tag, and
// hyperparameters kept in a plain config object explained too.
import { activeNotebook, closeActiveEditorDiscarding, notebook, openNotebook, waitUntil } from '../lib.mjs';

export const files = {
  'hovers.mlnb': notebook([
    "const config = { learningRate: 0.1, epochs: 20 };\nconst layer = tf.layers.dense({ units: 4, activation: 'relu' });",
  ]),
};

/** Hovers the first token with exactly this text in the notebook's first cell; returns the hover's text and links. */
async function hoverToken(page, token) {
  await page.mouse.move(5, 450);
  await page.waitForTimeout(400);
  // Where the token's characters are drawn (however the highlighting splits the line into spans).
  const lines = activeNotebook(page).locator('.monaco-list-row.code-cell-row').first().locator('.view-lines');
  const at = await lines.evaluate((root, word) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const i = node.nodeValue.search(new RegExp(`\\b${word}\\b`));
      if (i < 0) continue;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + word.length);
      const r = range.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }
    return undefined;
  }, token);
  if (!at) throw new Error(`${token} is not in the cell`);
  await page.mouse.move(at.x, at.y);
  const hover = page.locator('.monaco-hover:visible').first();
  await waitUntil(`a hover over ${token}`, async () => (await hover.count()) > 0 && (await hover.innerText()).trim().length > 0, 15_000);
  await page.waitForTimeout(600); // every provider's part has arrived
  return { text: await hover.innerText(), links: (await hover.locator('a').allInnerTexts()).map((s) => s.trim()).filter(Boolean) };
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)+$/;

export default async function hovers({ page, uiTest, screenshot, log }) {
  await uiTest('concept hovers: titles once, question links by title, no @doc tag, learningRate in a config object', async (slug) => {
    await openNotebook(page, 'hovers.mlnb');
    const problems = [];

    const lr = await hoverToken(page, 'learningRate');
    log(`  learningRate hover: ${lr.text.replace(/\s+/g, ' ').slice(0, 200)} | links ${JSON.stringify(lr.links)}`);
    await screenshot(`${slug}-learning-rate`);
    if (!/Learning rate/.test(lr.text)) problems.push('no learning-rate hint over learningRate in a config object');
    if (!lr.links.some((l) => /learning rate is too high or too low/.test(l))) problems.push(`learning-rate links are not titled: ${JSON.stringify(lr.links)}`);

    const relu = await hoverToken(page, 'relu');
    log(`  relu hover: ${relu.text.replace(/\s+/g, ' ').slice(0, 200)} | links ${JSON.stringify(relu.links)}`);
    await screenshot(`${slug}-relu`);
    if (/ReLU · ReLU/.test(relu.text)) problems.push('the title reads "ReLU · ReLU"');
    if (!/\bReLU\b/.test(relu.text)) problems.push('no ReLU hint over relu');
    const ids = relu.links.filter((l) => ID.test(l) || /: [a-z0-9]+(-[a-z0-9]+)+$/.test(l));
    if (ids.length) problems.push(`links show question ids: ${JSON.stringify(ids)}`);

    const dense = await hoverToken(page, 'dense');
    log(`  dense hover: ${dense.text.replace(/\s+/g, ' ').slice(0, 300)}`);
    await screenshot(`${slug}-dense`);
    if (/@doc\b|heading:/.test(dense.text)) problems.push(`the TF.js hover shows the raw @doc tag: ${dense.text.match(/@doc[^\n]*/)?.[0]}`);
    if (!/dense/.test(dense.text)) problems.push('no hover text over dense');

    await page.mouse.move(5, 450);
    if (problems.length) throw new Error(problems.join('; '));
  });
  await closeActiveEditorDiscarding(page);
}
