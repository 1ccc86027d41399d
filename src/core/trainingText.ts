/** One-line summaries of a training run, for text/plain outputs and terminals. */
import type { TrainingView } from './outputs';

export function trainingText(view: TrainingView): string {
  const metrics = Object.entries(view.history)
    .map(([name, values]) => `${name}=${formatMetric(values[values.length - 1])}`)
    .join(' ');
  const finished = Object.values(view.history)[0]?.length ?? 0;
  const state = view.status === 'running' ? `epoch ${view.epoch + 1}/${view.epochs}` : `${view.status} after ${finished}/${view.epochs} epochs`;
  return `Training ${state}${metrics ? ` — ${metrics}` : ''} (${(view.elapsedMs / 1000).toFixed(1)} s)`;
}

function formatMetric(value: number | undefined): string {
  if (value === undefined) return '?';
  return Math.abs(value) >= 1e4 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(3) : value.toFixed(4);
}
