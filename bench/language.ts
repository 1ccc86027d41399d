// Benchmark 5: completion and diagnostics after a keystroke in a 50-cell TF.js notebook, asked the way the
// extension asks: requests to the language worker (dist/languageWorker.js, a worker thread running
// src/core/language/notebookLanguageService.ts, one TypeScript LanguageService over the whole notebook as a
// virtual file), each carrying the cells; vs TypeScript's own tsserver (what VS Code's built-in TypeScript support runs) on one .ts
// file holding the same text, with equivalent compiler options. Keystrokes type statements char by char at
// three places in cells 40–42; after each one, each side is asked for completions at the cursor and for the
// diagnostics of the whole notebook / file, then for the semantic highlighting of the edited cell. The two
// sides alternate which goes first on every keystroke.
//   node --import tsx bench/language.ts [--keystrokes 100]
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { KERNEL_GLOBALS_DTS, KERNEL_GLOBALS_FILE } from '../src/core/language/kernelGlobals';
import { NOTEBOOK_COMPILER_OPTIONS } from '../src/core/language/notebookProgram';
import type { CellText } from '../src/core/language/virtualDocument';
import { LanguageWorkerClient } from '../src/host/languageWorkerClient';
import { VirtualDocument } from '../src/core/language/virtualDocument';
import { log, summarize } from './lib/stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Inside the repository (bench/.cache is git-ignored), so both sides resolve TF.js and @types/node from its node_modules.
const WORK = path.join(ROOT, 'bench', '.cache', 'language');
const PEER_FILE = path.join(WORK, 'notebook.ts');
/** The language worker as the extension runs it (built by `npm run build`; scripts/bench.mjs builds it when missing). */
const WORKER = path.join(ROOT, 'dist', 'languageWorker.js');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const KEYSTROKES = Number(arg('keystrokes') ?? 100);
const WARMUP_KEYSTROKES = 6;
const CELLS = 50;

// ---------- the notebook: 50 cells of a typical TF.js session, 5–15 lines each, deterministic ----------

