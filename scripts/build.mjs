// Builds the bundles with esbuild. Type-checking is separate (`npm run typecheck`).
// TF.js, its backends and esbuild stay external: they carry native or wasm files, and the kernel must
// share one TF.js instance with tfjs-node.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';

// --production: minified, no source maps (the VSIX; cell errors map through the kernel's own cell maps, and
// names are kept for stack frames). --outdir: somewhere else than dist/ (scripts/package.mjs builds the VSIX's
// bundles in its staging folder, leaving the development build alone).
const production = process.argv.includes('--production');
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt >= 0 ? resolve(process.argv[outdirAt + 1]) : 'dist';
rmSync(outdir, { recursive: true, force: true });

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  keepNames: production,
  logLevel: 'warning',
  external: ['vscode', '@tensorflow/*', 'esbuild'],
  // Prefer ES module builds: some packages (jsonc-parser) ship a UMD main that esbuild cannot follow.
  mainFields: ['module', 'main'],
};

await Promise.all([
  build({ ...node, entryPoints: { kernel: 'src/kernel/main.ts' }, outdir }),
  // The CLI's type check (`mlnb check`) loads TypeScript from node_modules too: bundled, it would not find its lib.*.d.ts.
  build({ ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir, external: [...node.external, 'typescript'] }),
  // TypeScript (the concept-hint parser) stays a runtime dependency, required on first use: bundling it
  // would make the extension 15× larger and slow to load.
  build({ ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir, external: [...node.external, 'typescript'] }),
  // The language worker loads TypeScript from node_modules the same way (it is a module of 9 MB).
  build({ ...node, entryPoints: { languageWorker: 'src/languageWorker/main.ts' }, outdir, external: [...node.external, 'typescript'] }),
]);
// Browser bundles: the notebook output renderer and the question page (they read --outdir themselves).
await import('./build-renderer.mjs');
await import('./build-question-page.mjs');
