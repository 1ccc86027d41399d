// UI tests of the installed VSIX itself, run first (test/e2e/run.mjs): what a user gets right after
// `--install-extension`, and the native backend they build afterwards.
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../../scripts/vscode/paths.mjs';
import { cellStates, closeActiveEditorDiscarding, codeCells, framesText, kernelProcesses, notebook, palette, waitUntil } from './lib.mjs';

export const files = {
  'first.mlnb': notebook(['tf.getBackend()']),
};

const BUILD_COMMAND = 'mlnb: Build the Native TF.js Backend (offline, from the tensorflow-cpu wheel)';

/** Where the installed extension keeps its global storage in this profile (VS Code names it by the extension id). */
function globalStorage(profile) {
  return path.join(profile.userDataDir, 'User', 'globalStorage', 'mlnb.mlnb');
}

/**
 * Opens first.mlnb from the Explorer: right after the workbench loads, Quick Open's file search can take longer
 * than its 15 s to list a file on a busy machine, and this is the run's first notebook.
 */
async function openFirst(page) {
  // Until the remote extension host has registered mlnb (its activity-bar icon shows then), VS Code opens a .mlnb
  // file as plain text: seen at load 23, where that took longer than loading the workbench.
  await page.locator('.activitybar .action-item a[aria-label^="mlnb"]').first().waitFor({ state: 'visible', timeout: 180_000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'first.mlnb' }).first().click();
  await page.locator('.editor-group-container.active .tab.active', { hasText: 'first.mlnb' }).waitFor({ timeout: 30_000 });
  await waitUntil('first.mlnb rendered in a notebook editor', async () => (await codeCells(page).count()) > 0, 90_000);
}

/** Runs the notebook's one cell; resolves with the backend its output names (once the output frame shows it). */
async function runFirstCell(page) {
  await palette(page, 'Notebook: Run All');
  let backend;
  await waitUntil('the first cell to succeed and show its output', async () => {
    const states = await cellStates(page);
    if (states[0] === 'error') throw new Error(`the cell failed: ${(await framesText(page)).match(/\b[A-Za-z]*Error: [^\n]*/)?.[0] ?? ''}`);
    backend = (await framesText(page)).match(/'(tensorflow|wasm|cpu)'/)?.[1];
    return states[0] === 'success' && backend;
  }, 180_000, 250);
  return backend;
}

export default async function vsixTests({ page, server, profile, installStarted, timings, uiTest, screenshot, log }) {
  await uiTest('installed VSIX: activates from the profile\'s extensions folder, not the repo, and runs a first cell on wasm', async () => {
    await openFirst(page);
    const backend = await runFirstCell(page);
    timings.installToFirstCell = Date.now() - installStarted;
    log(`  install → first cell output: ${(timings.installToFirstCell / 1000).toFixed(1)}s (install ${(timings.install / 1000).toFixed(1)}s, then server start, workbench load, notebook open, kernel start, run)`);
    if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`the first cell ran on ${backend ?? '(no backend shown)'}: the VSIX ships no native backend, so it must be wasm (or cpu)`);
    const kernels = kernelProcesses(server.pid);
    if (!kernels.length) throw new Error('no kernel process under code-server');
    const fromProfile = kernels.filter((k) => k.cmd.includes(`${profile.extensionsDir}/`));
    if (fromProfile.length !== kernels.length || kernels.some((k) => k.cmd.includes(`${REPO}/`))) {
      throw new Error(`kernels do not all run from the installed extension in ${profile.extensionsDir}: ${kernels.map((k) => k.cmd).join(' | ')}`);
    }
    log(`  kernel: ${kernels[0].cmd}`);
  });

  await uiTest('native backend after install: the build command shows its steps, builds into global storage, and a restarted kernel runs on tensorflow from there', async (slug) => {
    await palette(page, BUILD_COMMAND);
    const progress = page.locator('.notification-toast', { hasText: 'building the native TF.js backend' }).first();
    await progress.waitFor({ state: 'visible', timeout: 30_000 });
    // The script's own steps show in the notification as they happen.
    const steps = new Set();
    const done = page.locator('.notification-toast', { hasText: /native TF\.js backend is ready|could not build the native TF\.js backend/ }).first();
    const started = Date.now();
    await waitUntil('the build to finish (its success or error notification)', async () => {
      if (await done.isVisible().catch(() => false)) return true;
      // (A short timeout: once the progress toast is gone, the result toast may hide itself within seconds.)
      const text = (await progress.innerText({ timeout: 1000 }).catch(() => '')).replace(/\s+/g, ' ');
      // The message after the title is the script's current step: "wheel: …", "npm: …", "build: …".
      const step = /building the native TF\.js backend:?\s*([a-z][a-z ]*): (.{0,60})/.exec(text);
      if (step && !steps.has(step[1])) {
        steps.add(step[1]);
        log(`  progress: ${step[1]}: ${step[2]}`);
        if (steps.size === 2) await screenshot(`${slug}-progress`);
      }
      return done.isVisible().catch(() => false);
    }, 900_000, 500);
    const message = (await done.innerText()).replace(/\s+/g, ' ');
    log(`  after ${((Date.now() - started) / 1000).toFixed(0)}s: ${message.slice(0, 200)}`);
    await screenshot(`${slug}-ready`);
    if (!/is ready/.test(message)) throw new Error(`the build failed: ${message}`);
    if (steps.size < 2) throw new Error(`the notification showed ${steps.size} step(s) of the build: ${[...steps].join(', ')}`);
    const binding = path.join(globalStorage(profile), 'native-backend', 'node_modules', '@tensorflow', 'tfjs-node', 'lib', 'napi-v8', 'tfjs_binding.node');
    if (!fs.existsSync(binding)) throw new Error(`no ${binding}`);
    // The toast offers to restart the running kernel (the first test's); the restarted one, or a new one, loads
    // tfjs-node from global storage.
    const restart = done.locator('.monaco-button', { hasText: 'Restart Kernel' }).first();
    if (await restart.isVisible().catch(() => false)) await restart.click();
    else await openFirst(page);
    // The toast itself says "backend 'tensorflow'": clear it, so only the cell's output can match below.
    await palette(page, 'Notifications: Clear All Notifications').catch(() => {});
    await page.waitForTimeout(1000);
    await palette(page, 'Notebook: Run All');
    await waitUntil("the cell's output to say 'tensorflow'", async () => {
      const state = (await cellStates(page))[0];
      if (state === 'error') throw new Error(`the cell failed: ${(await framesText(page)).slice(0, 300)}`);
      return state === 'success' && /'tensorflow'/.test(await framesText(page));
    }, 180_000, 250).catch(async (error) => { throw new Error(`${error.message}; the output shows ${(await framesText(page)).match(/'(wasm|cpu)'/)?.[0] ?? 'no backend'}`); });
    const kernel = kernelProcesses(server.pid).find((k) => fs.readFileSync(`/proc/${k.pid}/maps`, 'utf8').includes(binding));
    if (!kernel) throw new Error(`no kernel process has ${binding} loaded`);
    log(`  kernel ${kernel.pid} runs on tensorflow with ${path.relative(profile.userDataDir, binding)}`);
  });
  await palette(page, 'Notifications: Clear All Notifications').catch(() => {});
  await closeActiveEditorDiscarding(page);
}
