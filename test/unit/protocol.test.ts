import assert from 'node:assert/strict';
import { deserialize, serialize } from 'node:v8';
import fc from 'fast-check';
import { hostMessageProblem, kernelMessageProblem, requestIdOf, type HostMessage, type KernelMessage } from '../../src/core/protocol';
import { MIME } from '../../src/core/outputs';
import { languageHostMessageProblem, languageRequestIdOf, languageWorkerMessageProblem } from '../../src/core/language/messages';
import type { LanguageHostMessage, LanguageWorkerMessage } from '../../src/core/language/protocol';

// The host forks the kernel with `serialization: 'advanced'`: messages travel as V8 structured clones.
const clone = <T>(value: T): T => deserialize(serialize(value)) as T;

describe('kernel protocol', () => {
  const hostMessages: HostMessage[] = [
    { type: 'execute', requestId: 1, cellId: 'vscode-notebook-cell:/a.mlnb#W0', code: 'const x = 1;\nx' },
    { type: 'inspectVariables', requestId: 2 },
    { type: 'interrupt' },
    { type: 'debug', requestId: 3, open: true, pauseInCell: 'vscode-notebook-cell:/a.mlnb#W1' },
    { type: 'debug', requestId: 4, open: false },
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
    { type: 'variables', requestId: 5, variables: [{ name: 'm', type: 'Sequential', summary: '2 layers', model: { layers: 2, params: 9 } }, { name: 'p', type: 'undefined', summary: '', importFailed: { cell: 1, specifier: 'papaparse', message: 'not found' } }] },
    { type: 'output', requestId: 1, output: { output_type: 'error', ename: 'Error', evalue: 'boom', traceback: ['Error: boom'] } },
    { type: 'output', requestId: 1, output: { output_type: 'execute_result', data: {}, metadata: {}, execution_count: null } },
    { type: 'debugging', requestId: 3, port: 9229, sourceDir: '/tmp/mlnb-debug-1' },
    { type: 'debugging', requestId: 4, error: 'the kernel is not running' },
    { type: 'done', requestId: 2, status: 'ok', executionCount: 1, durationMs: 0.2, tensors: { before: 0, after: 0, leaked: 0 } },
    { type: 'log', level: 'error', message: 'TF.js could not start' },
  ];

  it('carries every host message unchanged over the IPC serialisation', () => {
    for (const message of hostMessages) assert.deepEqual(clone(message), message);
  });

  it('carries every kernel message unchanged, NaN and unicode included', () => {
    for (const message of kernelMessages) {
      assert.deepEqual(clone(message), message);
      assert.equal(kernelMessageProblem(clone(message)), undefined, JSON.stringify(message));
    }
  });

  it('recognises what is not a kernel message', () => {
    for (const value of [null, undefined, 42, 'ready', {}, { type: 3 }, [], { type: 'bogus' }]) assert.ok(kernelMessageProblem(value));
  });

  it('accepts every host message, and neither side takes the other\'s messages', () => {
    for (const message of hostMessages) assert.equal(hostMessageProblem(clone(message)), undefined, JSON.stringify(message));
    for (const message of kernelMessages) assert.ok(hostMessageProblem(message), message.type);
    for (const message of hostMessages) assert.ok(kernelMessageProblem(message), message.type);
  });

  it('says which field of a malformed message is wrong, and how', () => {
    assert.equal(hostMessageProblem({ type: 'execute', requestId: '1', cellId: 'c', code: '' }), 'execute: requestId: a whole number ≥ 0 expected, got the string "1"');
    assert.equal(hostMessageProblem({ type: 'execute', requestId: 1, cellId: 'c' }), 'execute: code: a string expected, got nothing');
    assert.equal(hostMessageProblem({ type: 'run', code: '1' }), 'type: one of "execute", "inspectVariables", "interrupt", "debug", "shutdown" expected, got the string "run"');
    assert.equal(hostMessageProblem('shutdown'), 'an object expected, got the string "shutdown"');
    assert.equal(kernelMessageProblem({ type: 'output', requestId: 1, output: { output_type: 'stream', name: 'stdlog', text: 'x' } }), 'output: output: stream: name: one of "stdout", "stderr" expected, got the string "stdlog"');
    assert.equal(kernelMessageProblem({ type: 'output', requestId: 1, output: { output_type: 'error', ename: 'E', evalue: 'v', traceback: ['ok', 7] } }), 'output: output: error: traceback: [1]: a string expected, got number 7');
    assert.equal(kernelMessageProblem({ type: 'done', requestId: 1, status: 'ok', executionCount: 1, durationMs: 1, tensors: { before: 0, after: 0 } }), 'done: tensors: leaked: a number expected, got nothing');
    assert.equal(kernelMessageProblem({ type: 'backend', backend: 'webgl', requested: 'auto', versions: {}, fallbackReasons: [] }), 'backend: backend: one of "tensorflow", "wasm", "cpu" expected, got the string "webgl"');
  });

  it('rejects each good message with any one field given a value of the wrong kind, naming that field', () => {
    const wrongKind = (value: unknown) => fc.anything().filter((other) => other !== undefined && (typeof other !== typeof value || Array.isArray(other) !== Array.isArray(value) || (other === null) !== (value === null)));
    const cases = [...hostMessages.map((m) => ['host', m] as const), ...kernelMessages.map((m) => ['kernel', m] as const)].filter(([, m]) => Object.keys(m).length > 1);
    fc.assert(
      fc.property(fc.constantFrom(...cases).chain(([side, message]) => {
        const fields = Object.keys(message).filter((k) => k !== 'type');
        return fc.constantFrom(...fields).chain((field) => wrongKind((message as Record<string, unknown>)[field]).map((bad) => ({ side, message, field, bad })));
      }), ({ side, message, field, bad }) => {
        const broken = { ...message, [field]: bad };
        const problem = side === 'host' ? hostMessageProblem(broken) : kernelMessageProblem(broken);
        assert.ok(problem, `${JSON.stringify(broken)} was accepted`);
        assert.ok(problem.startsWith(`${message.type}: ${field}: `), problem);
      }),
    );
  });

  it('never throws on anything received, and finds a usable request id only where there is one', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }), (value) => {
        assert.equal(typeof (hostMessageProblem(value) ?? ''), 'string');
        assert.equal(typeof (kernelMessageProblem(value) ?? ''), 'string');
        requestIdOf(value);
      }),
    );
    assert.equal(requestIdOf({ type: 'execute', requestId: 7 }), 7);
    assert.equal(requestIdOf({ type: 'execute', requestId: -1 }), undefined);
    assert.equal(requestIdOf({ type: 'execute', requestId: '7' }), undefined);
    assert.equal(requestIdOf(null), undefined);
  });
});

