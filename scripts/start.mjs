#!/usr/bin/env node
// `npm start`: the extension running in a real VS Code, with a scratch copy of examples/ open.
//  - A desktop `code` CLI on PATH (and not CI, and MLNB_CODE_SERVER unset): `code --extensionDevelopmentPath=<repo> <workspace>`.
//  - Otherwise: code-server (VS Code in the browser) on 127.0.0.1:$MLNB_PORT (default: a free port), running the
//    extension straight from this repo (symlinked into the profile's extensions folder, so the workbench is exactly
//    what a user gets, notifications included). MLNB_DEV_HOST=1 loads it as a development extension through the
//    URL payload instead (needs code-server's smoke-test driver, which hides notification toasts).
//    Prints the URL to open; Ctrl+C (or SIGTERM/SIGHUP, or the end of the process that started it, e.g. npm)
//    stops code-server and all its processes.
// The workspace is never the repo's own examples/ (VS Code saves notebooks with their outputs, which would change
// tracked files) but $MLNB_START_DIR/workspace (default $MLNB_CACHE_DIR/vscode/start/workspace): see syncWorkspace.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuilt } from './vscode/build.mjs';
import { whenParentGone } from './parentWatch.mjs';
import { CACHE, REPO } from './vscode/paths.mjs';
import { BASE_SETTINGS, freePort, linkExtension, makeProfile, startCodeServer, workbenchUrl } from './vscode/server.mjs';
import { ensureSetup } from './vscode/setup.mjs';

const examples = path.join(REPO, 'examples');
const startDir = path.resolve(process.env.MLNB_START_DIR || path.join(CACHE, 'start'));
const workspace = path.join(startDir, 'workspace');
const ci = Boolean(process.env.CI) && process.env.CI !== 'false';
const log = (msg) => console.log(`[start] ${msg}`);

function desktopCode() {
  if (ci || process.env.MLNB_CODE_SERVER) return undefined;
  const r = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  const bin = r.status === 0 ? r.stdout.trim() : '';
  return bin && !bin.includes('code-server') ? bin : undefined;
}

/** The native TF.js backend, built offline from the tensorflow-cpu wheel; without it the kernel uses wasm. */
function ensureNativeBackend() {
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'native-backend.mjs'), '--quiet'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) log('the native backend is not available; notebooks will run on wasm (see docs/native-backend.md)');
}

const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function filesUnder(dir, rel = '') {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(dir, path.join(rel, e.name)) : e.isFile() ? [path.join(rel, e.name)] : []);
}

/**
 * Brings the scratch workspace up to date with examples/ without clobbering the user's work. A manifest remembers
 * the repo version each file was copied from: a missing file is copied; a copy nobody changed follows the repo; a
 * copy that was edited (running a notebook saves its outputs, which counts) is kept, with a note when the repo's
 * version moved on. Files the user added are left alone.
 */
function syncWorkspace(src, dest, manifestFile) {
  let manifest = {};
  try { manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')); } catch {}
  const notes = [];
  for (const rel of filesUnder(src)) {
    const from = path.join(src, rel);
    const to = path.join(dest, rel);
    const repoHash = sha256(from);
    const copyHash = fs.existsSync(to) ? sha256(to) : undefined;
    if (copyHash === undefined || (copyHash !== repoHash && copyHash === manifest[rel])) {
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
      manifest[rel] = repoHash;
    } else if (copyHash === repoHash) {
      manifest[rel] = repoHash;
    } else if (manifest[rel] !== repoHash) {
      notes.push(`examples/${rel} changed in the repo; your edited copy is kept (delete ${to} to get the new one)`);
    }
  }
  fs.mkdirSync(path.dirname(manifestFile), { recursive: true });
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return notes;
}

let server;
let starting; // code-server is spawned but not answering yet
let stopping = false;
async function stop(why, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  if (!server && starting) {
    log(`${why}: stopping code-server once it is up`);
    server = await starting.catch(() => undefined);
  }
  if (!server) {
    log(`${why}: exiting`);
    process.exit(exitCode);
  }
  console.log(`\n[start] ${why}: stopping code-server (pid ${server.pid}) and its processes…`);
  const pids = await server.stop();
  log(`stopped ${pids.length} process(es)`);
  process.exit(exitCode);
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void stop(sig, 128 + { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[sig]));
whenParentGone((parent) => void stop(`the process that started npm start (pid ${parent}) is gone`), 500);

async function main() {
  const code = desktopCode();
  if (!code) await ensureSetup({ browser: false }); // the user brings the browser
  ensureBuilt();
  ensureNativeBackend();
  for (const note of syncWorkspace(examples, workspace, path.join(startDir, 'workspace-manifest.json'))) log(note);
  log(`workspace: ${workspace} (a copy of examples/; the repo's files stay as they are)`);

  if (code) {
    log(`${code} --extensionDevelopmentPath=${REPO} ${workspace}`);
    const r = spawnSync(code, [`--extensionDevelopmentPath=${REPO}`, workspace], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }

  // A persistent profile: the settings below are (re)applied, anything else the user set stays.
  const profileDir = path.join(startDir, 'profile');
  const oldProfileDir = path.join(CACHE, 'start-profile'); // where it was before the scratch workspace
  if (!process.env.MLNB_START_DIR && fs.existsSync(oldProfileDir) && !fs.existsSync(profileDir)) fs.renameSync(oldProfileDir, profileDir);
  const settingsFile = path.join(profileDir, 'user-data', 'User', 'settings.json');
  let userSettings = {};
  try { userSettings = JSON.parse(fs.readFileSync(settingsFile, 'utf8')); } catch {}
  const profile = makeProfile(profileDir, { ...userSettings, ...BASE_SETTINGS });
  const devHost = Boolean(process.env.MLNB_DEV_HOST);
  if (!devHost) linkExtension(profile);

  const port = Number(process.env.MLNB_PORT) || (await freePort());
  const logFile = path.join(profileDir, 'code-server.log');
  fs.writeFileSync(logFile, '');
  starting = startCodeServer({ port, profile, folder: workspace, logFile, devHost });
  server = await starting;
  if (stopping) return; // a signal came while it started: stop() is taking it down
  server.exited.then((c) => void stop(`code-server exited (${c})`, 1));

  const url = workbenchUrl(server.origin, { folder: workspace, devExtension: devHost ? REPO : undefined });
  console.log('');
  console.log('mlnb is running in VS Code (code-server). Open this URL in a browser:');
  console.log('');
  console.log(`  ${url}`);
  console.log('');
  console.log(`(log: ${logFile}; Ctrl+C to stop)`);
}

main().catch((error) => {
  console.error(`[start] ${error.message}`);
  if (server) void stop('failed', 1);
  else process.exit(1);
});
