/**
 * Field checks shared by the hand-written content validators (the question bank, the concept hints, the snippets):
 * each walks a parsed JSON file and reports every problem as a JSON-pointer-like path and a message, which the
 * validator's caller turns into one error (problemList.ts). Pure.
 */
import { LANGS, type Lang } from './i18n';
import { isObject } from './jsonValues';

/** One problem at a path inside the checked value (`/title/zh`; '' for the value itself). */
export interface FieldProblem {
  path: string;
  message: string;
}

/** How a check reports a problem. */
export type ReportProblem = (path: string, message: string) => void;

/** An empty problem list and the function that adds to it. */
export function problemCollector(): { problems: FieldProblem[]; bad: ReportProblem } {
  const problems: FieldProblem[] = [];
  return { problems, bad: (path, message) => problems.push({ path, message }) };
}

/** Ids in the content: kebab-case slugs (a-z, 0-9, single hyphens). */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const isNonEmptyText = (value: unknown): value is string => typeof value === 'string' && /\S/.test(value);

export const isSlug = (value: unknown, maxLength: number): value is string => typeof value === 'string' && value.length <= maxLength && SLUG_PATTERN.test(value);

/**
 * The object's keys against the allowed and the required ones: an unknown key is reported at `<path>/<key>`,
 * naming the keys it may have (`named`, default `allowed`), a missing one at `<path>/<key>`.
 */
export function checkKeys(
  object: Record<string, unknown>,
  path: string,
  bad: ReportProblem,
  keys: { allowed: readonly string[]; required: readonly string[]; named?: readonly string[] },
): void {
  const named = (keys.named ?? keys.allowed).join(', ');
  for (const k of Object.keys(object)) if (!keys.allowed.includes(k)) bad(`${path}/${k}`, `unknown property (expected ${named})`);
  for (const k of keys.required) if (!(k in object)) bad(`${path}/${k}`, 'required property is missing');
}

/** A value that must be one of `choices`. */
export function checkOneOf(value: unknown, choices: readonly string[], path: string, bad: ReportProblem): void {
  if (!(choices as readonly unknown[]).includes(value)) bad(path, `must be one of ${choices.join(', ')}`);
}

/**
 * Something said in both languages: an object with no key but zh and en (`notObject` is reported when it is no
 * object). `checkLanguage` checks each language's value, `undefined` when `missing`.
 */
export function checkBilingual(
  value: unknown,
  path: string,
  bad: ReportProblem,
  notObject: string,
  checkLanguage: (value: unknown, path: string, missing: boolean, lang: Lang) => void,
): void {
  if (!isObject(value)) {
    bad(path, notObject);
    return;
  }
  for (const k of Object.keys(value)) if (!(LANGS as readonly string[]).includes(k)) bad(`${path}/${k}`, 'unknown property (expected zh and en)');
  for (const lang of LANGS) checkLanguage(value[lang], `${path}/${lang}`, !(lang in value), lang);
}

/** Required text in both languages: `{ zh, en }`, each a string with something besides white space. */
export function checkBilingualText(value: unknown, path: string, bad: ReportProblem): void {
  checkBilingual(value, path, bad, 'must be an object with zh and en', (text, at, missing) => {
    if (missing) bad(at, 'is missing (every text is in zh and en)');
    else if (!isNonEmptyText(text)) bad(at, 'must be a non-empty string');
  });
}

/** What a list must hold, and what is said when it does not. */
export interface ListRule {
  /** Fewest items (default 0). */
  min?: number;
  /** Most items (default any number). */
  max?: number;
  /** Reported at the list when it is no array, or too short or too long. */
  notList: string;
  isItem: (item: unknown) => boolean;
  /** Reported at `<path>/<index>` for an item `isItem` refuses. */
  badItem: string;
  /** Reported at the list when an item repeats; repeats are allowed without it. */
  repeated?: string;
}

/** A list checked item by item: its length, each item, and (with `rule.repeated`) that no item repeats. */
export function checkList(value: unknown, path: string, bad: ReportProblem, rule: ListRule): void {
  if (!Array.isArray(value) || value.length < (rule.min ?? 0) || value.length > (rule.max ?? Infinity)) {
    bad(path, rule.notList);
    return;
  }
  value.forEach((item, i) => {
    if (!rule.isItem(item)) bad(`${path}/${i}`, rule.badItem);
  });
  if (rule.repeated !== undefined && new Set(value).size !== value.length) bad(path, rule.repeated);
}

/** A problem in one file of a content folder: its name, and the path inside it. */
export interface FileProblem extends FieldProblem {
  file: string;
}

/**
 * Validate each file (in name order) and add its problems to `issues` under its name; `whenValid` gets each file
 * that has none, and a function to report what only the other files or the bank show.
 */
export function checkEachFile(
  files: Record<string, unknown>,
  validate: (value: unknown) => FieldProblem[],
  issues: FileProblem[],
  whenValid: (file: string, value: unknown, bad: ReportProblem) => void,
): void {
  for (const file of Object.keys(files).sort()) {
    const value = files[file];
    const problems = validate(value);
    for (const p of problems) issues.push({ file, ...p });
    if (problems.length === 0) whenValid(file, value, (path, message) => issues.push({ file, path, message }));
  }
}

/** Each id of `ids` must be a question in the bank (not checked without the bank's ids). */
export function checkQuestionIds(ids: readonly string[], questionIds: ReadonlySet<string> | undefined, path: string, bad: ReportProblem): void {
  if (questionIds)
    ids.forEach((q, i) => {
      if (!questionIds.has(q)) bad(`${path}/${i}`, `unknown question id "${q}" (not in questions/*.json)`);
    });
}
