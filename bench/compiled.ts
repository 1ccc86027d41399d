// Benchmark: a model trained by TF.js's eager fit vs mlnb's compiled training step (src/kernel/compiledTraining),
// in one plain Node process on the tensorflow backend. Trials alternate eager/compiled (ABBA), each side on its
// own copy of the model from the same initial weights. Workloads: the MLP of bench/lib/mlp.mjs, and a small CNN
// (28x28x1 -> conv 8 3x3 relu -> max pool 2 -> dense 10 softmax) and an LSTM(32) over 20 steps x 8 features ->
// dense 10 softmax; adam, batch 128.
//   node --import tsx bench/compiled.ts [--workload mlp|cnn|lstm] [--epochs 3] [--trials 6]
import { loadGraphAddon } from '../src/kernel/compiledTraining/addon';
import { CompiledTraining } from '../src/kernel/compiledTraining/compiledFit';
import { SETUP_CELL, SAMPLES, BATCH } from './lib/mlp.mjs';
import { loadPlainTf } from './lib/tfPlain.mjs';
import { median, log } from './lib/stats.mjs';

type Tf = typeof import('@tensorflow/tfjs');
type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Tensor = import('@tensorflow/tfjs').Tensor;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const CNN_SAMPLES = 4096;
const CNN_SETUP = `
const benchX = tf.randomNormal([${CNN_SAMPLES}, 28, 28, 1]);
const benchY = tf.oneHot(tf.randomUniform([${CNN_SAMPLES}], 0, 10, 'int32'), 10).toFloat();
const benchModel = tf.sequential();
benchModel.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu' }));
benchModel.add(tf.layers.maxPooling2d({ poolSize: 2 }));
benchModel.add(tf.layers.flatten());
benchModel.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
benchModel.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
`;

const LSTM_SAMPLES = 2048;
const LSTM_SETUP = `
const benchX = tf.randomNormal([${LSTM_SAMPLES}, 20, 8]);
const benchY = tf.oneHot(tf.randomUniform([${LSTM_SAMPLES}], 0, 10, 'int32'), 10).toFloat();
const benchModel = tf.sequential();
benchModel.add(tf.layers.lstm({ inputShape: [20, 8], units: 32 }));
benchModel.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
benchModel.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
`;

/** Runs the workload's setup cell source with `tf` in scope and returns its model and data. */
async function setup(tf: Tf, source: string): Promise<{ model: LayersModel; x: Tensor; y: Tensor }> {
  const AsyncFunction = (async () => undefined).constructor as new (...args: string[]) => (tf: Tf) => Promise<{ model: LayersModel; x: Tensor; y: Tensor }>;
  return new AsyncFunction('tf', `${source}\nreturn { model: benchModel, x: benchX, y: benchY };`)(tf);
}

async function main() {
  const workload = process.argv.includes('--workload') ? process.argv[process.argv.indexOf('--workload') + 1] : 'mlp';
  const workloads: Record<string, [string, number]> = { mlp: [SETUP_CELL, SAMPLES], cnn: [CNN_SETUP, CNN_SAMPLES], lstm: [LSTM_SETUP, LSTM_SAMPLES] };
  if (!workloads[workload]) throw new Error(`unknown --workload ${workload} (${Object.keys(workloads).join(', ')})`);
  const [source, sampleCount] = workloads[workload];
  const epochs = arg('epochs', 3);
  const trials = arg('trials', 6);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- tfjs-node 4.22 needs it back on Node 23+
  const nodeUtil = require('node:util') as { isNullOrUndefined?: (v: unknown) => boolean };
  nodeUtil.isNullOrUndefined ??= (v) => v === null || v === undefined;
  const tf = (await loadPlainTf('tensorflow')) as Tf;
  const { addon, error } = loadGraphAddon();
  if (!addon) throw new Error(error);
  const eager = await setup(tf, source);
  const compiledSide = await setup(tf, source);
  compiledSide.model.setWeights(eager.model.getWeights());
  const logs: string[] = [];
  const compiled = new CompiledTraining(tf, 'auto', loadGraphAddon, (m) => logs.push(m));
  const fitArgs = (n: number) => ({ epochs: n, batchSize: BATCH, shuffle: true, verbose: 0 });
  const runEager = (n: number) => eager.model.fit(eager.x, eager.y, fitArgs(n));
  const runCompiled = (n: number) => compiled.fit(compiledSide.model, compiledSide.x, compiledSide.y, fitArgs(n), (a) => compiledSide.model.fit(compiledSide.x, compiledSide.y, a));

  const timed = async (f: () => Promise<unknown>) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await f();
    const cpu = process.cpuUsage(c0);
    return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  // First fit of each side: includes building the graph and session (compiled) or tracing kernels (eager).
  const firstEager = await timed(() => runEager(1));
  const firstCompiled = await timed(() => runCompiled(1));
  if (!compiled.compiledRuns.get(compiledSide.model)) throw new Error(`the compiled side fell back to eager: ${logs.join('; ')}`);
  log(`  compiled/${workload}: first 1-epoch fit eager ${firstEager.ms.toFixed(0)} ms, compiled ${firstCompiled.ms.toFixed(0)} ms (graph build included)`);

  const eagerMs: number[] = [];
  const compiledMs: number[] = [];
  const eagerCpu: number[] = [];
  const compiledCpu: number[] = [];
  for (let round = 0; round < trials; round++) {
    const order = round % 2 === 0 ? ['eager', 'compiled'] : ['compiled', 'eager'];
    for (const side of order) {
      const t = await timed(() => (side === 'eager' ? runEager(epochs) : runCompiled(epochs)));
      (side === 'eager' ? eagerMs : compiledMs).push(t.ms);
      (side === 'eager' ? eagerCpu : compiledCpu).push(t.cpuMs);
    }
    log(`  compiled/${workload} round ${round + 1}/${trials}: eager ${eagerMs.at(-1)!.toFixed(0)} ms, compiled ${compiledMs.at(-1)!.toFixed(0)} ms`);
  }
  const samples = sampleCount * epochs;
  const rate = (ms: number) => samples / (ms / 1000);
  const [eagerLoss, compiledLoss] = await Promise.all([eager, compiledSide].map(async (s) => (s.model.evaluate(s.x, s.y, { batchSize: 1024 }) as Tensor[])[0].data()));
  console.log(JSON.stringify({
    workload, samples: sampleCount, batch: BATCH, epochs, trials, tfVersion: addon.tfVersion,
    firstFitMs: { eager: firstEager.ms, compiled: firstCompiled.ms },
    eagerMs, compiledMs, eagerCpuMs: eagerCpu, compiledCpuMs: compiledCpu,
    eagerSamplesPerSec: rate(median(eagerMs)), compiledSamplesPerSec: rate(median(compiledMs)),
    eagerBestSamplesPerSec: rate(Math.min(...eagerMs)), compiledBestSamplesPerSec: rate(Math.min(...compiledMs)),
    eagerSamplesPerCpuSec: samples / (median(eagerCpu) / 1000), compiledSamplesPerCpuSec: samples / (median(compiledCpu) / 1000),
    ratio: median(eagerMs) / median(compiledMs), bestRatio: Math.min(...eagerMs) / Math.min(...compiledMs),
    // Both sides trained the same number of epochs on the same data: their final losses should be close.
    finalLoss: { eager: eagerLoss[0], compiled: compiledLoss[0] },
  }));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
