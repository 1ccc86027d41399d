// Builds the notebook output renderer (src/webview/renderer/index.ts) into one browser ES module,
// dist/renderer.js, with uPlot and its css bundled (css loaded as text and injected at runtime).
// Usage: node scripts/build-renderer.mjs [--outfile path] [--dev]
// Also importable: `import { buildRenderer } from './build-renderer.mjs'` (returns the output path).
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildRenderer({ outfile = resolve(root, 'dist/renderer.js'), production = true } = {}) {
  await build({
    absWorkingDir: root,
    entryPoints: [resolve(root, 'src/webview/renderer/index.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome120'],
    minify: production,
    sourcemap: production ? false : 'inline',
    legalComments: 'none',
    logLevel: 'warning',
    loader: { '.css': 'text' },
    // VS Code loads the entrypoint with a dynamic import() inside the output webview: everything must be inlined.
    external: [],
  });
  return outfile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--outfile');
  const outfile = await buildRenderer({
    outfile: at >= 0 ? resolve(args[at + 1]) : undefined,
    production: !args.includes('--dev'),
  });
  console.log(`renderer: ${outfile} (${(statSync(outfile).size / 1024).toFixed(1)} KiB)`);
}
