// Small statistics and process helpers shared by the benchmarks. No wall-clock assertions anywhere:
// benchmarks only measure and report ratios against a peer measured in the same run.

/** Linear-interpolated percentile (p in 0..100) of a list of numbers. */
export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export const median = (values) => percentile(values, 50);

export function summarize(values) {
  return {
    n: values.length,
    min: Math.min(...values),
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: Math.max(...values),
    mean: values.reduce((a, b) => a + b, 0) / (values.length || 1),
  };
}

/** The JSON object on the last line of a child's stdout that starts with '{'. */
export function lastJsonLine(stdout) {
  const lines = stdout.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('{'));
  if (!lines.length) throw new Error(`no JSON result line in output:\n${stdout.slice(-2000)}`);
  return JSON.parse(lines[lines.length - 1]);
}

/** Logs progress to stderr so stdout stays one JSON line for the orchestrator. */
export function log(...parts) {
  process.stderr.write(`${parts.join(' ')}\n`);
}
