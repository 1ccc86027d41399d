/** When mlnb speaks up unasked, and what it says: pure decisions the extension only displays. */
import type { BackendReport } from './protocol';

/** Said once: only a slow backend is running although the user asked for the best one. */
export function slowBackendNotice(report: BackendReport): string | undefined {
  if (report.backend === 'tensorflow' || report.requested !== 'auto') return undefined;
  const why = report.fallbackReasons.length ? ` (${report.fallbackReasons.join('; ')})` : '';
  const limits = report.backend === 'wasm' ? ' and can train every layer (wasm cannot train convolutions)' : ' and can train every layer much faster';
  return `mlnb is running TF.js on the ${report.backend} backend${why}. The native backend trains about 2–8× faster${limits}; it can be built offline from the tensorflow-cpu Python wheel.`;
}

/** A cell that ran long finished while the window was in the background. */
export function longCellNotice(cell: { index: number; notebookName: string; ms: number }, thresholdMs: number, windowFocused: boolean): string | undefined {
  if (thresholdMs <= 0 || cell.ms < thresholdMs || windowFocused) return undefined;
  return `mlnb: cell ${cell.index + 1} of ${cell.notebookName} finished after ${Math.round(cell.ms / 1000)} s.`;
}
