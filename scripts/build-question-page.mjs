// Builds the question page webview (src/webview/question/main.ts) into one browser script, dist/question.js
// (IIFE: the page loads it with <script nonce src>), with markdown-it and DOMPurify bundled.
//
//   node scripts/build-question-page.mjs [--outfile path | --outdir dir] [--dev]
//
// Importing this file builds too, so scripts/build.mjs can `await import('./build-question-page.mjs')`.
import { resolve } from 'node:path';
import { buildFromCommandLine, buildWebviewBundle, root } from './webview-bundle.mjs';

export function buildQuestionPage({ outdir = resolve(root, 'dist'), outfile = resolve(outdir, 'question.js'), dev = false } = {}) {
  // Prefer ES module builds (markdown-it, DOMPurify ship both).
  return buildWebviewBundle({ entry: 'src/webview/question/main.ts', outfile, format: 'iife', dev, options: { mainFields: ['browser', 'module', 'main'] } });
}

await buildFromCommandLine(import.meta.url, 'question page', buildQuestionPage);