describe('language worker protocol', () => {
  const notebook = { uri: 'file:///nb/a.mlnb', dir: '/nb' };
  const hostMessages: LanguageHostMessage[] = [
    { type: 'request', id: 1, notebook, cells: [{ id: 'c1', text: 'const a = 1;' }, { id: 'c2', text: 'a', typeCheck: false }], method: 'completions', params: ['c2', 1, '.'] },
    { type: 'request', id: 2, notebook, cells: [], method: 'diagnostics', params: [] },
    { type: 'close', notebook: notebook.uri },
  ];
  const workerMessages: LanguageWorkerMessage[] = [
    { type: 'response', id: 1, result: new Map([['c1', []]]) },
    { type: 'response', id: 2, result: undefined },
    { type: 'error', id: 3, message: 'Error: no such cell' },
    { type: 'packagesChanged', notebook: notebook.uri },
    { type: 'warning', message: 'cannot watch /nb' },
  ];

  it('accepts every well-formed message, each on its own side only', () => {
    for (const message of hostMessages) assert.equal(languageHostMessageProblem(message), undefined, JSON.stringify(message));
    for (const message of workerMessages) assert.equal(languageWorkerMessageProblem(message), undefined, message.type);
    for (const message of hostMessages) assert.ok(languageWorkerMessageProblem(message));
    for (const message of workerMessages) assert.ok(languageHostMessageProblem(message));
  });

  it('names the wrong field of a malformed message, and finds the request id to fail', () => {
    assert.equal(languageHostMessageProblem({ ...hostMessages[0], method: 'eval' })?.split(' expected')[0], 'request: method: one of "completions", "completionDetails", "quickInfo", "signatureHelp", "definition", "typeDefinition", "references", "highlights", "renameInfo", "renameEdits", "codeFixes", "diagnostics", "semanticTokens", "format", "symbols", "foldingRanges", "selectionRanges"');
    assert.equal(languageHostMessageProblem({ ...hostMessages[0], cells: [{ id: 'c1' }] }), 'request: cells: [0]: text: a string expected, got nothing');
    assert.equal(languageHostMessageProblem({ ...hostMessages[0], params: 'c2' }), 'request: params: an array expected, got the string "c2"');
    assert.equal(languageWorkerMessageProblem({ type: 'error', id: 3, message: 42 }), 'error: message: a string expected, got number 42');
    assert.equal(languageWorkerMessageProblem({ type: 'response', result: 1 }), 'response: id: a whole number ≥ 0 expected, got nothing');
    assert.equal(languageRequestIdOf({ type: 'request', id: 9, method: 'eval' }), 9);
    assert.equal(languageRequestIdOf({ type: 'request', id: 1.5 }), undefined);
  });

  it('never throws on anything received', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withMap: true, withSparseArray: true }), (value) => {
        languageHostMessageProblem(value);
        languageWorkerMessageProblem(value);
        languageRequestIdOf(value);
      }),
    );
  });
});
