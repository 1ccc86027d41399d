// The training workloads of `npm run bench` (bench/lib/workloads.json): the table is what issue 17 names, the
// JavaScript and Python sides read it the same way, the TF.js model the kernel builds matches the plan, and the
// report's ratios and "not available" slot come out right. Nothing here times anything.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { checkWorkloads, compiledPathReport, layerPlan, loadWorkloads, setupCell, fitStatement } from '../../bench/lib/workloads.mjs';
import { workloadGoals, workloadRows, HEADERS } from '../../bench/lib/workloadReport.mjs';
import { SETUP_CELL } from '../../bench/lib/mlp.mjs';

const ROOT = path.resolve(__dirname, '..', '..');
const table = loadWorkloads();
const byName = (name: string) => table.workloads.find((w: { name: string }) => w.name === name)!;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

describe('bench workloads: the table', () => {
  it('holds the MLP, CNN and LSTM of issue 17 with adam 1e-3, batch 128, categorical cross-entropy', () => {
    assert.deepEqual(table.workloads.map((w: { name: string }) => w.name), ['mlp', 'cnn', 'lstm']);
    assert.equal(table.batch, 128);
    assert.deepEqual(table.optimizer, { name: 'adam', learningRate: 0.001 });
    assert.equal(table.loss, 'categoricalCrossentropy');
    assert.deepEqual(layerPlan(byName('mlp')).map((l: { outputShape: number[] }) => l.outputShape), [[128], [10]]);
    assert.deepEqual(byName('mlp').inputShape, [784]);
    assert.deepEqual(byName('cnn').inputShape, [28, 28, 1]);
    assert.deepEqual(byName('cnn').layers.map((l: { type: string }) => l.type), ['conv2d', 'maxPooling2d', 'flatten', 'dense']);
    assert.equal(byName('cnn').layers[0].filters, 8);
    assert.equal(byName('cnn').layers[0].kernelSize, 3);
    assert.equal(byName('cnn').layers[1].poolSize, 2);
    assert.deepEqual(byName('lstm').inputShape, [20, 8]);
    assert.deepEqual(byName('lstm').layers[0], { type: 'lstm', units: 32, activation: 'tanh', recurrentActivation: 'sigmoid' });
  });

  it('keeps the MLP of the kernel-vs-plain benchmark the very same as the table\'s', () => {
    assert.equal(SETUP_CELL, setupCell(table, byName('mlp')));
  });

  it('reads the same layer plan in Python (bench/python/frameworks.py --describe) as in JavaScript', function () {
    this.timeout(60_000);
    const r = spawnSync('python3', [path.join(ROOT, 'bench', 'python', 'frameworks.py'), '--describe'], { encoding: 'utf8' });
    assert.equal(r.status, 0, `frameworks.py --describe failed: ${r.stderr || r.error?.message}`);
    const python = JSON.parse(r.stdout).workloads as Record<string, { type: string; outputShape: number[]; params: number }[]>;
    assert.deepEqual(Object.keys(python), ['mlp', 'cnn', 'lstm']);
    for (const w of table.workloads) {
      const js = layerPlan(w).map((l: { type: string; outputShape: number[]; params: number }) => ({ type: l.type, outputShape: l.outputShape, params: l.params }));
      assert.deepEqual(python[w.name].map(({ type, outputShape, params }) => ({ type, outputShape, params })), js, w.name);
    }
  });

  it('builds TF.js models whose layers have the planned output shapes and parameter counts', async () => {
    await tf.setBackend('cpu');
    for (const w of table.workloads) {
      const small = { ...w, samples: 4 }; // the data's size does not change the model
      const made = new Function('tf', `${setupCell(table, small, 'probe')}\nreturn { model: probeModel, x: probeX, y: probeY };`)(tf) as { model: tf.LayersModel; x: tf.Tensor; y: tf.Tensor };
      try {
        const plan = layerPlan(w);
        assert.equal(made.model.layers.length, plan.length, w.name);
        made.model.layers.forEach((layer, i) => {
          assert.deepEqual((layer.outputShape as number[]).slice(1), plan[i].outputShape, `${w.name} layer ${i}`);
          assert.equal(layer.countParams(), plan[i].params, `${w.name} layer ${i}`);
        });
        assert.deepEqual(made.x.shape, [4, ...w.inputShape]);
        assert.deepEqual(made.y.shape, [4, w.classes]);
      } finally {
        made.model.dispose();
        made.x.dispose();
        made.y.dispose();
      }
    }
    assert.equal(fitStatement(table, 3, 'probe'), 'await probeModel.fit(probeX, probeY, { epochs: 3, batchSize: 128, shuffle: true, verbose: 0 });');
  });

  it('refuses a broken table with every problem named', () => {
    const broken = clone(table);
    broken.workloads[0].layers[0].type = 'dens';
    broken.workloads[1].layers.splice(2, 1); // dense straight after pooling: no flatten
    broken.workloads[2].layers[1].activation = 'relu';
    broken.workloads[2].name = 'mlp';
    broken.workloads[1].layers[0].stride = 2;
    broken.batch = 0;
    assert.throws(() => checkWorkloads(broken, 'workloads.json'), (error: Error) => {
      for (const part of [
        'workloads.json:',
        'batch must be a positive integer',
        'workloads[0] (mlp).layers[0]: unknown type "dens"',
        'unknown setting "stride"',
        'workloads[2] (mlp): the name is used twice',
        'workloads[2] (mlp): the last layer must be dense with softmax',
      ]) assert.ok(error.message.includes(part), `missing "${part}" in:\n${error.message}`);
      return true;
    });
    const noFlatten = clone(table);
    noFlatten.workloads[1].layers.splice(2, 1);
    assert.throws(() => checkWorkloads(noFlatten), /workloads\[1\] \(cnn\): dense needs a flat input, got \[13,13,8\]/);
    assert.throws(() => loadWorkloads(['mlp', 'gru']), /Unknown workload\(s\): gru\. Choose from: mlp, cnn, lstm\./);
    assert.deepEqual(loadWorkloads(['lstm', 'mlp']).workloads.map((w: { name: string }) => w.name), ['lstm', 'mlp']);
  });
});

