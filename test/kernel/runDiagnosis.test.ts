import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isCodeCell, parseNotebook } from '../../src/core/notebook';
import { lastEndedTraining, placeHints, type PlacedHint } from '../../src/core/notebookHints';
import { run, startSession, tempDir } from './helpers';
import { trainingViews } from './runHints';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'notebooks', 'diagnosis');

/** Runs a notebook's code cells in a fresh kernel (until one fails) and places every cell's run hints. */
export async function notebookHints(file: string): Promise<{ hints: PlacedHint[]; text: string; failed: boolean }> {
  const notebook = parseNotebook(readFileSync(file), file);
  const sources = notebook.cells.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
  const session = startSession({ cwd: path.dirname(file) });
  const hints: PlacedHint[] = [];
  let text = '';
  let failed = false;
  try {
    for (const [index, cell] of notebook.cells.entries()) {
      if (!isCodeCell(cell)) continue;
      const result = await run(session, sources[index]);
      text += `── cell ${index + 1} (${result.outcome.status})\n${result.text}\n`;
      const view = lastEndedTraining(trainingViews(result.outputs));
      if (view) hints.push(...placeHints(sources, index, view));
      if (result.outcome.status !== 'ok') {
        failed = true;
        break;
      }
    }
  } finally {
    await session.shutdown();
  }
  return { hints, text, failed };
}

describe('run hints on learner notebooks with one bug each (test/fixtures/notebooks/diagnosis)', function () {
  this.timeout(240_000);
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.mlnb')).sort();

  it('has a notebook for every bug the hints name, and healthy ones', () => {
    const expected = new Set(files.flatMap((f) => expectedHints(path.join(FIXTURES, f))));
    for (const id of ['unnormalized-input', 'nan-input', 'label-format', 'class-imbalance', 'missing-activation', 'loss-activation-mismatch', 'dropout-too-high', 'lr-too-high', 'divergence', 'lr-too-low', 'validation-leak', 'overfitting']) {
      assert.ok(expected.has(id), `no fixture notebook for ${id}`);
    }
    assert.ok(files.filter((f) => expectedHints(path.join(FIXTURES, f)).length === 0).length >= 3, 'fewer than 3 healthy notebooks');
  });

  for (const file of files) {
    const expected = expectedHints(path.join(FIXTURES, file));
    it(`${file}: ${expected.length ? expected.join(', ') : 'no hint (healthy)'}`, async () => {
      const { hints, text } = await notebookHints(path.join(FIXTURES, file));
      const ids = [...new Set(hints.map((h) => h.finding.id))].sort();
      const detail = `${hints.map((h) => `  mlnb(${h.finding.id}) cell ${h.cell + 1}:${h.line + 1}: ${h.finding.message.en}`).join('\n')}\n${text.slice(-3000)}`;
      assert.deepEqual(ids, [...expected].sort(), `hints of ${file}:\n${detail}`);
      for (const hint of hints) {
        assert.ok(hint.finding.evidence.length > 0, `${hint.finding.id} has no evidence`);
        assert.match(hint.finding.message.en, /\d/, `${hint.finding.id}'s message has no number: ${hint.finding.message.en}`);
      }
    });
  }
});

describe('mlnb run prints the run hints and keeps them in the executed notebook', function () {
  this.timeout(180_000);
  const BIN = path.resolve(__dirname, '..', '..', 'bin', 'mlnb.js');
  const mlnbRun = (name: string) => {
    const file = path.join(tempDir(), name);
    copyFileSync(path.join(FIXTURES, name), file);
    const result = spawnSync(process.execPath, [BIN, 'run', file, '--quiet'], { encoding: 'utf8', timeout: 150_000 });
    return { ...result, notebook: JSON.parse(readFileSync(file, 'utf8')) };
  };

  it('a layer hint names the cell and line of the layer; the fit cell keeps it in metadata.mlnb.hints', () => {
    const r = mlnbRun('dropout-too-high.mlnb');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^hint mlnb\(dropout-too-high\) cell 3:4: dropout too high: dropout_Dropout1 drops 90 % of its inputs/m);
    const hints = r.notebook.cells[3].metadata.mlnb.hints;
    assert.deepEqual(hints.map((h: { id: string; cell: number; line: number }) => [h.id, h.cell, h.line]), [['dropout-too-high', 3, 4]]);
    assert.match(hints[0].message.zh, /dropout 过高/);
  });

  it('a fit that throws on labels that do not fit the loss still gets its hint, before the failure', () => {
    const r = mlnbRun('label-format-class-ids.mlnb');
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^hint mlnb\(label-format\) cell 3:2: label format: categoricalCrossentropy expects one-hot labels of width 3, but the labels are class ids 0–2/m);
    assert.equal(r.notebook.cells[3].metadata.mlnb.hints[0].id, 'label-format');
  });

  it('a healthy notebook prints no hint', () => {
    const r = mlnbRun('healthy-regression.mlnb');
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /^hint /m);
    assert.equal(r.notebook.cells[2].metadata.mlnb.hints, undefined);
  });
});

function expectedHints(file: string): string[] {
  const nb = JSON.parse(readFileSync(file, 'utf8'));
  return nb.metadata?.mlnb?.expectHints ?? [];
}
