#!/usr/bin/env node
// `npm run package`: the VSIX a user installs (VS Code: Extensions ▸ … ▸ Install from VSIX, or
// `code --install-extension`). Built in a staging folder, so what ships is exactly what is listed here:
//   1. production bundles (scripts/build.mjs --production --outdir <stage>/dist): minified, no source maps;
//   2. the files the extension reads at run time (FILES below) and a package.json without scripts or
//      development dependencies;
//   3. node_modules: only the packages the bundles leave external (RUNTIME_PACKAGES) and what they load,
//      each trimmed to the files Node or TypeScript reads (see keepFile); nothing the bundles already contain;
//   4. `vsce package --no-dependencies --target <this platform>` (esbuild's binary makes the VSIX
//      platform-specific), then checks of the result: size under MAX_BYTES, allowlisted paths only,
//      every module a bundle requires present.
// The native TF.js backend is not shipped (its TensorFlow library is ~850 MB): `mlnb: Build the Native TF.js
// Backend` builds it after install into the extension's global storage (scripts/native-backend.mjs --prefix).
//
//   npm run package                  # out/vsix/mlnb-<version>-<target>.vsix, and its listing next to it
//   npm run package -- --out f.vsix
// Prints the size, the file count and the bytes per top-level folder (the listing has every file, as `vsce ls`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The size the VSIX must stay under (issue 13: what a user downloads). */
export const MAX_BYTES = 60 * 1024 * 1024;
/** Left external by scripts/build.mjs and loaded at run time by the kernel, the extension or the language worker. */
export const RUNTIME_PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'esbuild', 'typescript', '@types/node'];
/**
 * Dependencies of those packages that nothing loads at run time: the command-line tools of @tensorflow/tfjs
 * (argparse, chalk, yargs and their polyfills), and tfjs-node, which the native-backend command builds after install.
 */
const NOT_AT_RUNTIME = new Set(['core-js', 'regenerator-runtime', 'argparse', 'chalk', 'yargs', '@tensorflow/tfjs-node']);
/** Files and folders of the repo that ship, as they are (README.md and CHANGELOG.md come from docs/marketplace). */
const FILES = [
  'LICENSE', 'CHANGELOG.md', 'media', 'syntaxes', 'examples', 'questions', 'content/practice', 'content/concepts', 'content/snippets',
  'scripts/native-backend.mjs', 'docs/native-backend.md',
  // The graph addon's sources: the native-backend command builds them after install, next to tfjs-node.
  'native/graph/binding.gyp', 'native/graph/graph.cc',
];
const MARKETPLACE_README = 'docs/marketplace/README.md';
/** What may appear in the VSIX (vsce adds extension.vsixmanifest and [Content_Types].xml). */
const ALLOWED = [
  /^extension\.vsixmanifest$/, /^\[Content_Types\]\.xml$/,
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE(\.txt)?)$/i,
  /^extension\/dist\/(extension|kernel|languageWorker|renderer|question)\.js$/, /^extension\/dist\/mlnb\.code-snippets$/,
  /^extension\/(media|syntaxes)\/[^]+$/,
  /^extension\/examples\/[^/]+\.mlnb$/,
  /^extension\/questions\/[^/]+\.json$/,
  /^extension\/content\/practice\/[^/]+\/[^/]+\.mlnb$/,
  /^extension\/content\/(concepts|concepts\/findings|snippets)\/[^/]+\.json$/,
  /^extension\/scripts\/native-backend\.mjs$/, /^extension\/docs\/native-backend\.md$/,
  /^extension\/native\/graph\/(binding\.gyp|graph\.cc)$/,
  /^extension\/node_modules\/[^]+$/,
];
/** Never shipped anywhere: sources, tests, source maps. */
const FORBIDDEN = [/^extension\/(src|test|bench|\.ci)\//, /\.map$/, /(?<!\.d)\.ts$/, /(^|\/)test\//];

const log = (msg) => console.log(`[package] ${msg}`);
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Node's lookup of `name` from the package folder `fromDir`: its node_modules, then its parents'. */
function resolvePackageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', ...name.split('/'));
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === REPO || dir === path.dirname(dir)) return undefined;
  }
}