describe('bench workloads: did the kernel train compiled?', () => {
  it('counts a fit as compiled only when the kernel logged so', () => {
    assert.deepEqual(compiledPathReport(["[info] compiled training: model 'sequential_3' trains as one TensorFlow graph per batch (2 layers, categoricalCrossentropy, adam)"]), { compiled: true });
    const fellBack = compiledPathReport(['backend tensorflow', "[info] compiled training: model 'sequential_5' trains eagerly: LSTM is not supported yet"]);
    assert.deepEqual(fellBack, { compiled: false, reason: 'the kernel trained it eagerly: LSTM is not supported yet' });
    const silent = compiledPathReport(['backend tensorflow', '[info] something else']);
    assert.equal(silent.compiled, false);
    assert.match(silent.reason!, /no compiled training path/);
    // another model's line does not count for this one
    assert.equal(compiledPathReport(["compiled training: model 'other' trains as one TensorFlow graph per batch"], 'sequential_1').compiled, false);
    assert.equal(compiledPathReport(["compiled training: model 'sequential_1' trains as one TensorFlow graph per batch"], 'sequential_1').compiled, true);
  });
});

describe('bench workloads: the report', () => {
  const side = (best: number, first: number) => ({ samplesPerSec: best * 0.9, bestSamplesPerSec: best, samplesPerCpuSec: best * 0.8, firstFitMs: first });
  const kernel = {
    backend: 'tensorflow',
    batch: 128,
    workloads: {
      mlp: { label: 'MLP 784-128-10', eager: side(20_000, 1000), compiled: { available: true, ...side(60_000, 500) } },
      lstm: { label: 'LSTM(32)', eager: side(2_000, 3000), compiled: { available: false, reason: 'the kernel trained it eagerly: LSTM is not supported yet' } },
    },
    skipped: { cnn: 'cell error: out of memory' },
  };
  const frameworks = {
    keras: { version: 'tensorflow 2.21.0, keras 3.15.1', workloads: { mlp: side(50_000, 2000), lstm: side(10_000, 4000) } },
    torch: { version: '2.13.0+cpu', threads: 2, workloads: { mlp: side(80_000, 100) } },
    torch1: { skipped: 'frameworks.py failed (exit 1)' },
  };

  it('prints each mlnb row\'s ratio to Keras steady, to PyTorch and the first fit against Keras', () => {
    const { rows, notes } = workloadRows(kernel, frameworks);
    const find = (workload: string, impl: string) => rows.find((r: string[]) => r[0].startsWith(workload) && r[1].startsWith(impl))!;
    assert.ok(rows.every((r: string[]) => r.length === HEADERS.length));
    assert.deepEqual(find('MLP', 'mlnb kernel, eager'), ['MLP 784-128-10', 'mlnb kernel, eager (tensorflow)', '18,000', '20,000', '16,000', '1,000 ms', '0.40×', '0.25×', '2.00×']);
    assert.deepEqual(find('MLP', 'mlnb kernel, compiled').slice(6), ['1.20×', '0.75×', '4.00×']);
    assert.deepEqual(find('MLP', 'Keras').slice(6), ['1.00×', '0.63×', '1.00×']);
    assert.deepEqual(find('MLP', 'PyTorch 2.13.0+cpu (CPU, 2 threads)').slice(6), ['1.60×', '1.00×', '20.00×']);
    // no PyTorch for the LSTM: its column says so instead of a number
    assert.deepEqual(find('LSTM', 'mlnb kernel, eager').slice(6), ['0.20×', '—', '1.33×']);
    assert.equal(rows.filter((r: string[]) => r[0].startsWith('LSTM') && r[1].startsWith('PyTorch')).length, 0);
    assert.ok(notes.includes('skipped workload cnn in the mlnb kernel: cell error: out of memory'));
    assert.ok(notes.includes('skipped torch1: frameworks.py failed (exit 1)'));
    assert.ok(!notes.some((n: string) => n.includes('stalled')), notes.join('\n'));
  });

  it('warns when PyTorch with its default threads ran slower than with one (stalled by other load)', () => {
    const stalled = { ...frameworks, torch1: { version: '2.13.0+cpu', threads: 1, workloads: { mlp: side(90_000, 100) } } };
    const { rows, notes } = workloadRows(kernel, stalled);
    assert.ok(rows.some((r: string[]) => r[1] === 'PyTorch 2.13.0+cpu (CPU, 1 thread)'));
    assert.deepEqual(notes.filter((n: string) => n.includes('stalled')), [
      '⚠ MLP 784-128-10: PyTorch with 2 threads (80,000 samples/s) was slower than with 1 (90,000): its threads stalled on other load, so the "vs PyTorch" column overstates mlnb in this run',
    ]);
  });

  it('never shows numbers in the compiled slot when the compiled path did not run', () => {
    const { rows } = workloadRows(kernel, frameworks);
    const compiled = rows.find((r: string[]) => r[0].startsWith('LSTM') && r[1].startsWith('mlnb kernel, compiled'))!;
    assert.equal(compiled[2], 'not available (the kernel trained it eagerly: LSTM is not supported yet)');
    assert.deepEqual(compiled.slice(3), ['—', '—', '—', '—', '—', '—']);
  });

  it('reports the issue\'s goals as met, missed or not measured, with the reason', () => {
    const goals = workloadGoals(kernel, frameworks);
    assert.deepEqual(goals, [
      'MLP 784-128-10: compiled ≥ 1.0× Keras steady: 1.20× → met',
      'MLP 784-128-10: compiled ≥ 0.3× PyTorch: 0.75× → met',
      'LSTM(32): compiled ≥ 1.0× Keras: not measured (compiled: the kernel trained it eagerly: LSTM is not supported yet); eager is 0.20× Keras',
    ]);
    const slow = clone(kernel);
    slow.workloads.mlp.compiled.bestSamplesPerSec = 10_000;
    assert.match(workloadGoals(slow, frameworks)[0], /0\.20× → MISSED$/);
    assert.match(workloadGoals(slow, {})[0], /: — → not measured \(no Keras\)$/);
  });
});

describe('bench workloads: the command line', () => {
  it('documents --workloads in npm run bench -- --help', function () {
    this.timeout(60_000);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bench.mjs'), '--help'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /--workloads mlp,cnn,lstm/);
    assert.match(r.stdout, /workloads {2}the training workloads of bench\/lib\/workloads\.json/);
  });

  it('refuses an unknown workload before measuring anything', function () {
    this.timeout(60_000);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bench.mjs'), '--only', 'workloads', '--workloads', 'mlp,transformer'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Unknown workload\(s\): transformer\. Choose from: mlp, cnn, lstm\./);
  });
});
