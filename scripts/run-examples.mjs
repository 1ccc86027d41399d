// Runs every examples/*.mlnb through `mlnb run` into a temporary copy (the committed files stay as they
// are) and fails if any cell fails. Extra arguments go to `mlnb run`, e.g. --backend cpu.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const examples = readdirSync('examples').filter((f) => f.endsWith('.mlnb')).sort();
const outDir = mkdtempSync(path.join(os.tmpdir(), 'mlnb-examples-'));
let failed = 0;
for (const file of examples) {
  const started = Date.now();
  const result = spawnSync(process.execPath, ['bin/mlnb.js', 'run', path.join('examples', file), '--out', path.join(outDir, file), '--quiet', ...process.argv.slice(2)], { stdio: 'inherit' });
  const ok = result.status === 0;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${file} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
console.log(`examples: ${examples.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
