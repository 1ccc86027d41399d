// `npm start` as a user runs it: the real command, a real code-server, a browser driving the workbench.
//  1. Running and saving an example changes the scratch copy, never the repo's examples/; SIGTERM to the npm
//     process (which npm 11 does not pass on to node) stops code-server, the kernel and every other child.
//  2. Started again on the same scratch folder: the edited copy is kept, a stale unedited copy follows the repo, a
//     deleted one comes back; Ctrl+C (SIGINT to the terminal's process group) stops everything.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, REPO, cleanEnv } from '../../scripts/vscode/paths.mjs';
import { cmdline, descendants } from '../../scripts/vscode/server.mjs';

const EXAMPLES = path.join(REPO, 'examples');
const ARTIFACTS = path.join(REPO, 'test-artifacts', 'start');
const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const snapshot = (dir) => Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, sha256(path.join(dir, f))]));
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };

async function waitUntil(what, fn, timeout, interval = 250) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeout / 1000}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** `npm start` in its own process group (as a shell runs a foreground job); resolves with the URL it prints. */
function npmStart(startDir) {
  const child = spawn('npm', ['start'], {
    cwd: REPO,
    // A user's shell: no npm_* of the `npm run` running this test. MLNB_CODE_SERVER: even where a desktop `code` exists.
    env: { ...cleanEnv(), MLNB_START_DIR: startDir, MLNB_CODE_SERVER: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const exited = new Promise((r) => child.on('exit', (code, signal) => r(signal ?? code)));
  const url = new Promise((resolve, reject) => {
    const onData = (d) => {
      out += d;
      const m = out.match(/^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then((c) => reject(new Error(`npm start exited (${c}) before printing a URL:\n${out.slice(-3000)}`)));
  });
  return { child, url, exited, output: () => out };
}

/** code-server's pid and every process under `npm start`, with command lines (to tell a reused pid apart). */
function processTree(npmPid) {
  return descendants(npmPid).map((pid) => ({ pid, cmd: cmdline(pid) }));
}

async function assertAllGone(tree, npmRun) {
  const code = await Promise.race([npmRun.exited, new Promise((r) => setTimeout(r, 30_000, 'still running').unref())]);
  assert.notEqual(code, 'still running', `npm start did not exit:\n${npmRun.output().slice(-2000)}`);
  const survivors = () => tree.filter((p) => alive(p.pid) && cmdline(p.pid) === p.cmd);
  // killTree gives the processes 5 s before SIGKILL; allow for a busy machine.
  await waitUntil('every process of npm start to end', () => survivors().length === 0, 30_000).catch(() => {
    const left = survivors();
    for (const p of left) try { process.kill(p.pid, 'SIGKILL'); } catch {} // leave nothing behind for the next test
    throw new Error(`still running after npm start stopped:\n${left.map((p) => `  ${p.pid} ${p.cmd}`).join('\n')}`);
  });
}

async function framesText(page) {
  const texts = await Promise.all(page.frames().map((f) => f.evaluate(() => document.body?.innerText ?? '').catch(() => '')));
  return texts.join('\n');
}

async function quickInput(page, key, text) {
  await page.keyboard.press('Escape');
  await page.keyboard.press(key);
  await page.locator('.quick-input-widget input.input').waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type(text);
}

describe('npm start', function () {
  this.timeout(20 * 60_000); // on a fresh machine the first start installs code-server (~3 min on 2 cores)
  const startDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-start-test-'));
  const workspace = path.join(startDir, 'workspace');
  const examplesBefore = snapshot(EXAMPLES);
  let browser;
  let run;
  const seen = []; // npm start's processes as last looked at: the clean-up after a failure ends them
  let page;

  /** Ends everything a failed test left running: code-server runs in a process group of its own, so by pid. */
  async function cleanUp() {
    await browser?.close().catch(() => {});
    browser = undefined;
    if (run && run.child.exitCode === null && run.child.signalCode === null) {
      seen.push(...processTree(run.child.pid));
      try { process.kill(-run.child.pid, 'SIGTERM'); } catch {}
      await new Promise((r) => setTimeout(r, 8000));
      try { process.kill(-run.child.pid, 'SIGKILL'); } catch {}
    }
    for (const p of seen) if (alive(p.pid) && cmdline(p.pid) === p.cmd) try { process.kill(p.pid, 'SIGKILL'); } catch {}
    run?.child.stdout.destroy(); // a survivor may still hold the pipes open
    run?.child.stderr.destroy();
  }

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    if (page && !page.isClosed()) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const file = path.join(ARTIFACTS, `${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}.png`);
      await page.screenshot({ path: file }).then(() => console.log(`    screenshot: ${path.relative(REPO, file)}`), () => {});
    }
    await cleanUp();
  });

  after(async () => {
    await cleanUp();
    fs.rmSync(startDir, { recursive: true, force: true });
  });

  it('opens a scratch copy of examples/, leaves tracked files alone, and stops every process on SIGTERM to npm', async () => {
    run = npmStart(startDir);
    const url = await run.url;
    const folder = new URL(url).searchParams.get('folder');
    assert.equal(folder, workspace);
    assert.ok(path.relative(REPO, folder).startsWith('..'), `the workspace ${folder} is inside the repo`);
    assert.deepEqual(snapshot(workspace), examplesBefore, 'the workspace starts as a copy of examples/');

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    // mlnb's activity-bar entry: its contributions (the .mlnb notebook type) are registered, so the file opens as a notebook.
    await page.locator('.activitybar a.action-label[aria-label="mlnb"]').waitFor({ state: 'attached', timeout: 180_000 });
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'linear-regression.mlnb' }).first();
    await row.waitFor({ timeout: 60_000 });
    await row.click();
    await page.locator('.notebook-editor .code-cell-row').first().waitFor({ timeout: 90_000 });
    await quickInput(page, 'F1', 'Notebook: Run All');
    const runAll = page.locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.quick-input-list-label', { hasText: /^Notebook: Run All$/ }) }).first();
    await runAll.waitFor({ state: 'visible', timeout: 15_000 });
    await runAll.click();
    // The training cell logs "learned y = 2.00x - 1.00" (its source says `learned y = ${w…`); then save, as
    // auto-save would.
    await waitUntil('the training cell output', async () => /learned y = -?\d/.test(await framesText(page)), 180_000);
    const copy = path.join(workspace, 'linear-regression.mlnb');
    await waitUntil('the notebook saved with its outputs', async () => {
      await page.keyboard.press('Control+S');
      let outputs = '';
      try { outputs = JSON.stringify(JSON.parse(fs.readFileSync(copy, 'utf8')).cells.map((c) => c.outputs ?? [])); } catch {} // mid-write
      return /learned y = -?\d/.test(outputs);
    }, 60_000, 1000);

    assert.deepEqual(snapshot(EXAMPLES), examplesBefore, 'examples/ in the repo changed');

    const tree = processTree(run.child.pid);
    seen.push(...tree);
    assert.ok(tree.some((p) => p.cmd.includes('code-server')), `no code-server under npm start:\n${tree.map((p) => p.cmd).join('\n')}`);
    assert.ok(tree.some((p) => p.cmd.includes(path.join('dist', 'kernel.js'))), 'no kernel process under npm start');
    process.kill(run.child.pid, 'SIGTERM'); // the npm process only, as `kill <pid of npm>` does
    await assertAllGone(tree, run);
    await browser.close();
    browser = undefined;
  });

  it('keeps an edited copy (with a note when the repo moved on), refreshes a stale unedited one, restores a deleted one, and stops on Ctrl+C', async () => {
    const edited = path.join(workspace, 'linear-regression.mlnb');
    const editedBefore = sha256(edited);
    assert.notEqual(editedBefore, examplesBefore['linear-regression.mlnb'], 'the first test saved outputs into the copy');
    // An unedited copy of an older repo version: its content is what the manifest says was copied.
    const stale = path.join(workspace, 'mlp-classifier.mlnb');
    fs.writeFileSync(stale, '{"cells":[],"metadata":{},"nbformat":4,"nbformat_minor":5}\n');
    const manifestFile = path.join(startDir, 'workspace-manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    manifest['mlp-classifier.mlnb'] = sha256(stale);
    manifest['linear-regression.mlnb'] = 'the hash of an older repo version'; // the repo moved on since the copy
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    fs.rmSync(path.join(workspace, 'overfitting.mlnb'));
    fs.writeFileSync(path.join(workspace, 'mine.mlnb'), 'my own file\n');

    run = npmStart(startDir);
    await run.url;
    assert.equal(sha256(edited), editedBefore, 'the edited copy was overwritten');
    assert.equal(sha256(stale), examplesBefore['mlp-classifier.mlnb'], 'the stale unedited copy was not refreshed');
    assert.equal(sha256(path.join(workspace, 'overfitting.mlnb')), examplesBefore['overfitting.mlnb'], 'the deleted copy did not come back');
    assert.equal(fs.readFileSync(path.join(workspace, 'mine.mlnb'), 'utf8'), 'my own file\n');
    assert.match(run.output(), /examples\/linear-regression\.mlnb changed in the repo; your edited copy is kept/);

    const tree = processTree(run.child.pid);
    seen.push(...tree);
    assert.ok(tree.some((p) => p.cmd.includes('code-server')), 'no code-server under npm start');
    process.kill(-run.child.pid, 'SIGINT'); // Ctrl+C: the terminal signals the whole foreground process group
    await assertAllGone(tree, run);
    assert.deepEqual(snapshot(EXAMPLES), examplesBefore, 'examples/ in the repo changed');
  });
});