/** The run-time closure of RUNTIME_PACKAGES: package folder → its package.json. */
export function runtimeClosure() {
  const found = new Map();
  const visit = (name, fromDir, required) => {
    if (NOT_AT_RUNTIME.has(name)) return;
    const dir = resolvePackageDir(name, fromDir);
    if (!dir) {
      if (required) throw new Error(`${name} is not installed (needed from ${path.relative(REPO, fromDir) || 'the repo'}): run npm ci`);
      return; // an optional dependency for another platform
    }
    if (found.has(dir)) return;
    const pkg = readJson(path.join(dir, 'package.json'));
    found.set(dir, pkg);
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, true);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(pkg.peerDependencies ?? {})) visit(dep, dir, false);
  };
  for (const name of RUNTIME_PACKAGES) visit(name, REPO, true);
  return found;
}

/**
 * Whether a file of a runtime package ships. TF.js packages: their Node entry (`main`), their type declarations
 * (the notebook language service reads them) and the wasm binaries; TypeScript: its one library module and the
 * lib.*.d.ts files; esbuild: its JS API (the binary comes from @esbuild/<platform>); everything else: all but
 * docs, maps, TypeScript sources and tests.
 */
function keepFile(pkg, rel) {
  const base = path.basename(rel);
  if (base === 'package.json' || /^(LICEN[CS]E|NOTICE|ThirdPartyNoticeText)/i.test(base)) return true;
  if (/\.(map|md|markdown|html|tsbuildinfo)$/i.test(base) || /(^|\/)(test|tests|__tests__|docs?|example|examples)\//.test(rel)) return false;
  if (/_test\.(js|d\.ts)$/.test(base)) return false;
  if (pkg.name.startsWith('@tensorflow/')) {
    if (rel === path.normalize(pkg.main)) return true;
    if (rel.includes('miniprogram') || rel.startsWith('src/')) return false;
    return rel.endsWith('.d.ts') || /^dist\/[^/]+\.wasm$/.test(rel);
  }
  if (pkg.name === 'typescript') return rel === 'lib/typescript.js' || /^lib\/lib\.[^/]+\.d\.ts$/.test(rel);
  if (pkg.name === 'esbuild') return rel.startsWith('lib/') && rel.endsWith('.js');
  return !(rel.endsWith('.ts') && !rel.endsWith('.d.ts'));
}

function copyTree(from, to, filter = () => true, root = from) {
  let bytes = 0;
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const rel = path.relative(root, src);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue; // nested packages are copied as packages of their own
      bytes += copyTree(src, path.join(to, entry.name), filter, root);
    } else if (entry.isFile() && filter(rel)) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(src, path.join(to, entry.name));
      bytes += fs.statSync(src).size;
    }
  }
  return bytes;
}

/** The package.json that ships: no scripts (nothing to run on install), no dev or optional dependencies. */
function shippedManifest() {
  const pkg = readJson(path.join(REPO, 'package.json'));
  delete pkg.scripts;
  delete pkg.devDependencies;
  delete pkg.optionalDependencies;
  delete pkg.bin;
  pkg.dependencies = Object.fromEntries(RUNTIME_PACKAGES.map((name) => [name, pkg.dependencies[name]]));
  for (const [name, spec] of Object.entries(pkg.dependencies)) if (!spec) throw new Error(`${name} is not in package.json's dependencies`);
  return pkg;
}

