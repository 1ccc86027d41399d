// The MLP the training benchmark (kernel cell vs plain node) runs, as notebook-cell source text: the `mlp` row of
// bench/lib/workloads.json, so it is the same MLP the cross-framework table measures. The kernel runs these
// strings as cells; the plain-Node peer runs the very same strings in one async function. `tf` is in scope on
// both sides (a kernel global / a function parameter).
import { loadWorkloads, setupCell, fitStatement as workloadFit } from './workloads.mjs';

const table = loadWorkloads(['mlp']);
const mlp = table.workloads[0];

export const SAMPLES = mlp.samples;
export const BATCH = table.batch;

/** Seeded synthetic data + model 784-128-10 (relu, softmax), adam 1e-3, categoricalCrossentropy. */
export const SETUP_CELL = setupCell(table, mlp);

/** The statement that is timed (and, with epochs: 1, the warm-up). `extra` adds fit options (diagnostics only). */
export const fitStatement = (epochs, extra = '') => workloadFit(table, epochs, 'bench', extra);
