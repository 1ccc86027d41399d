/**
 * The extension host's side of the language worker (src/languageWorker): starts the worker thread on the
 * first request, matches responses to requests, and starts a new worker after a crash. Never imports 'vscode'.
 */
import { Worker } from 'node:worker_threads';
import type { CellText } from '../core/language/virtualDocument';
import { languageRequestIdOf, languageWorkerMessageProblem } from '../core/language/messages';
import type { LanguageHostMessage, LanguageMethod, LanguageParams, LanguageResult, LanguageWorkerMessage, LanguageWorkerOptions, NotebookRef } from '../core/language/protocol';

/** A request that was not answered because the worker was stopped on purpose (e.g. its last notebook closed). */
export class LanguageWorkerStopped extends Error {
  constructor() {
    super('the language worker was stopped');
    this.name = 'LanguageWorkerStopped';
  }
}

/** A request given up on (its AbortSignal fired): the worker skips it, or stops TypeScript in the middle of it. */
export class LanguageRequestCancelled extends Error {
  constructor() {
    super('the language request was cancelled');
    this.name = 'LanguageRequestCancelled';
  }
}

const CANCELLATION_SLOTS = 256;

/** Where the worker's own troubles go (a vscode.LogOutputChannel is one). */
export interface WorkerLog {
  error(line: string): void;
  warn(line: string): void;
}

export class LanguageWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  private readonly cancellations = new SharedArrayBuffer(CANCELLATION_SLOTS * Int32Array.BYTES_PER_ELEMENT);
  private readonly packagesChangedListeners = new Set<(notebookUri: string) => void>();

  constructor(
    private readonly workerPath: string,
    private readonly options: Omit<LanguageWorkerOptions, 'cancellations'>,
    private readonly log: WorkerLog = { error: () => {}, warn: () => {} },
  ) {}

  /** Calls `listener` with a notebook's URI when packages were installed or removed where its imports resolve. */
  onPackagesChanged(listener: (notebookUri: string) => void): { dispose(): void } {
    this.packagesChangedListeners.add(listener);
    return { dispose: () => this.packagesChangedListeners.delete(listener) };
  }

  request<M extends LanguageMethod>(notebook: NotebookRef, cells: readonly CellText[], method: M, ...params: LanguageParams<M>): Promise<LanguageResult<M>> {
    return this.cancellable(undefined, notebook, cells, method, ...params);
  }

  /** A request that `signal` cancels: it then rejects with LanguageRequestCancelled at once. */
  cancellable<M extends LanguageMethod>(signal: AbortSignal | undefined, notebook: NotebookRef, cells: readonly CellText[], method: M, ...params: LanguageParams<M>): Promise<LanguageResult<M>> {
    if (signal?.aborted) return Promise.reject(new LanguageRequestCancelled());
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        Atomics.store(new Int32Array(this.cancellations), id % CANCELLATION_SLOTS, id);
        this.pending.delete(id);
        reject(new LanguageRequestCancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = <T>(then: (value: T) => void) => (value: T) => {
        signal?.removeEventListener('abort', onAbort);
        then(value);
      };
      this.pending.set(id, { resolve: settle(resolve as (result: unknown) => void), reject: settle(reject) });
      worker.postMessage({ type: 'request', id, notebook, cells, method, params } as LanguageHostMessage);
    });
  }

  /** Frees the notebook's language service. */
  close(notebookUri: string): void {
    this.worker?.postMessage({ type: 'close', notebook: notebookUri } satisfies LanguageHostMessage);
  }

  /** Requests sent and not answered yet. */
  get pendingCount(): number {
    return this.pending.size;
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failPending(new LanguageWorkerStopped());
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // Every edit makes TypeScript build a new program (tens of MB of short-lived objects): a larger young
    // generation means fewer garbage collections in the middle of a completion (measured in bench/language.ts).
    const workerData: LanguageWorkerOptions = { ...this.options, cancellations: this.cancellations };
    const worker = new Worker(this.workerPath, { workerData, resourceLimits: { maxYoungGenerationSizeMb: 128 } });
    worker.unref(); // never keeps the extension host alive
    worker.on('message', (received: unknown) => {
      const problem = languageWorkerMessageProblem(received);
      if (problem !== undefined) {
        // Said in the log, and the request it names (if any) fails with the reason rather than waiting forever.
        const description = `the language worker sent a message that does not follow its protocol (${problem}); it was not used`;
        this.log.error(description);
        const id = languageRequestIdOf(received);
        if (id !== undefined) {
          this.pending.get(id)?.reject(new Error(description));
          this.pending.delete(id);
        }
        return;
      }
      const message = received as LanguageWorkerMessage;
      if (message.type === 'packagesChanged') {
        for (const listener of this.packagesChangedListeners) listener(message.notebook);
        return;
      }
      if (message.type === 'warning') {
        this.log.warn(`language worker: ${message.message}`);
        return;
      }
      const request = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.type === 'response') request?.resolve(message.result);
      else request?.reject(new Error(message.message));
    });
    worker.on('error', (error) => this.log.error(`language worker failed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined; // the next request starts a new one
      this.log.error(`language worker exited with code ${code}`);
      this.failPending(new Error(`the language worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private failPending(error: Error): void {
    for (const request of this.pending.values()) request.reject(error);
    this.pending.clear();
  }
}
