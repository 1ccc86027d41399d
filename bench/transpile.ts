// Benchmark 4b: per-cell transpile time of src/core/cellTranspiler.ts `transpileCell` (esbuild type strip +
// acorn parse + REPL rewrite + source-map remap) on a typical 20-line cell and a 200-line cell, vs esbuild's
// bare `transformSync(code, { loader: 'ts' })` as the peer. The variants alternate per iteration.
//   node --import tsx bench/transpile.ts
import { transformSync } from 'esbuild';
import { transpileCell } from '../src/core/cellTranspiler';
import { summarize } from './lib/stats.mjs';

/** A typical notebook cell: imports, typed helpers, a model, a top-level await, a trailing expression. */
function block(i: number): string {
  return `import * as tfn${i} from '@tensorflow/tfjs';
interface Batch${i} { xs: tfn${i}.Tensor2D; ys: tfn${i}.Tensor2D }
const units${i}: number = 64;
const lr${i} = 1e-3 as const;
function makeBatch${i}(n: number, dim: number = 784): Batch${i} {
  const xs = tf.randomNormal([n, dim]) as tfn${i}.Tensor2D;
  const ys = tf.oneHot(tf.randomUniform([n], 0, 10, 'int32') as tfn${i}.Tensor1D, 10).toFloat() as tfn${i}.Tensor2D;
  return { xs, ys };
}
class Scaler${i}<T extends number> {
  constructor(private readonly factor: T) {}
  apply(values: number[]): number[] { return values.map((v) => v * this.factor); }
}
const model${i} = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: units${i}, activation: 'relu' }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
model${i}.compile({ optimizer: tf.train.adam(lr${i}), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const { xs: xs${i}, ys: ys${i} } = makeBatch${i}(256);
const history${i} = await model${i}.fit(xs${i}, ys${i}, { epochs: 1, batchSize: 64, verbose: 0 });
let best${i}: number | undefined = undefined;
for (const acc of history${i}.history.acc as number[]) best${i} = Math.max(best${i} ?? 0, acc);
const scaled${i} = new Scaler${i}(2).apply([best${i} ?? 0]);
scaled${i}`;
}

const CELLS = {
  '20 lines': block(0),
  '200 lines': Array.from({ length: 10 }, (_, i) => block(i)).join('\n'),
};
const ITERATIONS: Record<string, number> = { '20 lines': 400, '200 lines': 150 };
const WARMUP = 30;

function time(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

const results: Record<string, unknown> = {};
for (const [name, source] of Object.entries(CELLS)) {
  const lines = source.split('\n').length;
  const variants = {
    transpileCell: () => transpileCell(source, 'In[1]'),
    esbuildBare: () => transformSync(source, { loader: 'ts' }),
    // For the breakdown only: esbuild called the way transpileCell calls it (source map, ESM, es2022).
    esbuildAsMlnb: () =>
      transformSync(source, {
        loader: 'ts', format: 'esm', target: 'es2022', sourcemap: 'external', sourcefile: 'In[1]',
        tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } }, logLevel: 'silent',
      }),
  };
  for (let i = 0; i < WARMUP; i++) for (const f of Object.values(variants)) f();
  const samples: Record<string, number[]> = { transpileCell: [], esbuildBare: [], esbuildAsMlnb: [] };
  for (let i = 0; i < ITERATIONS[name]; i++) {
    for (const [variant, f] of Object.entries(variants)) samples[variant].push(time(f));
  }
  const mlnb = summarize(samples.transpileCell);
  const peer = summarize(samples.esbuildBare);
  results[name] = { lines, iterations: ITERATIONS[name], transpileCell: mlnb, esbuildBare: peer, esbuildAsMlnb: summarize(samples.esbuildAsMlnb), ratioP50: mlnb.p50 / peer.p50, ratioP95: mlnb.p95 / peer.p95 };
}
console.log(JSON.stringify({ results }));
process.exit(0);
