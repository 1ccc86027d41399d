import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CellOutputs, errorOutput, type ExecutionOutcome, type OutputChange } from '../../src/core/cellOutputs';
import { createCell, newNotebook, parseNotebook, serializeNotebook, type CodeCell } from '../../src/core/notebook';
import type { NbOutput } from '../../src/core/outputs';

const stdout = (text: string): NbOutput => ({ output_type: 'stream', name: 'stdout', text });
const stderr = (text: string): NbOutput => ({ output_type: 'stream', name: 'stderr', text });
const display = (id: string | undefined, text: string): NbOutput => ({ output_type: 'display_data', data: { 'text/plain': text }, metadata: {}, ...(id ? { transient: { display_id: id } } : {}) });
const finished = (status: 'ok' | 'error' | 'interrupted'): ExecutionOutcome => ({ status, executionCount: 1, durationMs: 1, tensorsLeaked: 0, tensorsAlive: 0 });

/**
 * The editor's side (src/extension/controller.ts applyOutputChange) over a plain model of VS Code's cell outputs:
 * an output is a list of items; appendText adds an item to an output, replace swaps its items. Read back as the
 * serializer does (a stream's items joined).
 */
class EditorMirror {
  readonly shown: { output: NbOutput; items: string[] }[] = [];
  apply(change: OutputChange): void {
    const target = this.shown[change.index];
    if (change.kind === 'append' || !target) this.shown[change.index] = { output: change.output, items: [textOf(change.output)] };
    else if (change.kind === 'appendText') target.items.push(change.text);
    else this.shown[change.index] = { output: change.output, items: [textOf(change.output)] };
  }
  outputs(): NbOutput[] {
    return this.shown.map(({ output, items }) => (output.output_type === 'stream' ? { ...output, text: items.join('') } : output));
  }
}
const textOf = (o: NbOutput) => (o.output_type === 'stream' ? o.text : JSON.stringify(o));

type Event = { kind: 'output'; output: NbOutput } | { kind: 'update'; displayId: string; output: NbOutput };

/** Feeds one run's events to the CLI's way (the final list) and the editor's way (the changes, applied live). */
function bothWays(events: Event[], outcome: ExecutionOutcome): { cli: NbOutput[]; editor: NbOutput[] } {
  const cli = new CellOutputs();
  const editorOutputs = new CellOutputs();
  const mirror = new EditorMirror();
  for (const event of events) {
    if (event.kind === 'output') cli.add(event.output);
    else cli.update(event.displayId, event.output);
    mirror.apply(event.kind === 'output' ? editorOutputs.add(event.output) : editorOutputs.update(event.displayId, event.output));
  }
  cli.finish(outcome);
  const ending = editorOutputs.finish(outcome);
  if (ending) mirror.apply(ending);
  return { cli: cli.outputs, editor: mirror.outputs() };
}

