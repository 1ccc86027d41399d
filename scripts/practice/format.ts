/**
 * Puts practice content notebooks into the form mlnb writes (the unit test requires it), after checking them:
 * `npx tsx scripts/practice/format.ts content/practice/<category>/<id>.mlnb …` (no arguments: every file).
 * A file that does not parse is reported and left as it is.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parsePracticeContent, practiceContentNotebook } from '../../src/core/practice/content';
import { serializeNotebook } from '../../src/core/notebook';
import { readdirSync } from 'node:fs';

const root = path.resolve(__dirname, '..', '..');
const contentDir = path.join(root, 'content', 'practice');
const files = process.argv.length > 2
  ? process.argv.slice(2)
  : readdirSync(contentDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mlnb')).map((f) => path.join(contentDir, f));

let failed = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  try {
    const formatted = serializeNotebook(practiceContentNotebook(parsePracticeContent(text, path.relative(contentDir, path.resolve(file)))));
    if (formatted !== text) {
      writeFileSync(file, formatted);
      console.log(`formatted ${file}`);
    }
  } catch (error) {
    failed++;
    console.error(error instanceof Error ? error.message : String(error));
  }
}
process.exitCode = failed > 0 ? 1 : 0;
