#!/usr/bin/env node
// The Marketplace page's images, made from the product itself (run after `npm run test:e2e`):
//   media/icon.png          the extension icon (128×128 PNG, as vsce requires), drawn from media/mlnb.svg — the
//                           activity-bar glyph — in Chromium;
//   media/marketplace/*.png screenshots the e2e run took of the installed VSIX (test-artifacts/e2e, or
//                           MLNB_E2E_ARTIFACTS), chosen by test name below; docs/marketplace/README.md shows them.
//
//   node scripts/marketplace-assets.mjs [--icon] [--screenshots]     (both when neither is given)
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, REPO } from './vscode/paths.mjs';

/** Screenshot file (without the test's number) → the name it gets in media/marketplace. */
export const SCREENSHOTS = [
  { from: /^run-all-linear-regression-trains.*-bottom\.png$/, to: 'training.png', test: 'run all: linear regression trains …' },
  { from: /^overfitting-example-.*-fixes\.png$/, to: 'hints.png', test: 'overfitting example: …' },
  { from: /^typescript-a-real-type-error.*-completion\.png$/, to: 'typescript.png', test: 'typescript: a real type error …' },
  { from: /^questions-sidebar-search-answer.*-answer\.png$/, to: 'questions.png', test: 'questions: sidebar, search, answer …' },
];

const ARTIFACTS = process.env.MLNB_E2E_ARTIFACTS ? path.resolve(process.env.MLNB_E2E_ARTIFACTS) : path.join(REPO, 'test-artifacts', 'e2e');
const log = (msg) => console.log(`[marketplace-assets] ${msg}`);

export async function renderIcon(out = path.join(REPO, 'media', 'icon.png')) {
  // The activity-bar glyph, white on a filled square (the glyph alone is a thin outline for themes to colour).
  const glyph = fs.readFileSync(path.join(REPO, 'media', 'mlnb.svg'), 'utf8')
    .replace(/width="24" height="24"/, 'width="104" height="104"').replace('stroke="currentColor"', 'stroke="#ffffff"');
  const html = `<!doctype html><html><body style="margin:0;background:transparent">
    <div id="icon" style="width:128px;height:128px;border-radius:24px;display:flex;align-items:center;justify-content:center;
      background:linear-gradient(135deg,#ff8f00 0%,#e65100 55%,#1e3a5f 100%)">${glyph}</div></body></html>`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    await page.setContent(html);
    await page.locator('#icon').screenshot({ path: out, omitBackground: true });
  } finally {
    await browser.close();
  }
  log(`${path.relative(REPO, out)} (${fs.statSync(out).size} bytes)`);
}

export function copyScreenshots(dir = ARTIFACTS, out = path.join(REPO, 'media', 'marketplace')) {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const missing = [];
  fs.mkdirSync(out, { recursive: true });
  for (const { from, to, test } of SCREENSHOTS) {
    const file = files.filter((f) => !/FAILED/.test(f)).find((f) => from.test(f.replace(/^\d+-/, '')));
    if (!file) { missing.push(`${to}: no screenshot of "${test}" in ${dir}`); continue; }
    fs.copyFileSync(path.join(dir, file), path.join(out, to));
    log(`${path.relative(REPO, path.join(out, to))} ← ${file}`);
  }
  if (missing.length) throw new Error(`run \`npm run test:e2e\` first (all UI tests):\n  ${missing.join('\n  ')}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const both = !process.argv.includes('--icon') && !process.argv.includes('--screenshots');
  try {
    if (both || process.argv.includes('--icon')) await renderIcon();
    if (both || process.argv.includes('--screenshots')) copyScreenshots();
  } catch (error) {
    console.error(`[marketplace-assets] FAILED: ${error.message}`);
    process.exit(1);
  }
}
