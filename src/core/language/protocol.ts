/**
 * Messages between the extension host and the language worker (src/languageWorker), which runs the
 * notebooks' language services off the extension host's thread. A request names a method of
 * NotebookLanguageService and carries the notebook's cells as they are now.
 */
import type { NotebookLanguageService } from './notebookLanguageService';
import type { CellText } from './virtualDocument';

export type LanguageMethod =
  | 'completions'
  | 'completionDetails'
  | 'quickInfo'
  | 'signatureHelp'
  | 'definition'
  | 'typeDefinition'
  | 'references'
  | 'highlights'
  | 'renameInfo'
  | 'renameEdits'
  | 'codeFixes'
  | 'diagnostics'
  | 'semanticTokens'
  | 'format'
  | 'symbols'
  | 'foldingRanges'
  | 'selectionRanges';
export type LanguageParams<M extends LanguageMethod> = Parameters<NotebookLanguageService[M]>;
export type LanguageResult<M extends LanguageMethod> = ReturnType<NotebookLanguageService[M]>;

export interface NotebookRef {
  /** The notebook's URI: one language service per notebook. */
  readonly uri: string;
  /** The notebook's folder, where its imports resolve from. */
  readonly dir: string;
}

export interface LanguageWorkerOptions {
  /** mlnb's install folder (TF.js and Node types). */
  readonly packageRoot: string;
  /**
   * Int32 slots the host writes a request's id into (at id % slots) to cancel it: the worker reads them
   * while TypeScript works, where a message would wait behind the very work it means to stop.
   */
  readonly cancellations: SharedArrayBuffer;
}

export type LanguageHostMessage =
  | { [M in LanguageMethod]: { type: 'request'; id: number; notebook: NotebookRef; cells: readonly CellText[]; method: M; params: LanguageParams<M> } }[LanguageMethod]
  | { type: 'close'; notebook: string };

export type LanguageWorkerMessage =
  | { type: 'response'; id: number; result: unknown }
  | { type: 'error'; id: number; message: string }
  /** Packages were installed or removed where the notebook's imports resolve: its problems may have changed. */
  | { type: 'packagesChanged'; notebook: string }
  /** Something the user may need to know that belongs to no request (e.g. a folder that cannot be watched). */
  | { type: 'warning'; message: string };