/** Cell i of the notebook: ten kinds of cell in rotation (round r = i / 10); later rounds re-declare names, as a REPL allows. */
function cellText(i: number): string {
  const r = Math.floor(i / 10);
  const imports = i === 0 ? `import type { Tensor, Tensor1D, Tensor2D, SymbolicTensor } from '@tensorflow/tfjs';\nconst seed = 42;\nconst numFeatures = 8;\nconst numClasses = 3;\n` : '';
  switch (i % 10) {
    case 0: // data prep
      return `${imports}const n${r} = ${256 + 64 * r};
const xs = tf.randomNormal([n${r}, numFeatures], 0, 1, 'float32', seed + ${r});
const labels = xs.slice([0, 0], [-1, 1]).mul(${r + 1}).add(xs.slice([0, 1], [-1, 1])).squeeze().greater(0).toInt();
const ys = tf.oneHot(labels as Tensor1D, numClasses).toFloat();
const [trainXs, testXs] = tf.split(xs, [n${r} - 64, 64]);
const [trainYs, testYs] = tf.split(ys, [n${r} - 64, 64]);
display(trainXs.shape);
trainYs.sum(0).print();`;
    case 1: // helper functions
      return `/** Zero mean, unit variance per feature. */
function standardize${r}(t: Tensor): Tensor {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(t, 0);
    return t.sub(mean).div(variance.sqrt().add(1e-6));
  });
}
function accuracy(pred: Tensor, truth: Tensor): number {
  return pred.argMax(-1).equal(truth.argMax(-1)).mean().dataSync()[0];
}
const normXs = standardize${r}(trainXs);`;
    case 2: // model definition
      return `const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [numFeatures], units: ${16 * (r + 1)}, activation: 'relu' }),
    tf.layers.dropout({ rate: 0.${r + 1} }),
    tf.layers.dense({ units: ${8 * (r + 1)}, activation: 'relu', kernelInitializer: 'heNormal' }),
    tf.layers.dense({ units: numClasses, activation: 'softmax' }),
  ],
});
model.summary();`;
    case 3: // compile and fit
      return `model.compile({ optimizer: tf.train.adam(${(0.001 * (r + 1)).toFixed(3)}), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const history = await model.fit(normXs, trainYs, {
  epochs: ${5 + r},
  batchSize: 32,
  validationSplit: 0.1,
  verbose: 0,
  callbacks: { onEpochEnd: async (epoch, logs) => { if (epoch % 2 === 0) console.log(epoch, logs?.loss); } },
});
display.chart({ history: history.history as Record<string, number[]> });`;
    case 4: // evaluation and display
      return `const predictions = model.predict(standardize${r}(testXs)) as Tensor2D;
const testAcc = accuracy(predictions, testYs);
display.markdown(\`**round ${r}**: test accuracy \${(testAcc * 100).toFixed(1)} %\`);
const confusion = tf.math.confusionMatrix(testYs.argMax(-1) as Tensor1D, predictions.argMax(-1) as Tensor1D, numClasses);
display(confusion, { id: 'confusion' });
predictions.shape`;
    case 5: // a helper class
      return `class Standardizer {
  private mean?: Tensor;
  private std?: Tensor;
  fit(t: Tensor): this {
    const m = tf.moments(t, 0);
    this.mean = m.mean;
    this.std = m.variance.sqrt().add(${(1e-6 * (r + 1)).toExponential()});
    return this;
  }
  transform(t: Tensor): Tensor {
    if (!this.mean || !this.std) throw new Error('fit first');
    return t.sub(this.mean).div(this.std);
  }
}
const scaler = new Standardizer().fit(trainXs);`;
    case 6: // a custom training loop
      return `const w = tf.variable(tf.randomNormal([numFeatures, numClasses], 0, 0.1));
const b = tf.variable(tf.zeros([numClasses]));
const opt = tf.train.sgd(${(0.05 * (r + 1)).toFixed(2)});
const losses: number[] = [];
for (let step = 0; step < ${20 + 5 * r}; step++) {
  const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(trainYs, normXs.matMul(w).add(b)), true);
  losses.push(loss!.dataSync()[0]);
  loss?.dispose();
}
display.chart({ kind: 'line', title: 'loss', series: [{ name: 'sgd', y: losses }] });`;
    case 7: // tf.data pipeline
      return `const dataset = tf.data
  .zip({ xs: tf.data.array(trainXs.arraySync() as number[][]), ys: tf.data.array(trainYs.arraySync() as number[][]) })
  .shuffle(100, String(seed + ${r}))
  .batch(32);
let batches = 0;
await dataset.forEachAsync(() => {
  batches++;
});
display.json({ batches, tensors: tf.memory().numTensors });`;
    case 8: // functional model
      return `const input = tf.input({ shape: [numFeatures] });
const hidden = tf.layers.dense({ units: ${32 * (r + 1)}, activation: 'relu' }).apply(input) as SymbolicTensor;
const output = tf.layers.dense({ units: numClasses, activation: 'softmax' }).apply(hidden) as SymbolicTensor;
const functional = tf.model({ inputs: input, outputs: output });
functional.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const fh = await functional.fit(scaler.transform(trainXs), trainYs, { epochs: 3, verbose: 0 });
display(functional);
fh.history.loss`;
    default: // summary, re-declarations, clean-up
      return `const best = Math.max(...((history.history.val_acc ?? [0]) as number[]));
const summary = { round: ${r}, best, params: model.countParams(), tensors: tf.memory().numTensors };
display.json(summary);
const xs = tf.linspace(-1, 1, 50);
const ys = xs.square().mul(${r + 2}).sub(1);
display.chart({ kind: 'scatter', series: [{ name: 'y', x: Array.from(xs.dataSync()), y: Array.from(ys.dataSync()) }] });
tf.dispose([trainXs, testXs, w, b]);
summary`;
  }
}

/** What gets typed, and where: each session opens a new line at a line start of a cell and types a statement there. */
const SESSIONS = [
  { cell: 40, line: 'end', text: 'const y = tf.layers.dense({ units: 4 }).apply(xs);' },
  { cell: 41, line: 0, text: 'const z = tf.sequential({ layers: [] });' },
  { cell: 42, line: 3, text: 'const t = xs.mean().add(tf.scalar(1));' },
] as const;

