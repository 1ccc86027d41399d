#!/usr/bin/env node
// Build the native TensorFlow.js backend (@tensorflow/tfjs-node) without Google's download host.
//
// tfjs-node's install script downloads libtensorflow from storage.googleapis.com, which firewalled and
// air-gapped machines cannot reach, so `npm install` silently drops the (optional) package. This script
// takes the TensorFlow C library from the `tensorflow-cpu` Python wheel instead (fetched with the
// machine's own pip), lays it out where tfjs-node's build expects it, and compiles the N-API binding
// with node-gyp. See docs/native-backend.md.
//
//   npm run native-backend                # build if needed, then verify (idempotent; ~1 s when done)
//   npm run native-backend -- --check     # only verify; exit 1 if the backend is not available
//   npm run native-backend -- --quiet     # only the summary line and errors
//   node scripts/native-backend.mjs --prefix DIR   # build tfjs-node into DIR/node_modules instead of the project's:
//                                                  # what `mlnb: Build the Native TF.js Backend` does in an installed
//                                                  # extension (DIR = its global storage; kernels look there first)
//
// After tfjs-node, it builds mlnb's own graph addon (native/graph: TensorFlow's C graph API for compiled
// training) against the same extracted wheel, into ROOT/native/graph/build/Release/mlnb_graph.node.
//
// Flags: --check  --quiet  --verbose (stream the build log)  --force (rebuild even if it works)
//        --refresh (ask pip again even if a wheel is cached)  --allow-tree-changes
//        --graph-addon (only (re)build the graph addon; tfjs-node must already work)  --help
// Env:   MLNB_TF_WHEEL=/path/to/tensorflow_cpu-….whl   use this wheel, no pip
//        MLNB_TF_VERSION=2.21.0                        pin the wheel version (pip `==`)
//        MLNB_TF_PACKAGE=tensorflow-cpu                pip package to fetch (`tensorflow` also works)
//        MLNB_CACHE_DIR                                mlnb's cache root (default ${XDG_CACHE_HOME:-~/.cache}/mlnb):
//                                                      native-backend/ here, and the npm, pip and node-gyp caches
//                                                      of the installs this script runs (npm/, pip/, node-gyp/)
//
// Only Node built-ins; needs python3 (+ pip unless MLNB_TF_WHEEL), a C++ compiler, make, and npm.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The extension (or repo) this script belongs to: its package.json names the TF.js version to match.
const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PKG = '@tensorflow/tfjs-node';
const LIBTF_VERSION_EXPECTED_BY_TFJS = '2.9.1'; // install.js skips its download if deps/lib/libtensorflow.so.2.9.1 exists

// ---------------------------------------------------------------------------------------------- CLI

const KNOWN = new Set(['--check', '--quiet', '--verbose', '--force', '--refresh', '--allow-tree-changes', '--graph-addon', '--help', '-h', '-q']);
const argv = process.argv.slice(2);
const prefixAt = argv.indexOf('--prefix');
const prefix = prefixAt >= 0 ? argv[prefixAt + 1] : undefined;
if (prefixAt >= 0 && (!prefix || prefix.startsWith('-'))) {
  console.error('native-backend: --prefix needs a folder');
  process.exit(2);
}
if (prefixAt >= 0) argv.splice(prefixAt, 2);
const bad = argv.filter((a) => !KNOWN.has(a));
if (bad.length) {
  console.error(`native-backend: unknown option(s): ${bad.join(' ')} (try --help)`);
  process.exit(2);
}
const opt = {
  check: argv.includes('--check'),
  quiet: argv.includes('--quiet') || argv.includes('-q'),
  verbose: argv.includes('--verbose'),
  force: argv.includes('--force'),
  refresh: argv.includes('--refresh'),
  allowTreeChanges: argv.includes('--allow-tree-changes'),
  graphAddonOnly: argv.includes('--graph-addon'),
};
// Where node_modules/@tensorflow/tfjs-node goes: the project, or the --prefix folder (a package of its own).
const ROOT = prefix ? path.resolve(prefix) : PROJECT;
if (argv.includes('--help') || argv.includes('-h')) {
  const src = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
  console.log(src.slice(1, src.findIndex((l) => l.startsWith('import'))).map((l) => l.replace(/^\/\/ ?/, '')).join('\n').trim());
  process.exit(0);
}

// ------------------------------------------------------------------------------------------ helpers

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const since = (t) => performance.now() - t;
const log = (...a) => { if (!opt.quiet) console.log(...a); };
const step = (msg) => log(`native-backend: ${msg}`);
const warn = (msg) => console.error(`native-backend: warning: ${msg}`); // shown even with --quiet
const mb = (bytes) => (bytes >= 1e6 ? `${Math.round(bytes / 1e6)} MB` : `${Math.round(bytes / 1e3)} kB`);
const timings = {};

class Fail extends Error {
  constructor(message, { hint, detail } = {}) {
    super(message);
    this.hint = hint;
    this.detail = detail;
  }
}

function tail(text, n = 40) {
  const lines = String(text ?? '').trimEnd().split('\n');
  return lines.slice(-n).join('\n');
}

// One cache root for everything mlnb downloads (scripts/vscode/paths.mjs has the same rule; this file is
// shipped alone in the .vsix, so it cannot import it).
const CACHE_ROOT = path.resolve(process.env.MLNB_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'mlnb'));
// XDG_CACHE_HOME = the root: node-gyp keeps Node's headers in root/node-gyp (npm 11 warns about npm_config_devdir).
const TOOL_CACHES = {
  MLNB_CACHE_DIR: CACHE_ROOT,
  npm_config_cache: path.join(CACHE_ROOT, 'npm'),
  PIP_CACHE_DIR: path.join(CACHE_ROOT, 'pip'),
  XDG_CACHE_HOME: CACHE_ROOT,
};
const baseEnv = () => ({ ...process.env, ...TOOL_CACHES });

