/**
 * One-off converter (issue 14): writes every exercise of the TypeScript template-string modules
 * (src/core/practice/exercises/*.ts) as a content notebook, content/practice/<category>/<questionId>.mlnb, with
 * serializeNotebook, and checks that each file parses back to the same exercise.
 *
 *   npx tsx scripts/practice/toContent.ts
 *
 * Once the content files were committed, the template-string modules were deleted, and this script with them
 * (it is in the history of branch wip/practice-content).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { serializeNotebook } from '../../src/core/notebook';
import { parsePracticeContent, practiceContentNotebook, practiceContentPath } from '../../src/core/practice/content';
import { PRACTICE_EXERCISES } from '../../src/core/practice/exercises';
import { loadBankFromDir } from '../../src/host/questionBankFiles';

const root = path.resolve(import.meta.dirname, '../..');
const bank = loadBankFromDir(path.join(root, 'questions'));
const written = new Set<string>();
for (const exercise of PRACTICE_EXERCISES) {
  const entry = bank.byId(exercise.questionId);
  if (!entry) throw new Error(`${exercise.questionId}: no such bank entry`);
  const rel = practiceContentPath(entry.category, exercise.questionId);
  if (written.has(rel)) throw new Error(`${rel}: two exercises for one file`);
  written.add(rel);
  const text = serializeNotebook(practiceContentNotebook(exercise));
  const back = parsePracticeContent(text, rel);
  if (!isDeepStrictEqual({ ...back }, { ...exercise })) throw new Error(`${rel}: does not parse back to the same exercise`);
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}
console.log(`wrote ${written.size} content notebooks under content/practice/`);
