// `npm ci` when node_modules is missing or differs from package-lock.json, and `node scripts/build.mjs` when dist/
// is missing or older than its sources. Node built-ins only: this runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, installEnv } from './paths.mjs';

function newest(p) {
  let st;
  try { st = fs.statSync(p); } catch { return 0; }
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of fs.readdirSync(p)) m = Math.max(m, newest(path.join(p, e)));
  return m;
}

function oldest(files) {
  let m = Infinity;
  for (const f of files) {
    try { m = Math.min(m, fs.statSync(f).mtimeMs); } catch { return 0; }
  }
  return m;
}

/**
 * Why node_modules does not match package-lock.json (undefined when it does): a locked package that is missing
 * or at another version. Optional packages may be missing (another platform's binaries, or tfjs-node, whose
 * download fails offline until scripts/native-backend.mjs builds it); extra packages are fine.
 */
export function dependencyProblem(repo = REPO) {
  let lock;
  try { lock = JSON.parse(fs.readFileSync(path.join(repo, 'package-lock.json'), 'utf8')); } catch (error) {
    return `package-lock.json is unreadable (${error.message})`;
  }
  if (!fs.existsSync(path.join(repo, 'node_modules'))) return 'node_modules is missing';
  for (const [where, entry] of Object.entries(lock.packages ?? {})) {
    if (!where.startsWith('node_modules/') || entry.link) continue;
    let version;
    try { version = JSON.parse(fs.readFileSync(path.join(repo, where, 'package.json'), 'utf8')).version; } catch {}
    if (version === undefined) {
      if (entry.optional) continue;
      return `${where} is missing`;
    }
    if (entry.version && version !== entry.version) return `${where} is ${version}, package-lock.json has ${entry.version}`;
  }
  return undefined;
}

/** `npm ci` if node_modules does not match package-lock.json. Returns whether it ran. */
export function ensureDependencies({ log = (m) => console.log(`[build] ${m}`) } = {}) {
  const problem = dependencyProblem();
  if (!problem) return false;
  log(`${problem}: npm ci`);
  // No inherited npm_* state: under `npm test`/`npm start` it would describe the parent npm, not this one.
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: REPO, stdio: 'inherit', env: installEnv() });
  if (r.status !== 0) throw new Error(`npm ci failed (${r.signal ?? `exit ${r.status}`})`);
  return true;
}

export function distIsStale() {
  const outputs = ['extension.js', 'kernel.js', 'cli.js', 'languageWorker.js', 'renderer.js', 'question.js', 'mlnb.code-snippets'].map((f) => path.join(REPO, 'dist', f));
  const sources = Math.max(
    newest(path.join(REPO, 'src')),
    newest(path.join(REPO, 'content', 'snippets')),
    ...['build.mjs', 'build-renderer.mjs', 'build-question-page.mjs', 'webview-bundle.mjs', 'build-snippets.mjs', 'snippetSources.ts'].map((f) => newest(path.join(REPO, 'scripts', f))),
  );
  return oldest(outputs) < sources;
}

/** Builds dist/ if needed (always with force=true). */
export function ensureBuilt({ force = false } = {}) {
  ensureDependencies();
  if (!force && !distIsStale()) return console.log('[build] dist/ is up to date');
  const t = Date.now();
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('node scripts/build.mjs failed');
  console.log(`[build] built dist/ in ${((Date.now() - t) / 1000).toFixed(1)}s`);
}
