/**
 * Reads the question bank from disk (questions/*.json) and hands it to the pure builder in core/questions/bank.ts:
 * the file I/O lives here, at the edge, for the extension, the CLI, the tests and the benchmarks.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BankError, buildBank, checkVocabulary, NON_CATEGORY_FILES, TAGS_FILE, type BankIssue, type QuestionBank, type TagVocabulary } from '../core/questions/bank';

/** Read and parse every category file in `dir` (all *.json except the NON_CATEGORY_FILES). */
export function readCategoryFiles(dir: string): { files: Record<string, unknown>; issues: BankIssue[] } {
  const files: Record<string, unknown> = {};
  const issues: BankIssue[] = [];
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.json') && !(NON_CATEGORY_FILES as readonly string[]).includes(n))
    .sort();
  for (const name of names) {
    const text = readFileSync(join(dir, name), 'utf8');
    try {
      files[name] = JSON.parse(text);
    } catch (err) {
      issues.push({ file: name, path: '', message: `is not valid JSON: ${(err as Error).message}` });
    }
  }
  return { files, issues };
}

/** Read and validate `dir`/tags.json, the tag vocabulary. */
export function readVocabulary(dir: string): { vocabulary?: TagVocabulary; issues: BankIssue[] } {
  const file = join(dir, TAGS_FILE);
  if (!existsSync(file)) return { issues: [{ file: TAGS_FILE, path: '', message: 'is missing (the tag vocabulary every entry draws its tags from)' }] };
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { issues: [{ file: TAGS_FILE, path: '', message: `is not valid JSON: ${(err as Error).message}` }] };
  }
  return checkVocabulary(value);
}

/** Load and validate the bank from a questions/ folder. Throws BankError naming file and entry on any problem. */
export function loadBankFromDir(dir: string): QuestionBank {
  const { files, issues } = readCategoryFiles(dir);
  const vocab = readVocabulary(dir);
  issues.push(...vocab.issues);
  if (issues.length > 0) throw new BankError(issues);
  return buildBank(files, vocab.vocabulary!);
}
