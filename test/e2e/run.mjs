#!/usr/bin/env node
// `npm run test:e2e`: mlnb in a REAL VS Code (code-server 4.139 = VS Code 1.139, web workbench driven by headless
// Chromium through playwright-core), the extension loaded as a development extension from this repo.
//   1. setup (scripts/vscode/setup.mjs, cached), build dist/ and the extension-host test bundle;
//   2. code-server on a free port with a fresh profile (workspace trust off):
//      - mocha suite INSIDE the Node extension host (test/e2e/suite, its own pass/fail count);
//      - UI tests asserting on the workbench DOM and inside the notebook output webviews (all frames):
//        run all, interrupt, restart, corrupt file;
//   3. a second code-server with workspace trust ON and an untrusted folder: Restricted Mode, no kernel.
// Screenshots go to test-artifacts/e2e/. Last line: `e2e: N passed, M failed` (exit 1 on any failure).
// Env: MLNB_E2E_ONLY=regex (run only matching UI tests), MLNB_E2E_SKIP_EXT=1 (skip the ext-host suite),
//      MLNB_E2E_HEADFUL=1 (visible browser, needs a display), MLNB_E2E_KEEP=1 (keep the temp workspace).
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ensureBuilt } from '../../scripts/vscode/build.mjs';
import { CHROMIUM, REPO, XDG } from '../../scripts/vscode/paths.mjs';
import { TEST_SETTINGS, cmdline, descendants, freePort, makeProfile, startCodeServer, workbenchUrl } from '../../scripts/vscode/server.mjs';
import { ensureSetup } from '../../scripts/vscode/setup.mjs';

const t0 = Date.now();
const secs = (t = t0) => `${((Date.now() - t) / 1000).toFixed(1)}s`;
const log = (msg) => console.log(`[e2e ${secs()}] ${msg}`);
const ARTIFACTS = path.join(REPO, 'test-artifacts', 'e2e');
const ONLY = process.env.MLNB_E2E_ONLY ? new RegExp(process.env.MLNB_E2E_ONLY) : undefined;
const results = []; // { name, ok, ms, error }
const extHost = { passed: 0, failed: 0, ran: false };
const servers = [];
let browser;

// ---------------------------------------------------------------------------------------------- helpers

/** Text of every frame (the workbench and the nested notebook output webviews), walking shadow roots too. */
async function framesText(page) {
  const texts = await Promise.all(page.frames().map((f) => f.evaluate(() => {
    const out = [];
    const walk = (n) => {
      if (n.shadowRoot) walk(n.shadowRoot);
      for (const c of n.childNodes) {
        if (c.nodeType === 3) out.push(c.nodeValue);
        else if (c.nodeType === 1 && c.tagName !== 'SCRIPT' && c.tagName !== 'STYLE') walk(c);
        else if (c.nodeType === 11) walk(c);
      }
    };
    if (document.body) walk(document.body);
    return out.join('\n');
  }).catch(() => '')));
  return texts.join('\n');
}

/** Whether some frame has an element matching the CSS selector (looking into shadow roots too). */
async function anyFrameHas(page, selector) {
  for (const f of page.frames()) {
    const found = await f.evaluate((sel) => {
      const seek = (root) => {
        if (root.querySelector(sel)) return true;
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot && seek(el.shadowRoot)) return true;
        return false;
      };
      return !!document.body && seek(document);
    }, selector).catch(() => false);
    if (found) return true;
  }
  return false;
}

async function waitUntil(what, fn, timeout = 60_000, interval = 250) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out after ${timeout / 1000}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

async function waitForText(page, pattern, what = String(pattern), timeout = 60_000) {
  return waitUntil(`${what} in the page or an output frame`, async () => pattern.test(await framesText(page)), timeout);
}

async function quickInput(page, key, text) {
  await page.keyboard.press('Escape');
  await page.keyboard.press(key);
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(text);
  return input;
}

