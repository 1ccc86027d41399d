/**
 * What a cell's outputs are, decided in one place for `mlnb run` and the editor: the kernel's events of one
 * run (stream chunks, rich outputs, display updates, the error it formatted) and how the run ended (ok, error,
 * interrupt, a dead or stopped kernel) become nbformat outputs. Consecutive chunks of one stream merge into
 * one output, as Jupyter's front ends do while a cell runs; a failed run always ends with an error output.
 * Each event also says how the outputs changed, so a front end that shows them live (the editor) mirrors
 * exactly the list the CLI saves.
 */
import type { CellLocation } from './protocol';
import type { ErrorOutput, NbOutput } from './outputs';

/** How one run of a cell ended, as the host reports it. */
export type ExecutionOutcome =
  | {
      status: 'ok' | 'error' | 'interrupted';
      executionCount: number;
      durationMs: number;
      /** Tensors the cell left alive (negative when it freed some), and all alive after it. */
      tensorsLeaked: number;
      tensorsAlive: number;
      errorLocation?: CellLocation;
    }
  /** The process died while the cell ran; `message` names the signal or exit code and the last stderr lines. */
  | { status: 'died'; message: string }
  /** The cell never started or was cut short on purpose (an earlier one died, the kernel was shut down or killed). */
  | { status: 'cancelled'; message: string };

/** How the list of outputs changed: a front end applies it to what it shows. */
export type OutputChange =
  /** `output` was added at the end, at `index`. */
  | { kind: 'append'; index: number; output: NbOutput }
  /** A stream chunk `text` was added to the stream output at `index`, which is now `output`. */
  | { kind: 'appendText'; index: number; text: string; output: NbOutput }
  /** The output at `index` (one with a display id) is now `output`. */
  | { kind: 'replace'; index: number; output: NbOutput };

/**
 * An error output that mlnb itself reports (not the kernel's formatting of a thrown value): its traceback reads
 * as a kernel error's does, `name: message` and the message's further lines.
 */
export function errorOutput(ename: string, message: string): ErrorOutput {
  return { output_type: 'error', ename, evalue: message, traceback: `${ename}: ${message}`.split('\n') };
}

/** The error output of a run whose kernel died or was stopped: the same words in the editor and in the file `mlnb run` writes. */
function kernelGoneOutput(outcome: Extract<ExecutionOutcome, { status: 'died' | 'cancelled' }>): ErrorOutput {
  return errorOutput(outcome.status === 'died' ? 'KernelDied' : 'KernelStopped', outcome.message);
}

export class CellOutputs {
  readonly outputs: NbOutput[] = [];

  /** A new output from the kernel: a stream chunk joins the stream output right before it, of the same stream. */
  add(output: NbOutput): OutputChange {
    const index = this.outputs.length - 1;
    const last = this.outputs[index];
    if (output.output_type === 'stream' && last?.output_type === 'stream' && last.name === output.name) {
      const merged = { ...last, text: last.text + output.text };
      this.outputs[index] = merged;
      return { kind: 'appendText', index, text: output.text, output: merged };
    }
    this.outputs.push(output);
    return { kind: 'append', index: this.outputs.length - 1, output };
  }

  /** Replaces the output with this display id; appends it if none has it yet. */
  update(displayId: string, output: NbOutput): OutputChange {
    const index = this.outputs.findIndex((o) => o.output_type === 'display_data' && o.transient?.display_id === displayId);
    if (index < 0) return this.add(output);
    this.outputs[index] = output;
    return { kind: 'replace', index, output };
  }

  /**
   * The run ended: a dead or stopped kernel adds the error that says so; an error or interrupt whose error
   * output never arrived (the kernel reports one for each) adds one that names the status, so a failed cell
   * never ends without saying why. Returns the change, if any.
   */
  finish(outcome: ExecutionOutcome): OutputChange | undefined {
    if (outcome.status === 'died' || outcome.status === 'cancelled') return this.add(kernelGoneOutput(outcome));
    if (outcome.status === 'ok' || this.outputs.some((o) => o.output_type === 'error')) return undefined;
    return this.add(
      outcome.status === 'interrupted'
        ? errorOutput('KeyboardInterrupt', 'Execution interrupted')
        : errorOutput('Error', 'The cell failed without reporting an error.'),
    );
  }

  /** The first error output's name and first line, for a one-line summary (`mlnb run`'s failure line). */
  errorSummary(): string | undefined {
    const error = this.outputs.find((o): o is ErrorOutput => o.output_type === 'error');
    return error && `${error.ename}: ${error.evalue.split('\n')[0]}`;
  }
}
