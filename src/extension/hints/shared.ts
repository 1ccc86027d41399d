/** What the hint features share: selectors, language, and the lazily loaded syntax code. */
import * as vscode from 'vscode';
import { pickText, type Bilingual } from '../../core/i18n';
import { NOTEBOOK_TYPES } from '../serializer';
import { CODE_CELL_LANGUAGES } from '../cellLanguage';
import { Config } from '../config';

/** Code cells of mlnb notebooks. */
export const HINT_SELECTOR: vscode.DocumentFilter[] = NOTEBOOK_TYPES.flatMap((notebookType) =>
  CODE_CELL_LANGUAGES.map((language) => ({ notebookType, language })),
);

/** Text in the `mlnb.language` setting's language, read now. */
export function say(text: Bilingual, separator = ' / '): string {
  return pickText(text, Config.language(), separator);
}

type Syntax = typeof import('../../core/concepts/match') & typeof import('../../core/concepts/quickFixes');
let syntaxModule: Syntax | undefined;

/**
 * The matcher and quick fixes use the TypeScript parser, a large module: evaluated on first use (the first
 * hover or the first finished training), not at activation.
 */
export function syntax(): Syntax {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  syntaxModule ??= { ...require('../../core/concepts/match'), ...require('../../core/concepts/quickFixes') } as Syntax;
  return syntaxModule;
}

export function openQuestionLink(id: string, label: string): string {
  return `[${label}](command:mlnb.openQuestion?${encodeURIComponent(JSON.stringify([id]))})`;
}

/**
 * Content the extension ships (content/concepts/…), read on first use. A broken file is a packaging bug: it is
 * reported once, naming file and field, and the feature goes without it rather than showing half of it.
 */
export function loadOnce<T>(consequence: string, load: () => T): () => T | undefined {
  let value: T | undefined;
  let failed = false;
  return () => {
    if (value !== undefined || failed) return value;
    try {
      value = load();
    } catch (error) {
      failed = true;
      void vscode.window.showErrorMessage(`mlnb: ${consequence}: ${(error as Error).message}`);
    }
    return value;
  };
}
