// Builds the bundles with esbuild. Type-checking is separate (`npm run typecheck`).
// TF.js, its backends and esbuild stay external: they carry native or wasm files, and the kernel must
// share one TF.js instance with tfjs-node.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const production = process.argv.includes('--production');
rmSync('dist', { recursive: true, force: true });

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode', '@tensorflow/*', 'esbuild'],
  // Prefer ES module builds: some packages (jsonc-parser) ship a UMD main that esbuild cannot follow.
  mainFields: ['module', 'main'],
};

await Promise.all([
  build({ ...node, entryPoints: { kernel: 'src/kernel/main.ts' }, outdir: 'dist' }),
  // The CLI's type check (`mlnb check`) loads TypeScript from node_modules too: bundled, it would not find its lib.*.d.ts.
  build({ ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', external: [...node.external, 'typescript'] }),
  // TypeScript (the concept-hint parser) stays a runtime dependency, required on first use: bundling it
  // would make the extension 15× larger and slow to load.
  build({ ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', external: [...node.external, 'typescript'] }),
  // The language worker loads TypeScript from node_modules the same way (it is a module of 9 MB).
  build({ ...node, entryPoints: { languageWorker: 'src/languageWorker/main.ts' }, outdir: 'dist', external: [...node.external, 'typescript'] }),
]);
// Browser bundles: the notebook output renderer and the question page.
await import('./build-renderer.mjs');
await import('./build-question-page.mjs');
