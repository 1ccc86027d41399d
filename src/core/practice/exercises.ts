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

export { PRACTICE_LANGUAGES, type PracticeExercise, type PracticeLanguage } from './types';

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

/**
 * The exercise to open for a bank entry: its own, or else the exercise of another question with the same
 * `practice` slug. Undefined when the entry cannot be practised in a notebook.
 */
export function practiceExerciseFor(entry: { id: string; practice?: string }): PracticeExercise | undefined {
  return BY_ID.get(entry.id) ?? (entry.practice === undefined ? undefined : PRACTICE_EXERCISES.find((e) => e.slug === entry.practice));
}