/** Entries of a zip file (name, sizes, where its data is), from its central directory. */
export function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: broken central directory`);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    entries.push({
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
      method: buf.readUInt16LE(at + 10),
      compressed: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      offset: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** One entry's bytes (a bundle) without unpacking the rest: found through the central directory. */
export function zipRead(file, name) {
  const buf = fs.readFileSync(file);
  const entry = zipEntries(file).find((e) => e.name === name);
  if (!entry) throw new Error(`${name} is not in ${file}`);
  const at = entry.offset;
  if (buf.readUInt32LE(at) !== 0x04034b50) throw new Error(`${file}: no local header for ${name}`);
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const data = buf.subarray(start, start + entry.compressed);
  return entry.method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data);
}

/**
 * What is wrong with a VSIX (empty when nothing): over MAX_BYTES, a path outside the allowlist or on the
 * forbidden list, a package the bundles contain shipped anyway, a module a bundle requires missing.
 */
export function vsixProblems(file) {
  const problems = [];
  const size = fs.statSync(file).size;
  if (size >= MAX_BYTES) problems.push(`${mb(size)} is not under ${mb(MAX_BYTES)}`);
  const entries = zipEntries(file);
  const names = new Set(entries.map((e) => e.name));
  for (const { name } of entries) {
    if (!ALLOWED.some((re) => re.test(name))) problems.push(`not allowlisted: ${name}`);
    else if (FORBIDDEN.some((re) => re.test(name)) && !name.startsWith('extension/node_modules/')) problems.push(`a source or test file: ${name}`);
    else if (name.startsWith('extension/node_modules/') && /\.map$/.test(name)) problems.push(`a source map: ${name}`);
  }
  const shippedPackages = new Set(entries.map((e) => /^extension\/node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(e.name)?.[1]).filter(Boolean));
  const devDeps = Object.keys(readJson(path.join(REPO, 'package.json')).devDependencies ?? {});
  const bundled = Object.keys(readJson(path.join(REPO, 'package.json')).dependencies ?? {}).filter((d) => !RUNTIME_PACKAGES.includes(d));
  for (const name of [...devDeps, ...bundled]) if (shippedPackages.has(name) && !RUNTIME_PACKAGES.includes(name)) problems.push(`ships ${name}, which the bundles contain or only development uses`);
  // Every bare module a Node bundle requires must be in node_modules (or be Node's or VS Code's own).
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'vscode']);
  for (const bundle of ['extension', 'kernel', 'languageWorker']) {
    const code = zipRead(file, `extension/dist/${bundle}.js`).toString('utf8');
    for (const [, spec] of code.matchAll(/\brequire\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
      if (builtins.has(spec) || builtins.has(spec.split('/')[0])) continue;
      const pkgName = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (NOT_AT_RUNTIME.has(pkgName)) continue; // tfjs-node: from global storage once built, else the fallback
      if (!names.has(`extension/node_modules/${pkgName}/package.json`)) problems.push(`dist/${bundle}.js requires ${spec}, which is not shipped`);
    }
  }
  return problems;
}

/** `vsce ls`-style listing plus the bytes per top-level folder. */
export function describeVsix(file) {
  const entries = zipEntries(file);
  const groups = new Map();
  for (const { name, size } of entries) {
    const parts = name.replace(/^extension\//, '').split('/');
    const key = parts[0] === 'node_modules' ? `node_modules/${parts[1].startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1]}` : parts.length > 1 ? `${parts[0]}/` : parts[0];
    const g = groups.get(key) ?? { files: 0, bytes: 0 };
    g.files += 1;
    g.bytes += size;
    groups.set(key, g);
  }
  const unpacked = entries.reduce((n, e) => n + e.size, 0);
  return { bytes: fs.statSync(file).size, files: entries.length, unpacked, groups: [...groups.entries()].sort((a, b) => b[1].bytes - a[1].bytes), entries };
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.signal ?? `exit ${r.status}`})`);
  return r;
}

