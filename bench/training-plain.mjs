// The plain-Node peer of the training benchmark: `node bench/training-plain.mjs <backend> <epochs>`.
// Runs the same cell source the kernel runs (bench/lib/mlp.mjs) in one async function, then waits for
// "run" lines on stdin and answers each with {"ms": <duration of one timed fit>}.
import readline from 'node:readline';
import { loadPlainTf, describeError } from './lib/tfPlain.mjs';
import { SETUP_CELL, fitStatement } from './lib/mlp.mjs';

const [backend, epochsArg] = process.argv.slice(2);
const epochs = Number(epochsArg);
const AsyncFunction = (async () => {}).constructor;

let trial;
try {
  const tf = await loadPlainTf(backend);
  const body = `${SETUP_CELL}
${fitStatement(1)}
return async () => { const t0 = performance.now(); ${fitStatement(epochs)} return performance.now() - t0; };`;
  const t0 = performance.now();
  trial = await new AsyncFunction('tf', body)(tf);
  console.log(JSON.stringify({ ready: true, backend: tf.getBackend(), setupAndWarmupMs: performance.now() - t0 }));
} catch (error) {
  console.log(JSON.stringify({ ready: false, reason: describeError(error) }));
  process.exit(0);
}

for await (const line of readline.createInterface({ input: process.stdin })) {
  if (line.trim() === 'run') console.log(JSON.stringify({ ms: await trial() }));
  else if (line.trim() === 'quit') break;
}
process.exit(0);
