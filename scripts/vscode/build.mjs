// `npm ci` when node_modules is missing, and `node scripts/build.mjs` when dist/ is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './paths.mjs';

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

export function ensureDependencies() {
  if (fs.existsSync(path.join(REPO, 'node_modules', '.package-lock.json'))) return;
  console.log('[build] node_modules missing: npm ci');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm ci failed');
}

export function distIsStale() {
  const outputs = ['extension.js', 'kernel.js', 'cli.js', 'languageWorker.js', 'renderer.js', 'question.js'].map((f) => path.join(REPO, 'dist', f));
  const sources = Math.max(
    newest(path.join(REPO, 'src')),
    ...['build.mjs', 'build-renderer.mjs', 'build-question-page.mjs', 'webview-bundle.mjs'].map((f) => newest(path.join(REPO, 'scripts', f))),
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
