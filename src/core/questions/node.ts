/**
 * Node-side loader for the question bank: reads questions/*.json and hands them to the pure builder.
 * Kept apart from ./bank.ts so browser bundles (webview) can import the model without 'node:fs'.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BankError, buildBank, NON_CATEGORY_FILES, type BankIssue, type QuestionBank } from './bank';

/** Read and parse every category file in `dir` (all *.json except schema.json and seed-map.json). */
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

/** Load and validate the bank from a questions/ folder. Throws BankError naming file and entry on any problem. */
export function loadBankFromDir(dir: string): QuestionBank {
  const { files, issues } = readCategoryFiles(dir);
  if (issues.length > 0) throw new BankError(issues);
  return buildBank(files);
}
