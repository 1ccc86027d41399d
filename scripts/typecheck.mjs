// `npm run typecheck`: tsc on each part's tsconfig (src/<part>/tsconfig.json, the parts of scripts/parts.mjs) and
// on the tests' (tsconfig.json), two at a time; prints each one's errors and fails if any has one.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PARTS } from './parts.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const projects = [...PARTS.map((p) => `src/${p.name}/tsconfig.json`), 'tsconfig.json'];
const missing = projects.filter((p) => !existsSync(path.join(REPO, p)));
if (missing.length) {
  console.error(`typecheck: no ${missing.join(', ')} (every part of scripts/parts.mjs has its own tsconfig)`);
  process.exit(1);
}

function check(project) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', project], { cwd: REPO });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      console.log(`typecheck ${project}: ${code === 0 ? 'ok' : 'FAILED'}${out.trim() ? `\n${out.trimEnd()}` : ''}`);
      resolve(code === 0);
    });
  });
}

const queue = [...projects];
const results = [];
await Promise.all([0, 1].map(async () => {
  while (queue.length) results.push(await check(queue.shift()));
}));
process.exit(results.every(Boolean) ? 0 : 1);