/** spawnSync wrapper: returns {code, stdout, stderr, error}. Never throws. */
function run(cmd, args, { cwd = ROOT, env = baseEnv(), timeout } = {}) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error, signal: r.signal };
}

/** Async spawn that tees output to a log file (and to the terminal with --verbose). */
function runLogged(cmd, args, { cwd = ROOT, env = baseEnv(), logFile }) {
  return new Promise((resolve) => {
    const out = fs.createWriteStream(logFile);
    out.write(`$ ${cmd} ${args.join(' ')}\n# cwd ${cwd}\n`);
    let buf = '';
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (d) => {
      out.write(d);
      buf = (buf + d).slice(-200_000);
      if (opt.verbose && !opt.quiet) process.stdout.write(d);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => out.end(() => resolve({ code: null, error, output: buf })));
    child.on('close', (code, signal) => out.end(() => resolve({ code, signal, output: buf })));
  });
}

function npmCommand() {
  // Under `npm run`, use the very npm that runs us; otherwise whatever `npm` is on PATH.
  const execpath = process.env.npm_execpath;
  if (execpath && /npm-cli\.js$/.test(execpath) && fs.existsSync(execpath)) return [process.execPath, [execpath]];
  return ['npm', []];
}

function npm(args, o) {
  const [cmd, pre] = npmCommand();
  return run(cmd, [...pre, ...args], o);
}

function childEnv(extra = {}) {
  return { ...baseEnv(), TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2', ...extra };
}

const pkgDir = () => path.join(ROOT, 'node_modules', ...PKG.split('/'));

function installedVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(pkgDir(), 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function isProductionTree() {
  try {
    const dev = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).devDependencies ?? {});
    // Some dev dependencies (@types/node, …) can also arrive transitively, so go by the majority.
    const missing = dev.filter((d) => !fs.existsSync(path.join(ROOT, 'node_modules', ...d.split('/'), 'package.json')));
    return dev.length > 0 && missing.length > dev.length / 2;
  } catch {
    return false;
  }
}

function wantedTfjsNodeVersion() {
  try {
    const pj = JSON.parse(fs.readFileSync(path.join(PROJECT, 'package.json'), 'utf8'));
    // An installed extension's package.json has no tfjs-node; it must match the TF.js it ships.
    const spec = pj.optionalDependencies?.[PKG] ?? pj.dependencies?.[PKG] ?? pj.devDependencies?.[PKG] ?? pj.dependencies?.['@tensorflow/tfjs'];
    if (spec && /^\d+\.\d+\.\d+$/.test(spec)) return spec;
    if (spec) return spec.replace(/^[~^=]/, '');
  } catch { /* fall through */ }
  return '4.22.0';
}

// ----------------------------------------------------------------------- probe / verify (child node)

// Runs in a fresh `node` so a half-built or broken binding can never take this script down with it.
const CHILD_SRC = String.raw`
const full = process.argv[1] === 'full';
const root = process.argv[2];
const out = (o) => { process.stdout.write('@@MLNB@@' + JSON.stringify(o) + '\n'); };
(async () => {
  const r = { ok: false };
  let t = performance.now();
  let tf;
  try {
    // tfjs-node 4.22 calls util.isNullOrUndefined, which Node 23 removed (the mlnb kernel restores it the same way;
    // VS Code's extension host, which runs this script for the build command, is Node 24 in code-server).
    const nodeUtil = require('util');
    if (!nodeUtil.isNullOrUndefined) nodeUtil.isNullOrUndefined = (v) => v === null || v === undefined;
    tf = require(require.resolve('@tensorflow/tfjs-node', { paths: [root] }));
  } catch (e) {
    r.error = (e && e.code === 'MODULE_NOT_FOUND' && /tfjs-node'/.test(e.message))
      ? 'MODULE_NOT_FOUND: @tensorflow/tfjs-node is not installed'
      : String(e && e.message || e).split('\n')[0];
    r.code = e && e.code;
    return out(r);
  }
  await tf.ready();
  r.loadMs = performance.now() - t;
  r.backend = tf.getBackend();
  r.versions = tf.version;
  try { r.tfVersion = tf.backend().binding.TF_Version; } catch {}
  if (r.backend !== 'tensorflow') { r.error = "tf.getBackend() is '" + r.backend + "', not 'tensorflow'"; return out(r); }
  // tiny correctness check (always)
  const p = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5, 6], [7, 8]])).dataSync();
  if ([19, 22, 43, 50].some((v, i) => p[i] !== v)) { r.error = 'matMul gave wrong result: ' + Array.from(p); return out(r); }
  if (full) {
    const n = 512;
    const a = tf.randomNormal([n, n], 0, 1, 'float32', 1), b = tf.randomNormal([n, n], 0, 1, 'float32', 2);
    await tf.matMul(a, b).data();               // warm-up
    t = performance.now();
    const reps = 10;
    for (let i = 0; i < reps; i++) { const c = tf.matMul(a, b); await c.data(); c.dispose(); }
    r.matMulMs = (performance.now() - t) / reps;
    r.matMulGflops = (2 * n * n * n) / (r.matMulMs / 1000) / 1e9;
    t = performance.now();
    const model = tf.sequential({ layers: [
      tf.layers.dense({ inputShape: [8], units: 32, activation: 'relu' }),
      tf.layers.dense({ units: 1 }),
    ] });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    const xs = tf.randomNormal([1024, 8], 0, 1, 'float32', 3);
    const ys = xs.sum(1, true);
    const h = await model.fit(xs, ys, { epochs: 2, batchSize: 64, verbose: 0 });
    r.fitMs = performance.now() - t;
    r.losses = h.history.loss;
    if (!r.losses.every(Number.isFinite)) { r.error = 'training produced non-finite loss: ' + r.losses; return out(r); }
  }
  r.ok = true;
  out(r);
})().catch((e) => out({ ok: false, error: String(e && e.stack || e).split('\n').slice(0, 3).join(' | ') }));
`;

