// Writes VS Code's snippet file, <outdir>/mlnb.code-snippets (what package.json's contributes.snippets names), from
// content/snippets/*.json, the snippets' one source. A file that does not validate fails the build, naming file and
// field. Generated at build time, never checked in, so it cannot drift from its sources.
//
//   node scripts/build-snippets.mjs [--outdir dir]
//
// Importing this file builds too, so scripts/build.mjs can `await import('./build-snippets.mjs')`.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { root } from './webview-bundle.mjs';

export const SNIPPET_FILE = 'mlnb.code-snippets';

/** Validates content/snippets and writes `outdir`/mlnb.code-snippets; returns its path. */
export async function buildSnippetFile({ outdir = resolve(root, 'dist') } = {}) {
  // The validator and the writer are the extension's own TypeScript (src/core/snippets/catalog.ts), loaded with tsx.
  const { loadSnippetsFromDir, codeSnippetsFile } = await tsImport('./snippetSources.ts', import.meta.url);
  const text = codeSnippetsFile(loadSnippetsFromDir(join(root, 'content', 'snippets')));
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, SNIPPET_FILE);
  // Whole or not at all: a VS Code reading it mid-build never sees half a file.
  writeFileSync(`${file}.${process.pid}.tmp`, text);
  renameSync(`${file}.${process.pid}.tmp`, file);
  return file;
}

const args = process.argv.slice(2);
const file = await buildSnippetFile({ outdir: args.includes('--outdir') ? resolve(args[args.indexOf('--outdir') + 1]) : undefined });
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(`snippets: ${relative(process.cwd(), file)}`);
