// Benchmark 4a: kernel cold start — fork → first tf op result — per backend, vs a plain `node -e` that
// requires TF.js on the same backend and prints the same op's result (spawn → result line on stdout).
// Kernel and peer alternate; one untimed run of each first warms the disk cache.
//   node --import tsx bench/cold.ts --backends tensorflow,wasm,cpu
import { spawn } from 'node:child_process';
import { BenchKernel, ROOT } from './lib/kernel';
import { coldPeerProgram } from './lib/tfPlain.mjs';
import { median, summarize, log } from './lib/stats.mjs';
import type { BackendName } from '../src/core/protocol';

const RUNS = 5;
const FIRST_OP = 'tf.ones([2]).sum().dataSync()[0]';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function kernelColdStart(backend: BackendName) {
  const t0 = performance.now();
  const kernel = new BenchKernel(backend);
  let readyMs = NaN;
  // The kernel's first message is 'ready' (it answers before TF.js has loaded).
  kernel.session.onStart((process) => process.child.once('message', () => (readyMs = performance.now() - t0)));
  try {
    const backendPromise = kernel.start().then(() => performance.now() - t0);
    const run = await kernel.runOk(FIRST_OP);
    const totalMs = performance.now() - t0;
    const backendMs = await backendPromise; // throws if the kernel fell back to another backend
    if (run.value !== '2') throw new Error(`first op gave ${run.value}`);
    return { totalMs, readyMs, backendMs };
  } finally {
    await kernel.shutdown();
  }
}

function peerColdStart(backend: BackendName): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['-e', coldPeerProgram(backend)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let done = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      if (!done && /RESULT 2\b/.test(out)) {
        done = true;
        resolve(performance.now() - t0);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (err = (err + text).slice(-2000)));
    child.on('exit', (code) => {
      if (!done) reject(new Error(`plain node peer exited ${code} without a result: ${err.split('\n').slice(-3).join(' ')}`));
    });
  });
}

async function main() {
  const backends = (arg('backends') ?? 'tensorflow,wasm,cpu').split(',').filter(Boolean) as BackendName[];
  const results: Record<string, unknown> = {};
  const skipped: Record<string, string> = {};
  for (const backend of backends) {
    try {
      await kernelColdStart(backend); // warm-up, untimed
      await peerColdStart(backend);
      const kernel: { totalMs: number; readyMs: number; backendMs: number }[] = [];
      const peer: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        if (i % 2 === 0) {
          kernel.push(await kernelColdStart(backend));
          peer.push(await peerColdStart(backend));
        } else {
          peer.push(await peerColdStart(backend));
          kernel.push(await kernelColdStart(backend));
        }
      }
      const total = kernel.map((k) => k.totalMs);
      results[backend] = {
        runs: RUNS,
        kernelMs: summarize(total),
        kernelReadyMs: median(kernel.map((k) => k.readyMs)),
        kernelBackendMs: median(kernel.map((k) => k.backendMs)),
        peerMs: summarize(peer),
        ratio: median(total) / median(peer),
        raw: { kernel, peer },
      };
      log(`  cold/${backend}: kernel ${median(total).toFixed(0)} ms, plain node ${median(peer).toFixed(0)} ms`);
    } catch (error) {
      skipped[backend] = (error as Error).message.split('\n')[0];
      log(`  cold/${backend}: skipped — ${skipped[backend]}`);
    }
  }
  console.log(JSON.stringify({ firstOp: FIRST_OP, results, skipped }));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