function probe(full) {
  const t = performance.now();
  // (cwd: the project, which exists; a --prefix folder may not yet.)
  const r = run(process.execPath, ['-e', CHILD_SRC, full ? 'full' : 'quick', ROOT], { cwd: PROJECT, env: childEnv(), timeout: 180_000 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@MLNB@@'));
  let res;
  if (line) res = JSON.parse(line.slice(8));
  else {
    const why = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit code ${r.code}`;
    res = { ok: false, error: `node child crashed (${why})`, detail: tail(r.stderr, 15) };
  }
  res.wallMs = since(t);
  return res;
}

function describe(res) {
  const v = res.versions ?? {};
  return `tfjs-node ${v['tfjs-node'] ?? '?'} (tfjs-core ${v['tfjs-core'] ?? '?'}) on TensorFlow ${res.tfVersion ?? '?'}, backend '${res.backend}'`;
}

function printVerify(res) {
  step(`verified in a fresh node: ${describe(res)}`);
  step(`  load+init ${secs(res.loadMs)}; matMul 512x512 ${res.matMulMs.toFixed(1)} ms (${res.matMulGflops.toFixed(0)} GFLOP/s); ` +
    `2-epoch fit (1024x8 -> 32 -> 1) ${res.fitMs.toFixed(0)} ms, loss ${res.losses.map((l) => l.toFixed(3)).join(' -> ')}; ` +
    `child wall ${secs(res.wallMs)}`);
}

// ---------------------------------------------------------------------------------------- preflight

/** The --prefix folder as a package of its own, so npm installs into its node_modules and nowhere else. */
function preparePrefix() {
  fs.mkdirSync(ROOT, { recursive: true });
  const manifest = path.join(ROOT, 'package.json');
  if (!fs.existsSync(manifest)) {
    fs.writeFileSync(manifest, `${JSON.stringify({ name: 'mlnb-native-backend', private: true, description: `tfjs-node for mlnb, built by ${path.join(PROJECT, 'scripts', 'native-backend.mjs')}` }, null, 2)}\n`);
  }
  step(`prefix: ${ROOT}`);
}

function cacheDir() {
  const dir = path.join(CACHE_ROOT, 'native-backend');
  const rel = path.relative(ROOT, dir);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) {
    throw new Fail(`the cache directory ${dir} is inside the project (${ROOT})`, {
      hint: 'point MLNB_CACHE_DIR (or XDG_CACHE_HOME) outside the git tree — the extracted TensorFlow libraries are ~1.1 GB and must never be committed.',
    });
  }
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function preflight(cache) {
  if (process.platform !== 'linux') {
    throw new Fail(`this script supports Linux only (platform is ${process.platform})`, {
      hint: 'on macOS/Windows, `npm install @tensorflow/tfjs-node` downloads its own prebuilt libtensorflow where the network allows.',
    });
  }
  if (process.arch !== 'x64' && !process.env.MLNB_TF_PACKAGE && !process.env.MLNB_TF_WHEEL) {
    warn(`arch is ${process.arch}; the tensorflow-cpu wheel exists for x86_64 only — try MLNB_TF_PACKAGE=tensorflow`);
  }
  const py = run('python3', ['--version']);
  if (py.error || py.code !== 0) {
    throw new Fail('python3 not found (needed to unpack the wheel and by node-gyp)', {
      hint: 'install it, e.g. `sudo apt-get install python3 python3-pip`.',
    });
  }
  const cxx = process.env.CXX || 'g++';
  const cc = run(cxx, ['--version']);
  const mk = run('make', ['--version']);
  if (cc.error || cc.code !== 0 || mk.error || mk.code !== 0) {
    const missing = [cc.error || cc.code !== 0 ? `C++ compiler (${cxx})` : null, mk.error || mk.code !== 0 ? 'make' : null].filter(Boolean);
    throw new Fail(`${missing.join(' and ')} not found — needed to compile tfjs-node's binding`, {
      hint: 'install a toolchain, e.g. `sudo apt-get install build-essential` (Debian/Ubuntu) or `dnf groupinstall "Development Tools"`.',
    });
  }
  try {
    const s = fs.statfsSync(cache);
    const free = s.bavail * s.bsize;
    if (free < 1.6e9) warn(`only ${mb(free)} free under ${cache}; the wheel + extracted libraries need ~1.4 GB`);
  } catch { /* statfs not critical */ }
}

/**
 * The Node headers for a node-gyp run outside npm: npm's configured nodedir (env or npmrc), else this Node's own
 * prefix when it ships them; undefined leaves node-gyp to its cache (root/node-gyp) or a download.
 */
function nodeHeadersDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const configured = npm(['config', 'get', 'nodedir']).stdout.trim();
  if (configured && configured !== 'undefined' && configured !== 'null') return configured;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'common.gypi')) ? prefix : undefined;
}

