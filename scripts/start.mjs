#!/usr/bin/env node
// `npm start`: the extension running in a real VS Code, with examples/ open.
//  - A desktop `code` CLI on PATH (and not CI, and MLNB_CODE_SERVER unset): `code --extensionDevelopmentPath=<repo> <repo>/examples`.
//  - Otherwise: code-server (VS Code in the browser) on 127.0.0.1:$MLNB_PORT (default: a free port), running the
//    extension straight from this repo (symlinked into the profile's extensions folder, so the workbench is exactly
//    what a user gets, notifications included). MLNB_DEV_HOST=1 loads it as a development extension through the
//    URL payload instead (needs code-server's smoke-test driver, which hides notification toasts).
//    Prints the URL to open; Ctrl+C stops code-server and all its processes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuilt } from './vscode/build.mjs';
import { CACHE, REPO } from './vscode/paths.mjs';
import { BASE_SETTINGS, freePort, linkExtension, makeProfile, startCodeServer, workbenchUrl } from './vscode/server.mjs';
import { ensureSetup } from './vscode/setup.mjs';

const examples = path.join(REPO, 'examples');
const ci = Boolean(process.env.CI) && process.env.CI !== 'false';

function desktopCode() {
  if (ci || process.env.MLNB_CODE_SERVER) return undefined;
  const r = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  const bin = r.status === 0 ? r.stdout.trim() : '';
  return bin && !bin.includes('code-server') ? bin : undefined;
}

/** The native TF.js backend, built offline from the tensorflow-cpu wheel; without it the kernel uses wasm. */
function ensureNativeBackend() {
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'native-backend.mjs'), '--quiet'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) console.log('[start] the native backend is not available; notebooks will run on wasm (see docs/native-backend.md)');
}

async function main() {
  const code = desktopCode();
  if (code) {
    ensureBuilt();
    ensureNativeBackend();
    console.log(`[start] ${code} --extensionDevelopmentPath=${REPO} ${examples}`);
    const r = spawnSync(code, [`--extensionDevelopmentPath=${REPO}`, examples], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }

  await ensureSetup();
  ensureBuilt();
  ensureNativeBackend();

  // A persistent profile under the cache: the settings below are (re)applied, anything else the user set stays.
  const profileDir = path.join(CACHE, 'start-profile');
  const settingsFile = path.join(profileDir, 'user-data', 'User', 'settings.json');
  let userSettings = {};
  try { userSettings = JSON.parse(fs.readFileSync(settingsFile, 'utf8')); } catch {}
  const profile = makeProfile(profileDir, { ...userSettings, ...BASE_SETTINGS });
  const devHost = Boolean(process.env.MLNB_DEV_HOST);
  if (!devHost) linkExtension(profile);

  const port = Number(process.env.MLNB_PORT) || (await freePort());
  const logFile = path.join(profileDir, 'code-server.log');
  fs.writeFileSync(logFile, '');
  const server = await startCodeServer({ port, profile, folder: examples, logFile, devHost });

  let stopping = false;
  const stop = async (why, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n[start] ${why}: stopping code-server (pid ${server.pid}) and its processes…`);
    const pids = await server.stop();
    console.log(`[start] stopped ${pids.length} process(es)`);
    process.exit(exitCode);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void stop(sig));
  server.exited.then((c) => void stop(`code-server exited (${c})`, 1));

  const url = workbenchUrl(server.origin, { folder: examples, devExtension: devHost ? REPO : undefined });
  console.log('');
  console.log('mlnb is running in VS Code (code-server). Open this URL in a browser:');
  console.log('');
  console.log(`  ${url}`);
  console.log('');
  console.log(`(log: ${logFile}; Ctrl+C to stop)`);
}

main().catch((error) => {
  console.error(`[start] ${error.message}`);
  process.exit(1);
});

// Keep the event loop alive until a signal arrives (code-server runs detached).
setInterval(() => {}, 1 << 30);
