import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { trainingText } from '../../src/core/trainingText';
import { MIME, type TrainingView } from '../../src/core/outputs';
import { explainMissingKernel } from '../../src/kernel/tfLoader';
import { TerminalPrinter } from '../../src/cli/terminalPrinter';

const view = (over: Partial<TrainingView>): TrainingView => ({
  status: 'running', epochs: 10, epoch: 2, batch: 3, batchesPerEpoch: 8, elapsedMs: 1500, history: { loss: [1, 0.5], val_loss: [1.2, 0.9] }, batchLogs: { loss: 0.4 }, ...over,
});

describe('training summaries', () => {
  it('says where a running fit is and its latest metrics', () => {
    assert.equal(trainingText(view({})), 'Training epoch 3/10 — loss=0.5000 val_loss=0.9000 (1.5 s)');
  });

  it('says how a finished or stopped fit ended', () => {
    assert.match(trainingText(view({ status: 'stopped' })), /^Training stopped after 2\/10 epochs/);
    assert.match(trainingText(view({ status: 'done', history: { loss: [1e-5] } })), /loss=1\.000e-5/);
  });
});

describe('terminal printer', () => {
  function capture() {
    const out = new PassThrough();
    const err = new PassThrough();
    let stdout = '';
    let stderr = '';
    out.on('data', (d) => (stdout += d));
    err.on('data', (d) => (stderr += d));
    const printer = new TerminalPrinter(out as unknown as NodeJS.WriteStream, err as unknown as NodeJS.WriteStream, false);
    return { printer, text: () => ({ stdout, stderr }) };
  }

  it('prints one line per finished epoch when stdout is not a terminal', () => {
    const { printer, text } = capture();
    const output = (v: TrainingView) => ({ output_type: 'display_data' as const, data: { [MIME.training]: v, 'text/plain': '' }, metadata: {}, transient: { display_id: 't' } });
    printer.output(output(view({ history: {} })));
    printer.update('t', output(view({ history: { loss: [1] } })));
    printer.update('t', output(view({ batch: 5, history: { loss: [1] } })));
    printer.update('t', output(view({ history: { loss: [1, 0.5] } })));
    printer.update('t', output(view({ status: 'done', history: { loss: [1, 0.5] } })));
    assert.equal(text().stdout, 'Epoch 1/10 loss=1.0000\nEpoch 2/10 loss=0.5000\nTraining done after 2/10 epochs — loss=0.5000 (1.5 s)\n');
  });

  it('prints streams, values and errors where they belong', () => {
    const { printer, text } = capture();
    printer.output({ output_type: 'stream', name: 'stdout', text: 'out\n' });
    printer.output({ output_type: 'stream', name: 'stderr', text: 'warn\n' });
    printer.output({ output_type: 'execute_result', data: { 'text/plain': '42' }, metadata: {}, execution_count: 1 });
    printer.output({ output_type: 'error', ename: 'Error', evalue: 'x', traceback: ['Error: x', '    at In[1]:1:1'] });
    assert.deepEqual(text(), { stdout: 'out\n42\n', stderr: 'warn\nError: x\n    at In[1]:1:1\n' });
  });
});

describe('missing backend kernels', () => {
  it('explains a kernel the wasm backend lacks and names the way out', () => {
    const hint = explainMissingKernel("Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'");
    assert.match(hint!, /'wasm' backend of TF\.js has no 'Conv2DBackpropFilter' kernel \(wasm cannot train convolution or pooling layers\)/);
    assert.match(hint!, /npm run native-backend/);
  });

  it('stays quiet for other errors', () => {
    assert.equal(explainMissingKernel('Error when checking input: expected dense_Dense1_input to have shape [null,1]'), undefined);
  });
});
