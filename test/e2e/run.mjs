#!/usr/bin/env node
// `npm run test:e2e`: mlnb in a REAL VS Code (code-server 4.139 = VS Code 1.139, web workbench driven by headless
// Chromium through playwright-core).
//   1. setup (scripts/vscode/setup.mjs --oldest, cached), build dist/ and the extension-host test bundle, and
//      `npm run package`'s VSIX (scripts/package.mjs: checked for size, allowlist and shipped modules);
//   2. code-server on a free port with a fresh profile and workspace trust off, where the repo is the development
//      extension (URL payload + smoke-test driver): the mocha suite runs INSIDE the Node extension host
//      (test/e2e/suite, its own pass/fail count) — on code-server 4.139 (VS Code 1.139) and again on 4.99.3
//      (VS Code 1.99, the oldest engines.vscode admits);
//   3. code-server with a fresh profile into which the VSIX is installed (`--install-extension`, as a user does),
//      opening a workspace outside the repo: the VSIX's own tests (test/e2e/vsix.mjs: it activates from the
//      profile, install-to-first-cell time, the native backend built into global storage), then UI tests asserting
//      on the workbench DOM and inside the notebook output webviews (all frames): run all, interrupt, restart,
//      corrupt file, and the modules in test/e2e/ui/;
//   4. the same with workspace trust ON and an untrusted folder: Restricted Mode, no kernel process.
// Screenshots go to test-artifacts/e2e/. Last line: `e2e: N passed, M failed` (exit 1 on any failure).
// Env: MLNB_E2E_ONLY=regex (run only matching UI tests), MLNB_E2E_SKIP_EXT=1 (skip the ext-host suite),
//      MLNB_E2E_SKIP_OLDEST=1 (the ext-host suite on VS Code 1.139 only), MLNB_E2E_EXT_VSCODE=4.99.3 (the ext-host
//      suite only on the code-server versions listed, comma-separated),
//      MLNB_E2E_EXT_ONLY=1 (only the ext-host suite),
//      MLNB_E2E_EXT_GREP=regex (only the matching ext-host tests),
//      MLNB_E2E_HEADFUL=1 (visible browser, needs a display), MLNB_E2E_KEEP=1 (keep the temp workspace),
//      MLNB_E2E_BACKEND=auto|tensorflow|wasm|cpu (the mlnb.backend setting of the test profiles; default: auto),
//      MLNB_E2E_ARTIFACTS=dir (screenshots there instead of test-artifacts/e2e, which each run empties: for
//      runs side by side).
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ensureBuilt } from '../../scripts/vscode/build.mjs';
import { packageVsix } from '../../scripts/package.mjs';
import { CHROMIUM, LATEST, OLDEST, REPO, XDG } from '../../scripts/vscode/paths.mjs';
import { TEST_SETTINGS, freePort, installVsix, linkExtension, makeProfile, startCodeServer, workbenchUrl } from '../../scripts/vscode/server.mjs';
import { ensureSetup } from '../../scripts/vscode/setup.mjs';
import {
  activeNotebook, allCellStates, anyFrameHas, cellStates, closeActiveEditorDiscarding, framesText, kernelProcesses, makeWorkspace,
  notebook, openFile, openNotebook, palette, runCell, scrollNotebook, visibleCellStates, waitForText, waitUntil,
} from './lib.mjs';
import * as vsixModule from './vsix.mjs';

const t0 = Date.now();
const secs = (t = t0) => `${((Date.now() - t) / 1000).toFixed(1)}s`;
const log = (msg) => console.log(`[e2e ${secs()}] ${msg}`);
const ARTIFACTS = process.env.MLNB_E2E_ARTIFACTS ? path.resolve(process.env.MLNB_E2E_ARTIFACTS) : path.join(REPO, 'test-artifacts', 'e2e');
const ONLY = process.env.MLNB_E2E_ONLY ? new RegExp(process.env.MLNB_E2E_ONLY) : undefined;
const results = []; // { name, ok, ms, error }
const extHost = { passed: 0, failed: 0, ran: false, failures: [] };
const timings = {}; // install, installToFirstCell (ms)
const servers = [];
const SETTINGS = { ...TEST_SETTINGS, 'mlnb.backend': process.env.MLNB_E2E_BACKEND || 'auto' };
let browser;

async function screenshot(page, name) {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file }).catch((e) => log(`screenshot ${name} failed: ${e.message}`));
  return file;
}

/** The message and the first frames of an error's stack, for the summary. */
function firstLines(error, n = 4) {
  return String(error?.stack ?? error).split('\n').slice(0, n).map((l) => l.trim()).join(' ⏎ ');
}

