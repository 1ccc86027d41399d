// Builds the question page webview (src/webview/question/main.ts) into one browser script, dist/question.js
// (IIFE: the page loads it with <script nonce src>), with markdown-it and DOMPurify bundled.
//
//   node scripts/build-question-page.mjs [--outfile path] [--dev]
//
// Importing this file builds too, so scripts/build.mjs can `await import('./build-question-page.mjs')`
// (after it has cleared dist/). `buildQuestionPage()` is exported for callers that want another output file.
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildQuestionPage({ outfile = resolve(root, 'dist/question.js'), dev = false } = {}) {
  await build({
    absWorkingDir: root,
    entryPoints: [resolve(root, 'src/webview/question/main.ts')],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022', 'chrome120'],
    minify: !dev,
    sourcemap: dev ? 'inline' : false,
    legalComments: 'none',
    logLevel: 'warning',
    // Prefer ES module builds (markdown-it, DOMPurify ship both).
    mainFields: ['browser', 'module', 'main'],
    external: [],
  });
  return outfile;
}

const args = process.argv.slice(2);
const at = args.indexOf('--outfile');
const outfile = await buildQuestionPage({ outfile: at >= 0 ? resolve(args[at + 1]) : undefined, dev: args.includes('--dev') });
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`question page: ${relative(process.cwd(), outfile) || outfile} (${(statSync(outfile).size / 1024).toFixed(1)} KiB)`);
}
