// Start/stop code-server (a real VS Code server + web workbench) for `npm start` and the e2e tests.
// The extension runs in one of three ways:
//  - "installed from the VSIX": `npm run package`'s VSIX installed with --install-extension (installVsix), exactly
//    what a user installs. The UI tests use it.
//  - "linked": the profile's extensions folder holds a symlink to the repo (linkExtension), so edits show after a
//    reload; the workbench is what a user gets, notifications included. Used by `npm start`.
//  - "development host": the workbench URL carries ?payload=[["extensionDevelopmentPath", ...]] (and
//    extensionTestsPath for the extension-host tests), which a built workbench only honours when code-server runs
//    with `--vscode-option enable-smoke-test-driver`. That option also turns off notification toasts (VS Code
//    hides them for its smoke tests), so it is only used where it is needed.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { LATEST, REPO, toolEnv } from './paths.mjs';

/** User settings shared by `npm start` and the tests: no telemetry, updates, gallery, AI or ATA traffic. */
export const BASE_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'extensions.gallery.serviceUrl': '',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'typescript.disableAutomaticTypeAcquisition': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'notebook.confirmDeleteRunningCell': false,
};

/** Extra settings for tests only: nothing opens by itself over the editor area. */
export const TEST_SETTINGS = {
  ...BASE_SETTINGS,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'files.hotExit': 'off',
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Lays out a code-server profile (user data, extensions, empty config file) with the given settings. */
export function makeProfile(dir, settings) {
  fs.mkdirSync(path.join(dir, 'user-data', 'User'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'extensions'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'user-data', 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const config = path.join(dir, 'config.yaml');
  if (!fs.existsSync(config)) fs.writeFileSync(config, '');
  return { dir, userDataDir: path.join(dir, 'user-data'), extensionsDir: path.join(dir, 'extensions'), config };
}

/**
 * "Installs" the repo into a profile as a symlink in its extensions folder, registered in extensions.json the way
 * VS Code itself records it; any older mlnb link is replaced. Returns the extension id.
 */
export function linkExtension(profile, repo = REPO) {
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  const id = `${pkg.publisher}.${pkg.name}`;
  const folder = `${id}-${pkg.version}`;
  const registry = path.join(profile.extensionsDir, 'extensions.json');
  let entries = [];
  try { entries = JSON.parse(fs.readFileSync(registry, 'utf8')); } catch {}
  entries = entries.filter((e) => e?.identifier?.id?.toLowerCase() !== id.toLowerCase());
  for (const name of fs.readdirSync(profile.extensionsDir)) {
    if (!name.toLowerCase().startsWith(`${id.toLowerCase()}-`)) continue;
    const old = path.join(profile.extensionsDir, name);
    if (fs.lstatSync(old).isSymbolicLink()) fs.unlinkSync(old); // never recurse into the repo
    else fs.rmSync(old, { recursive: true, force: true });
  }
  const link = path.join(profile.extensionsDir, folder);
  fs.symlinkSync(repo, link, 'dir');
  entries.push({ identifier: { id }, version: pkg.version, location: { $mid: 1, path: link, scheme: 'file' }, relativeLocation: folder });
  fs.writeFileSync(registry, JSON.stringify(entries));
  return id;
}

/**
 * Installs a VSIX into a profile the way a user does (`code-server --install-extension`), on the given
 * code-server install; resolves with what it printed. Throws with its output when it fails.
 */
export function installVsix(profile, vsix, { install = LATEST } = {}) {
  const args = ['--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--config', profile.config, '--install-extension', vsix];
  return new Promise((resolve, reject) => {
    execFile(install.codeServer, args, { env: toolEnv(process.env, install), timeout: 120_000 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim();
      if (error || !/was successfully installed/.test(output)) reject(new Error(`code-server --install-extension ${vsix} failed: ${error?.message ?? ''}\n${output}`));
      else resolve(output);
    });
  });
}

/** All descendants of a pid, from /proc (children before grandchildren). */
export function descendants(root) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try { stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8'); } catch { continue; }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(entry));
  }
  const out = [];
  const walk = (pid) => { for (const c of children.get(pid) ?? []) { out.push(c); walk(c); } };
  walk(root);
  return out;
}

/** The command line of a pid, or '' once it is gone. */
export function cmdline(pid) {
  try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim(); } catch { return ''; }
}

const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };

/**
 * TERM a process and every descendant (extension hosts, kernels, pty host, language servers), by pid, plus
 * the process group it leads (we start code-server detached, so its group is ours); KILL what is left after 5 s.
 */
export async function killTree(root, { graceMs = 5000 } = {}) {
  const pids = [root, ...descendants(root)];
  const signal = (sig) => {
    try { process.kill(-root, sig); } catch {}
    for (const pid of pids) { try { process.kill(pid, sig); } catch {} }
  };
  signal('SIGTERM');
  const end = Date.now() + graceMs;
  while (Date.now() < end && pids.some(alive)) await new Promise((r) => setTimeout(r, 100));
  // Anything spawned while we waited, still under a live pid, goes too.
  for (const pid of pids.filter(alive)) pids.push(...descendants(pid));
  signal('SIGKILL');
  return pids;
}

/**
 * Starts code-server on 127.0.0.1:port with the given profile; resolves once /healthz answers.
 * trust=false (default) passes --disable-workspace-trust; devHost=true enables the smoke-test driver so the
 * workbench URL's payload (extensionDevelopmentPath / extensionTestsPath) is honoured. install: which code-server
 * (paths.mjs LATEST, or OLDEST for the oldest VS Code engines.vscode admits).
 */
export async function startCodeServer({ port, profile, folder, trust = false, devHost = false, logFile, extraArgs = [], env = {}, install = LATEST }) {
  const args = [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
    ...(trust ? [] : ['--disable-workspace-trust']),
    '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--config', profile.config,
    '--ignore-last-opened', ...(install.reconnectionGrace === false ? [] : ['--reconnection-grace-time', '10']),
    ...(devHost ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...extraArgs,
    ...(folder ? [folder] : []),
  ];
  const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  const child = spawn(install.codeServer, args, { env: { ...toolEnv(process.env, install), ...env }, stdio: ['ignore', out, out], detached: true });
  if (logFile) fs.closeSync(out);
  let exited;
  const exitPromise = new Promise((r) => child.on('exit', (code, sig) => { exited = sig ?? code; r(exited); }));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`code-server exited (${exited}) before it answered${logFile ? `; see ${logFile}` : ''}`);
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await killTree(child.pid);
      throw new Error(`code-server did not answer on ${origin} within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  let stopping;
  return {
    origin,
    pid: child.pid,
    child,
    exited: exitPromise,
    stop: () => (stopping ??= killTree(child.pid)),
  };
}

/** vscode-remote URI of a server-side path: code-server uses the page's Host as the remote authority. */
export function remoteUri(origin, absPath) {
  return `vscode-remote://${new URL(origin).host}${absPath}`;
}

/** Workbench URL opening `folder` with the repo loaded as a development extension (and optionally tests). */
export function workbenchUrl(origin, { folder, devExtension, testsPath }) {
  const payload = [];
  if (devExtension) payload.push(['extensionDevelopmentPath', remoteUri(origin, devExtension)]);
  if (testsPath) payload.push(['extensionTestsPath', remoteUri(origin, testsPath)]);
  const q = [];
  if (folder) q.push(`folder=${encodeURIComponent(folder)}`);
  if (payload.length) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${origin}/${q.length ? `?${q.join('&')}` : ''}`;
}
