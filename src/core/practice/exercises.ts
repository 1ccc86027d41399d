/**
 * The practice exercises: one runnable TF.js exercise per question id, for the "Practice in a notebook"
 * journey. They are content notebooks, content/practice/<category>/<questionId>.mlnb (./content.ts parses
 * one; src/host/practiceContentFiles.ts reads them all into a PracticeExercises). ./notebook.ts turns an
 * exercise and its bank entry into the learner's notebook, and test/kernel/practice.test.ts runs every
 * reference solution (it must pass its check) and every starter (it must fail its check).
 *
 * Pure (no 'vscode', no 'node:*').
 */
import type { PracticeExercise } from './types';

export type { PracticeExercise } from './types';

/** A set of exercises, looked up by question id and by practice slug. */
export class PracticeExercises {
  private readonly byIdMap: Map<string, PracticeExercise>;
  private readonly bySlug = new Map<string, PracticeExercise>();

  /** Throws when two exercises are for the same question. */
  constructor(readonly all: readonly PracticeExercise[]) {
    this.byIdMap = new Map();
    for (const e of all) {
      if (this.byIdMap.has(e.questionId)) throw new Error(`two practice exercises for question "${e.questionId}"`);
      this.byIdMap.set(e.questionId, e);
    }
    // The exercise an entry that names a slug borrows: the one whose question id is the slug, else the first.
    for (const e of all) {
      const current = this.bySlug.get(e.slug);
      if (!current || (e.questionId === e.slug && current.questionId !== e.slug)) this.bySlug.set(e.slug, e);
    }
  }

  /** The exercise for a question, if it has one. */
  byId(questionId: string): PracticeExercise | undefined {
    return this.byIdMap.get(questionId);
  }

  /** Whether a question has an exercise of its own. */
  has(questionId: string): boolean {
    return this.byIdMap.has(questionId);
  }

  /**
   * The exercise to open for a bank entry, found by its `practice` slug: its own exercise, or else the
   * exercise of another question with that slug (`pytorch-linear-regression` practises `linear-regression`'s).
   * Undefined when the entry names no slug, or no exercise has it.
   */
  forEntry(entry: { id: string; practice?: string }): PracticeExercise | undefined {
    if (entry.practice === undefined) return undefined;
    const own = this.byIdMap.get(entry.id);
    return own?.slug === entry.practice ? own : this.bySlug.get(entry.practice);
  }

  /**
   * Whether an entry gets a practice notebook: what the Questions tree (context value `practice`), the question
   * page's button and `mlnb.practiceQuestion` all ask.
   */
  canPractice(entry: { id: string; practice?: string }): boolean {
    return this.forEntry(entry) !== undefined;
  }
}
