/**
 * The one protocol between a kernel process and its host (the extension's controller or `mlnb run`).
 * Transport: Node's fork IPC (structured JSON), never a TCP port.
 */
import type { NbOutput } from './outputs';
import { anyObject, anything, boolean, count, countField, type Check, listOf, nullable, number, oneOf, optional, recordOf, shape, tagged, text } from './messageCheck';

/** A TF.js backend mlnb knows how to start. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
/** What the user asked for; `auto` tries tensorflow, then wasm, then cpu. */
export type BackendPreference = BackendName | 'auto';

/** Host → kernel. */
export type HostMessage =
  | { type: 'execute'; requestId: number; cellId: string; code: string }
  | { type: 'inspectVariables'; requestId: number }
  /**
   * Sent with SIGINT: the signal breaks a synchronous loop; the message, ordered after the 'execute' it
   * concerns, reaches a cell that is queued or awaiting even when the signal was handled first.
   */
  | { type: 'interrupt' }
  /**
   * Debug Cell / Run by Line: open the Node inspector (127.0.0.1, a port the OS picks) for a debugger to
   * attach, optionally pausing at the first statement of the next run of `pauseInCell`; or close it.
   */
  | { type: 'debug'; requestId: number; open: true; pauseInCell?: string }
  | { type: 'debug'; requestId: number; open: false }
  | { type: 'shutdown' };

/** Where in a cell's own source an error happened (1-based line, 1-based column). */
export interface CellLocation {
  cellId: string;
  line: number;
  column: number;
}

export interface BackendReport {
  /** The backend TF.js actually runs on (read back from `tf.getBackend()`). */
  backend: BackendName;
  requested: BackendPreference;
  versions: Record<string, string>;
  /** Why a better backend was not used, e.g. "tfjs-node is not installed". */
  fallbackReasons: string[];
}

export type ExecutionStatus = 'ok' | 'error' | 'interrupted';

interface ExecutionDone {
  type: 'done';
  requestId: number;
  status: ExecutionStatus;
  executionCount: number;
  durationMs: number;
  /** `tf.memory().numTensors` before and after the cell; `leaked` is the difference. */
  tensors: { before: number; after: number; leaked: number };
  /** For errors: the first frame inside a cell, mapped to that cell's own source. */
  errorLocation?: CellLocation;
}

export interface VariableInfo {
  name: string;
  type: string;
  /** A short, single-line rendering of the value. */
  summary: string;
  tensor?: { dtype: string; shape: number[]; bytes: number };
  model?: { layers: number; params: number };
  /** The value is undefined because this import failed (the cell's execution count, module, first error line). */
  importFailed?: { cell: number; specifier: string; message: string };
}

/** The kernel's answer to 'debug': where its inspector listens (when open), or why it could not open. */
export interface DebugReply {
  type: 'debugging';
  requestId: number;
  /** The inspector's port on 127.0.0.1, while open. */
  port?: number;
  /** The folder the kernel writes cell sources to (their inline source maps point there). */
  sourceDir?: string;
  error?: string;
}

/** Kernel → host. */
export type KernelMessage =
  | { type: 'ready'; pid: number; node: string }
  | ({ type: 'backend' } & BackendReport)
  | { type: 'output'; requestId: number; output: NbOutput }
  /** Replace the output that carries `displayId` (live training progress, `display(..., { id })`). */
  | { type: 'updateOutput'; requestId: number; displayId: string; output: NbOutput }
  | ExecutionDone
  | { type: 'variables'; requestId: number; variables: VariableInfo[] }
  | DebugReply
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

// Received messages are checked field by field against the unions above before they are used: a peer of another
// mlnb version, or a bug, must not be taken at its word. Fields the unions do not name are let through.
const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];
const mimeBundle = recordOf(anything);
const nbOutput = tagged('output_type', {
  stream: { name: oneOf('stdout', 'stderr'), text },
  display_data: { data: mimeBundle, metadata: anyObject, transient: optional(shape({ display_id: optional(text) })) },
  execute_result: { data: mimeBundle, metadata: anyObject, execution_count: nullable(count) },
  error: { ename: text, evalue: text, traceback: listOf(text) },
});

/** What is wrong with a message received from the host, or undefined when it is a well-formed HostMessage. */
export const hostMessageProblem: Check = tagged('type', {
  execute: { requestId: count, cellId: text, code: text },
  inspectVariables: { requestId: count },
  interrupt: {},
  debug: { requestId: count, open: boolean, pauseInCell: optional(text) },
  shutdown: {},
});

/** What is wrong with a message received from a kernel, or undefined when it is a well-formed KernelMessage. */
export const kernelMessageProblem: Check = tagged('type', {
  ready: { pid: count, node: text },
  backend: { backend: oneOf(...BACKENDS), requested: oneOf(...BACKENDS, 'auto'), versions: recordOf(text), fallbackReasons: listOf(text) },
  output: { requestId: count, output: nbOutput },
  updateOutput: { requestId: count, displayId: text, output: nbOutput },
  done: {
    requestId: count,
    status: oneOf('ok', 'error', 'interrupted'),
    executionCount: count,
    durationMs: number,
    tensors: shape({ before: number, after: number, leaked: number }),
    errorLocation: optional(shape({ cellId: text, line: count, column: count })),
  },
  variables: {
    requestId: count,
    variables: listOf(
      shape({
        name: text,
        type: text,
        summary: text,
        tensor: optional(shape({ dtype: text, shape: listOf(count), bytes: number })),
        model: optional(shape({ layers: count, params: number })),
        importFailed: optional(shape({ cell: count, specifier: text, message: text })),
      }),
    ),
  },
  debugging: { requestId: count, port: optional(count), sourceDir: optional(text), error: optional(text) },
  log: { level: oneOf('info', 'warn', 'error'), message: text },
});

/** The request id a message carries, if it carries a usable one (to answer or place even a malformed message). */
export const requestIdOf = (value: unknown): number | undefined => countField(value, 'requestId');

/**
 * Environment variable naming the folder `mlnb: Build the Native TF.js Backend` builds tfjs-node into (the
 * extension's global storage: an installed extension ships without it). The extension sets it for its kernels;
 * they look there before mlnb's own node_modules.
 */
export const NATIVE_BACKEND_DIR_ENV = 'MLNB_NATIVE_BACKEND_DIR';

/** `mlnb.compiledTraining`: 'auto' runs supported `model.fit` calls as one TensorFlow graph per batch on the tensorflow backend. */
export type CompiledTrainingSetting = 'auto' | 'off';
/** Environment variable carrying `mlnb.compiledTraining` to a kernel (read once, at start). */
export const COMPILED_TRAINING_ENV = 'MLNB_COMPILED_TRAINING';

/**
 * Environment variable the extension sets (to 1) for its kernels: each cell script then carries an inline
 * source map to a copy of the cell's source, so Debug Cell can bind breakpoints in cells run earlier. `mlnb run`
 * does not set it.
 */
export const DEBUG_SOURCES_ENV = 'MLNB_DEBUG_SOURCES';

/**
 * The language (`zh`, `en` or `both`) the practice grader (`mlnb/practice`) writes its messages in: the
 * practice notebook's own, else the `mlnb.language` setting. Unset or unknown means both.
 */
export const PRACTICE_LANGUAGE_ENV = 'MLNB_LANGUAGE';