async function uiTest(page, name, fn) {
  if (ONLY && !ONLY.test(name)) return;
  const t = Date.now();
  const slug = `${String(results.length + 1).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}`;
  try {
    await fn(slug);
    await page.mouse.move(5, 450); // no hover tooltip over the cells in the screenshot
    await page.waitForTimeout(300);
    await screenshot(page, slug);
    results.push({ name, ok: true, ms: Date.now() - t });
    log(`PASS ${name} (${secs(t)})`);
  } catch (error) {
    await page.waitForTimeout(1000); // let outputs that just arrived render
    await screenshot(page, `${slug}-FAILED`);
    results.push({ name, ok: false, ms: Date.now() - t, error });
    log(`FAIL ${name} (${secs(t)}): ${error.stack ?? error}`);
    await page.keyboard.press('Escape').catch(() => {});
  }
}

async function newPage(pageLog) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const stream = fs.createWriteStream(pageLog, { flags: 'a' });
  page.on('console', (m) => stream.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => stream.write(`[pageerror] ${e.message}\n`));
  return page;
}

/** Loads the workbench and waits until the explorer lists `expectFile` (remote connection + file service up). */
async function loadWorkbench(page, url, expectFile) {
  await page.goto(url, { timeout: 120_000 }); // (30 s, playwright's default, ran out at load 20)
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: expectFile }).first().waitFor({ timeout: 60_000 });
}


// ---------------------------------------------------------------------------------------------- the run

const SUITE = path.join(REPO, 'test', 'e2e', 'out', 'suite.js');

/**
 * For a code-server without --vscode-option (4.99): an extension that runs the suite when the workbench has
 * started, installed (linked) next to the repo, itself linked as an installed extension (as `npm start` does).
 * The suite writes ext-host-results.json into the workspace whether it passes or fails; this writes one if it
 * cannot even start.
 */
function suiteRunnerExtension(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'e2e-runner', publisher: 'mlnb', version: '0.0.0', engines: { vscode: '^1.99.0' }, main: './runner.js',
    activationEvents: ['onStartupFinished'], extensionDependencies: ['mlnb.mlnb'], extensionKind: ['workspace'],
  }, null, 2));
  fs.writeFileSync(path.join(dir, 'runner.js'), `const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
exports.activate = async () => {
  const folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const results = path.join(folder, 'ext-host-results.json');
  try {
    await require(${JSON.stringify(SUITE)}).run();
  } catch (error) {
    if (!fs.existsSync(results)) fs.writeFileSync(results, JSON.stringify({ passed: 0, failed: 1, results: [{ title: 'the suite could not run', state: 'failed', error: String(error && error.stack || error) }] }));
  }
};
`);
  return dir;
}

async function extensionHostSuite(server, ws, runDir, install) {
  const vscodeName = `VS Code ${install.csVersion.replace(/^4\./, '1.')}`;
  const viaDevHost = install.vscodeOption !== false;
  const url = viaDevHost ? workbenchUrl(server.origin, { folder: ws, devExtension: REPO, testsPath: SUITE }) : workbenchUrl(server.origin, { folder: ws });
  const page = await newPage(path.join(runDir, `ext-host-page-${install.csVersion}.log`));
  const file = path.join(ws, 'ext-host-results.json');
  const done = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    void page.exposeFunction('codeAutomationLog', () => {});
    if (viaDevHost) return;
    const poll = setInterval(() => {
      if (!fs.existsSync(file)) return;
      clearInterval(poll);
      setTimeout(() => resolve(JSON.parse(fs.readFileSync(file, 'utf8')).failed ? 1 : 0), 500); // (written at once, but let it settle)
    }, 1000);
  });
  // (Mocha's spec reporter in the extension host reaches the page console: see ext-host-page.log.)
  const t = Date.now();
  await page.goto(url);
  // A guard against a suite that hangs, not a time budget: the suite grows, and on a busy 2-core machine it
  // already took close to 9 minutes (each test has its own mocha timeout).
  const code = await Promise.race([done, new Promise((r) => setTimeout(() => r('timeout'), 900_000))]);
  await screenshot(page, `00-ext-host-suite-${install.csVersion}`);
  await page.context().close();
  let report;
  try { report = JSON.parse(fs.readFileSync(file, 'utf8')); } catch {}
  extHost.ran = true;
  let passed = 0;
  let failed = 0;
  if (report) {
    passed = report.passed;
    failed = report.failed;
    for (const r of report.results) console.log(`  ${r.state === 'passed' ? 'ok  ' : 'FAIL'} [ext-host ${vscodeName}] ${r.title}${r.durationMs !== undefined ? ` (${(r.durationMs / 1000).toFixed(1)}s)` : ''}`);
    for (const r of report.results.filter((x) => x.state === 'failed')) {
      log(`ext-host (${vscodeName}) FAIL ${r.title}\n${r.error}`);
      extHost.failures.push(`[ext-host ${vscodeName}] ${r.title}: ${firstLines(r.error)}`);
    }
  }
  if (code !== 0 && !failed) { // the suite did not finish (or crashed before reporting)
    failed = 1;
    extHost.failures.push(`[ext-host ${vscodeName}] the suite ended with ${code} before reporting every test`);
  }
  extHost.passed += passed;
  extHost.failed += failed;
  log(`ext-host suite on ${vscodeName}: exit code ${code} after ${secs(t)}`);
  console.log(`ext-host (${vscodeName}): ${passed} passed, ${failed} failed`);
}

