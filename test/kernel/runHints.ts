/** The run hints of cells that ran in a test kernel, placed as the editor and `mlnb run` place them. */
import { MIME, readTrainingView, type NbOutput, type TrainingView } from '../../src/core/outputs';
import { hintLine, lastEndedTraining, placeHints, type PlacedHint } from '../../src/core/notebookHints';

export function trainingViews(outputs: NbOutput[]): TrainingView[] {
  return outputs.flatMap((o) => (o.output_type === 'display_data' ? [readTrainingView(o.data[MIME.training])].filter((v): v is TrainingView => v !== undefined) : []));
}

/** Hints of every cell that trained: `sources[i]` ran with `outputs[i]` (cells that did not run have none). */
export function runHints(sources: readonly string[], outputs: readonly (NbOutput[] | undefined)[]): PlacedHint[] {
  return outputs.flatMap((cellOutputs, index) => {
    const view = cellOutputs && lastEndedTraining(trainingViews(cellOutputs));
    return view ? placeHints(sources, index, view) : [];
  });
}

/** For assertion messages: one `hint mlnb(<id>) cell N:line: …` line each. */
export function describeHints(hints: PlacedHint[]): string {
  return hints.map((h) => hintLine(h, (i) => i + 1)).join('\n');
}