describe('cell outputs (one module for mlnb run and the editor)', () => {
  it('merges consecutive stream chunks of the same stream only, and says so as appended text', () => {
    const c = new CellOutputs();
    assert.deepEqual(c.add(stdout('a')), { kind: 'append', index: 0, output: stdout('a') });
    assert.deepEqual(c.add(stdout('b\n')), { kind: 'appendText', index: 0, text: 'b\n', output: stdout('ab\n') });
    c.add(stderr('c'));
    c.add(stdout('d'));
    assert.deepEqual(c.outputs.map((o) => (o.output_type === 'stream' ? o.text : '')), ['ab\n', 'c', 'd']);
  });

  it('a rich output between two chunks keeps them apart', () => {
    const c = new CellOutputs();
    c.add(stdout('before\n'));
    c.add(display(undefined, 'value'));
    assert.equal(c.add(stdout('after\n')).kind, 'append');
    assert.equal(c.outputs.length, 3);
  });

  it('replaces the output with the same display id in place, and appends one with a new id', () => {
    const c = new CellOutputs();
    c.add(display('p', '1'));
    c.add(stdout('x'));
    assert.deepEqual(c.update('p', display('p', '2')), { kind: 'replace', index: 0, output: display('p', '2') });
    assert.deepEqual(c.update('q', display('q', 'new')), { kind: 'append', index: 2, output: display('q', 'new') });
    assert.deepEqual(c.outputs.map((o) => (o.output_type === 'display_data' ? o.data['text/plain'] : 'stream')), ['2', 'stream', 'new']);
  });

  it('a dead kernel ends the cell with KernelDied, its message on the traceback lines', () => {
    const c = new CellOutputs();
    c.add(stdout('epoch 1\n'));
    const message = 'The kernel process was killed by signal SIGKILL.\nLast stderr lines:\nout of memory';
    const change = c.finish({ status: 'died', message });
    assert.deepEqual(change, { kind: 'append', index: 1, output: errorOutput('KernelDied', message) });
    assert.deepEqual(c.outputs[1], {
      output_type: 'error',
      ename: 'KernelDied',
      evalue: message,
      traceback: ['KernelDied: The kernel process was killed by signal SIGKILL.', 'Last stderr lines:', 'out of memory'],
    });
  });

  it('a kernel stopped under the cell (restart, kill after an ignored interrupt) says KernelStopped', () => {
    const c = new CellOutputs();
    c.finish({ status: 'cancelled', message: 'The kernel was shut down while this cell ran.' });
    assert.deepEqual(c.outputs, [errorOutput('KernelStopped', 'The kernel was shut down while this cell ran.')]);
  });

  it("keeps the kernel's own error and adds none for ok", () => {
    const thrown: NbOutput = { output_type: 'error', ename: 'Error', evalue: 'boom', traceback: ['Error: boom', '    at In[1]:1:7'] };
    const failed = new CellOutputs();
    failed.add(thrown);
    assert.equal(failed.finish(finished('error')), undefined);
    assert.deepEqual(failed.outputs, [thrown]);
    const ok = new CellOutputs();
    ok.add(stdout('fine\n'));
    assert.equal(ok.finish(finished('ok')), undefined);
    assert.deepEqual(ok.outputs, [stdout('fine\n')]);
  });

  it('a failed or interrupted run whose error never arrived still ends with an error output', () => {
    const interrupted = new CellOutputs();
    interrupted.finish(finished('interrupted'));
    assert.deepEqual(interrupted.outputs, [{ output_type: 'error', ename: 'KeyboardInterrupt', evalue: 'Execution interrupted', traceback: ['KeyboardInterrupt: Execution interrupted'] }]);
    const failed = new CellOutputs();
    failed.finish(finished('error'));
    assert.equal(failed.outputs[0]?.output_type, 'error');
    assert.equal(failed.errorSummary(), 'Error: The cell failed without reporting an error.');
  });

  it('names the first error in one line', () => {
    const c = new CellOutputs();
    assert.equal(c.errorSummary(), undefined);
    c.add({ output_type: 'error', ename: 'TypeError', evalue: 'x is not a function\nhint', traceback: [] });
    assert.equal(c.errorSummary(), 'TypeError: x is not a function');
  });

  it('the same events give the same outputs in mlnb run and in the editor, streams merged, for any run', () => {
    const text = fc.string({ unit: 'binary', maxLength: 12 });
    const event: fc.Arbitrary<Event> = fc.oneof(
      text.map((t) => ({ kind: 'output' as const, output: stdout(t) })),
      text.map((t) => ({ kind: 'output' as const, output: stderr(t) })),
      fc.tuple(fc.constantFrom('a', 'b', undefined), text).map(([id, t]) => ({ kind: 'output' as const, output: display(id, t) })),
      fc.tuple(fc.constantFrom('a', 'b'), text).map(([id, t]) => ({ kind: 'update' as const, displayId: id, output: display(id, t) })),
    );
    const outcome: fc.Arbitrary<ExecutionOutcome> = fc.oneof(
      fc.constantFrom('ok', 'error', 'interrupted').map((s) => finished(s as 'ok')),
      fc.record({ status: fc.constantFrom('died' as const, 'cancelled' as const), message: fc.string() }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), outcome, (events, end) => {
        const { cli, editor } = bothWays(events, end);
        assert.deepEqual(editor, cli);
        // No two neighbouring outputs of one stream, and every printed character kept, in order.
        for (let i = 1; i < cli.length; i++) {
          const [a, b] = [cli[i - 1], cli[i]];
          assert.ok(!(a.output_type === 'stream' && b.output_type === 'stream' && a.name === b.name));
        }
        for (const name of ['stdout', 'stderr'] as const) {
          const printed = events.flatMap((e) => (e.output.output_type === 'stream' && e.output.name === name ? [e.output.text] : [])).join('');
          const kept = cli.flatMap((o) => (o.output_type === 'stream' && o.name === name ? [o.text] : [])).join('');
          assert.equal(kept, printed);
        }
        if (end.status !== 'ok') assert.equal(cli.at(-1)?.output_type === 'error' || cli.some((o) => o.output_type === 'error'), true);
      }),
    );
  });

  it('what a cell printed never stops the notebook from saving: control characters and 100,000 chunks', () => {
    const c = new CellOutputs();
    const weird = 'nul \0 bell \x07 esc \x1b[31mred\x1b[0m cr\rback\b form\f lone \ud800 surrogate \u2028 sep\n';
    c.add(stdout(weird));
    for (let i = 0; i < 100_000; i++) c.add(stdout(`line ${i} ${'x'.repeat(40)}\n`));
    c.add(stderr('done\n'));
    c.finish({ status: 'died', message: 'The kernel process exited with code 134.\nLast stderr lines:\n\x1b[1mabort\x1b[0m \0' });
    assert.equal(c.outputs.length, 3);
    const cell = createCell('code', 'for (let i = 0; i < 1e5; i++) console.log(i)');
    cell.outputs = c.outputs;
    const text = serializeNotebook(newNotebook([cell]));
    const back = parseNotebook(text).cells[0] as CodeCell;
    assert.deepEqual(back.outputs, c.outputs);
  });
});
