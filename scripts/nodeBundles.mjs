// The Node bundles scripts/build.mjs makes, as esbuild options: one place, so test/unit/boundaries.test.ts builds a
// fixture with exactly the kernel's options. Only the extension leaves 'vscode' external: in the kernel, the CLI or
// the language worker an import of it fails the build (scripts/parts.mjs says who may import it).
// TF.js, its backends and esbuild stay external everywhere: they carry native or wasm files, and the kernel must
// share one TF.js instance with tfjs-node.

/**
 * esbuild options shared by every Node bundle.
 * @returns {import('esbuild').BuildOptions & { external: string[] }}
 */
export function nodeBundleOptions({ production = false } = {}) {
  return {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: !production,
    minify: production,
    keepNames: production,
    logLevel: 'warning',
    external: ['@tensorflow/*', 'esbuild'],
    // Prefer ES module builds: some packages (jsonc-parser) ship a UMD main that esbuild cannot follow.
    mainFields: ['module', 'main'],
  };
}

/**
 * Each Node bundle: its output name, entry point, and what it leaves external besides nodeBundleOptions'.
 * @type {{ name: string, entry: string, external: string[] }[]}
 */
export const NODE_BUNDLES = [
  { name: 'kernel', entry: 'src/kernel/main.ts', external: [] },
  // The CLI's type check (`mlnb check`) loads TypeScript from node_modules too: bundled, it would not find its lib.*.d.ts.
  { name: 'cli', entry: 'src/cli/main.ts', external: ['typescript'] },
  // TypeScript (the concept-hint parser) stays a runtime dependency, required on first use: bundling it would make
  // the extension 15× larger and slow to load. 'vscode' is the extension host's own module.
  { name: 'extension', entry: 'src/extension/extension.ts', external: ['vscode', 'typescript'] },
  // The language worker loads TypeScript from node_modules the same way (it is a module of 9 MB).
  { name: 'languageWorker', entry: 'src/languageWorker/main.ts', external: ['typescript'] },
];

/**
 * The esbuild options for one of NODE_BUNDLES.
 * @param {{ name: string, entry: string, external: string[] }} bundle
 * @param {{ production?: boolean, outdir?: string }} [options]
 * @returns {import('esbuild').BuildOptions & { external: string[] }}
 */
export function bundleBuildOptions(bundle, { production = false, outdir = 'dist' } = {}) {
  const base = nodeBundleOptions({ production });
  return { ...base, entryPoints: { [bundle.name]: bundle.entry }, outdir, external: [...base.external, ...bundle.external] };
}
