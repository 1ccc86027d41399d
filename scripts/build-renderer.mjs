// Builds the notebook output renderer (src/webview/renderer/index.ts) into one browser ES module,
// dist/renderer.js, with uPlot and its css bundled (css loaded as text and injected at runtime).
//
//   node scripts/build-renderer.mjs [--outfile path] [--dev]
//
// Importing this file builds too: scripts/build.mjs does `await import('./build-renderer.mjs')`.
// `buildRenderer()` is exported for callers that want another output file.
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildRenderer({ outfile = resolve(root, 'dist/renderer.js'), dev = false } = {}) {
  await build({
    absWorkingDir: root,
    entryPoints: [resolve(root, 'src/webview/renderer/index.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome120'],
    minify: !dev,
    sourcemap: dev ? 'inline' : false,
    legalComments: 'none',
    logLevel: 'warning',
    loader: { '.css': 'text' },
    // VS Code import()s the entrypoint inside the output webview: everything is inlined, nothing external.
    external: [],
  });
  return outfile;
}

const args = process.argv.slice(2);
const at = args.indexOf('--outfile');
const outfile = await buildRenderer({ outfile: at >= 0 ? resolve(args[at + 1]) : undefined, dev: args.includes('--dev') });
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`renderer: ${relative(process.cwd(), outfile) || outfile} (${(statSync(outfile).size / 1024).toFixed(1)} KiB)`);
}