/** Runs a command through the command palette by its label, e.g. "Notebook: Run All". */
async function palette(page, label) {
  await quickInput(page, 'F1', label);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({
    has: page.locator('.quick-input-list-label', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
  }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
}

/** Opens a workspace file through Quick Open (Ctrl+P). */
async function openFile(page, name) {
  await quickInput(page, 'Control+P', name);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
}

const activeNotebook = (page) => page.locator('.editor-group-container.active .notebook-editor').first();
const codeCells = (page) => activeNotebook(page).locator('.code-cell-row');

async function openNotebook(page, name, cells) {
  await openFile(page, name);
  await waitUntil(`${name} open with ${cells} code cells`, async () => (await codeCells(page).count()) >= cells, 60_000);
  await page.locator('.editor-group-container.active .tab.active', { hasText: name }).waitFor({ timeout: 10_000 });
}

/** Per cell state from the status bar icons: 'success' | 'error' | 'executing' | 'pending' | ''. */
async function cellStates(page) {
  return codeCells(page).evaluateAll((rows) => rows.map((row) => {
    for (const s of ['success', 'error', 'executing', 'pending']) if (row.querySelector(`.codicon-notebook-state-${s}`)) return s;
    return '';
  }));
}

/** Focus a code cell's editor and run just that cell (Ctrl+Enter = "Notebook: Execute Cell"). */
async function runCell(page, index) {
  const editor = codeCells(page).nth(index).locator('.monaco-editor .view-lines');
  await editor.click();
  await page.keyboard.press('Control+Enter');
}

async function closeActiveEditorDiscarding(page) {
  await palette(page, 'View: Revert and Close Editor').catch(async () => page.keyboard.press('Escape'));
  await page.waitForTimeout(300);
}

async function screenshot(page, name) {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file }).catch((e) => log(`screenshot ${name} failed: ${e.message}`));
  return file;
}

async function uiTest(page, name, fn) {
  if (ONLY && !ONLY.test(name)) return;
  const t = Date.now();
  const slug = `${String(results.length + 1).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}`;
  try {
    await fn(slug);
    await screenshot(page, slug);
    results.push({ name, ok: true, ms: Date.now() - t });
    log(`PASS ${name} (${secs(t)})`);
  } catch (error) {
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
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: expectFile }).first().waitFor({ timeout: 60_000 });
}

/** Kernel processes (dist/kernel.js) among a server's descendants. */
function kernelProcesses(serverPid) {
  return descendants(serverPid).map((pid) => ({ pid, cmd: cmdline(pid) })).filter((p) => p.cmd.includes(path.join('dist', 'kernel.js')));
}

// ---------------------------------------------------------------------------------------------- fixtures

function notebook(sources) {
  return `${JSON.stringify({
    cells: sources.map((source, i) => ({ cell_type: 'code', execution_count: null, id: `cell${i}`, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { display_name: 'TypeScript (TensorFlow.js)', language: 'typescript', name: 'mlnb-tfjs' }, language_info: { name: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 5,
  }, null, 1)}\n`;
}

function makeWorkspace(root, name, files) {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), content);
  return dir;
}

// ---------------------------------------------------------------------------------------------- the run

async function extensionHostSuite(server, ws, runDir) {
  const suite = path.join(REPO, 'test', 'e2e', 'out', 'suite.js');
  const url = workbenchUrl(server.origin, { folder: ws, devExtension: REPO, testsPath: suite });
  const page = await newPage(path.join(runDir, 'ext-host-page.log'));
  const done = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    void page.exposeFunction('codeAutomationLog', () => {});
  });
  // Mocha's spec reporter in the extension host reaches the page console.
  page.on('console', (m) => {
    const t = m.text().replace(/%c/g, '').replace(/color: #[0-9a-f]+;?/gi, '');
    if (/^\s*(✔|✓|\d+\) |\d+ passing|\d+ failing)|AssertionError/.test(t)) console.log(`  [ext-host] ${t.trim().split('\n')[0].slice(0, 300)}`);
  });
  const t = Date.now();
  await page.goto(url);
  const code = await Promise.race([done, new Promise((r) => setTimeout(() => r('timeout'), 240_000))]);
  await screenshot(page, '00-ext-host-suite');
  await page.context().close();
  const file = path.join(ws, 'ext-host-results.json');
  let report;
  try { report = JSON.parse(fs.readFileSync(file, 'utf8')); } catch {}
  extHost.ran = true;
  if (report) {
    extHost.passed = report.passed;
    extHost.failed = report.failed;
    for (const r of report.results.filter((x) => x.state === 'failed')) log(`ext-host FAIL ${r.title}\n${r.error}`);
  }
  if (code !== 0 && !extHost.failed) extHost.failed = 1; // the suite did not finish (or crashed before reporting)
  log(`ext-host suite: exit code ${code} after ${secs(t)}`);
  console.log(`ext-host: ${extHost.passed} passed, ${extHost.failed} failed`);
}