/** node-gyp needs Node's headers; offline it cannot download them. Respect any configured nodedir. */
function nodedirEnv() {
  if (process.env.npm_config_nodedir) return {};
  const configured = npm(['config', 'get', 'nodedir']).stdout.trim();
  if (configured && configured !== 'undefined' && configured !== 'null') return {};
  const ver = process.versions.node;
  const gypCache = path.join(CACHE_ROOT, 'node-gyp', ver, 'include', 'node', 'common.gypi');
  if (fs.existsSync(gypCache)) return {};
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (fs.existsSync(path.join(prefix, 'include', 'node', 'common.gypi'))) {
    step(`using Node headers from ${prefix}/include/node (npm_config_nodedir=${prefix})`);
    return { npm_config_nodedir: prefix };
  }
  step('note: no local Node headers found; node-gyp will try to download them from nodejs.org');
  return {};
}

// -------------------------------------------------------------------------------------------- wheel

function parseWheelVersion(file) {
  return path.basename(file).split('-')[1] ?? '0';
}
function cmpVersion(a, b) {
  const pa = a.split(/[.+-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.+-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  }
  return 0;
}

function cachedWheels(dir, pkgName, pin) {
  const prefix = pkgName.toLowerCase().replace(/[-.]+/g, '_') + '-';
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir)
    .filter((f) => f.toLowerCase().startsWith(prefix) && f.endsWith('.whl'))
    .filter((f) => !pin || parseWheelVersion(f) === pin)
    .map((f) => path.join(dir, f))
    .sort((a, b) => cmpVersion(parseWheelVersion(b), parseWheelVersion(a)));
}