async function uiTests(server, ws, runDir, { profile, installStarted }) {
  const page = await newPage(path.join(runDir, 'ui-page.log'));
  const tLoad = Date.now();
  await loadWorkbench(page, workbenchUrl(server.origin, { folder: ws }), 'linear-regression.mlnb');
  log(`workbench ready in ${secs(tLoad)}`);
  const renderer = true; // the VSIX ships dist/renderer.js (scripts/package.mjs checks it)

  // The installed VSIX itself first: a fresh install, then the native backend built after it.
  await vsixModule.default({ page, server, ws, profile, installStarted, timings, uiTest: (testName, fn) => uiTest(page, testName, fn), screenshot: (n) => screenshot(page, n), log });

  await uiTest(page, 'run all: linear regression trains and shows text, tensor and training outputs', async (slug) => {
    const cells = 4;
    await openNotebook(page, 'linear-regression.mlnb');
    await palette(page, 'Notebook: Run All');
    await waitUntil('the "learned y = …" line of the training cell', async () => {
      const text = await framesText(page);
      if ([...(await visibleCellStates(page)).values()].includes('error')) throw new Error(`a cell failed: ${text.match(/\b[A-Za-z]*Error: [^\n]*/)?.[0] ?? '(no error text found)'}`);
      return /learned y = -?\d+\.\d+x [+-] \d+\.\d+/.test(text);
    }, 180_000);
    if (!/\[\s*100,\s*1\s*\]/.test(await framesText(page))) throw new Error('the `xs.shape` output [ 100, 1 ] is not shown');
    await screenshot(page, `${slug}-top`);
    // The cell list and its outputs are virtualized: scroll down so the last cells and their outputs render.
    await scrollNotebook(page, 'bottom');
    const tensorSeen = async () => (renderer ? anyFrameHas(page, '.mlnb-tensor') : /Tensor[\s\S]*float32/.test(await framesText(page)));
    await waitUntil('the tensor of the last cell (card or text)', async () => {
      const states = [...(await visibleCellStates(page)).values()];
      if (states.includes('error')) throw new Error(`a cell failed: ${(await framesText(page)).match(/\b[A-Za-z]*Error: [^\n]*/)?.[0] ?? '(no error text found)'}`);
      return tensorSeen();
    }, 90_000);
    if (renderer) {
      await waitUntil('a .uplot chart inside an output frame', () => anyFrameHas(page, '.uplot'), 20_000);
    } else if (!/Training (\w+ after \d+|epoch \d+)\/60 epochs?/.test(await framesText(page))) {
      throw new Error('no training output text found');
    }
    await screenshot(page, `${slug}-bottom`);
    // Every code cell shows the success check (outputs land a moment before the spinner turns into it).
    let states = [];
    await waitUntil('a success icon on every code cell', async () => {
      states = await allCellStates(page, cells);
      if (states.includes('error')) throw new Error(`cell states: ${states.join(', ')}`);
      return states.length === cells && states.every((s) => s === 'success');
    }, 30_000, 500).catch((error) => { throw new Error(`${error.message} (cell states: ${states.join(', ')})`); });
    log(`  cell states: ${states.join(', ')}`);
    // The status bar names the backend, the kernel state and the tensors alive.
    const status = page.locator('.statusbar-item', { hasText: /(tensorflow|wasm|cpu) · idle · \d+ tensors?/ }).first();
    await status.waitFor({ state: 'visible', timeout: 15_000 });
    log(`  status bar: ${(await status.innerText()).trim()}`);
    // Last screenshot: the training cell with its live training output.
    await scrollNotebook(page, 'top');
    for (let i = 0; i < 7; i++) await page.mouse.wheel(0, 100);
  });
  await closeActiveEditorDiscarding(page);

  await uiTest(page, 'interrupt: a runaway cell stops with KeyboardInterrupt and the next cell runs', async () => {
    await openNotebook(page, 'interrupt.mlnb');
    await runCell(page, 0);
    await waitUntil('cell 1 executing', async () => (await cellStates(page))[0] === 'executing', 30_000);
    // Give the kernel time to start and enter the loop, then interrupt from the palette.
    await waitUntil('the kernel to be busy in the loop', async () => kernelProcesses(server.pid).length > 0, 30_000);
    await page.waitForTimeout(2500);
    await palette(page, 'Notebook: Interrupt');
    await waitForText(page, /KeyboardInterrupt/, 'KeyboardInterrupt', 30_000);
    await waitUntil('cell 1 in error state', async () => (await cellStates(page))[0] === 'error', 15_000);
    await runCell(page, 1);
    await waitUntil('cell 2 to succeed', async () => (await cellStates(page))[1] === 'success', 60_000);
    const out = await framesText(page);
    if (!/(^|\n)\s*2\s*(\n|$)/.test(out)) throw new Error('the output 2 of `1 + 1` is not shown');
  });
  await closeActiveEditorDiscarding(page);

  await uiTest(page, 'restart kernel: variables from before are gone', async () => {
    await openNotebook(page, 'restart.mlnb');
    await palette(page, 'Notebook: Run All');
    await waitUntil('both cells to succeed', async () => (await cellStates(page)).join() === 'success,success', 90_000);
    await waitForText(page, /'number'/, "typeof x === 'number' before the restart", 10_000);
    await palette(page, 'mlnb: Restart Kernel');
    await page.waitForTimeout(1000);
    await runCell(page, 1);
    await waitForText(page, /'undefined'/, "typeof x === 'undefined' after the restart", 60_000);
    // (Outputs land a moment before the status icon flips from the spinner to the check.)
    await waitUntil('cell 2 to succeed after the restart', async () => (await cellStates(page))[1] === 'success', 20_000);
  });
  await closeActiveEditorDiscarding(page);

  await uiTest(page, 'restart kernel and run all while cells are queued', async () => {
    await openNotebook(page, 'queued.mlnb');
    await palette(page, 'Notebook: Run All');
    await waitUntil('cell 1 executing', async () => (await cellStates(page))[0] === 'executing', 30_000);
    await palette(page, 'mlnb: Restart Kernel and Run All');
    await waitUntil('all three cells to succeed after the restart', async () => (await cellStates(page)).join() === 'success,success,success', 90_000);
    await waitForText(page, /'number'/, 'the last cell saw the first cell\'s variable', 10_000);
  });
  await closeActiveEditorDiscarding(page);

  await uiTest(page, 'overfitting example: the fit line gets a hint where it is seen (a code lens at the line start) and a diagnostic', async (slug) => {
    await openNotebook(page, 'overfitting.mlnb');
    await palette(page, 'Notebook: Run All');
    await waitUntil('all code cells to succeed', async () => {
      const states = await allCellStates(page, 3);
      if (states.includes('error')) throw new Error(`cell states: ${states.join(', ')}`);
      return states.length === 3 && states.every((st) => st === 'success');
    }, 120_000, 1000);
    // The fit line is 130 characters long: a note after its end was off screen. The hint is a code lens above
    // the line, starting where the line starts, inside the visible width of the cell.
    const lens = activeNotebook(page).locator('.codelens-decoration', { hasText: /overfitting: val_loss rose/ }).first();
    await scrollNotebook(page, 'top');
    await waitUntil('the overfitting code lens on screen', async () => {
      if (await lens.isVisible().catch(() => false)) return true;
      await page.mouse.wheel(0, 150);
      return false;
    }, 30_000, 500);
    await lens.scrollIntoViewIfNeeded();
    const box = await lens.boundingBox();
    const cell = await lens.evaluate((el) => { const r = el.closest('.code-cell-row')?.getBoundingClientRect(); return r && { x: r.x, width: r.width }; });
    if (!box || !cell || box.x < cell.x || box.x > cell.x + cell.width / 2) throw new Error(`the code lens is not at the start of the cell's line: ${JSON.stringify({ box, cell })}`);
    log(`  code lens: ${(await lens.innerText()).replace(/\s+/g, ' ')}`);
    await screenshot(page, `${slug}-lens`);
    // However far the fix lenses are pushed right, clicking the hint offers the fixes.
    await lens.locator('a', { hasText: /overfitting: val_loss rose/ }).first().click();
    const menu = page.locator('.action-widget', { hasText: /early stopping/i }).first();
    await menu.waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, `${slug}-fixes`);
    await page.keyboard.press('Escape');
    await palette(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: /overfitting: val_loss rose/ }).first();
    await problem.waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, `${slug}-problems`);
  });
  await closeActiveEditorDiscarding(page);

  await uiTest(page, 'questions: sidebar, search, answer, practice notebook that runs its check', async (slug) => {
    const questionsPane = page.locator('.pane-header', { hasText: 'Questions' }).first();
    // Clicking the activity-bar icon of the view container already shown hides the side bar: click only to open it.
    if (!(await questionsPane.isVisible())) await page.locator('.activitybar .action-item a[aria-label^="mlnb"]').first().click();
    await questionsPane.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, `${slug}-sidebar`);
    await palette(page, 'mlnb: Search Interview Questions');
    // The command's own quick pick replaces the palette: type once it is there.
    await page.waitForTimeout(1500);
    await page.locator('.quick-input-widget input.input').fill('过拟合');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'overfitting' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Enter');
    const frameWith = async (selector) => {
      for (const f of page.frames()) if (await f.locator(selector).count().catch(() => 0)) return f;
      return undefined;
    };
    const questionFrame = await waitUntil('the question page', () => frameWith('#show-answer'), 30_000);
    if (await questionFrame.locator('#answer-section').isVisible()) throw new Error('the answer is shown before "Show answer"');
    await questionFrame.locator('#show-answer').click();
    await waitUntil('the answer to show', () => questionFrame.locator('#answer-section').isVisible(), 10_000);
    await screenshot(page, `${slug}-answer`);
    await questionFrame.locator('#practice').click();
    // Its markdown cells may fill the view (code cells below are not rendered yet): wait for its title.
    await waitForText(page, /Practice: /, 'the practice notebook', 30_000);
    await page.locator('.notebook-toolbar-container .action-item', { hasText: 'Run All' }).first().click();
    // Once in a fresh-clone CI run, this click on the just-opened untitled notebook's toolbar started nothing (no
    // kernel after 120 s; never seen in targeted runs). Say so, and run the notebook through the palette instead.
    const kernelStarted = async () => !/no kernel/.test(await page.locator('.statusbar').innerText().catch(() => 'no kernel'));
    if (!(await waitUntil('a kernel for the practice notebook', kernelStarted, 20_000, 500).then(() => true, () => false))) {
      log('  Run All on the toolbar started no kernel in 20 s: running the notebook with Notebook: Run All');
      await palette(page, 'Notebook: Run All');
    }
    // The starter code is not solved yet: its check says what is wrong.
    await waitUntil('the check cell explaining what is wrong', async () => {
      await scrollNotebook(page, 'bottom'); // outputs render only when their cell is on screen
      return /❌/.test(await framesText(page));
    }, 120_000, 1000);
    await screenshot(page, `${slug}-practice`);
  });
  await closeActiveEditorDiscarding(page);

  await uiTest(page, 'typescript: a real type error is underlined in its cell only; tf. in the second cell completes', async (slug) => {
    await openNotebook(page, 'typescript.mlnb');
    const cell = (index) => activeNotebook(page).locator(`.monaco-list-row.code-cell-row[data-index="${index}"]`);
    const squiggles = async (index) => cell(index).locator('.squiggly-error').count();
    // Cell 2 re-declares cell 1's `greeting` (as the kernel allows) and uses its `model`: no error there.
    await waitUntil('the type error underlined in cell 3', async () => (await squiggles(2)) > 0, 60_000);
    if ((await squiggles(0)) + (await squiggles(1)) > 0) throw new Error(`false errors underlined: cell 1 ${await squiggles(0)}, cell 2 ${await squiggles(1)}`);
    await cell(2).locator('.view-line span span', { hasText: /^count$/ }).first().hover();
    await waitForText(page, /Type 'number' is not assignable to type 'string'/, 'the error in a hover', 15_000);
    await screenshot(page, `${slug}-error`);
    await page.mouse.move(5, 450);
    // Type `tf.` on the empty last line of cell 2.
    await cell(1).locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('tf.', { delay: 50 });
    const suggest = page.locator('.editor-widget.suggest-widget.visible');
    await suggest.waitFor({ state: 'visible', timeout: 20_000 });
    await waitUntil('TF.js members listed', async () => /\bAdamOptimizer\b/.test(await suggest.innerText()), 15_000);
    await page.keyboard.type('seque', { delay: 50 });
    await waitUntil('the list filtered to sequential', async () => /sequential/.test(await suggest.locator('.monaco-list-row.focused').innerText().catch(() => '')), 10_000);
    await screenshot(page, `${slug}-completion`);
    await page.keyboard.press('Escape');
  });
  await closeActiveEditorDiscarding(page);

  await uiTest(page, 'corrupt file: refused with the problem and position, bytes unchanged (also after save)', async (slug) => {
    const file = path.join(ws, 'corrupt.mlnb');
    const before = fs.readFileSync(file);
    await openFile(page, 'corrupt.mlnb');
    // VS Code's placeholder only says "could not be opened"; mlnb's error notification names the problem.
    const pattern = /cannot open this notebook: \d+:\d+: unexpected end of file[^\n]*truncated[^\n]*/;
    const toast = page.locator('.notification-toast', { hasText: 'cannot open this notebook' }).first();
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    const shown = (await toast.innerText()).match(pattern)?.[0];
    if (!shown) throw new Error(`the notification does not name the problem and position: ${await toast.innerText()}`);
    await waitForText(page, /could not be opened/, 'the editor placeholder', 10_000);
    log(`  error shown: ${shown}`);
    await page.waitForTimeout(800); // let the toast finish fading in
    await screenshot(page, `${slug}-error`);
    if ((await activeNotebook(page).locator('.cell-list-container .monaco-list-row').count()) > 0) throw new Error('a notebook editor with cells was opened for the corrupt file');
    // Try to save it: keyboard and palette.
    await page.locator('.editor-group-container.active').click({ position: { x: 300, y: 200 } }).catch(() => {});
    await page.keyboard.press('Control+S');
    await page.waitForTimeout(500);
    await palette(page, 'File: Save').catch(() => page.keyboard.press('Escape'));
    await page.waitForTimeout(1000);
    if (!fs.readFileSync(file).equals(before)) throw new Error('corrupt.mlnb changed on disk');
  });
  await closeActiveEditorDiscarding(page);

  // Further UI tests live one topic per module in test/e2e/ui/ (see UI_MODULES).
  for (const { name, module } of uiModules) {
    log(`ui module ${name}`);
    await module.default({ page, server, ws, profile, uiTest: (testName, fn) => uiTest(page, testName, fn), screenshot: (n) => screenshot(page, n), log });
    await closeActiveEditorDiscarding(page);
  }

  await page.context().close();
}

