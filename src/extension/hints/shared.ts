/** What the hint features share: selectors, settings, language, and the lazily loaded syntax code. */
import * as vscode from 'vscode';
import type { Bilingual } from '../../core/concepts/catalog';
import { NOTEBOOK_TYPES } from '../serializer';
import { CODE_CELL_LANGUAGES } from '../cellLanguage';
import { questionLanguage } from '../questions/config';

/** Code cells of mlnb notebooks. */
export const HINT_SELECTOR: vscode.DocumentFilter[] = NOTEBOOK_TYPES.flatMap((notebookType) =>
  CODE_CELL_LANGUAGES.map((language) => ({ notebookType, language })),
);

/** `mlnb.hints.enabled` (default true), read at call time. */
export const hintsEnabled = (): boolean => vscode.workspace.getConfiguration('mlnb').get<boolean>('hints.enabled', true);

/** Text in the `mlnb.language` setting's language; `both` puts Chinese first (once, when both say the same: ReLU). */
export function say(text: Bilingual, separator = ' / '): string {
  const language = questionLanguage();
  if (language === 'zh') return text.zh;
  if (language === 'en' || text.zh === text.en) return text.en;
  return `${text.zh}${separator}${text.en}`;
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