function getWheel(cache) {
  const t = performance.now();
  try {
    if (process.env.MLNB_TF_WHEEL) {
      const w = path.resolve(process.env.MLNB_TF_WHEEL);
      if (!fs.existsSync(w)) {
        throw new Fail(`MLNB_TF_WHEEL=${w} does not exist`, { hint: 'point it at a tensorflow-cpu (or tensorflow) Linux wheel file.' });
      }
      step(`wheel: ${w} (from MLNB_TF_WHEEL, no download)`);
      return w;
    }
    const pkgName = process.env.MLNB_TF_PACKAGE || 'tensorflow-cpu';
    const pin = process.env.MLNB_TF_VERSION || '';
    const wheelDir = path.join(cache, 'wheels');
    fs.mkdirSync(wheelDir, { recursive: true });
    const cached = cachedWheels(wheelDir, pkgName, pin);
    if (cached.length && !opt.refresh) {
      step(`wheel: reusing cached ${path.basename(cached[0])} (--refresh asks pip for a newer one)`);
      return cached[0];
    }
    const pipv = run('python3', ['-m', 'pip', '--version']);
    if (pipv.error || pipv.code !== 0) {
      throw new Fail('pip is not available (`python3 -m pip` failed)', {
        hint: 'install pip (`sudo apt-get install python3-pip`), or download a tensorflow-cpu wheel elsewhere and run with MLNB_TF_WHEEL=/path/to/tensorflow_cpu-….whl',
        detail: tail(pipv.stderr, 5),
      });
    }
    const spec = pin ? `${pkgName}==${pin}` : pkgName;
    step(`wheel: python3 -m pip download --no-deps --only-binary=:all: -d ${wheelDir} ${spec}`);
    // --no-cache-dir: the wheel itself is kept in wheelDir; pip's HTTP cache would hold a second 274 MB copy.
    const r = run('python3', ['-m', 'pip', 'download', '--no-cache-dir', '--no-deps', '--only-binary=:all:', '--progress-bar', 'off', '-d', wheelDir, spec]);
    const got = cachedWheels(wheelDir, pkgName, pin);
    if (r.code !== 0 || !got.length) {
      const lines = (r.stderr || r.stdout).split('\n');
      const retries = lines.filter((l) => /Retrying \(Retry\(/.test(l)).length;
      const kept = lines.filter((l) => !/Retrying \(Retry\(/.test(l)).join('\n');
      throw new Fail(`pip could not download ${spec}`, {
        detail: tail(kept, 15) + (retries ? `\n(${retries} pip "Retrying" warnings about unreachable indexes omitted)` : ''),
        hint: 'check the pip index (`python3 -m pip config list`) and that a wheel exists for this Python/platform ' +
          '(TensorFlow publishes CPython 3.9–3.13 manylinux wheels), or fetch one elsewhere and set MLNB_TF_WHEEL=/path/to/wheel.whl.',
      });
    }
    const saved = r.stdout.match(/(?:Saved|File was already downloaded) (\S+\.whl)/);
    const wheel = saved && fs.existsSync(saved[1]) ? path.resolve(saved[1]) : got[0];
    step(`wheel: ${path.basename(wheel)} (${mb(fs.statSync(wheel).size)})`);
    return wheel;
  } finally {
    timings.wheel = since(t);
  }
}

// ------------------------------------------------------------------------------------------ extract

const EXTRACT_PY = String.raw`
import json, sys, zipfile
whl, dest = sys.argv[1], sys.argv[2]
libs = ['tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2']
try:
    z = zipfile.ZipFile(whl)
except Exception as e:
    print(json.dumps({'error': 'not a readable zip/wheel: %s' % e})); sys.exit(3)
with z:
    names = set(z.namelist())
    inc = [n for n in names if n.startswith('tensorflow/include/') and not n.endswith('/')]
    missing = [n for n in libs if n not in names] + ([] if 'tensorflow/include/tensorflow/c/c_api.h' in names else ['tensorflow/include/tensorflow/c/c_api.h'])
    if missing:
        print(json.dumps({'error': 'wheel lacks ' + ', '.join(missing)})); sys.exit(3)
    total = 0
    for n in libs + inc:
        z.extract(n, dest)
        total += z.getinfo(n).file_size
    print(json.dumps({'files': len(libs) + len(inc), 'bytes': total}))
`;

/** Leftovers of interrupted extractions (~1 GB each) whose process is gone. */
function removeStaleTemps(dir) {
  for (const name of fs.readdirSync(dir)) {
    const m = name.match(/\.tmp-(\d+)$/);
    if (!m) continue;
    let alive = false;
    try { process.kill(Number(m[1]), 0); alive = true; } catch (e) { alive = e.code === 'EPERM'; }
    if (!alive) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

function extract(cache, wheel) {
  const t = performance.now();
  try {
    const st = fs.statSync(wheel);
    const stem = path.basename(wheel).replace(/\.whl$/, '');
    const dest = path.join(cache, 'extracted', stem);
    const marker = path.join(dest, '.mlnb-extracted.json');
    const stamp = { wheel: path.basename(wheel), size: st.size };
    try {
      const m = JSON.parse(fs.readFileSync(marker, 'utf8'));
      if (m.wheel === stamp.wheel && m.size === stamp.size) {
        step(`extract: reusing ${dest}`);
        return dest;
      }
    } catch { /* not extracted yet */ }
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.tmp-${process.pid}`;
    removeStaleTemps(path.dirname(dest));
    fs.rmSync(tmp, { recursive: true, force: true });
    step(`extract: libtensorflow_cc.so.2, libtensorflow_framework.so.2 and tensorflow/include/** -> ${dest}`);
    const r = run('python3', ['-c', EXTRACT_PY, wheel, tmp]);
    let info = {};
    try { info = JSON.parse(r.stdout.trim().split('\n').pop()); } catch { /* handled below */ }
    if (r.code !== 0 || info.error) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw new Fail(`could not extract the TensorFlow C library from ${wheel}: ${info.error ?? `python3 exited ${r.code}`}`, {
        detail: info.error ? undefined : tail(r.stderr, 10),
        hint: 'use a Linux tensorflow-cpu/tensorflow wheel (they ship tensorflow/libtensorflow_cc.so.2); a truncated download can be removed from the cache and fetched again.',
      });
    }
    fs.writeFileSync(path.join(tmp, '.mlnb-extracted.json'), JSON.stringify({ ...stamp, ...info, at: new Date().toISOString() }, null, 2));
    fs.rmSync(dest, { recursive: true, force: true });
    try {
      fs.renameSync(tmp, dest);
    } catch (e) {
      // A concurrent run may have won the race; use its result.
      fs.rmSync(tmp, { recursive: true, force: true });
      if (!fs.existsSync(marker)) throw e;
    }
    step(`extract: ${info.files} files, ${mb(info.bytes)}`);
    return dest;
  } finally {
    timings.extract = since(t);
  }
}

// -------------------------------------------------------------------------------- npm install (pkg)

function installPackage(version) {
  const t = performance.now();
  try {
    const have = installedVersion();
    if (have === version) {
      step(`npm: ${PKG}@${version} already in node_modules`);
      return;
    }
    const spec = `${PKG}@${version}`;
    const base = ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', spec];
    // A production tree (e.g. an installed .vsix: no devDependencies, often no lockfile) must stay one;
    // in a dev checkout, --omit=dev would instead delete mocha, typescript, ….
    if (isProductionTree()) base.splice(1, 0, '--omit=dev');
    // `npm install <pkg>` reifies the whole tree: it also prunes extraneous packages (e.g. ones someone
    // installed with --no-save) and fixes drift from package-lock.json. Look before leaping.
    const dry = npm([...base, '--dry-run', '--json']);
    // npm 11 prints "add/remove/change <name> <version>" lines before the JSON document on stdout.
    let plan;
    try { plan = JSON.parse(dry.stdout.slice(dry.stdout.search(/^\{/m))); } catch { /* no JSON plan */ }
    if (!plan && dry.code === 0) {
      plan = { remove: [], change: [] };
      for (const m of dry.stdout.matchAll(/^(remove|change) (\S+) (.*)$/gm)) plan[m[1]].push({ name: m[2], version: m[3] });
    }
    if (!plan) warn('could not read npm\'s dry-run plan; continuing without the tree-change check');
    if (plan) {
      const others = [
        ...(plan.remove ?? []).map((p) => `remove ${p.name}@${p.version}`),
        ...(plan.change ?? []).filter((p) => (p.from?.name ?? p.name) !== PKG)
          .map((p) => (p.from ? `change ${p.from.name} ${p.from.version} -> ${p.to?.version}` : `change ${p.name} ${p.version}`)),
      ];
      if (others.length && !opt.allowTreeChanges) {
        throw new Fail(`\`npm ${base.join(' ')}\` would also change other packages in node_modules`, {
          detail: others.map((s) => `  ${s}`).join('\n'),
          hint: 'npm reifies the whole tree: packages missing from package-lock.json (e.g. installed with --no-save) are ' +
            'removed and drifted versions reset to the lockfile. Sync with `npm install` first, or re-run with ' +
            '--allow-tree-changes to let npm do it as part of this step.',
        });
      }
    }
    const snap = ['package.json', 'package-lock.json'].map((f) => [f, fs.existsSync(path.join(ROOT, f)) ? fs.readFileSync(path.join(ROOT, f)) : null]);
    step(`npm: ${base.join(' ')}`);
    const r = npm(base);
    if (r.code !== 0 || installedVersion() !== version) {
      throw new Fail(`npm could not install ${spec}`, {
        detail: tail(r.stderr || r.stdout, 20),
        hint: 'check that the npm registry is reachable (`npm view @tensorflow/tfjs-node@' + version + ' version`).',
      });
    }
    for (const [f, before] of snap) {
      const now = fs.existsSync(path.join(ROOT, f)) ? fs.readFileSync(path.join(ROOT, f)) : null;
      if (String(before) !== String(now)) warn(`${f} changed while npm ran — review \`git diff ${f}\``);
    }
    const summary = (r.stdout.match(/^(added|changed|removed|up to date).*$/m) ?? [''])[0];
    step(`npm: ${summary || 'done'}`);
  } finally {
    timings.npm = since(t);
  }
}

// ------------------------------------------------------------------------------------ layout + build

// With --force on a working install, keep the working deps/ and lib/ aside and put them back if anything fails.
const BACKUP = ['deps', 'lib'];
function backupWorking() {
  for (const d of BACKUP) {
    const from = path.join(pkgDir(), d);
    fs.rmSync(`${from}.mlnb-prev`, { recursive: true, force: true });
    if (fs.existsSync(from)) fs.renameSync(from, `${from}.mlnb-prev`);
  }
}
function restoreWorking() {
  let restored = false;
  for (const d of BACKUP) {
    const to = path.join(pkgDir(), d);
    if (!fs.existsSync(`${to}.mlnb-prev`)) continue;
    fs.rmSync(to, { recursive: true, force: true });
    fs.renameSync(`${to}.mlnb-prev`, to);
    restored = true;
  }
  return restored;
}
function dropBackup() {
  for (const d of BACKUP) fs.rmSync(path.join(pkgDir(), `${d}.mlnb-prev`), { recursive: true, force: true });
}

function layout(extracted) {
  const tfdir = path.join(extracted, 'tensorflow');
  const cc = path.join(tfdir, 'libtensorflow_cc.so.2');
  const fw = path.join(tfdir, 'libtensorflow_framework.so.2');
  const deps = path.join(pkgDir(), 'deps');
  fs.rmSync(deps, { recursive: true, force: true });
  fs.mkdirSync(path.join(deps, 'lib'), { recursive: true });
  fs.symlinkSync(path.join(tfdir, 'include'), path.join(deps, 'include'));
  const links = {
    'libtensorflow_cc.so.2': cc,
    'libtensorflow.so': cc,
    [`libtensorflow.so.${LIBTF_VERSION_EXPECTED_BY_TFJS}`]: cc,
    'libtensorflow_framework.so.2': fw,
    'libtensorflow_framework.so': fw,
  };
  for (const [name, target] of Object.entries(links)) fs.symlinkSync(target, path.join(deps, 'lib', name));
  step(`layout: ${path.relative(ROOT, deps)}/{include,lib/*} -> ${extracted}`);
}

async function build(cache) {
  const t = performance.now();
  const lib = path.join(pkgDir(), 'lib');
  try {
    const binding = path.join(lib, 'napi-v8', 'tfjs_binding.node');
    fs.rmSync(lib, { recursive: true, force: true });
    fs.rmSync(path.join(pkgDir(), 'build'), { recursive: true, force: true });
    const logFile = path.join(cache, 'build.log');
    const env = childEnv({
      // Go straight to node-gyp: skip node-pre-gyp's attempt to fetch a prebuilt addon from Google's host.
      npm_config_build_from_source: 'true',
      JOBS: process.env.JOBS ?? 'max',
      ...nodedirEnv(),
    });
    const [cmd, pre] = npmCommand();
    const args = [...pre, 'rebuild', PKG, '--foreground-scripts', '--ignore-scripts=false'];
    step(`build: npm rebuild ${PKG} --foreground-scripts (node-gyp; log: ${logFile})`);
    const r = await runLogged(cmd, args, { env, logFile });
    if (r.code !== 0 || !fs.existsSync(binding)) {
      const blockedByPolicy = /ESTRICTALLOWSCRIPTS|not covered by allowScripts/.test(r.output) && !/Building TensorFlow Node\.js bindings/.test(r.output);
      const compilerMissing = /\b(g\+\+|c\+\+|cc|make)\b:? (command )?not found|spawn (g\+\+|c\+\+|make) ENOENT/.test(r.output);
      const firstErrors = r.output.split('\n')
        .filter((l) => /\b(fatal )?error\b/i.test(l) && !/^(gyp|node-pre-gyp|npm) (ERR!|error)|^make: \*\*\*/.test(l))
        .slice(0, 8);
      throw new Fail(`the node-gyp build of ${PKG} failed${r.code !== 0 ? ` (npm exit code ${r.code})` : ''}; ` +
        `${path.relative(ROOT, binding)} was not produced`, {
        detail: (firstErrors.length ? `--- first errors ---\n${firstErrors.join('\n')}\n` : '') +
          `--- last lines of ${logFile} ---\n${tail(r.output, 25)}`,
        hint: blockedByPolicy
          ? `npm's allowScripts policy blocked tfjs-node's install script. Approve it (\`npm install-scripts approve ${PKG}\`, ` +
            'which records it in package.json "allowScripts") or re-run with npm_config_strict_allow_scripts=false.'
          : compilerMissing
          ? 'install a C++ toolchain (`sudo apt-get install build-essential`) and re-run.'
          : `read ${logFile}. Header errors: the wheel's TensorFlow may be too new/old for tfjs-node's binding — pin one with MLNB_TF_VERSION. ` +
            'Node header download errors: set npm_config_nodedir to a Node install prefix that has include/node.',
      });
    }
    step(`build: ${path.relative(ROOT, binding)} (${mb(fs.statSync(binding).size)})`);
  } finally {
    timings.build = since(t);
  }
}

function dirBytes(dir) {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += fs.statSync(path.join(e.parentPath ?? e.path, e.name)).size;
  }
  return total;
}

/** Old TensorFlow versions are never deleted automatically: another checkout may still link to them. */
function noteOtherExtractions(cache, current) {
  try {
    const root = path.join(cache, 'extracted');
    const others = fs.readdirSync(root).map((d) => path.join(root, d)).filter((d) => d !== current && !/\.tmp-\d+$/.test(d) && fs.statSync(d).isDirectory());
    if (others.length) {
      const size = others.reduce((n, d) => n + dirBytes(d), 0);
      step(`note: ${others.length} other extracted TensorFlow version(s) in ${root} use ${mb(size)}; ` +
        'delete them if no other checkout on this machine uses them');
    }
  } catch { /* informational only */ }
}

// ------------------------------------------------------------------------------ mlnb's graph addon

// Sources are in the project (native/graph); the build goes to ROOT so an installed extension builds into
// its --prefix folder (the extension's own folder may be read-only).
const GRAPH_SOURCES = path.join(PROJECT, 'native', 'graph');
const graphDir = () => (prefix ? path.join(ROOT, 'native', 'graph') : GRAPH_SOURCES);
const graphAddonPath = () => path.join(graphDir(), 'build', 'Release', 'mlnb_graph.node');

/** The extracted wheel tfjs-node was built against: its deps/include is a link into it (see layout()). */
function extractedOfTfjsNode() {
  try {
    const include = fs.realpathSync(path.join(pkgDir(), 'deps', 'include'));
    return path.dirname(path.dirname(include));
  } catch {
    return undefined;
  }
}

function nodeGypCommand() {
  const candidates = [];
  const execpath = process.env.npm_execpath;
  if (execpath) candidates.push(path.join(path.dirname(execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  const onPath = run('sh', ['-c', 'command -v npm']).stdout.trim();
  if (onPath) {
    try {
      candidates.push(path.join(path.dirname(fs.realpathSync(onPath)), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
    } catch { /* not resolvable */ }
  }
  const found = candidates.find((c) => fs.existsSync(c));
  return found ? [process.execPath, [found]] : ['node-gyp', []];
}

const GRAPH_CHECK_SRC = String.raw`
const addon = require(process.argv[1]);
const g = new addon.Graph();
const f = (v) => ({ dtype: 'float32', shape: [], data: [v] });
g.addOp('Placeholder', 'x', [], { dtype: { kind: 'type', value: 'float32' }, shape: { kind: 'shape', value: [] } });
g.addOp('Square', 'y', ['x'], {});
const [dx] = g.addGradients(['y'], ['x'], 'grad');
const s = new addon.Session(g, { intraOpThreads: 1, interOpThreads: 1 });
const [y, d] = s.run([{ name: 'x', ...f(3) }], ['y', dx], []);
s.close();
if (y.data[0] !== 9 || d.data[0] !== 6) throw new Error('x^2 at 3 gave ' + y.data[0] + ', gradient ' + d.data[0]);
process.stdout.write('@@MLNB@@' + addon.tfVersion + '\n');
`;

function checkGraphAddon() {
  const file = graphAddonPath();
  if (!fs.existsSync(file)) return { ok: false, error: `${file} is not built` };
  const r = run(process.execPath, ['-e', GRAPH_CHECK_SRC, file], { cwd: PROJECT, env: childEnv(), timeout: 120_000 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@MLNB@@'));
  if (line) return { ok: true, tfVersion: line.slice(8) };
  return { ok: false, error: `the graph addon does not work: ${tail(r.stderr, 6) || `exit code ${r.code}`}` };
}

async function buildGraphAddon(cache, extracted) {
  const t = performance.now();
  try {
    const tfDir = path.join(extracted, 'tensorflow');
    if (!fs.existsSync(path.join(tfDir, 'include', 'tensorflow', 'c', 'c_api.h'))) {
      throw new Fail(`no TensorFlow C headers under ${tfDir}/include`, { hint: 'run `npm run native-backend -- --force` to extract the wheel again.' });
    }
    const dir = graphDir();
    if (dir !== GRAPH_SOURCES) {
      fs.mkdirSync(dir, { recursive: true });
      for (const f of ['binding.gyp', 'graph.cc']) fs.copyFileSync(path.join(GRAPH_SOURCES, f), path.join(dir, f));
    }
    const logFile = path.join(cache, 'graph-addon-build.log');
    const [cmd, pre] = nodeGypCommand();
    // node-gyp run directly reads no npm config: name the headers npm would use (an npmrc `nodedir`) ourselves.
    const nodedir = nodeHeadersDir();
    const args = [...pre, 'rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : []), '--', `-Dtf_dir=${tfDir}`];
    step(`graph addon: node-gyp rebuild in ${dir} against ${tfDir} (log: ${logFile})`);
    const r = await runLogged(cmd, args, { cwd: dir, env: childEnv({ JOBS: process.env.JOBS ?? 'max' }), logFile });
    if (r.code !== 0 || !fs.existsSync(graphAddonPath())) {
      throw new Fail(`the node-gyp build of mlnb's graph addon failed (exit code ${r.code})`, {
        detail: `--- last lines of ${logFile} ---\n${tail(r.output, 25)}`,
        hint: `read ${logFile}; compiled training falls back to TF.js's own training loop without this addon.`,
      });
    }
    step(`graph addon: ${graphAddonPath()} (${mb(fs.statSync(graphAddonPath()).size)})`);
  } finally {
    timings.graphAddon = since(t);
  }
}

/**
 * The graph addon as part of a full build: a failure is a warning, not a failed build — tfjs-node works without
 * it and training just stays eager. Returns the summary's words about it.
 */
async function graphAddonStep(extracted) {
  if (opt.graphAddonOnly) {
    await ensureGraphAddon(extracted);
    return 'graph addon ok';
  }
  try {
    await ensureGraphAddon(extracted);
    return 'graph addon ok';
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    warn(`graph addon: ${e.message}${e.detail ? `\n${e.detail}` : ''}`);
    warn('model.fit stays on TF.js\'s own (eager) training loop; `npm run native-backend -- --graph-addon` retries only the addon');
    return 'graph addon NOT built (training stays eager)';
  }
}

/** Build the graph addon unless it already works (or --force / --graph-addon asks for a rebuild). */
async function ensureGraphAddon(extracted) {
  if (!opt.force && !opt.graphAddonOnly) {
    const have = checkGraphAddon();
    if (have.ok) {
      step(`graph addon: already built (${graphAddonPath()}, TensorFlow ${have.tfVersion})`);
      return;
    }
  }
  if (!extracted) {
    throw new Fail('cannot find the extracted wheel tfjs-node was built against (its deps/include link)', {
      hint: 'run `npm run native-backend -- --force` to lay tfjs-node out again.',
    });
  }
  await buildGraphAddon(cacheDir(), extracted);
  const res = checkGraphAddon();
  if (!res.ok) throw new Fail(res.error, { hint: 'the addon was built but does not load; compiled training falls back to TF.js.' });
  step(`graph addon: verified (TensorFlow ${res.tfVersion})`);
}

// --------------------------------------------------------------------------------------------- main

function summary(ok, text) {
  const parts = Object.entries(timings).map(([k, v]) => `${k} ${secs(v)}`).join(', ');
  const total = secs(process.uptime() * 1000); // wall time of this process, incl. Node start-up
  console.log(`native-backend: ${ok ? 'OK' : 'FAILED'} — ${text}; total ${total}${parts ? ` [${parts}]` : ''}`);
}

async function main() {
  if (opt.check) {
    const res = probe(true);
    timings.verify = res.wallMs;
    if (!res.ok) {
      summary(false, `native backend not available: ${res.error}`);
      if (res.detail) console.error(res.detail);
      console.error('native-backend: next: run `npm run native-backend` to build it (see docs/native-backend.md)');
      return 1;
    }
    printVerify(res);
    // The graph addon is optional (compiled training); its absence is reported, not a failed check.
    const graph = checkGraphAddon();
    if (graph.ok) step(`graph addon: works (${graphAddonPath()})`);
    else warn(`${graph.error} (model.fit stays eager; \`npm run native-backend\` builds it)`);
    summary(true, `${describe(res)}; ${graph.ok ? 'graph addon ok' : 'graph addon missing'}`);
    return 0;
  }

  // 1. Already there?
  const pre = probe(false);
  timings.probe = pre.wallMs;
  if (pre.ok && !opt.force) {
    const graph = await graphAddonStep(extractedOfTfjsNode());
    summary(true, `already available: ${describe(pre)}; ${graph} (--force rebuilds both)`);
    return 0;
  }
  if (opt.graphAddonOnly) {
    throw new Fail(`--graph-addon needs a working tfjs-node first (${pre.error})`, { hint: 'run `npm run native-backend` without --graph-addon.' });
  }
  step(pre.ok ? 'working backend found; rebuilding because of --force' : `native backend not available yet (${pre.error})`);

  if (prefix) preparePrefix();
  const cache = cacheDir();
  preflight(cache);
  const version = wantedTfjsNodeVersion();
  const wheel = getWheel(cache);             // 2.
  const extracted = extract(cache, wheel);   // 3.
  installPackage(version);                   // 4.
  if (pre.ok) backupWorking();
  let res;
  try {
    layout(extracted);                       // 5.
    await build(cache);
    res = probe(true);                       // 6.
    timings.verify = res.wallMs;
    if (!res.ok) {
      throw new Fail(`the binding was built but does not work: ${res.error}`, {
        detail: res.detail,
        hint: `try \`TF_CPP_MIN_LOG_LEVEL=0 node -e "require('${PKG}')"\` in ${ROOT} for TensorFlow's own messages; ` +
          'a different wheel version (MLNB_TF_VERSION) may be needed.',
      });
    }
  } catch (e) {
    if (restoreWorking()) warn('the previously working deps/ and lib/ of tfjs-node were put back');
    throw e;
  }
  dropBackup();
  const graph = await graphAddonStep(extracted);
  noteOtherExtractions(cache, extracted);
  printVerify(res);
  summary(true, `built ${describe(res)}; ${graph}`);
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  if (e instanceof Fail) {
    console.error(`native-backend: ERROR: ${e.message}`);
    if (e.detail) console.error(e.detail);
    if (e.hint) console.error(`native-backend: next: ${e.hint}`);
  } else {
    console.error(`native-backend: unexpected error: ${e?.stack ?? e}`);
  }
  summary(false, 'see the error above');
  process.exit(1);
});
