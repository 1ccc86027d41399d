// Benchmark 2: the same MLP trained as a notebook cell in mlnb's kernel vs as a plain `node` script on the
// same backend. Trials alternate kernel/plain (ABBA) in one run; the ratio is kernel median / plain median.
//   node --import tsx bench/training.ts --backends tensorflow,wasm,cpu
import path from 'node:path';
import { BenchKernel, ROOT } from './lib/kernel';
import { LineChild } from './lib/lineChild.mjs';
import { SETUP_CELL, SAMPLES, BATCH, fitStatement } from './lib/mlp.mjs';
import { median, log } from './lib/stats.mjs';
import type { BackendName } from '../src/core/protocol';

/**
 * Sized so one full run stays within a few minutes on 2 cores (cpu is ~10x slower than native): at most
 * `trials` rounds, fewer (never under 2) when the warm-up epoch says the rounds would overrun `budgetS`.
 */
const PLAN: Record<BackendName, { epochs: number; trials: number; budgetS: number; diagnose: boolean }> = {
  // diagnose: each round also runs the plain script's fit wrapped in mlnb's TrainingMonitor (same process), to
  // show what the kernel's progress reporting costs by itself, apart from the rest of the kernel.
  tensorflow: { epochs: 3, trials: 8, budgetS: 60, diagnose: true },
  wasm: { epochs: 3, trials: 5, budgetS: 75, diagnose: false },
  cpu: { epochs: 2, trials: 3, budgetS: 90, diagnose: false },
};
const MIN_TRIALS = 2;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function benchBackend(backend: BackendName) {
  const { epochs, budgetS, diagnose } = PLAN[backend];
  const kernel = new BenchKernel(backend);
  const plain = new LineChild(process.execPath, [path.join(ROOT, 'bench', 'training-plain.mjs'), backend, String(epochs)], { cwd: ROOT });
  try {
    const report = await kernel.start();
    const setup = await kernel.runOk(SETUP_CELL);
    const warm = await kernel.runOk(fitStatement(1));
    const plainReady = await plain.next(undefined);
    if (!plainReady.ready) throw new Error(`plain node peer could not start: ${plainReady.reason}`);
    // One round = a kernel fit + a plain fit of `epochs` epochs each; the warm-up epoch (first-call costs
    // included) runs about twice as long as a steady one.
    const roundMs = ((diagnose ? 4 : 2) / 2) * epochs * warm.e2eMs;
    const trials = Math.max(MIN_TRIALS, Math.min(PLAN[backend].trials, Math.floor((budgetS * 1000) / roundMs)));
    log(`  training/${backend}: kernel setup ${setup.e2eMs.toFixed(0)} ms + warm-up epoch ${warm.e2eMs.toFixed(0)} ms; plain setup+warm-up ${plainReady.setupAndWarmupMs.toFixed(0)} ms`);

    // Wall time is what a user feels, but on a shared 2-core machine other work swings it by ±30 %; CPU time
    // (all threads of the process, plus the host's share for the kernel) is far steadier and still counts
    // every bit of work the kernel adds (progress callbacks, IPC, output serialisation).
    const timedCell = [
      'const benchC0 = process.cpuUsage();',
      'const benchT0 = performance.now();',
      fitStatement(epochs),
      'const benchCpu = process.cpuUsage(benchC0);',
      '[performance.now() - benchT0, (benchCpu.user + benchCpu.system) / 1000]',
    ].join('\n');
    const kernelE2e: number[] = [];
    const kernelInCell: number[] = [];
    const kernelCpu: number[] = [];
    const hostCpu: number[] = [];
    const plainMs: number[] = [];
    const plainCpu: number[] = [];
    const pairedRatios: number[] = [];
    const pairedCpuRatios: number[] = [];
    const callbackCpuRatios: number[] = [];
    const callbackWallRatios: number[] = [];
    for (let round = 0; round < trials; round++) {
      const order = round % 2 === 0 ? ['kernel', 'plain'] : ['plain', 'kernel'];
      for (const side of order) {
        if (side === 'kernel') {
          const host0 = process.cpuUsage();
          const run = await kernel.runOk(timedCell);
          const host = process.cpuUsage(host0);
          const [inCellMs, cpuMs] = (run.value ?? '').match(/[\d.e+-]+/g)!.map(Number);
          kernelE2e.push(run.e2eMs);
          kernelInCell.push(inCellMs);
          hostCpu.push((host.user + host.system) / 1000);
          kernelCpu.push(cpuMs + hostCpu.at(-1)!);
        } else {
          const answer = await plain.next('run');
          plainMs.push(answer.ms);
          plainCpu.push(answer.cpuMs);
        }
      }
      if (diagnose) {
        const withCallback = await plain.next('run monitor');
        const again = await plain.next('run');
        callbackCpuRatios.push(withCallback.cpuMs / ((plainCpu.at(-1)! + again.cpuMs) / 2));
        callbackWallRatios.push(withCallback.ms / ((plainMs.at(-1)! + again.ms) / 2));
      }
      pairedRatios.push(kernelE2e.at(-1)! / plainMs.at(-1)!);
      pairedCpuRatios.push(kernelCpu.at(-1)! / plainCpu.at(-1)!);
      log(
        `  training/${backend} round ${round + 1}/${trials}: kernel ${kernelE2e.at(-1)!.toFixed(0)} ms (cpu ${kernelCpu.at(-1)!.toFixed(0)} ms), ` +
          `plain ${plainMs.at(-1)!.toFixed(0)} ms (cpu ${plainCpu.at(-1)!.toFixed(0)} ms)`,
      );
    }
    const samples = SAMPLES * epochs;
    const k = median(kernelE2e);
    const p = median(plainMs);
    const cpuRatio = median(kernelCpu) / median(plainCpu);
    return {
      backend,
      versions: report.versions,
      epochs,
      trials,
      samplesPerTrial: samples,
      kernelE2eMs: kernelE2e,
      kernelInCellMs: kernelInCell,
      kernelCpuMs: kernelCpu,
      hostCpuMs: hostCpu,
      plainMs,
      plainCpuMs: plainCpu,
      kernelMedianMs: k,
      plainMedianMs: p,
      /** Wall time, ratio of medians. */
      ratio: k / p,
      overheadPct: (k / p - 1) * 100,
      /** Median of the per-round kernel/plain ratios (the two runs of a round saw similar load). */
      pairedRatio: median(pairedRatios),
      /** Best-of ratio: each side's fastest trial. */
      bestRatio: Math.min(...kernelE2e) / Math.min(...plainMs),
      inCellOverheadPct: (median(kernelInCell) / p - 1) * 100,
      /** CPU time (kernel process + host share) / CPU time of the plain process: the steadiest measure. */
      cpuRatio,
      cpuOverheadPct: (cpuRatio - 1) * 100,
      pairedCpuRatio: median(pairedCpuRatios),
      pairedRatios,
      pairedCpuRatios,
      /** Plain script, same process: fit wrapped in mlnb's TrainingMonitor vs fit alone (bracketed by two plain runs). */
      monitorDiagnostic: diagnose ? { cpuRatios: callbackCpuRatios, wallRatios: callbackWallRatios, cpuOverheadPct: (median(callbackCpuRatios) - 1) * 100, wallOverheadPct: (median(callbackWallRatios) - 1) * 100 } : null,
      kernelSamplesPerSec: samples / (k / 1000),
      plainSamplesPerSec: samples / (p / 1000),
      kernelBestSamplesPerSec: samples / (Math.min(...kernelE2e) / 1000),
      plainBestSamplesPerSec: samples / (Math.min(...plainMs) / 1000),
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
