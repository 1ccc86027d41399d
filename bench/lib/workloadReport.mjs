// The cross-framework training table of `npm run bench` (part `workloads`): per workload, the mlnb kernel eager and
// compiled, Keras and PyTorch, with each row's ratio to Keras (steady state) and to PyTorch. Ratios use each side's
// best trial (under load, wall-clock medians swing; the best trial is the steadier figure). Pure formatting, so
// test/unit/benchWorkloads.test.ts can check it without timing anything.

const ok = (v) => typeof v === 'number' && Number.isFinite(v) && v > 0;
export const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—');
export const times = (v) => (typeof v === 'number' && Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');
export const msCell = (v) => (typeof v === 'number' && Number.isFinite(v) ? `${Math.round(v).toLocaleString('en-US')} ms` : '—');
/** a / b as a ratio cell, or '—' when either side was not measured. */
export const ratio = (a, b) => times(ok(a) && ok(b) ? a / b : undefined);

export const HEADERS = ['workload', 'implementation', 'samples/s (median trial)', 'samples/s (best trial)', 'samples per CPU-second', 'first fit (1 epoch)', 'vs Keras steady', 'vs PyTorch', 'first fit vs Keras'];

/** PyTorch's label: its version and threads. */
const torchLabel = (f) => `PyTorch ${f.version} (CPU, ${f.threads} thread${f.threads > 1 ? 's' : ''})`;

/**
 * Rows of the table. `kernel` is bench/workloads.ts's JSON; `frameworks` maps keras / torch / torch1 to
 * bench/python/frameworks.py's JSON, or to { skipped: reason }. Returns { rows, notes } (notes: what is missing).
 */
export function workloadRows(kernel, frameworks = {}) {
  const rows = [];
  const notes = [];
  const peer = (key, name) => {
    const f = frameworks[key];
    return f && !f.skipped ? f.workloads?.[name] : undefined;
  };
  for (const [name, w] of Object.entries(kernel.workloads ?? {})) {
    const keras = peer('keras', name);
    const torch = peer('torch', name);
    const row = (label, r) => [
      w.label,
      label,
      num(r.samplesPerSec),
      num(r.bestSamplesPerSec),
      num(r.samplesPerCpuSec),
      msCell(r.firstFitMs),
      ratio(r.bestSamplesPerSec, keras?.bestSamplesPerSec),
      ratio(r.bestSamplesPerSec, torch?.bestSamplesPerSec),
      // > 1 means this side's first fit took less time than Keras's.
      ratio(keras?.firstFitMs, r.firstFitMs),
    ];
    rows.push(row(`mlnb kernel, eager (${kernel.backend})`, w.eager));
    if (w.compiled?.available) rows.push(row(`mlnb kernel, compiled (${kernel.backend})`, w.compiled));
    else rows.push([w.label, `mlnb kernel, compiled (${kernel.backend})`, `not available (${w.compiled?.reason ?? 'not measured'})`, '—', '—', '—', '—', '—', '—']);
    if (keras) rows.push(row(`Keras (${frameworks.keras.version}), steady / first fit`, keras));
    if (torch) rows.push(row(torchLabel(frameworks.torch), torch));
    const torch1 = peer('torch1', name);
    if (torch1) rows.push(row(torchLabel(frameworks.torch1), torch1));
  }
  // PyTorch's default threads wait on each other (OpenMP) when other work shares the cores; its 1-thread run is
  // then the faster one, and ratios to the default-threads row say more about the load than about PyTorch.
  for (const name of Object.keys(kernel.workloads ?? {})) {
    const torch = peer('torch', name)?.bestSamplesPerSec;
    const torch1 = peer('torch1', name)?.bestSamplesPerSec;
    if (ok(torch) && ok(torch1) && torch1 > torch && frameworks.torch.threads > 1) {
      notes.push(`⚠ ${kernel.workloads[name].label}: PyTorch with ${frameworks.torch.threads} threads (${num(torch)} samples/s) was slower than with 1 (${num(torch1)}): its threads stalled on other load, so the "vs PyTorch" column overstates mlnb in this run`);
    }
  }
  for (const [name, reason] of Object.entries(kernel.skipped ?? {})) notes.push(`skipped workload ${name} in the mlnb kernel: ${reason}`);
  for (const [key, f] of Object.entries(frameworks)) if (f?.skipped) notes.push(`skipped ${key}: ${f.skipped}`);
  return { rows, notes };
}

/**
 * Goals of issue 17 (reported, never asserted): compiled ≥ 1.0× Keras steady on every workload, ≥ 0.3× PyTorch
 * on the MLP. A compiled slot that is not available says why.
 */
export function workloadGoals(kernel, frameworks = {}, goals = { vsKeras: 1.0, mlpVsTorch: 0.3 }) {
  const lines = [];
  for (const [name, w] of Object.entries(kernel.workloads ?? {})) {
    const keras = frameworks.keras?.workloads?.[name]?.bestSamplesPerSec;
    const torch = frameworks.torch?.workloads?.[name]?.bestSamplesPerSec;
    if (!w.compiled?.available) {
      lines.push(`${w.label}: compiled ≥ ${goals.vsKeras.toFixed(1)}× Keras: not measured (compiled: ${w.compiled?.reason ?? 'not measured'}); eager is ${ratio(w.eager.bestSamplesPerSec, keras)} Keras`);
      continue;
    }
    const vsKeras = ok(keras) ? w.compiled.bestSamplesPerSec / keras : undefined;
    lines.push(`${w.label}: compiled ≥ ${goals.vsKeras.toFixed(1)}× Keras steady: ${times(vsKeras)} → ${vsKeras === undefined ? 'not measured (no Keras)' : vsKeras >= goals.vsKeras ? 'met' : 'MISSED'}`);
    if (name === 'mlp') {
      const vsTorch = ok(torch) ? w.compiled.bestSamplesPerSec / torch : undefined;
      lines.push(`${w.label}: compiled ≥ ${goals.mlpVsTorch.toFixed(1)}× PyTorch: ${times(vsTorch)} → ${vsTorch === undefined ? 'not measured (no PyTorch)' : vsTorch >= goals.mlpVsTorch ? 'met' : 'MISSED'}`);
    }
  }
  return lines;
}
