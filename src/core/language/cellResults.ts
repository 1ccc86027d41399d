/**
 * What the notebook language service answers, every position a (cell, offset in that cell): plain data that
 * the language worker sends to the extension, whose providers turn it into the editor's types.
 */
import type ts from 'typescript';

export interface CellSpan {
  readonly cellId: string;
  readonly start: number;
  readonly length: number;
}

/** A place in code: a span of a cell of this notebook, or a range of a file (e.g. TF.js's .d.ts). */
export type CodeLocation = (
  | ({ readonly kind: 'cell' } & CellSpan)
  | { readonly kind: 'file'; readonly fileName: string; readonly start: ts.LineAndCharacter; readonly end: ts.LineAndCharacter }
) & {
  /** For references: whether this one is the declaration. */
  readonly isDefinition?: boolean;
};

export interface CellHighlight {
  readonly start: number;
  readonly length: number;
  /** Written (assigned, declared) rather than read. */
  readonly write: boolean;
}

export type CellRenameInfo =
  | { readonly canRename: true; readonly start: number; readonly length: number; readonly placeholder: string }
  | { readonly canRename: false; readonly message: string };

/** A quick fix TypeScript offers for an error: its title and its edits, all in cells. */
export interface CellCodeFix {
  readonly title: string;
  readonly edits: readonly (CellSpan & { readonly newText: string })[];
}

/** Where a rename changes the notebook: each span becomes `prefix + newName + suffix` (`{ x }` → `{ x: y }`). */
export interface CellRenameEdit extends CellSpan {
  readonly prefix: string;
  readonly suffix: string;
}

/** A problem in a cell: TypeScript's (by its error number), or one of mlnb's own checks (by name). */
export type CellDiagnostic = {
  readonly start: number;
  readonly length: number;
  readonly message: string;
  readonly category: 'error' | 'warning' | 'suggestion' | 'message';
  readonly unnecessary: boolean;
  readonly deprecated: boolean;
} & (
  | { readonly source: 'ts'; readonly code: number }
  /** A use of a name only a later cell imports; `related` is that import. */
  | { readonly source: 'mlnb'; readonly code: 'imported-later'; readonly related: CellSpan & { readonly message: string } }
);

export interface CellCompletionEntry extends ts.CompletionEntry {
  /** The cell range the entry replaces, when TypeScript gives one. */
  readonly replacement?: { readonly start: number; readonly length: number };
}

export interface CellCompletions {
  readonly isIncomplete: boolean;
  readonly entries: readonly CellCompletionEntry[];
  /** Range of the word being completed, for entries without their own replacement. */
  readonly wordRange?: { readonly start: number; readonly length: number };
}

export interface CellQuickInfo {
  readonly start: number;
  readonly length: number;
  /** The signature, e.g. `const x: number` (TypeScript source). */
  readonly display: string;
  /** JSDoc text (markdown). */
  readonly documentation: string;
  readonly tags: readonly ts.JSDocTagInfo[];
}

export interface CellSignatureHelp {
  readonly signatures: readonly {
    readonly label: string;
    readonly documentation: string;
    /** Each parameter as [start, end) in `label`. */
    readonly parameters: readonly { readonly label: readonly [number, number]; readonly documentation: string }[];
  }[];
  readonly activeSignature: number;
  readonly activeParameter: number;
}