/**
 * UI test modules: `test/e2e/ui/<topic>.mjs`, each exporting `files` (name → content, added to the UI workspace)
 * and a default `async (ctx) => …` that calls `ctx.uiTest(name, async (slug) => …)` with the page helpers of lib.mjs.
 */
const UI_DIR = path.join(REPO, 'test', 'e2e', 'ui');
const uiModules = await Promise.all((fs.existsSync(UI_DIR) ? fs.readdirSync(UI_DIR) : [])
  .filter((f) => f.endsWith('.mjs')).sort()
  .map(async (f) => ({ name: f, module: await import(path.join(UI_DIR, f)) })));

async function restrictedModeTest(runRoot, vsix) {
  const ws = makeWorkspace(runRoot, 'untrusted', { 'restricted.mlnb': notebook(["console.log('ran only after ' + 'trust')"]) });
  const profile = makeProfile(path.join(runRoot, 'profile-trust'), { ...SETTINGS, 'security.workspace.trust.enabled': true });
  await installVsix(profile, vsix);
  const port = await freePort();
  const server = await startCodeServer({ port, profile, folder: ws, trust: true, logFile: path.join(runRoot, 'code-server-trust.log') });
  servers.push(server);
  const page = await newPage(path.join(runRoot, 'restricted-page.log'));
  const dialog = page.locator('.monaco-dialog-box');
  await uiTest(page, 'restricted mode: an untrusted folder opens notebooks but runs no code and starts no kernel', async (slug) => {
    await page.goto(workbenchUrl(server.origin, { folder: ws }));
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // A startup trust prompt, if the workbench shows one: answer "No, I don't trust the authors".
    const noTrust = dialog.locator('.monaco-button', { hasText: /don't trust/i }).first();
    if (await noTrust.waitFor({ timeout: 4_000 }).then(() => true, () => false)) {
      await screenshot(page, `${slug}-trust-prompt`);
      await noTrust.click();
    }
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'restricted.mlnb' }).first().waitFor({ timeout: 60_000 });
    await waitForText(page, /Restricted Mode/, 'the Restricted Mode indicator', 15_000);
    await openNotebook(page, 'restricted.mlnb'); // mlnb supports untrusted workspaces in a limited way: notebooks open
    await palette(page, 'Notebook: Run All');
    // VS Code asks for trust before it lets any kernel run notebook code; if it ever lets the run through,
    // mlnb's controller must refuse it itself with its RestrictedMode error.
    let asked = false;
    await waitUntil('a trust request for running the cell (or the RestrictedMode message)', async () => {
      if (await dialog.isVisible().catch(() => false)) {
        const text = (await dialog.innerText()).replace(/\s+/g, ' ');
        if (!/trust/i.test(text)) throw new Error(`unexpected dialog: ${text}`);
        log(`  trust request on run: ${text.slice(0, 160)}`);
        await screenshot(page, `${slug}-run-trust-request`);
        await dialog.locator('.monaco-button', { hasText: /^Cancel$/ }).first().click();
        asked = true;
        return true;
      }
      return /RestrictedMode|runs no code in Restricted Mode/.test(await framesText(page));
    }, 30_000);
    await page.waitForTimeout(2000);
    log(`  ${asked ? 'VS Code asked for trust before running; declined' : 'the controller refused with RestrictedMode'}`);
    const kernels = kernelProcesses(server.pid);
    if (kernels.length) throw new Error(`a kernel process started in Restricted Mode: ${JSON.stringify(kernels)}`);
    const states = await cellStates(page);
    if (states[0] === 'success') throw new Error('the cell ran in Restricted Mode');
    if (/ran only after trust/.test(await framesText(page))) throw new Error('the cell printed its output in Restricted Mode');
    await screenshot(page, `${slug}-declined`);
    // Trusting the folder is enough to run (no reload): now the kernel starts and the cell prints.
    if (asked) {
      await palette(page, 'Notebook: Run All');
      await dialog.locator('.monaco-button', { hasText: /Trust/ }).first().click({ timeout: 15_000 });
      await waitForText(page, /ran only after trust/, 'the output once the folder is trusted', 90_000);
      if (!kernelProcesses(server.pid).length) throw new Error('no kernel process after trusting the folder');
    }
  });
  await page.context().close();
  await server.stop();
}

