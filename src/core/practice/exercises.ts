/**
 * The practice exercises: one runnable TF.js exercise per question id, for the "Practice in a notebook"
 * journey. Pure data and types (no 'vscode', no 'node:*'): ./notebook.ts turns an exercise and its bank
 * entry into a notebook, and test/kernel/practice.test.ts runs every reference solution (it must pass its
 * check) and every starter (it must fail its check).
 */
import { ARCHITECTURES } from './exercises/architectures';
import { EVALUATION } from './exercises/evaluation';
import { FUNDAMENTALS } from './exercises/fundamentals';
import { GENERATIVE } from './exercises/generative';
import { LARGE_MODELS_AND_DEPLOYMENT } from './exercises/largeModels';
import { NLP } from './exercises/nlp';
import { TRAINING } from './exercises/training';
import type { PracticeExercise } from './types';

export type { PracticeExercise } from './types';

/** Every exercise, in bank category order. Question ids are unique. */
export const PRACTICE_EXERCISES: readonly PracticeExercise[] = [
  ...FUNDAMENTALS,
  ...TRAINING,
  ...ARCHITECTURES,
  ...GENERATIVE,
  ...NLP,
  ...EVALUATION,
  ...LARGE_MODELS_AND_DEPLOYMENT,
];

const BY_ID = new Map(PRACTICE_EXERCISES.map((e) => [e.questionId, e]));

/** The exercise for a question, if it has one. */
export function practiceExercise(questionId: string): PracticeExercise | undefined {
  return BY_ID.get(questionId);
}

/** Whether a question has an exercise of its own. */
export function hasPracticeExercise(questionId: string): boolean {
  return BY_ID.has(questionId);
}

/** The first exercise for each practice slug: the one an entry that names the slug borrows. */
const BY_SLUG = new Map<string, PracticeExercise>();
for (const e of PRACTICE_EXERCISES) if (!BY_SLUG.has(e.slug)) BY_SLUG.set(e.slug, e);

/**
 * The exercise to open for a bank entry, found by its `practice` slug: its own exercise, or else the
 * exercise of another question with that slug (`pytorch-linear-regression` practises `linear-regression`'s).
 * Undefined when the entry names no slug, or no exercise has it.
 */
export function practiceExerciseFor(entry: { id: string; practice?: string }): PracticeExercise | undefined {
  if (entry.practice === undefined) return undefined;
  const own = BY_ID.get(entry.id);
  return own?.slug === entry.practice ? own : BY_SLUG.get(entry.practice);
}

/**
 * Whether an entry gets a practice notebook: what the Questions tree (context value `practice`), the question
 * page's button and `mlnb.practiceQuestion` all ask.
 */
export function canPractice(entry: { id: string; practice?: string }): boolean {
  return practiceExerciseFor(entry) !== undefined;
}
