/**
 * Collects a cell's outputs as a kernel streams them: consecutive stream chunks of the same name merge
 * (as Jupyter front ends do), and an update replaces the output that carries its display id.
 */
import type { NbOutput } from './outputs';

export class OutputCollector {
  readonly outputs: NbOutput[] = [];

  add(output: NbOutput): void {
    const last = this.outputs[this.outputs.length - 1];
    if (output.output_type === 'stream' && last?.output_type === 'stream' && last.name === output.name) {
      this.outputs[this.outputs.length - 1] = { ...last, text: last.text + output.text };
      return;
    }
    this.outputs.push(output);
  }

  /** Replaces the output with this display id; appends it if none has it yet. */
  update(displayId: string, output: NbOutput): void {
    const index = this.outputs.findIndex((o) => 'transient' in o && o.transient?.display_id === displayId);
    if (index >= 0) this.outputs[index] = output;
    else this.outputs.push(output);
  }
}
