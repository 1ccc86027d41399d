// Benchmark 1: a trivial cell's round trip. mlnb: `1 + 1` through KernelSession.execute, measured host-side
// from execute() to its promise resolving (the result output has arrived by then). Peer: ipykernel driven by
// jupyter_client, execute_request -> status idle, measured in Python (bench/python/jupyter_roundtrip.py).
// Blocks of runs alternate between the kernels so load drift hits every side alike.
//   node --import tsx bench/roundtrip.ts --backends tensorflow,wasm,cpu [--python PATH | --no-python]
import path from 'node:path';
import { BenchKernel, ROOT } from './lib/kernel';
import { LineChild } from './lib/lineChild.mjs';
import { summarize, log } from './lib/stats.mjs';
import type { BackendName } from '../src/core/protocol';

const WARMUP = 20;
const ROUNDS = 4;
const PER_ROUND = 50; // 200 timed runs per side

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const backends = (arg('backends') ?? 'tensorflow,wasm,cpu').split(',').filter(Boolean) as BackendName[];
  const python = process.argv.includes('--no-python') ? undefined : arg('python');
  const skipped: Record<string, string> = {};
  const kernels: BenchKernel[] = [];
  for (const backend of backends) {
    const kernel = new BenchKernel(backend);
    try {
      await kernel.start();
      const check = await kernel.runOk('1 + 1');
      if (check.value !== '2') throw new Error(`1 + 1 gave ${check.value}`);
      kernels.push(kernel);
    } catch (error) {
      skipped[backend] = (error as Error).message.split('\n')[0];
      log(`  roundtrip/${backend}: skipped — ${skipped[backend]}`);
      await kernel.shutdown();
    }
  }

  let jupyter: LineChild | undefined;
  let jupyterInfo: Record<string, unknown> | undefined;
  if (python) {
    jupyter = new LineChild(python, [path.join(ROOT, 'bench', 'python', 'jupyter_roundtrip.py')], { cwd: ROOT });
    try {
      jupyterInfo = await jupyter.next(undefined, 120_000);
      await jupyter.next(`run ${WARMUP}`);
    } catch (error) {
      skipped.jupyter = (error as Error).message.split('\n')[0];
      log(`  roundtrip/jupyter: skipped — ${skipped.jupyter}`);
      await jupyter.close();
      jupyter = undefined;
    }
  } else {
    skipped.jupyter = 'Python peers disabled (--no-python)';
  }

  const samples = new Map<string, number[]>(kernels.map((k) => [k.backend, []]));
  const jupyterIdle: number[] = [];
  const jupyterReply: number[] = [];
  try {
    for (const kernel of kernels) for (let i = 0; i < WARMUP; i++) await kernel.runOk('1 + 1');
    for (let round = 0; round < ROUNDS; round++) {
      for (const kernel of kernels) {
        for (let i = 0; i < PER_ROUND; i++) samples.get(kernel.backend)!.push((await kernel.run('1 + 1')).e2eMs);
      }
      if (jupyter) {
        const block = await jupyter.next(`run ${PER_ROUND}`);
        jupyterIdle.push(...block.idleMs);
        jupyterReply.push(...block.replyMs);
      }
      log(`  roundtrip round ${round + 1}/${ROUNDS} done`);
    }
  } finally {
    await Promise.allSettled([...kernels.map((k) => k.shutdown()), jupyter?.close()]);
  }

  const jupyterStats = jupyterIdle.length ? summarize(jupyterIdle) : undefined;
  const results: Record<string, unknown> = {};
  for (const [backend, values] of samples) {
    const stats = summarize(values);
    results[backend] = {
      ...stats,
      ratioP50: jupyterStats ? stats.p50 / jupyterStats.p50 : null,
      ratioP95: jupyterStats ? stats.p95 / jupyterStats.p95 : null,
    };
  }
  console.log(
    JSON.stringify({
      runsPerSide: ROUNDS * PER_ROUND,
      warmup: WARMUP,
      mlnb: results,
      jupyter: jupyterStats ? { ...jupyterStats, untilReply: summarize(jupyterReply), ...jupyterInfo } : null,
      skipped,
    }),
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
