// Benchmark 2: the same MLP trained as a notebook cell in mlnb's kernel vs as a plain `node` script on the
// same backend. Trials alternate kernel/plain (ABBA) in one run; the ratio is kernel median / plain median.
//   node --import tsx bench/training.ts --backends tensorflow,wasm,cpu
import path from 'node:path';
import { BenchKernel, ROOT } from './lib/kernel';
import { LineChild } from './lib/lineChild.mjs';
import { SETUP_CELL, SAMPLES, BATCH, fitStatement } from './lib/mlp.mjs';
import { median, log } from './lib/stats.mjs';
import type { BackendName } from '../src/core/protocol';

/** Sized so one full run stays within a few minutes on 2 cores (cpu is ~10x slower than native). */
const PLAN: Record<BackendName, { epochs: number; trials: number }> = {
  tensorflow: { epochs: 3, trials: 4 },
  wasm: { epochs: 3, trials: 3 },
  cpu: { epochs: 2, trials: 2 },
};

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function benchBackend(backend: BackendName) {
  const { epochs, trials } = PLAN[backend];
  const kernel = new BenchKernel(backend);
  const plain = new LineChild(process.execPath, [path.join(ROOT, 'bench', 'training-plain.mjs'), backend, String(epochs)], { cwd: ROOT });
  try {
    const report = await kernel.start();
    const setup = await kernel.runOk(SETUP_CELL);
    const warm = await kernel.runOk(fitStatement(1));
    const plainReady = await plain.next(undefined);
    if (!plainReady.ready) throw new Error(`plain node peer could not start: ${plainReady.reason}`);
    log(`  training/${backend}: kernel setup ${setup.e2eMs.toFixed(0)} ms + warm-up epoch ${warm.e2eMs.toFixed(0)} ms; plain setup+warm-up ${plainReady.setupAndWarmupMs.toFixed(0)} ms`);

    const timedCell = `const benchT0 = performance.now();\n${fitStatement(epochs)}\nperformance.now() - benchT0`;
    const kernelE2e: number[] = [];
    const kernelInCell: number[] = [];
    const kernelReported: number[] = [];
    const plainMs: number[] = [];
    for (let round = 0; round < trials; round++) {
      const order = round % 2 === 0 ? ['kernel', 'plain'] : ['plain', 'kernel'];
      for (const side of order) {
        if (side === 'kernel') {
          const run = await kernel.runOk(timedCell);
          kernelE2e.push(run.e2eMs);
          kernelInCell.push(Number(run.value));
          if ('durationMs' in run.outcome) kernelReported.push(run.outcome.durationMs);
        } else {
          plainMs.push((await plain.next('run')).ms);
        }
      }
      log(`  training/${backend} round ${round + 1}/${trials}: kernel ${kernelE2e.at(-1)!.toFixed(0)} ms, plain ${plainMs.at(-1)!.toFixed(0)} ms`);
    }
    const samples = SAMPLES * epochs;
    const k = median(kernelE2e);
    const p = median(plainMs);
    return {
      backend,
      versions: report.versions,
      epochs,
      trials,
      samplesPerTrial: samples,
      kernelE2eMs: kernelE2e,
      kernelInCellMs: kernelInCell,
      kernelReportedMs: kernelReported,
      plainMs,
      kernelMedianMs: k,
      plainMedianMs: p,
      ratio: k / p,
      overheadPct: (k / p - 1) * 100,
      inCellOverheadPct: (median(kernelInCell) / p - 1) * 100,
      kernelSamplesPerSec: samples / (k / 1000),
      plainSamplesPerSec: samples / (p / 1000),
    };
  } finally {
    await Promise.allSettled([kernel.shutdown(), plain.close()]);
  }
}

async function main() {
  const backends = (arg('backends') ?? 'tensorflow,wasm,cpu').split(',').filter(Boolean) as BackendName[];
  const results: Record<string, unknown> = {};
  const skipped: Record<string, string> = {};
  for (const backend of backends) {
    try {
      results[backend] = await benchBackend(backend);
    } catch (error) {
      skipped[backend] = (error as Error).message.split('\n')[0];
      log(`  training/${backend}: skipped — ${skipped[backend]}`);
    }
  }
  console.log(JSON.stringify({ samples: SAMPLES, batch: BATCH, results, skipped }));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
