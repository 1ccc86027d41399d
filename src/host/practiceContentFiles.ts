/**
 * Reads the practice content notebooks (content/practice/<category>/<questionId>.mlnb) from disk; parsing
 * them is src/core/practice/content.ts's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePracticeContent, PracticeContentError } from '../core/practice/content';
import { PracticeExercises, type PracticeExercise } from '../core/practice/exercises';

/** One content file: where it is (relative to the content folder, with `/`) and its exercise. */
export interface PracticeContentFile {
  file: string;
  exercise: PracticeExercise;
}

/**
 * Every `<category>/<name>.mlnb` under `dir` (content/practice), parsed, sorted by path. Throws a
 * PracticeContentError naming the file (and cell) for a file that does not parse, or whose name is not its
 * question id.
 */
export function readPracticeContentDir(dir: string): PracticeContentFile[] {
  const out: PracticeContentFile[] = [];
  for (const category of fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const name of fs.readdirSync(path.join(dir, category)).filter((f) => f.endsWith('.mlnb')).sort()) {
      const file = `${category}/${name}`;
      const exercise = parsePracticeContent(fs.readFileSync(path.join(dir, category, name), 'utf8'), file);
      if (`${exercise.questionId}.mlnb` !== name) throw new PracticeContentError(file, `the file is named after its question: ${exercise.questionId}.mlnb`);
      out.push({ file, exercise });
    }
  }
  return out;
}

/** The exercises of the content folder `dir` (content/practice). */
export function loadPracticeFromDir(dir: string): PracticeExercises {
  return new PracticeExercises(readPracticeContentDir(dir).map((f) => f.exercise));
}
