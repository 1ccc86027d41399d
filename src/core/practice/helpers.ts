/**
 * The filter that keeps only the notebook's language in the `//en:` / `//zh:` comments of practice code.
 *
 * Pure and browser-safe.
 */
import type { DisplayLanguage } from '../i18n';

const LANGUAGE_COMMENT = /^(\s*)\/\/(en|zh):[ \t]?(.*)$/;

/** Keeps the `//en:` / `//zh:` comment lines of `language` (as plain `//` comments) and drops the others. */
export function localizeCode(code: string, language: DisplayLanguage): string {
  const out: string[] = [];
  for (const line of code.split('\n')) {
    const m = LANGUAGE_COMMENT.exec(line);
    if (!m) out.push(line);
    else if (language === 'both' || m[2] === language) out.push(`${m[1]}// ${m[3]}`.trimEnd());
  }
  return out.join('\n');
}