/** Packs the VSIX; `out` and `stage` elsewhere than out/vsix let runs side by side (the e2e tier) not collide. */
export function packageVsix({ out, stage: stageDir } = {}) {
  const t = Date.now();
  const pkg = readJson(path.join(REPO, 'package.json'));
  const target = `${process.platform}-${process.arch}`;
  const outFile = path.resolve(out ?? path.join(REPO, 'out', 'vsix', `${pkg.name}-${pkg.version}-${target}.vsix`));
  const stage = path.resolve(stageDir ?? path.join(REPO, 'out', 'vsix', 'stage'));
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });

  run(process.execPath, [path.join(REPO, 'scripts', 'build.mjs'), '--production', '--outdir', path.join(stage, 'dist')], { cwd: REPO });
  for (const f of ['cli.js']) fs.rmSync(path.join(stage, 'dist', f), { force: true }); // the CLI is `npx mlnb`, not the extension
  log(`built production bundles in ${((Date.now() - t) / 1000).toFixed(1)}s`);

  for (const f of FILES) {
    const from = path.join(REPO, f);
    if (!fs.existsSync(from)) throw new Error(`${f} is missing`);
    if (fs.statSync(from).isDirectory()) copyTree(from, path.join(stage, f));
    else {
      fs.mkdirSync(path.dirname(path.join(stage, f)), { recursive: true });
      fs.copyFileSync(from, path.join(stage, f));
    }
  }
  // Only the question bank's data: its README, CORRECTIONS and seed map are for editors of the bank.
  for (const f of fs.readdirSync(path.join(stage, 'questions'))) if (!f.endsWith('.json') || f === 'seed-map.json') fs.rmSync(path.join(stage, 'questions', f));
  // The practice exercises' notebooks, without their contributors' README and the coverage list the tests read.
  for (const f of ['README.md', 'coverage.json']) fs.rmSync(path.join(stage, 'content', 'practice', f), { force: true });
  fs.copyFileSync(path.join(REPO, MARKETPLACE_README), path.join(stage, 'README.md'));
  // Its images are files of the package (VS Code shows the README from the installed folder).
  const readme = fs.readFileSync(path.join(stage, 'README.md'), 'utf8');
  const broken = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((src) => !/^https:/.test(src) && !fs.existsSync(path.join(stage, src)));
  if (broken.length) throw new Error(`${MARKETPLACE_README} shows images the package lacks: ${broken.join(', ')} (node scripts/marketplace-assets.mjs copies them from an e2e run)`);
  fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(shippedManifest(), null, 2)}\n`);
  // The stage holds only what ships; this file just says so to vsce (which warns without one).
  fs.writeFileSync(path.join(stage, '.vscodeignore'), '# Everything in this staging folder ships (scripts/package.mjs chose it).\n');

  let moduleBytes = 0;
  const closure = runtimeClosure();
  for (const [dir, p] of closure) {
    const to = path.join(stage, path.relative(REPO, dir));
    moduleBytes += copyTree(dir, to, (rel) => keepFile(p, rel));
    // A dependency left out (NOT_AT_RUNTIME) leaves the package's manifest too, so that vsce's `npm list`
    // (how it finds node_modules to pack) sees a complete tree.
    const dropped = Object.keys(p.dependencies ?? {}).filter((d) => NOT_AT_RUNTIME.has(d));
    if (dropped.length) {
      const manifest = readJson(path.join(to, 'package.json'));
      for (const d of dropped) delete manifest.dependencies[d];
      fs.writeFileSync(path.join(to, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    }
  }
  log(`node_modules: ${closure.size} packages (${[...closure.values()].map((p) => p.name).sort().join(', ')}), ${mb(moduleBytes)} unpacked`);

  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.rmSync(outFile, { force: true });
  const vsce = path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
  // Relative links stay relative: VS Code shows the README from the installed folder, where media/ is.
  // vsce finds the node_modules to pack with `npm list --production` in the stage: exactly the trimmed closure.
  run(process.execPath, [vsce, 'package', '--dependencies', '--no-yarn', '--target', target, '--no-rewrite-relative-links', '--out', outFile], { cwd: stage });
  const listing = run(process.execPath, [vsce, 'ls', '--dependencies', '--no-yarn'], { cwd: stage, stdio: ['ignore', 'pipe', 'inherit'] }).stdout.toString();

  const info = describeVsix(outFile);
  const report = [
    `${path.relative(REPO, outFile)}: ${mb(info.bytes)} (${info.files} files, ${mb(info.unpacked)} unpacked), target ${target}`,
    ...info.groups.map(([key, g]) => `  ${mb(g.bytes).padStart(9)}  ${String(g.files).padStart(5)} files  ${key}`),
  ].join('\n');
  fs.writeFileSync(outFile.replace(/\.vsix$/, '.txt'), `${report}\n\nvsce ls:\n${listing}`);
  console.log(report);
  const problems = vsixProblems(outFile);
  if (problems.length) throw new Error(`the VSIX is not what may ship:\n  ${problems.join('\n  ')}`);
  log(`ok in ${((Date.now() - t) / 1000).toFixed(1)}s; every file: ${path.relative(REPO, outFile.replace(/\.vsix$/, '.txt'))}`);
  return outFile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  try {
    packageVsix({ out: at >= 0 ? process.argv[at + 1] : undefined });
  } catch (error) {
    console.error(`[package] FAILED: ${error.message}`);
    process.exit(1);
  }
}
