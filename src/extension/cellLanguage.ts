/**
 * Language ids of mlnb code cells. TypeScript cells get a language of their own, with TypeScript's grammar:
 * VS Code's TypeScript support checks each cell as a separate file and reports names from earlier cells
 * as unknown, and mlnb gives these cells a language service over the whole notebook instead.
 */
export const NOTEBOOK_TYPESCRIPT = 'mlnb-typescript';

/** Languages the kernel runs, the preferred one first (new cells get it). */
export const CODE_CELL_LANGUAGES = [NOTEBOOK_TYPESCRIPT, 'typescript', 'javascript'];