async function uiTests(server, ws, runDir) {
  const page = await newPage(path.join(runDir, 'ui-page.log'));
  const tLoad = Date.now();
  await loadWorkbench(page, workbenchUrl(server.origin, { folder: ws, devExtension: REPO }), 'linear-regression.mlnb');
  log(`workbench ready in ${secs(tLoad)}`);
  const renderer = fs.existsSync(path.join(REPO, 'dist', 'renderer.js'));

  await uiTest(page, 'run all: linear regression trains and shows text, tensor and training outputs', async (slug) => {
    await openNotebook(page, 'linear-regression.mlnb', 5);
    const cells = await codeCells(page).count();
    await palette(page, 'Notebook: Run All');
    await waitForText(page, /learned y = -?\d+\.\d+x [+-] \d+\.\d+/, 'the "learned y = …" line', 120_000);
    const states = await waitUntil('all cells to finish', async () => {
      const s = await cellStates(page);
      return s.filter((x) => x === 'success' || x === 'error').length === cells && s;
    }, 60_000);
    if (!states.every((s) => s === 'success')) throw new Error(`cell states: ${states.join(', ')}`);
    const text = await framesText(page);
    if (!/\[\s*100,\s*1\s*\]/.test(text)) throw new Error('the `xs.shape` output [ 100, 1 ] is not shown');
    // The tensor from model.predict: a tensor card (renderer) or its text/plain.
    if (!/float32/.test(text) || !/Tensor|tensor/.test(text)) throw new Error('no tensor output (card or text) found');
    if (renderer) {
      await waitUntil('a .uplot chart inside an output frame', () => anyFrameHas(page, '.uplot'), 20_000);
    } else if (!/Training (done|finished|completed|stopped)?.*(after \d+\/60 epochs|epoch)/i.test(text)) {
      throw new Error('no training output text found');
    }
    await screenshot(page, `${slug}-top`);
    // Scroll to the last cell so the final screenshot shows the training chart and the tensor.
    await activeNotebook(page).hover();
    for (let i = 0; i < 12; i++) await page.mouse.wheel(0, 400);
    await page.waitForTimeout(800);
  });
  await closeActiveEditorDiscarding(page);

  await uiTest(page, 'interrupt: a runaway cell stops with KeyboardInterrupt and the next cell runs', async () => {
    await openNotebook(page, 'interrupt.mlnb', 2);
    await runCell(page, 0);
    await waitUntil('cell 1 executing', async () => (await cellStates(page))[0] === 'executing', 60_000);
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
    await openNotebook(page, 'restart.mlnb', 2);
    await palette(page, 'Notebook: Run All');
    await waitUntil('both cells to succeed', async () => (await cellStates(page)).join() === 'success,success', 90_000);
    await waitForText(page, /'number'/, "typeof x === 'number' before the restart", 10_000);
    await palette(page, 'mlnb: Restart Kernel');
    await page.waitForTimeout(1000);
    await runCell(page, 1);
    await waitForText(page, /'undefined'/, "typeof x === 'undefined' after the restart", 60_000);
    const states = await cellStates(page);
    if (states[1] !== 'success') throw new Error(`cell 2 state after restart: ${states[1]}`);
  });
  await closeActiveEditorDiscarding(page);

  await uiTest(page, 'corrupt file: refused with the problem and position, bytes unchanged (also after save)', async () => {
    const file = path.join(ws, 'corrupt.mlnb');
    const before = fs.readFileSync(file);
    await openFile(page, 'corrupt.mlnb');
    const pattern = /\d+:\d+: unexpected end of file[^\n]*truncated/;
    await waitForText(page, pattern, 'the parse error naming position and problem', 30_000);
    const shown = (await framesText(page)).match(pattern)?.[0];
    log(`  error shown: ${shown}`);
    if ((await activeNotebook(page).locator('.cell-list-container .monaco-list-row').count()) > 0) throw new Error('a notebook editor with cells was opened for the corrupt file');
    // Try to save it: keyboard and palette.
    await page.locator('.editor-group-container.active').click({ position: { x: 300, y: 200 } }).catch(() => {});
    await page.keyboard.press('Control+S');
    await page.waitForTimeout(500);
    await palette(page, 'File: Save').catch(() => page.keyboard.press('Escape'));
    await page.waitForTimeout(1000);
    if (!fs.readFileSync(file).equals(before)) throw new Error('corrupt.mlnb changed on disk');
  });

  await page.context().close();
}

