#!/usr/bin/env node
// `npm test`: from a fresh clone (no node_modules, empty caches) to every tier passed.
//   set-up  npm ci (node_modules missing or not what package-lock.json says), the native TF.js backend
//           (scripts/native-backend.mjs: the tensorflow-cpu wheel via pip, tfjs-node built against it), then
//           Chromium (apt-get as root, else an instruction), Node 24 and code-server, Node 20 and the oldest supported
//           code-server (scripts/vscode/setup.mjs --oldest);
//   tiers   typecheck, lint, build, unit, webview, kernel, examples, e2e, start — each its own `npm run` script, so a
//           developer can run one alone; stops at the first failing one.
// Prints each step's time and a summary. Everything downloaded goes under MLNB_CACHE_DIR (scripts/vscode/paths.mjs).
// Node built-ins only: this runs before `npm ci`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { whenParentGone } from './parentWatch.mjs';
import { dependencyProblem } from './vscode/build.mjs';
import { CACHE_ROOT, CHROMIUM, REPO, installEnv } from './vscode/paths.mjs';

const TIERS = [
  ['typecheck', 'typecheck'],
  ['lint', 'lint'],
  ['build', 'build'],
  ['unit', 'test:unit'],
  ['webview', 'test:webview'],
  ['kernel', 'test:kernel'],
  ['examples', 'test:examples'],
  ['e2e', 'test:e2e'],
  ['start', 'test:start'],
];

const t0 = Date.now();
const fmt = (ms) => (ms >= 60_000 ? `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s` : `${(ms / 1000).toFixed(1)}s`);
const done = []; // [name, ms, ok]

function banner(text) {
  console.log(`\n=== ${text} (${fmt(Date.now() - t0)} so far)`);
}

let current; // the running step's child process (leader of its own process group)
let stopping = false;

/**
 * Runs one step in its own process group, so a stop can take down everything under it (npm runs scripts in
 * `sh -c`, which does not pass signals on). Resolves with the exit code.
 */
function runStep(cmd, args, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: REPO, env, stdio: 'inherit', detached: true });
    current = child;
    child.on('error', (error) => { console.error(`[test] ${cmd}: ${error.message}`); resolve(127); });
    child.on('exit', (code, signal) => { current = undefined; resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15)); });
  });
}

async function step(name, cmd, args, env = process.env) {
  banner(name);
  const t = Date.now();
  const code = await runStep(cmd, args, env);
  if (stopping) return new Promise(() => {}); // stop() reports and exits
  const ms = Date.now() - t;
  done.push([name, ms, code === 0]);
  console.log(`=== ${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${fmt(ms)}`);
  if (code !== 0) finish(name);
}

function summary() {
  console.log('\nnpm test summary:');
  for (const [name, ms, ok] of done) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(40)} ${fmt(ms).padStart(8)}`);
  const setUp = done.filter(([name]) => name.startsWith('set-up')).reduce((ms, [, t]) => ms + t, 0);
  console.log(`  total ${fmt(Date.now() - t0)}: set-up ${fmt(setUp)}, tests ${fmt(Date.now() - t0 - setUp)} (caches: ${CACHE_ROOT})`);
}

function finish(failed) {
  summary();
  if (failed) console.log(`\nnpm test: FAILED at ${failed}`);
  else console.log(`\nnpm test: all ${TIERS.length} tiers passed`);
  process.exit(failed ? 1 : 0);
}

async function stop(why) {
  if (stopping) return;
  stopping = true;
  console.error(`\n[test] ${why}: stopping`);
  const child = current;
  if (child) {
    try { process.kill(-child.pid, 'SIGTERM'); } catch {}
    // The step's own handlers get a moment to stop what they started (code-server runs in a group of its own).
    const exited = new Promise((r) => child.once('exit', r));
    if (!(await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 15_000))]))) {
      try { process.kill(-child.pid, 'SIGKILL'); } catch {}
    }
  }
  summary();
  process.exit(130);
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void stop(sig));
whenParentGone(() => void stop('the process that started npm test is gone'), 1000).unref();

// The npm that runs us (under `npm test`), else the one on PATH.
const npmCli = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath) ? process.env.npm_execpath : undefined;
const npm = (args, env) => (npmCli ? [process.execPath, [npmCli, ...args], env] : ['npm', args, env]);

// ------------------------------------------------------------------------------------------------ set-up
console.log(`npm test: set-up, then ${TIERS.map(([n]) => n).join(', ')} (caches: ${CACHE_ROOT})`);
const problem = dependencyProblem();
if (problem) {
  console.log(`[test] ${problem}`);
  // installEnv: no inherited npm_* state, npm's cache under the cache root.
  await step('set-up: npm ci', ...npm(['ci', '--no-audit', '--no-fund'], installEnv()));
} else {
  console.log('[test] node_modules matches package-lock.json');
}
await step('set-up: native TF.js backend', process.execPath, ['scripts/native-backend.mjs', '--quiet'], installEnv());
// --oldest: also code-server 4.99 (the oldest VS Code engines.vscode admits), where the e2e tier runs the
// extension-host suite a second time.
await step('set-up: Chromium, Node 24 and 20, code-server 4.139 and 4.99', process.execPath, ['scripts/vscode/setup.mjs', '--oldest'], installEnv());

// ------------------------------------------------------------------------------------------------- tiers
const tierEnv = { ...process.env, MLNB_CACHE_DIR: CACHE_ROOT, CHROMIUM_PATH: CHROMIUM };
for (const [name, script] of TIERS) await step(name, ...npm(['run', script], tierEnv));
finish();
