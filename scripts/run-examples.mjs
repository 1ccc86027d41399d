// Runs every examples/*.mlnb through `mlnb run` into a temporary copy (the committed files stay as they
// are) and fails if any cell fails, or if a run hint (`hint mlnb(<id>) …`) is printed that the example is not
// about: a false alarm teaches the wrong thing. Extra arguments go to `mlnb run`, e.g. --backend cpu.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const examples = readdirSync('examples').filter((f) => f.endsWith('.mlnb')).sort();
const outDir = mkdtempSync(path.join(os.tmpdir(), 'mlnb-examples-'));
/** The hints an example exists to show; every other example must train without one. */
const EXPECTED_HINTS = { 'overfitting.mlnb': ['overfitting'] };
let failed = 0;
let falseAlarms = 0;
for (const file of examples) {
  const started = Date.now();
  const result = spawnSync(process.execPath, ['bin/mlnb.js', 'run', path.join('examples', file), '--out', path.join(outDir, file), '--quiet', ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(result.stdout ?? '');
  const hints = [...(result.stdout ?? '').matchAll(/^hint mlnb\(([a-z-]+)\)/gm)].map((m) => m[1]);
  const expected = EXPECTED_HINTS[file] ?? [];
  const unexpected = hints.filter((id) => !expected.includes(id));
  const missing = expected.filter((id) => !hints.includes(id));
  falseAlarms += unexpected.length;
  const ok = result.status === 0 && unexpected.length === 0 && missing.length === 0;
  if (!ok) failed++;
  const why = [...unexpected.map((id) => `unexpected hint ${id}`), ...missing.map((id) => `no ${id} hint`)].join(', ');
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${file} (${((Date.now() - started) / 1000).toFixed(1)} s)${why ? ` — ${why}` : ''}`);
}
console.log(`examples: ${examples.length - failed} passed, ${failed} failed; ${falseAlarms} false alarm${falseAlarms === 1 ? '' : 's'}`);
process.exit(failed ? 1 : 0);
