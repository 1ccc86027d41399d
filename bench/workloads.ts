// Benchmark: the training workloads of bench/lib/workloads.json (MLP, CNN, LSTM) as notebook cells in mlnb's kernel,
// on one backend, twice: eager (mlnb.compiledTraining off) and compiled (auto). The compiled kernel's numbers count
// only when its log says the fit ran the compiled path (issue 17); otherwise its slot carries the reason, never eager
// numbers under its name. When both run, their trials alternate (ABBA) so load drift hits both alike.
// scripts/bench.mjs adds Keras and PyTorch (bench/python/frameworks.py) measured in the same run.
//   node --import tsx bench/workloads.ts [--backend tensorflow] [--workloads mlp,cnn,lstm] [--budget 45]
import { BenchKernel } from './lib/kernel';
import { loadWorkloads, setupCell, fitStatement, compiledPathReport } from './lib/workloads.mjs';
import { median, log } from './lib/stats.mjs';
import type { BackendName } from '../src/core/protocol';

/** Carries mlnb.compiledTraining to a kernel (src/core/protocol.ts on the compiled-training branch reads it). */
const COMPILED_TRAINING_ENV = 'MLNB_COMPILED_TRAINING';
const MIN_TRIALS = 2;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

type Table = ReturnType<typeof loadWorkloads>;
type Workload = Table['workloads'][number];

interface Side {
  kernel: BenchKernel;
  logLines: string[];
}

interface Timing {
  e2eMs: number;
  inCellMs: number;
  cpuMs: number;
}

/** Runs `epochs` epochs of the workload's fit as a cell; wall time host-side, CPU time of kernel + host share. */
async function timedFit(side: Side, table: Table, prefix: string, epochs: number): Promise<Timing> {
  const cell = [
    'const benchC0 = process.cpuUsage();',
    'const benchT0 = performance.now();',
    fitStatement(table, epochs, prefix),
    'const benchCpu = process.cpuUsage(benchC0);',
    '[performance.now() - benchT0, (benchCpu.user + benchCpu.system) / 1000]',
  ].join('\n');
  const host0 = process.cpuUsage();
  const run = await side.kernel.runOk(cell);
  const host = process.cpuUsage(host0);
  const numbers = (run.value ?? '').match(/[\d.e+-]+/g)?.map(Number);
  if (!numbers || numbers.length !== 2) throw new Error(`the timed cell returned ${JSON.stringify(run.value)}, not [wall ms, cpu ms]`);
  return { e2eMs: run.e2eMs, inCellMs: numbers[0], cpuMs: numbers[1] + (host.user + host.system) / 1000 };
}

function rates(w: Workload, first: Timing, trials: Timing[]) {
  const samples = w.samples * w.epochs;
  const wall = trials.map((t) => t.e2eMs);
  return {
    firstFitMs: first.e2eMs,
    firstFitInCellMs: first.inCellMs,
    firstFitSamplesPerSec: w.samples / (first.e2eMs / 1000),
    trialsMs: wall,
    inCellMs: trials.map((t) => t.inCellMs),
    cpuMs: trials.map((t) => t.cpuMs),
    medianMs: median(wall),
    samplesPerSec: samples / (median(wall) / 1000),
    bestSamplesPerSec: samples / (Math.min(...wall) / 1000),
    samplesPerCpuSec: samples / (median(trials.map((t) => t.cpuMs)) / 1000),
  };
}

async function startSide(backend: BackendName, setting: 'off' | 'auto'): Promise<Side & { versions: unknown }> {
  const logLines: string[] = [];
  const kernel = new BenchKernel(backend, { env: { [COMPILED_TRAINING_ENV]: setting }, onLog: (line) => logLines.push(line) });
  const report = await kernel.start();
  return { kernel, logLines, versions: report.versions };
}

