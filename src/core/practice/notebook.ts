/**
 * Builds the practice notebook for a question: the question, what to do, the given setup code, the
 * learner's cell (the starter with TODOs, or the reference solution), the check cell, and the bank's
 * answer and explanation folded away in a `<details>` block after the check.
 *
 * Pure and browser-safe: the extension writes the result with serializeNotebook and opens it.
 */
import { createCell, newNotebook, type JsonObject, type Notebook, type NotebookCell } from '../notebook';
import { pickParagraphs, pickText, shownLangs, type Bilingual, type DisplayLanguage, type Lang } from '../i18n';
import type { QuestionEntry } from '../questions/bank';
import { localizeCode, practiceHelpers } from './helpers';
import type { PracticeExercise } from './types';

export interface PracticeNotebookOptions {
  language: DisplayLanguage;
  /** Put the reference solution in the learner's cell instead of the starter (CI runs these). */
  solved?: boolean;
}

/** What each cell of a practice notebook is; also its cell id. Stored in `cell.metadata.mlnb.practice`. */
export type PracticeCellRole = 'intro' | 'task' | 'setup' | 'exercise' | 'check' | 'explanation';

/** Stored in `notebook.metadata.mlnb.practice`: which question the notebook practises. */
export interface PracticeNotebookMetadata {
  /** The question the notebook was opened for (the entry passed to practiceNotebook). */
  questionId: string;
  /** The exercise's version. */
  version: number;
  /** The exercise's own question, when it is borrowed from another question with the same practice slug. */
  exerciseId?: string;
}

/** The code of the three code cells, as the notebook shows them. */
export function practiceCode(
  exercise: PracticeExercise,
  options: PracticeNotebookOptions,
): { setup: string; exercise: string; check: string } {
  const { language } = options;
  const header = (text: Bilingual) => `// ${pickText(text, language, ' · ')}`;
  const learner = options.solved
    ? header({ en: 'Reference solution.', zh: '参考答案。' })
    : header({ en: 'Your code: fill in the TODOs, then run this cell and the check.', zh: '你的代码：补全 TODO，然后运行本单元格和检查单元格。' });
  return {
    setup: [
      header({ en: 'Setup: given data and helpers. Run it; no need to change it.', zh: '准备：给定的数据和辅助函数。直接运行，无需修改。' }),
      localizeCode(exercise.setup, language),
      '',
      practiceHelpers(language),
    ].join('\n'),
    exercise: `${learner}\n${localizeCode(options.solved ? exercise.solution : exercise.starter, language)}`,
    check: `${header({ en: 'Check: ✅ means your code is right; otherwise the error says what to fix.', zh: '检查：输出 ✅ 表示正确；否则错误信息会说明要改什么。' })}\n${localizeCode(exercise.check, language)}`,
  };
}

/**
 * The practice notebook for `entry`: the bank entry `exercise.questionId` names, or another entry with the
 * same practice slug (see practiceExerciseFor). The question and explanation come from `entry`.
 */
export function practiceNotebook(entry: QuestionEntry, exercise: PracticeExercise, options: PracticeNotebookOptions): Notebook {
  if (entry.id !== exercise.questionId && (entry.practice === undefined || entry.practice !== exercise.slug)) {
    throw new Error(`practiceNotebook: the exercise is for "${exercise.questionId}" (practice "${exercise.slug}"), not "${entry.id}"`);
  }
  const { language } = options;
  const code = practiceCode(exercise, options);
  // Fixed ids (the role): the same exercise always gives the same bytes, and the extension can find a cell.
  const cell = (role: PracticeCellRole, kind: 'markdown' | 'code', source: string): NotebookCell => ({
    ...createCell(kind, source),
    id: role,
    metadata: { mlnb: { practice: role } },
  });

  const intro = [
    `# ${pickText({ en: `Practice: ${exercise.title.en}`, zh: `练习：${exercise.title.zh}` }, language, ' · ')}`,
    ...pickParagraphs({
      en: `**Question:** ${entry.question.en}`,
      zh: `**问题：** ${entry.question.zh}`,
    }, language),
    ...pickParagraphs({
      en: 'Fill in the TODOs in the cell marked *Your code*, then **Run All**. The last code cell checks your work: it prints ✅ when your code is right, or fails saying what is wrong, with a hint. The answer and explanation are folded away at the end.',
      zh: '补全标有“你的代码”的单元格中的 TODO，然后**全部运行（Run All）**。最后一个代码单元格会检查你的结果：正确时输出 ✅，否则报错说明哪里不对并给出提示。答案和解析折叠在最后。',
    }, language),
    `<sub>${entry.id} · ${entry.category} · ${entry.difficulty}</sub>`,
  ].join('\n\n');

  const task = [`## ${pickText({ en: 'What to do', zh: '任务' }, language, ' · ')}`, ...pickParagraphs(exercise.task, language)].join('\n\n');

  const explanationBody = (lang: Lang) =>
    lang === 'en'
      ? `### Answer\n\n${entry.answer.en}\n\n### Explanation\n\n${entry.explanation.en}`
      : `### 答案\n\n${entry.answer.zh}\n\n### 解析\n\n${entry.explanation.zh}`;
  const summary = pickText({ en: 'Answer and explanation (open after you have tried)', zh: '答案与解析（先自己试一试再展开）' }, language, ' · ');
  const explanation = [
    '<details>',
    `<summary><b>${summary}</b></summary>`,
    '',
    // Blank lines around the rule: right under a paragraph, `---` would turn that paragraph into a heading.
    ...shownLangs(language).flatMap((lang, i) => [...(i > 0 ? ['', '---', ''] : []), explanationBody(lang)]),
    '',
    '</details>',
  ].join('\n');

  const nb = newNotebook([
    cell('intro', 'markdown', intro),
    cell('task', 'markdown', task),
    cell('setup', 'code', code.setup),
    cell('exercise', 'code', code.exercise),
    cell('check', 'code', code.check),
    cell('explanation', 'markdown', explanation),
  ]);
  const mlnb = (nb.metadata.mlnb ?? {}) as JsonObject;
  const practice: PracticeNotebookMetadata = { questionId: entry.id, version: exercise.version };
  if (entry.id !== exercise.questionId) practice.exerciseId = exercise.questionId;
  nb.metadata.mlnb = { ...mlnb, practice };
  return nb;
}

/** A file name for the practice notebook of a question, e.g. `practice-dropout.mlnb`. */
export function practiceFileName(questionId: string): string {
  return `practice-${questionId}.mlnb`;
}

/** The practice metadata of a notebook, if it is a practice notebook. */
export function practiceMetadataOf(nb: { metadata?: unknown }): PracticeNotebookMetadata | undefined {
  const mlnb = (nb.metadata as { mlnb?: { practice?: unknown } } | undefined)?.mlnb;
  const p = mlnb?.practice as Partial<PracticeNotebookMetadata> | undefined;
  if (!p || typeof p.questionId !== 'string' || typeof p.version !== 'number') return undefined;
  return typeof p.exerciseId === 'string' ? { questionId: p.questionId, version: p.version, exerciseId: p.exerciseId } : { questionId: p.questionId, version: p.version };
}
