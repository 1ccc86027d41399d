/**
 * The run hints of one notebook cell, placed: diagnose the cell's last training run (runDiagnosis.ts) and put
 * each finding on the line it is about (the fit call, the layer, the compile — in this cell or one above it).
 * What the editor shows as diagnostics and `mlnb run` prints, from the same function. Pure.
 */
import { locateFinding } from './concepts/findingEdits';
import type { TrainingView } from './outputs';
import { diagnoseRun, type Finding } from './runDiagnosis';

export interface PlacedHint {
  finding: Finding;
  /** The cell whose fit produced the evidence. */
  fitCell: number;
  /** Where it is shown: cell index, 0-based line and column in that cell. */
  cell: number;
  line: number;
  column: number;
}

/**
 * The training run hints are about: the last one in the cell that ended (done, stopped, or failed with
 * evidence gathered — fit throwing on labels that do not fit is the moment a hint helps most).
 */
export function lastEndedTraining(views: readonly TrainingView[]): TrainingView | undefined {
  return views.filter((v) => v.status === 'done' || v.status === 'stopped' || (v.status === 'failed' && v.evidence !== undefined)).at(-1);
}

export function placeHints(cellSources: readonly string[], fitCell: number, view: TrainingView): PlacedHint[] {
  const findings = diagnoseRun({ history: view.history, status: view.status, evidence: view.evidence });
  const placed: PlacedHint[] = [];
  for (const finding of findings) {
    const place = locateFinding(cellSources, fitCell, finding.location);
    if (!place) continue;
    const { line, column } = lineColumn(cellSources[place.cell], place.offset);
    placed.push({ finding, fitCell, cell: place.cell, line, column });
  }
  return placed;
}

/** `hint mlnb(<id>) cell N:line: message`, as `mlnb run` prints it (cells and lines from 1, as in `mlnb check`). */
export function hintLine(hint: PlacedHint, cellNumber: (index: number) => number): string {
  return `hint mlnb(${hint.finding.id}) cell ${cellNumber(hint.cell)}:${hint.line + 1}: ${hint.finding.message.en}`;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) };
}