async function main() {
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const oldest = !process.env.MLNB_E2E_SKIP_OLDEST && !process.env.MLNB_E2E_SKIP_EXT && !ONLY;
  await ensureSetup({ oldest });
  log('setup ok');
  ensureBuilt({ force: true });
  await build({
    entryPoints: [path.join(REPO, 'test', 'e2e', 'suite', 'index.ts')],
    outfile: path.join(REPO, 'test', 'e2e', 'out', 'suite.js'),
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline',
    external: ['vscode', 'mocha'], logLevel: 'warning',
    mainFields: ['module', 'main'], // as scripts/build.mjs: jsonc-parser's UMD main cannot be bundled
  });
  log('built dist/ and test/e2e/out/suite.js');
  const runRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-e2e-'));
  // The VSIX the UI tests install: what `npm run package` makes (it fails on a file that may not ship), built in
  // this run's own folder so that runs side by side never install each other's half-written file.
  const tPackage = Date.now();
  let vsix;
  if (!process.env.MLNB_E2E_EXT_ONLY) try {
    const name = `mlnb-${JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version}-${process.platform}-${process.arch}.vsix`;
    vsix = packageVsix({ out: path.join(runRoot, name), stage: path.join(runRoot, 'vsix-stage') });
    results.push({ name: `npm run package: ${path.basename(vsix)}, ${(fs.statSync(vsix).size / 1024 / 1024).toFixed(1)} MB, allowlisted files only`, ok: true, ms: Date.now() - tPackage });
  } catch (error) {
    results.push({ name: 'npm run package', ok: false, ms: Date.now() - tPackage, error });
    throw error;
  }
  if (vsix) log(`packaged ${vsix} in ${secs(tPackage)}`);

  const uiWs = makeWorkspace(runRoot, 'workspace', {
    'linear-regression.mlnb': fs.readFileSync(path.join(REPO, 'examples', 'linear-regression.mlnb')),
    'interrupt.mlnb': notebook(['let i = 0;\nwhile (true) { i++; }', '1 + 1']),
    'restart.mlnb': notebook(['const x = 41 + 1;\nx', 'typeof x']),
    'overfitting.mlnb': fs.readFileSync(path.join(REPO, 'examples', 'overfitting.mlnb')),
    'queued.mlnb': notebook(['await new Promise((r) => setTimeout(r, 4000));\nconst slow = 1;', '1 + 1', 'typeof slow']),
    'corrupt.mlnb': fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'notebooks', 'bad', 'truncated.mlnb')),
    'typescript.mlnb': notebook([
      "const greeting = 'hello';\nlet model = tf.sequential();",
      'const greeting = greeting2();\nfunction greeting2() { return 2; }\nmodel.layers.length;\n',
      'const count: string = greeting; // cell 2 made it a number',
    ]),
    ...vsixModule.files,
    ...Object.assign({}, ...uiModules.map(({ module }) => module.files ?? {})),
  });

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: !process.env.MLNB_E2E_HEADFUL,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    env: { ...process.env, XDG_CONFIG_HOME: path.join(XDG, 'config'), XDG_DATA_HOME: path.join(XDG, 'data') },
  });

  if (!process.env.MLNB_E2E_SKIP_EXT && !ONLY) {
    const only = process.env.MLNB_E2E_EXT_VSCODE?.split(',');
    for (const install of (oldest ? [LATEST, OLDEST] : [LATEST]).filter((i) => !only || only.includes(i.csVersion))) {
      const extWs = makeWorkspace(runRoot, `ext-host-workspace-${install.csVersion}`, { 'README.md': '# mlnb extension-host tests\n' });
      const profile = makeProfile(path.join(runRoot, `profile-ext-host-${install.csVersion}`), SETTINGS);
      const devHost = install.vscodeOption !== false;
      if (!devHost) {
        linkExtension(profile);
        linkExtension(profile, suiteRunnerExtension(path.join(runRoot, 'e2e-runner')));
      }
      const server = await startCodeServer({ port: await freePort(), profile, folder: extWs, devHost, install, logFile: path.join(runRoot, `code-server-ext-host-${install.csVersion}.log`) });
      servers.push(server);
      log(`code-server ${install.csVersion} (${devHost ? 'development host' : 'the repo linked in, with a suite runner extension'}) up at ${server.origin} (pid ${server.pid}); logs in ${runRoot}`);
      await extensionHostSuite(server, extWs, runRoot, install);
      await server.stop();
    }
  }
  if (process.env.MLNB_E2E_EXT_ONLY) return;

  const profile = makeProfile(path.join(runRoot, 'profile-ui'), SETTINGS);
  const installStarted = Date.now();
  log(`installing ${path.basename(vsix)}: ${(await installVsix(profile, vsix)).split('\n').pop()}`);
  timings.install = Date.now() - installStarted;
  const server = await startCodeServer({ port: await freePort(), profile, folder: uiWs, logFile: path.join(runRoot, 'code-server-ui.log') });
  servers.push(server);
  log(`code-server (the VSIX installed, ${(timings.install / 1000).toFixed(1)}s) up at ${server.origin} (pid ${server.pid})`);
  await uiTests(server, uiWs, runRoot, { profile, installStarted });
  const leftover = kernelProcesses(server.pid);
  log(`kernel processes still running under code-server after the UI tests: ${leftover.length}`);
  await server.stop();

  await restrictedModeTest(runRoot, vsix);
  if (!process.env.MLNB_E2E_KEEP) fs.rmSync(runRoot, { recursive: true, force: true });
  else log(`kept ${runRoot}`);
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    console.error(`[e2e] ${sig}: stopping the browser and code-server`);
    await browser?.close().catch(() => {});
    for (const s of servers) await s.stop();
    process.exit(130);
  });
}

