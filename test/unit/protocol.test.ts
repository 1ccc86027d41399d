import assert from 'node:assert/strict';
import { deserialize, serialize } from 'node:v8';
import { isKernelMessage, type HostMessage, type KernelMessage } from '../../src/core/protocol';
import { MIME } from '../../src/core/outputs';

// The host forks the kernel with `serialization: 'advanced'`: messages travel as V8 structured clones.
const clone = <T>(value: T): T => deserialize(serialize(value)) as T;

describe('kernel protocol', () => {
  const hostMessages: HostMessage[] = [
    { type: 'execute', requestId: 1, cellId: 'vscode-notebook-cell:/a.mlnb#W0', code: 'const x = 1;\nx' },
    { type: 'inspectVariables', requestId: 2 },
    { type: 'interrupt' },
    { type: 'shutdown' },
  ];
  const kernelMessages: KernelMessage[] = [
    { type: 'ready', pid: 42, node: 'v20.20.2' },
    { type: 'backend', backend: 'wasm', requested: 'auto', versions: { 'tfjs-core': '4.22.0' }, fallbackReasons: ['tensorflow: not installed'] },
    { type: 'output', requestId: 1, output: { output_type: 'stream', name: 'stdout', text: 'héllo 你好\n' } },
    { type: 'output', requestId: 1, output: { output_type: 'execute_result', data: { [MIME.tensor]: { dtype: 'float32', shape: [2], values: [1, NaN] }, 'text/plain': 'Tensor' }, metadata: {}, execution_count: 3 } },
    { type: 'updateOutput', requestId: 1, displayId: 'mlnb-training-1', output: { output_type: 'display_data', data: {}, metadata: {}, transient: { display_id: 'mlnb-training-1' } } },
    { type: 'done', requestId: 1, status: 'error', executionCount: 3, durationMs: 1.5, tensors: { before: 1, after: 3, leaked: 2 }, errorLocation: { cellId: 'c', line: 2, column: 5 } },
    { type: 'variables', requestId: 2, variables: [{ name: 'w', type: 'Tensor', summary: 'float32[2]', tensor: { dtype: 'float32', shape: [2], bytes: 8 } }] },
    { type: 'log', level: 'error', message: 'TF.js could not start' },
  ];

  it('carries every host message unchanged over the IPC serialisation', () => {
    for (const message of hostMessages) assert.deepEqual(clone(message), message);
  });

  it('carries every kernel message unchanged, NaN and unicode included', () => {
    for (const message of kernelMessages) {
      assert.deepEqual(clone(message), message);
      assert.ok(isKernelMessage(clone(message)));
    }
  });

  it('recognises what is not a kernel message', () => {
    for (const value of [null, undefined, 42, 'ready', {}, { type: 3 }]) assert.equal(isKernelMessage(value), false);
  });
});
