// Builds the notebook output renderer (src/webview/renderer/index.ts) into one browser ES module,
// dist/renderer.js, with uPlot and its css bundled (css loaded as text and injected at runtime).
//
//   node scripts/build-renderer.mjs [--outfile path | --outdir dir] [--dev]
//
// Importing this file builds too: scripts/build.mjs does `await import('./build-renderer.mjs')`.
import { resolve } from 'node:path';
import { buildFromCommandLine, buildWebviewBundle, root } from './webview-bundle.mjs';

export function buildRenderer({ outdir = resolve(root, 'dist'), outfile = resolve(outdir, 'renderer.js'), dev = false } = {}) {
  // VS Code import()s the entrypoint inside the output webview: an ES module.
  return buildWebviewBundle({ entry: 'src/webview/renderer/index.ts', outfile, format: 'esm', dev, options: { loader: { '.css': 'text' } } });
}

await buildFromCommandLine(import.meta.url, 'renderer', buildRenderer);