async function restrictedModeTest(runRoot) {
  const ws = makeWorkspace(runRoot, 'untrusted', { 'restricted.mlnb': notebook(["console.log('this must not run')"]) });
  const profile = makeProfile(path.join(runRoot, 'profile-trust'), { ...TEST_SETTINGS, 'security.workspace.trust.enabled': true });
  const port = await freePort();
  const server = await startCodeServer({ port, profile, folder: ws, trust: true, logFile: path.join(runRoot, 'code-server-trust.log') });
  servers.push(server);
  const page = await newPage(path.join(runRoot, 'restricted-page.log'));
  await uiTest(page, 'restricted mode: running a cell shows RestrictedMode and starts no kernel', async (slug) => {
    await page.goto(workbenchUrl(server.origin, { folder: ws, devExtension: REPO }));
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // The startup trust prompt: answer "No, I don't trust the authors".
    const noTrust = page.locator('.monaco-dialog-box .monaco-button', { hasText: /don't trust|Restricted/i }).first();
    await noTrust.waitFor({ timeout: 30_000 });
    await screenshot(page, `${slug}-trust-prompt`);
    await noTrust.click();
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'restricted.mlnb' }).first().waitFor({ timeout: 60_000 });
    await waitForText(page, /Restricted Mode/, 'the Restricted Mode indicator', 15_000);
    await openNotebook(page, 'restricted.mlnb', 1);
    await palette(page, 'Notebook: Run All');
    // VS Code may first ask to trust the workspace before running notebook code; decline it.
    const t = Date.now();
    let declined = false;
    await waitUntil('the RestrictedMode message (or a declined trust request)', async () => {
      const dialog = page.locator('.monaco-dialog-box');
      if (!declined && await dialog.isVisible().catch(() => false)) {
        await screenshot(page, `${slug}-run-trust-request`);
        log(`  trust request on run: ${(await dialog.innerText()).replace(/\s+/g, ' ').slice(0, 200)}`);
        const cancel = dialog.locator('.monaco-button', { hasText: /Cancel|don't trust|No/i }).first();
        await (await cancel.count() ? cancel.click() : page.keyboard.press('Escape'));
        declined = true;
      }
      return /RestrictedMode|runs no code in Restricted Mode/.test(await framesText(page));
    }, 30_000);
    log(`  RestrictedMode shown after ${secs(t)}${declined ? ' (after declining a trust request)' : ''}`);
    await page.waitForTimeout(1500);
    const kernels = kernelProcesses(server.pid);
    if (kernels.length) throw new Error(`a kernel process started in Restricted Mode: ${JSON.stringify(kernels)}`);
    const states = await cellStates(page);
    if (states[0] === 'success') throw new Error('the cell ran in Restricted Mode');
    if (/this must not run\s*$/m.test((await framesText(page)).replace(/console\.log\('this must not run'\)/g, ''))) throw new Error('the cell printed its output');
  });
  await page.context().close();
  await server.stop();
}

async function main() {
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await ensureSetup();
  log('setup ok');
  ensureBuilt({ force: true });
  await build({
    entryPoints: [path.join(REPO, 'test', 'e2e', 'suite', 'index.ts')],
    outfile: path.join(REPO, 'test', 'e2e', 'out', 'suite.js'),
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline',
    external: ['vscode', 'mocha'], logLevel: 'warning',
  });
  log('built dist/ and test/e2e/out/suite.js');

  const runRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-e2e-'));
  const uiWs = makeWorkspace(runRoot, 'workspace', {
    'linear-regression.mlnb': fs.readFileSync(path.join(REPO, 'examples', 'linear-regression.mlnb')),
    'interrupt.mlnb': notebook(['let i = 0;\nwhile (true) { i++; }', '1 + 1']),
    'restart.mlnb': notebook(['const x = 41 + 1;\nx', 'typeof x']),
    'corrupt.mlnb': fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'notebooks', 'bad', 'truncated.mlnb')),
  });
  const extWs = makeWorkspace(runRoot, 'ext-host-workspace', { 'README.md': '# mlnb extension-host tests\n' });

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: !process.env.MLNB_E2E_HEADFUL,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    env: { ...process.env, XDG_CONFIG_HOME: path.join(XDG, 'config'), XDG_DATA_HOME: path.join(XDG, 'data') },
  });

  const profile = makeProfile(path.join(runRoot, 'profile'), TEST_SETTINGS);
  const server = await startCodeServer({ port: await freePort(), profile, folder: uiWs, logFile: path.join(runRoot, 'code-server.log') });
  servers.push(server);
  log(`code-server up at ${server.origin} (pid ${server.pid}); logs in ${runRoot}`);

  if (!process.env.MLNB_E2E_SKIP_EXT && !ONLY) await extensionHostSuite(server, extWs, runRoot);
  await uiTests(server, uiWs, runRoot);
  const leftover = kernelProcesses(server.pid);
  log(`kernel processes still running under code-server after the UI tests: ${leftover.length}`);
  await server.stop();

  await restrictedModeTest(runRoot);
  if (!process.env.MLNB_E2E_KEEP) fs.rmSync(runRoot, { recursive: true, force: true });
  else log(`kept ${runRoot}`);
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
console.log(`ui: ${uiPassed} passed, ${uiFailed} failed`);
if (extHost.ran) console.log(`ext-host: ${extHost.passed} passed, ${extHost.failed} failed`);
console.log(`screenshots: ${path.relative(REPO, ARTIFACTS)}/ (${fs.existsSync(ARTIFACTS) ? fs.readdirSync(ARTIFACTS).length : 0} files); total ${secs()}`);
const passed = uiPassed + extHost.passed;
const failed = uiFailed + extHost.failed;
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed || passed === 0 ? 1 : 0);
