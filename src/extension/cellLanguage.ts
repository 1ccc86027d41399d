/**
 * Language ids of mlnb code cells. Code cells get languages of their own, with TypeScript's and
 * JavaScript's grammars: VS Code's TypeScript support checks each cell as a separate file and knows nothing
 * of the kernel's globals, and mlnb gives these cells a language service over the whole notebook instead.
 */
export const NOTEBOOK_TYPESCRIPT = 'mlnb-typescript';
/** JavaScript cells (notebooks whose language is JavaScript): the same service, without type errors, as VS Code does for .js files. */
export const NOTEBOOK_JAVASCRIPT = 'mlnb-javascript';

/** Cells the whole-notebook language service covers. */
export const NOTEBOOK_LANGUAGES = [NOTEBOOK_TYPESCRIPT, NOTEBOOK_JAVASCRIPT];

/** Languages the kernel runs, the preferred one first (new cells get it). */
export const CODE_CELL_LANGUAGES = [...NOTEBOOK_LANGUAGES, 'typescript', 'javascript'];