interface Keystroke {
  cell: number;
  /** Where the character goes, and where the cursor is after it. */
  at: number;
  insert: string;
  cursor: number;
  trigger?: '.';
}

function keystrokes(cells: string[], count: number): Keystroke[] {
  const texts = [...cells];
  const out: Keystroke[] = [];
  for (let s = 0; out.length < count; s++) {
    const session = SESSIONS[s % SESSIONS.length];
    const text = texts[session.cell];
    const lineStarts = [0, ...[...text].flatMap((c, i) => (c === '\n' ? [i + 1] : []))];
    const pos = session.line === 'end' ? text.length : lineStarts[Math.min(session.line, lineStarts.length - 1)];
    // Opening a line: at the end of a cell, Enter; elsewhere, a line break after the cursor (vim's O, or Enter then ↑).
    const newline = session.line === 'end' ? { at: pos, insert: '\n', cursor: pos + 1 } : { at: pos, insert: '\n', cursor: pos };
    const steps: Keystroke[] = [{ cell: session.cell, ...newline }];
    let cursor = newline.cursor;
    for (const c of session.text) {
      if (steps.length + out.length >= count) break;
      steps.push({ cell: session.cell, at: cursor, insert: c, cursor: cursor + 1, trigger: c === '.' ? '.' : undefined });
      cursor++;
    }
    for (const k of steps.slice(0, count - out.length)) {
      texts[k.cell] = texts[k.cell].slice(0, k.at) + k.insert + texts[k.cell].slice(k.at);
      out.push(k);
    }
  }
  return out;
}

// ---------- tsserver client: requests are one JSON line on stdin, responses Content-Length framed on stdout ----------

interface TsResponse {
  success: boolean;
  message?: string;
  body?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

class TsServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private seq = 0;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, { t0: number; resolve: (r: TsResponse & { ms: number }) => void; reject: (e: Error) => void }>();
  private stderr = '';

  constructor(cwd: string) {
    const tsserver = path.join(ROOT, 'node_modules', 'typescript', 'lib', 'tsserver.js');
    // As VS Code starts it (since 1.89 it watches files itself, so tsserver only sends watch requests as events,
    // which this client ignores; tsserver's own recursive watch of node_modules would take seconds here).
    const args = ['--canUseWatchEvents', '--noGetErrOnBackgroundUpdate', '--disableAutomaticTypingAcquisition', '--suppressDiagnosticEvents', '--locale', 'en'];
    this.child = spawn(process.execPath, [tsserver, ...args], { cwd, stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.setEncoding('utf8').on('data', (t: string) => (this.stderr = (this.stderr + t).slice(-2000)));
    this.child.on('exit', (code, signal) => {
      for (const p of this.pending.values()) p.reject(new Error(`tsserver exited (${signal ?? code}): ${this.stderr}`));
      this.pending.clear();
    });
  }

  /** Sends one request and resolves with its response and the client-side round trip in ms. */
  request(command: string, args: unknown): Promise<TsResponse & { ms: number }> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { t0: performance.now(), resolve, reject });
      this.child.stdin.write(`${JSON.stringify({ seq, type: 'request', command, arguments: args })}\n`);
    });
  }

  private onData(chunk: Buffer): void {
    const now = performance.now();
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      if (message.type !== 'response') continue;
      const p = this.pending.get(message.request_seq);
      if (!p) continue;
      this.pending.delete(message.request_seq);
      p.resolve({ ...message, ms: now - p.t0 });
    }
  }

  kill(): void {
    this.child.kill();
  }
}

// ---------- helpers ----------

/** 1-based line and character offset of a string offset, as tsserver wants them. */
function lineOffset(text: string, position: number): { line: number; offset: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, offset: position - lineStart + 1 };
}

/** The one edit turning `before` into `after` (common prefix and suffix), in tsserver's terms. */
function textChange(before: string, after: string) {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return { start: lineOffset(before, start), end: lineOffset(before, endBefore), newText: after.slice(start, endAfter) };
}

