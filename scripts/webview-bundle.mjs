// Shared by the browser-bundle scripts (build-renderer.mjs, build-question-page.mjs): one esbuild setup for
// webview code, and the `[--outfile path | --outdir dir] [--dev]` command line each of them accepts.
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles `entry` for a webview: everything inlined (webviews load nothing else), minified unless `dev`. */
export async function buildWebviewBundle({ entry, outfile, format, dev = false, options = {} }) {
  await build({
    absWorkingDir: root,
    entryPoints: [resolve(root, entry)],
    outfile,
    bundle: true,
    format,
    platform: 'browser',
    target: ['es2022', 'chrome120'],
    minify: !dev,
    sourcemap: dev ? 'inline' : false,
    legalComments: 'none',
    logLevel: 'warning',
    external: [],
    ...options,
  });
  return outfile;
}

/** Builds with the options from the command line; prints the size when the calling script was run directly. */
export async function buildFromCommandLine(scriptUrl, label, buildOne) {
  const args = process.argv.slice(2);
  const value = (flag) => (args.includes(flag) ? resolve(args[args.indexOf(flag) + 1]) : undefined);
  // --outdir: scripts/build.mjs puts every bundle elsewhere (scripts/package.mjs builds the VSIX's there).
  const outfile = await buildOne({ outfile: value('--outfile'), outdir: value('--outdir'), dev: args.includes('--dev') });
  if (scriptUrl === pathToFileURL(process.argv[1] ?? '').href) {
    console.log(`${label}: ${relative(process.cwd(), outfile) || outfile} (${(statSync(outfile).size / 1024).toFixed(1)} KiB)`);
  }
}
