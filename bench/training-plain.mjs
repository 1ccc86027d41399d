// The plain-Node peer of the training benchmark: `node bench/training-plain.mjs <backend> <epochs>`.
// Runs the same cell source the kernel runs (bench/lib/mlp.mjs) in one async function, then waits for
// "run" (or "run monitor") lines on stdin and answers each with {"ms": wall time, "cpuMs": CPU time of this process (all threads)} of one timed fit.
import readline from 'node:readline';
import { loadPlainTf, describeError } from './lib/tfPlain.mjs';
import { SETUP_CELL, fitStatement } from './lib/mlp.mjs';

const [backend, epochsArg] = process.argv.slice(2);
const epochs = Number(epochsArg);
const AsyncFunction = (async () => {}).constructor;

let trial;
let tfModule;
let monitoredFit;

/**
 * Diagnostic: the same fit with mlnb's own TrainingMonitor (src/kernel/trainingMonitor.ts) wrapped around it,
 * its outputs dropped — what the kernel adds to `fit`, minus IPC, measured inside this one process.
 */
async function monitoredTrial() {
  const proto = tfModule.LayersModel.prototype;
  const original = proto.fit;
  if (!monitoredFit) {
    // tsx loads the TypeScript source (scoped to this import); it has no effect on the fit itself.
    const { tsImport } = await import('tsx/esm/api');
    const { TrainingMonitor } = await tsImport('../src/kernel/trainingMonitor.ts', import.meta.url);
    new TrainingMonitor(tfModule, () => ({ start() {}, update() {} })).install();
    monitoredFit = proto.fit;
    proto.fit = original;
  }
  proto.fit = monitoredFit;
  try {
    return await trial();
  } finally {
    proto.fit = original;
  }
}
try {
  const tf = await loadPlainTf(backend);
  const body = `${SETUP_CELL}
${fitStatement(1)}
return async () => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  ${fitStatement(epochs)}
  const cpu = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
};`;
  const t0 = performance.now();
  trial = await new AsyncFunction('tf', body)(tf);
  tfModule = tf;
  console.log(JSON.stringify({ ready: true, backend: tf.getBackend(), setupAndWarmupMs: performance.now() - t0 }));
} catch (error) {
  console.log(JSON.stringify({ ready: false, reason: describeError(error) }));
  process.exit(0);
}

for await (const line of readline.createInterface({ input: process.stdin })) {
  // "run": the fit as the cell has it; "run monitor": the same fit inside mlnb's TrainingMonitor (diagnostic)
  if (line.trim() === 'run') console.log(JSON.stringify(await trial()));
  else if (line.trim() === 'run monitor') console.log(JSON.stringify(await monitoredTrial()));
  else if (line.trim() === 'quit') break;
}
process.exit(0);
