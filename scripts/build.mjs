// Builds the bundles with esbuild. Type-checking is separate (`npm run typecheck`). The Node bundles' options are
// in scripts/nodeBundles.mjs.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleBuildOptions, NODE_BUNDLES } from './nodeBundles.mjs';

// --production: minified, no source maps (the VSIX; cell errors map through the kernel's own cell maps, and
// names are kept for stack frames). --outdir: somewhere else than dist/ (scripts/package.mjs builds the VSIX's
// bundles in its staging folder, leaving the development build alone).
const production = process.argv.includes('--production');
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt >= 0 ? resolve(process.argv[outdirAt + 1]) : 'dist';
rmSync(outdir, { recursive: true, force: true });

await Promise.all(NODE_BUNDLES.map((bundle) => build(bundleBuildOptions(bundle, { production, outdir }))));
// Browser bundles: the notebook output renderer and the question page (they read --outdir themselves).
await import('./build-renderer.mjs');
await import('./build-question-page.mjs');
// VS Code's snippet file (package.json contributes.snippets), generated from content/snippets (it reads --outdir too).
await import('./build-snippets.mjs');