let fatal;
try {
  await main();
} catch (error) {
  fatal = error;
  console.error(`[e2e] aborted: ${error.stack ?? error}`);
} finally {
  await browser?.close().catch(() => {});
  for (const s of servers) await s.stop();
}
const uiPassed = results.filter((r) => r.ok).length;
const uiFailed = results.length - uiPassed + (fatal ? 1 : 0);
console.log('');
for (const r of results) console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${(r.ms / 1000).toFixed(1)}s)`);
// Why each failed, again at the end: CI keeps only the tail of the log.
for (const r of results.filter((x) => !x.ok)) console.log(`  why "${r.name}" failed: ${firstLines(r.error)}`);
if (fatal) console.log(`  aborted: ${firstLines(fatal)}`);
for (const f of extHost.failures) console.log(`  why ${f}`);
console.log(`ui: ${uiPassed} passed, ${uiFailed} failed`);
if (extHost.ran) console.log(`ext-host: ${extHost.passed} passed, ${extHost.failed} failed`);
if (timings.installToFirstCell) console.log(`install-to-first-cell: ${(timings.installToFirstCell / 1000).toFixed(1)}s (--install-extension ${(timings.install / 1000).toFixed(1)}s)`);
console.log(`screenshots: ${path.relative(REPO, ARTIFACTS)}/ (${fs.existsSync(ARTIFACTS) ? fs.readdirSync(ARTIFACTS).length : 0} files); total ${secs()}`);
const passed = uiPassed + extHost.passed;
const failed = uiFailed + extHost.failed;
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed || passed === 0 ? 1 : 0);
