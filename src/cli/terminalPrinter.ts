/**
 * Prints cell outputs in a terminal: streams as they come, rich values as their text/plain, errors in
 * red, and live training as one progress line on a TTY (one line per epoch elsewhere, e.g. in CI logs).
 */
import { MIME, readTrainingView, type NbOutput, type TrainingView } from '../core/outputs';
import { trainingText } from '../core/trainingText';

const BAR_WIDTH = 24;

export class TerminalPrinter {
  private readonly tty: boolean;
  private progressLine = false;
  private readonly epochsPrinted = new Map<string, number>();

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly err: NodeJS.WriteStream,
    private readonly quiet: boolean,
  ) {
    this.tty = Boolean(out.isTTY);
  }

  /** mlnb's own lines (what runs, the summary), dimmed on stdout. */
  info(text: string): void {
    this.line(this.out, '2', text);
  }

  /** What does not fail the run but should be seen (a cell's type errors), in yellow on stderr. */
  warning(text: string): void {
    this.line(this.err, '33', text);
  }

  /** A training hint (`hint mlnb(<id>) cell N:line: …`), in cyan on stdout, even with --quiet: it is about a problem. */
  hint(text: string): void {
    this.line(this.out, '36', text);
  }

  error(text: string): void {
    this.line(this.err, '31', text);
  }

  /** A whole line in an SGR colour (on a terminal), after the progress bar it would otherwise overwrite is cleared. */
  private line(stream: NodeJS.WriteStream, color: string, text: string): void {
    this.clearProgress();
    stream.write(`${this.style(color, text)}\n`);
  }

  cellHeader(cellNumber: number): void {
    if (!this.quiet) this.info(`── cell ${cellNumber} ──`);
  }

  endCell(): void {
    this.clearProgress();
  }

  output(output: NbOutput): void {
    if (output.output_type === 'error') {
      this.error(output.traceback.join('\n'));
      return;
    }
    if (this.quiet) return;
    if (output.output_type === 'stream') {
      this.clearProgress();
      (output.name === 'stderr' ? this.err : this.out).write(output.text);
      return;
    }
    const training = readTrainingView(output.data[MIME.training]);
    const displayId = output.output_type === 'display_data' ? output.transient?.display_id : undefined;
    if (training && displayId) {
      this.training(displayId, training);
      return;
    }
    const text = output.data['text/plain'];
    if (typeof text === 'string') {
      this.clearProgress();
      this.out.write(`${text}\n`);
    }
  }

  update(displayId: string, output: NbOutput): void {
    if (this.quiet || output.output_type !== 'display_data') return;
    const training = readTrainingView(output.data[MIME.training]);
    if (training) this.training(displayId, training);
  }

  private training(displayId: string, view: TrainingView): void {
    const finishedEpochs = Object.values(view.history)[0]?.length ?? 0;
    if (view.status !== 'running') {
      this.clearProgress();
      if (!this.tty) this.printEpochs(displayId, view, finishedEpochs);
      this.out.write(`${trainingText(view)}\n`);
      return;
    }
    if (this.tty) {
      this.out.write(`\r\x1b[2K${progressBar(view)}`);
      this.progressLine = true;
      return;
    }
    // Not a terminal: one line per finished epoch keeps CI logs readable.
    this.printEpochs(displayId, view, finishedEpochs);
  }

  /** Updates are throttled; the history has every epoch, so none is skipped. */
  private printEpochs(displayId: string, view: TrainingView, finishedEpochs: number): void {
    for (let epoch = (this.epochsPrinted.get(displayId) ?? 0) + 1; epoch <= finishedEpochs; epoch++) {
      this.out.write(`${epochLine(view, epoch)}\n`);
    }
    this.epochsPrinted.set(displayId, Math.max(finishedEpochs, this.epochsPrinted.get(displayId) ?? 0));
  }

  private clearProgress(): void {
    if (!this.progressLine) return;
    this.out.write('\r\x1b[2K');
    this.progressLine = false;
  }

  private style(code: string, text: string): string {
    return this.tty ? `\x1b[${code}m${text}\x1b[0m` : text;
  }
}

function progressBar(view: TrainingView): string {
  const batches = view.batchesPerEpoch;
  const epochFraction = batches ? Math.min(1, view.batch / batches) : 0;
  const done = Math.round(epochFraction * BAR_WIDTH);
  const bar = `${'='.repeat(Math.max(0, done - 1))}${done > 0 ? '>' : ''}${' '.repeat(BAR_WIDTH - done)}`;
  const overall = (view.epoch + epochFraction) / Math.max(1, view.epochs);
  const eta = overall > 0 ? (view.elapsedMs / overall - view.elapsedMs) / 1000 : NaN;
  const logs = Object.entries(view.batchLogs)
    .map(([k, v]) => `${k}=${v.toFixed(4)}`)
    .join(' ');
  return `Epoch ${view.epoch + 1}/${view.epochs} [${bar}] ${batches ? `${view.batch}/${batches}` : view.batch} ${logs}${Number.isFinite(eta) ? ` ETA ${eta.toFixed(0)}s` : ''}`;
}

function epochLine(view: TrainingView, finishedEpochs: number): string {
  const metrics = Object.entries(view.history)
    .map(([k, values]) => `${k}=${values[finishedEpochs - 1]?.toFixed(4)}`)
    .join(' ');
  return `Epoch ${finishedEpochs}/${view.epochs} ${metrics}`;
}