async function benchWorkload(table: Table, w: Workload, eager: Side, compiled: Side | undefined, compiledUnavailable: string | undefined, budgetS: number) {
  const prefix = `bench_${w.name}_`;
  await eager.kernel.runOk(setupCell(table, w, prefix));
  const eagerFirst = await timedFit(eager, table, prefix, 1);
  log(`  workloads/${w.name}: eager first fit (1 epoch) ${eagerFirst.e2eMs.toFixed(0)} ms`);

  let compiledFirst: Timing | undefined;
  let notCompiled = compiledUnavailable;
  if (compiled && !notCompiled) {
    const mark = compiled.logLines.length;
    try {
      await compiled.kernel.runOk(setupCell(table, w, prefix));
      compiledFirst = await timedFit(compiled, table, prefix, 1);
      const report = compiledPathReport(compiled.logLines.slice(mark));
      if (!report.compiled) notCompiled = report.reason;
    } catch (error) {
      notCompiled = `the compiled kernel failed: ${(error as Error).message.split('\n')[0]}`;
    }
    log(`  workloads/${w.name}: compiled ${notCompiled ? `not available (${notCompiled})` : `first fit (1 epoch) ${compiledFirst!.e2eMs.toFixed(0)} ms`}`);
  }
  const withCompiled = !notCompiled && compiled !== undefined && compiledFirst !== undefined;

  // A first fit runs about as long as a steady epoch plus first-call costs, so this never underestimates a round.
  const roundMs = w.epochs * (eagerFirst.e2eMs + (withCompiled ? compiledFirst!.e2eMs : 0));
  const trials = Math.max(MIN_TRIALS, Math.min(w.trials, Math.floor((budgetS * 1000) / roundMs)));
  const eagerTrials: Timing[] = [];
  const compiledTrials: Timing[] = [];
  for (let round = 0; round < trials; round++) {
    const order = !withCompiled ? ['eager'] : round % 2 === 0 ? ['eager', 'compiled'] : ['compiled', 'eager'];
    for (const side of order) {
      if (side === 'eager') eagerTrials.push(await timedFit(eager, table, prefix, w.epochs));
      else compiledTrials.push(await timedFit(compiled!, table, prefix, w.epochs));
    }
    log(
      `  workloads/${w.name} round ${round + 1}/${trials}: eager ${eagerTrials.at(-1)!.e2eMs.toFixed(0)} ms` +
        (withCompiled ? `, compiled ${compiledTrials.at(-1)!.e2eMs.toFixed(0)} ms` : ''),
    );
  }
  // Free the workload's tensors before the next one (the kernels live on).
  const dispose = `${prefix}X.dispose(); ${prefix}Y.dispose(); ${prefix}Model.dispose();`;
  await eager.kernel.runOk(dispose);
  if (compiledFirst) await compiled!.kernel.runOk(dispose).catch(() => undefined);
  return {
    label: w.label,
    samples: w.samples,
    epochs: w.epochs,
    batch: table.batch,
    trials,
    eager: rates(w, eagerFirst, eagerTrials),
    compiled: withCompiled ? { available: true, ...rates(w, compiledFirst!, compiledTrials) } : { available: false, reason: notCompiled },
  };
}

async function main() {
  const backend = (arg('backend') ?? 'tensorflow') as BackendName;
  const names = arg('workloads')?.split(',').map((s) => s.trim()).filter(Boolean);
  const budgetS = Number(arg('budget') ?? 45);
  if (!(budgetS > 0)) throw new Error(`--budget must be a positive number of seconds, got ${arg('budget')}`);
  const table = loadWorkloads(names);
  const eager = await startSide(backend, 'off');
  let compiled: Side | undefined;
  let compiledUnavailable: string | undefined;
  if (backend !== 'tensorflow') {
    compiledUnavailable = `compiled training needs the tensorflow backend; this run is on ${backend}`;
  } else {
    try {
      compiled = await startSide(backend, 'auto');
    } catch (error) {
      compiledUnavailable = `the compiled kernel did not start: ${(error as Error).message.split('\n')[0]}`;
    }
  }
  const workloads: Record<string, unknown> = {};
  const skipped: Record<string, string> = {};
  try {
    for (const w of table.workloads) {
      try {
        workloads[w.name] = await benchWorkload(table, w, eager, compiled, compiledUnavailable, budgetS);
      } catch (error) {
        skipped[w.name] = (error as Error).message.split('\n')[0];
        log(`  workloads/${w.name}: skipped — ${skipped[w.name]}`);
      }
    }
  } finally {
    await Promise.allSettled([eager.kernel.shutdown(), compiled?.kernel.shutdown()]);
  }
  console.log(JSON.stringify({ backend, versions: eager.versions, batch: table.batch, workloads, skipped }));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
