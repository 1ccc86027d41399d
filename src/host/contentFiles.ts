/**
 * Reads the content written as data, one JSON file per item — content/concepts/<id>.json and
 * content/snippets/<prefix>.json — and hands the parsed files to the pure validators in src/core (the file I/O
 * lives here, at the edge, for the extension, the build, the CLI and the tests).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildConceptCatalog, ConceptError, NON_CONCEPT_FILES, type Concept, type ConceptCatalog } from '../core/concepts/catalog';
import { buildFindingConcepts, FINDINGS_FOLDER } from '../core/concepts/findingConcepts';
import type { FindingId } from '../core/runDiagnosis';
import { buildSnippetCatalog, NON_SNIPPET_FILES, SnippetCatalogError, type SnippetCatalog } from '../core/snippets/catalog';

/** Every `*.json` of `dir` but `skip`, parsed; a file that is not JSON is an issue naming it, not an exception. */
export function readJsonFiles(dir: string, skip: readonly string[]): { files: Record<string, unknown>; issues: Array<{ file: string; path: string; message: string }> } {
  const files: Record<string, unknown> = {};
  const issues: Array<{ file: string; path: string; message: string }> = [];
  if (!existsSync(dir)) return { files, issues: [{ file: '', path: '', message: `the folder ${dir} is missing` }] };
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json') && !skip.includes(n)).sort()) {
    try {
      files[name] = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch (err) {
      issues.push({ file: name, path: '', message: `is not valid JSON: ${(err as Error).message}` });
    }
  }
  if (Object.keys(files).length === 0 && issues.length === 0) issues.push({ file: '', path: '', message: `has no .json files in ${dir}` });
  return { files, issues };
}

/**
 * Load and validate content/concepts/ (`dir`). With the bank's ids, every question a concept links to must exist.
 * Throws ConceptError naming file and field of every problem.
 */
export function loadConceptsFromDir(dir: string, questionIds?: ReadonlySet<string>): ConceptCatalog {
  const { files, issues } = readJsonFiles(dir, NON_CONCEPT_FILES);
  if (issues.length > 0) throw new ConceptError(issues);
  return buildConceptCatalog(files, questionIds);
}


/**
 * Load and validate content/concepts/findings/ — `conceptsDir` is content/concepts —, one concept per run finding.
 * Throws ConceptError naming file and field of every problem.
 */
export function loadFindingConceptsFromDir(conceptsDir: string, questionIds?: ReadonlySet<string>): Readonly<Record<FindingId, Concept>> {
  const { files, issues } = readJsonFiles(join(conceptsDir, FINDINGS_FOLDER), []);
  if (issues.length > 0) throw new ConceptError(issues.map((i) => ({ ...i, file: `${FINDINGS_FOLDER}/${i.file}` })));
  return buildFindingConcepts(files, questionIds);
}

/**
 * Load and validate content/snippets/ (`dir`). With the bank's ids, every question a snippet links to must exist.
 * Throws SnippetCatalogError naming file and field of every problem.
 */
export function loadSnippetsFromDir(dir: string, questionIds?: ReadonlySet<string>): SnippetCatalog {
  const { files, issues } = readJsonFiles(dir, NON_SNIPPET_FILES);
  if (issues.length > 0) throw new SnippetCatalogError(issues);
  return buildSnippetCatalog(files, questionIds);
}
