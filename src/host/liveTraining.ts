/**
 * The live training outputs of one execution, as the host saw them pass. A kernel that dies mid-fit can no
 * longer say its training ended, so the host settles what is still "running" itself (editor and `mlnb run`).
 */
import { MIME, readTrainingView, type NbOutput } from '../core/outputs';
import { trainingText } from '../core/trainingText';

export class LiveTraining {
  /** display id → the last output of a view that still says running. */
  private readonly running = new Map<string, NbOutput & { output_type: 'display_data' }>();

  /** Call with every output and update of the execution. */
  observe(output: NbOutput, displayId = output.output_type === 'display_data' ? output.transient?.display_id : undefined): void {
    if (output.output_type !== 'display_data' || !displayId) return;
    const view = readTrainingView(output.data[MIME.training]);
    if (view?.status === 'running') this.running.set(displayId, output);
    else this.running.delete(displayId);
  }

  /** Updates that end every view still running with `status`; the views count as settled from now on. */
  settle(status: 'failed' | 'stopped'): { displayId: string; output: NbOutput }[] {
    const updates = [...this.running].map(([displayId, output]) => {
      // The data stays as the kernel sent it (non-finite numbers by name); the text needs the numbers back.
      const data = { ...(output.data[MIME.training] as Record<string, unknown>), status };
      const view = readTrainingView(data);
      return { displayId, output: { ...output, data: { ...output.data, [MIME.training]: data, ...(view ? { 'text/plain': trainingText(view) } : {}) } } };
    });
    this.running.clear();
    return updates;
  }
}