function tsconfig() {
  const o = NOTEBOOK_COMPILER_OPTIONS;
  return {
    compilerOptions: {
      target: ts.ScriptTarget[o.target!].toLowerCase(),
      module: 'esnext',
      moduleResolution: 'bundler',
      moduleDetection: 'force',
      lib: o.lib!.map((l) => l.replace(/^lib\.|\.d\.ts$/g, '')),
      types: o.types,
      strictNullChecks: o.strictNullChecks,
      strictFunctionTypes: o.strictFunctionTypes,
      strictBindCallApply: o.strictBindCallApply,
      noImplicitAny: o.noImplicitAny,
      esModuleInterop: o.esModuleInterop,
      allowSyntheticDefaultImports: o.allowSyntheticDefaultImports,
      resolveJsonModule: o.resolveJsonModule,
      skipLibCheck: o.skipLibCheck,
      noEmit: o.noEmit,
      allowJs: o.allowJs,
    },
    files: [path.basename(PEER_FILE), KERNEL_GLOBALS_FILE],
  };
}

const timeAsync = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const value = await f();
  return [value, performance.now() - t0];
};

// ---------- the run ----------

async function main() {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const texts = Array.from({ length: CELLS }, (_, i) => cellText(i));
  const ids = texts.map((_, i) => `cell-${i}`);
  const cellsNow = (): CellText[] => texts.map((text, i) => ({ id: ids[i], text }));
  const steps = keystrokes(texts, WARMUP_KEYSTROKES + KEYSTROKES);

  // --- mlnb, cold: a new service, the first program (lib.d.ts, TF.js's and Node's types) ---
  const t0 = performance.now();
  const service = new LanguageWorkerClient(WORKER, { packageRoot: ROOT });
  const notebook = { uri: 'bench:notebook.mlnb', dir: WORK };
  const coldCompletions = await service.request(notebook, cellsNow(), 'completions', ids[40], texts[40].length);
  const mlnbColdCompletionMs = performance.now() - t0;
  const [coldDiagnostics, mlnbColdDiagnosticsMs] = await timeAsync(() => service.request(notebook, cellsNow(), 'diagnostics'));
  const mlnbCold = { completionMs: mlnbColdCompletionMs, diagnosticsMs: mlnbColdDiagnosticsMs, totalMs: mlnbColdCompletionMs + mlnbColdDiagnosticsMs };
  log(`  language: mlnb cold ${mlnbCold.totalMs.toFixed(0)} ms (${coldCompletions?.entries.length ?? 0} completions, ${[...coldDiagnostics.values()].flat().length} diagnostics)`);

  // --- tsserver, cold: spawn → open → first completion and diagnostics ---
  let peerText = VirtualDocument.build(cellsNow()).text;
  writeFileSync(PEER_FILE, peerText);
  writeFileSync(path.join(WORK, KERNEL_GLOBALS_FILE), KERNEL_GLOBALS_DTS);
  writeFileSync(path.join(WORK, 'tsconfig.json'), `${JSON.stringify(tsconfig(), null, 2)}\n`);
  const p0 = performance.now();
  const server = new TsServer(WORK);
  try {
    await server.request('configure', {
      hostInfo: 'mlnb-bench',
      preferences: { includeCompletionsWithInsertText: true, includeAutomaticOptionalChainCompletions: true, includeCompletionsForModuleExports: false, quotePreference: 'auto' },
    });
    await server.request('open', { file: PEER_FILE, fileContent: peerText, scriptKindName: 'TS', projectRootPath: WORK });
    const first = await server.request('completionInfo', { file: PEER_FILE, ...lineOffset(peerText, VirtualDocument.build(cellsNow()).toVirtual(ids[40], texts[40].length)!) });
    const peerColdCompletionMs = performance.now() - p0;
    const d0 = performance.now();
    await server.request('syntacticDiagnosticsSync', { file: PEER_FILE });
    await server.request('semanticDiagnosticsSync', { file: PEER_FILE });
    const peerCold = { completionMs: peerColdCompletionMs, diagnosticsMs: performance.now() - d0, totalMs: performance.now() - p0 };
    const project = await server.request('projectInfo', { file: PEER_FILE, needFileNameList: true });
    log(`  language: tsserver cold ${peerCold.totalMs.toFixed(0)} ms (${first.body?.entries?.length ?? 0} completions; project ${path.relative(ROOT, project.body?.configFileName ?? '?')}, ${project.body?.fileNames?.length ?? '?'} files)`);

    // --- keystrokes, the two sides alternating ---
    const mlnb = { completion: [] as number[], diagnostics: [] as number[], keystroke: [] as number[], tokens: [] as number[] };
    const peer = { change: [] as number[], completionInfo: [] as number[], completion: [] as number[], syntactic: [] as number[], semantic: [] as number[], diagnostics: [] as number[], keystroke: [] as number[], tokens: [] as number[] };
    const sanity = {
      afterTfDot: [] as { mlnbEntries: number; tsserverEntries: number; mlnbHasSequential: boolean; tsserverHasSequential: boolean }[],
      diagnosticsEqualAt: 0,
      diagnosticsCounts: [] as { keystroke: number; mlnb: number; tsserver: number }[],
      completionCountsEqualAt: 0,
      tokensEqualAt: 0,
      emptyCompletions: { mlnb: 0, tsserver: 0 },
      textsMatch: true,
    };

    // As the extension asks: each request carries the cells; the worker updates its service, then answers.
    const runMlnb = async (k: Keystroke) => {
      const [list, completion] = await timeAsync(() => service.request(notebook, cellsNow(), 'completions', ids[k.cell], k.cursor, k.trigger));
      const [diagnostics, diag] = await timeAsync(() => service.request(notebook, cellsNow(), 'diagnostics'));
      // Semantic highlighting of the edited cell, which VS Code asks for after an edit.
      const [tokens, tokensMs] = await timeAsync(() => service.request(notebook, cellsNow(), 'semanticTokens', ids[k.cell]));
      return { list, diagnostics, completion, diag, tokens, tokensMs };
    };
    /** The same edit on the peer's file: the virtual document's text, built here untimed. */
    const runPeer = async (k: Keystroke, after: VirtualDocument) => {
      const change = await server.request('updateOpen', { changedFiles: [{ fileName: PEER_FILE, textChanges: [textChange(peerText, after.text)] }] });
      peerText = after.text;
      const position = lineOffset(peerText, after.toVirtual(ids[k.cell], k.cursor)!);
      const info = await server.request('completionInfo', { file: PEER_FILE, ...position, triggerCharacter: k.trigger, triggerKind: k.trigger ? 2 : 1 });
      const syntactic = await server.request('syntacticDiagnosticsSync', { file: PEER_FILE });
      const semantic = await server.request('semanticDiagnosticsSync', { file: PEER_FILE });
      const body = after.bodyRange(k.cell);
      const tokens = await server.request('encodedSemanticClassifications-full', { file: PEER_FILE, start: body.pos, length: body.end - body.pos, format: '2020' });
      return { change, info, syntactic, semantic, tokens };
    };

    for (let i = 0; i < steps.length; i++) {
      const k = steps[i];
      texts[k.cell] = texts[k.cell].slice(0, k.at) + k.insert + texts[k.cell].slice(k.at);
      const after = VirtualDocument.build(cellsNow());
      let m: Awaited<ReturnType<typeof runMlnb>>;
      let p: Awaited<ReturnType<typeof runPeer>>;
      if (i % 2 === 0) {
        m = await runMlnb(k);
        p = await runPeer(k, after);
      } else {
        p = await runPeer(k, after);
        m = await runMlnb(k);
      }
      if (peerText !== after.text) sanity.textsMatch = false;
      if (i < WARMUP_KEYSTROKES) continue;
      const n = i - WARMUP_KEYSTROKES;
      mlnb.completion.push(m.completion);
      mlnb.diagnostics.push(m.diag);
      mlnb.keystroke.push(m.completion + m.diag);
      mlnb.tokens.push(m.tokensMs);
      peer.tokens.push(p.tokens.ms);
      if (m.tokens.length / 4 === (p.tokens.body?.spans?.length ?? 0) / 3) sanity.tokensEqualAt++;
      peer.change.push(p.change.ms);
      peer.completionInfo.push(p.info.ms);
      peer.completion.push(p.change.ms + p.info.ms);
      peer.syntactic.push(p.syntactic.ms);
      peer.semantic.push(p.semantic.ms);
      peer.diagnostics.push(p.syntactic.ms + p.semantic.ms);
      peer.keystroke.push(p.change.ms + p.info.ms + p.syntactic.ms + p.semantic.ms);

      const mlnbEntries = m.list?.entries ?? [];
      const peerEntries: { name: string }[] = p.info.body?.entries ?? [];
      if (!mlnbEntries.length) sanity.emptyCompletions.mlnb++;
      if (!peerEntries.length) sanity.emptyCompletions.tsserver++;
      if (mlnbEntries.length === peerEntries.length) sanity.completionCountsEqualAt++;
      const typed = texts[k.cell].slice(0, k.cursor);
      if (typed.endsWith('tf.')) {
        sanity.afterTfDot.push({
          mlnbEntries: mlnbEntries.length,
          tsserverEntries: peerEntries.length,
          mlnbHasSequential: mlnbEntries.some((e) => e.name === 'sequential'),
          tsserverHasSequential: peerEntries.some((e) => e.name === 'sequential'),
        });
      }
      const mlnbCount = [...m.diagnostics.values()].reduce((a, d) => a + d.length, 0);
      const peerCount = (p.syntactic.body?.length ?? 0) + (p.semantic.body?.length ?? 0);
      if (mlnbCount === peerCount) sanity.diagnosticsEqualAt++;
      if (n % 10 === 0 || n === KEYSTROKES - 1) sanity.diagnosticsCounts.push({ keystroke: n, mlnb: mlnbCount, tsserver: peerCount });
      if (n % 20 === 0) log(`  language: keystroke ${n}/${KEYSTROKES}: mlnb ${(m.completion + m.diag).toFixed(1)} ms, tsserver ${(p.change.ms + p.info.ms + p.syntactic.ms + p.semantic.ms).toFixed(1)} ms`);
    }

    // Final state, settled: the same diagnostics?
    const finalMlnb = [...(await service.request(notebook, cellsNow(), 'diagnostics')).values()].flat();
    const finalPeer = [...((await server.request('syntacticDiagnosticsSync', { file: PEER_FILE })).body ?? []), ...((await server.request('semanticDiagnosticsSync', { file: PEER_FILE })).body ?? [])];
    const codes = (list: { code: number | string }[]) => list.map((d) => d.code).sort((a, b) => String(a).localeCompare(String(b), undefined, { numeric: true }));

    const mlnbStats = Object.fromEntries(Object.entries(mlnb).map(([k, v]) => [k, summarize(v)]));
    const peerStats = Object.fromEntries(Object.entries(peer).map(([k, v]) => [k, summarize(v)]));
    const ratio = (a: string, b: string) => ({ p50: mlnbStats[a].p50 / peerStats[b].p50, p95: mlnbStats[a].p95 / peerStats[b].p95 });
    const doc = VirtualDocument.build(cellsNow());
    const result = {
      typescript: ts.version,
      notebook: {
        cells: CELLS,
        cellLines: texts.map((t) => t.split('\n').length).reduce((a, b) => a + b, 0),
        virtualChars: doc.text.length,
        virtualLines: doc.text.split('\n').length,
        edited: SESSIONS.map((s) => ({ cell: s.cell, line: s.line, text: s.text })),
      },
      keystrokes: KEYSTROKES,
      warmupKeystrokes: WARMUP_KEYSTROKES,
      cold: { mlnb: mlnbCold, tsserver: peerCold, ratio: mlnbCold.totalMs / peerCold.totalMs },
      mlnb: mlnbStats,
      tsserver: peerStats,
      ratios: { completion: ratio('completion', 'completion'), diagnostics: ratio('diagnostics', 'diagnostics'), keystroke: ratio('keystroke', 'keystroke'), tokens: ratio('tokens', 'tokens') },
      sanity: {
        ...sanity,
        afterTfDotAllHaveSequential: sanity.afterTfDot.length > 0 && sanity.afterTfDot.every((s) => s.mlnbHasSequential && s.tsserverHasSequential),
        final: { mlnb: finalMlnb.length, tsserver: finalPeer.length, mlnbCodes: codes(finalMlnb), tsserverCodes: codes(finalPeer) },
      },
    };
    console.log(JSON.stringify(result));
  } finally {
    server.kill();
    await service.dispose();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
