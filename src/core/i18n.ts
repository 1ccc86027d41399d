/**
 * The one place that says how mlnb's two languages are shown: the types of bilingual text and of the
 * `mlnb.language` setting, and the functions that pick what a setting shows. Every feature (sidebar, quick
 * picks, hints, practice notebooks, the question page) picks through these, so 'both' means the same
 * everywhere: Chinese first, and one copy where the two say the same ("ReLU").
 *
 * Pure and browser-safe: the webview imports it (see scripts/parts.mjs).
 */

export const LANGS = ['zh', 'en'] as const;
/** One language. */
export type Lang = (typeof LANGS)[number];

/** The same text in Chinese and English. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** The same list in Chinese and English (parallel: item i of zh translates item i of en). */
export interface BilingualList {
  zh: string[];
  en: string[];
}

/** What the `mlnb.language` setting can say: Chinese, English, or both. */
export type DisplayLanguage = Lang | 'both';
export const DISPLAY_LANGUAGES: readonly DisplayLanguage[] = ['zh', 'en', 'both'];

export function isDisplayLanguage(value: unknown): value is DisplayLanguage {
  return typeof value === 'string' && (DISPLAY_LANGUAGES as readonly string[]).includes(value);
}

/** The languages shown, in order: both → Chinese then English. */
export function shownLangs(language: DisplayLanguage): Lang[] {
  return language === 'both' ? ['zh', 'en'] : [language];
}

/**
 * The language of short interface words (buttons, headings, messages): Chinese for 'zh', English otherwise,
 * as in 'both' the content is bilingual but a button stays one short word.
 */
export function chromeLang(language: DisplayLanguage): Lang {
  return language === 'zh' ? 'zh' : 'en';
}

/** One string for a language setting: 'both' joins Chinese and English with `separator`, once when they are equal. */
export function pickText(text: Bilingual, language: DisplayLanguage, separator = ' / '): string {
  if (language !== 'both') return text[language];
  return text.zh === text.en ? text.en : `${text.zh}${separator}${text.en}`;
}

/** One paragraph per shown language (Chinese first), one only when both say the same. */
export function pickParagraphs(text: Bilingual, language: DisplayLanguage): string[] {
  if (language !== 'both') return [text[language]];
  return text.zh === text.en ? [text.en] : [text.zh, text.en];
}

/** A table of interface words for the chrome language of a setting (see chromeLang). */
export function pickTable<T>(tables: Readonly<Record<Lang, T>>, language: DisplayLanguage): T {
  return tables[chromeLang(language)];
}

/** Bilingual text from its two halves, English first as the code's comments and checks write it. */
export function bilingual(en: string, zh: string): Bilingual {
  return { zh, en };
}
