/**
 * The checks of the language worker's messages (src/core/language/protocol.ts) as they are received: the worker
 * checks what the host asks, the host checks what the worker answers, before either is used.
 */
import { anyArray, anything, boolean, count, countField, type Check, listOf, oneOf, optional, shape, tagged, text } from '../messageCheck';
import type { LanguageMethod } from './protocol';

/** Every method a request may name (a Record, so a method added to LanguageMethod must be added here). */
const METHODS: Record<LanguageMethod, true> = {
  completions: true,
  completionDetails: true,
  quickInfo: true,
  signatureHelp: true,
  definition: true,
  typeDefinition: true,
  references: true,
  highlights: true,
  renameInfo: true,
  renameEdits: true,
  codeFixes: true,
  diagnostics: true,
  semanticTokens: true,
  format: true,
  symbols: true,
  foldingRanges: true,
  selectionRanges: true,
};

/** What is wrong with a message the worker received from the host, or undefined when it is a LanguageHostMessage. */
export const languageHostMessageProblem: Check = tagged('type', {
  request: {
    id: count,
    notebook: shape({ uri: text, dir: text }),
    cells: listOf(shape({ id: text, text, typeCheck: optional(boolean) })),
    method: oneOf(...Object.keys(METHODS)),
    // The method's own parameters are TypeScript positions and options: the language service checks them as it uses them.
    params: anyArray,
  },
  close: { notebook: text },
});

/** What is wrong with a message the host received from the worker, or undefined when it is a LanguageWorkerMessage. */
export const languageWorkerMessageProblem: Check = tagged('type', {
  response: { id: count, result: anything },
  error: { id: count, message: text },
  packagesChanged: { notebook: text },
  warning: { message: text },
});

/** The request id a message carries, if it carries a usable one (to answer or fail its request even when malformed). */
export const languageRequestIdOf = (value: unknown): number | undefined => countField(value, 'id');
