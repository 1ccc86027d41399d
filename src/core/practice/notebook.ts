/**
 * Builds the learner's practice notebook for a question from its content notebook: the question, what to do,
 * the given setup code, the learner's cell (the starter with TODOs), the check cell, and the bank's answer and
 * explanation folded away in a `<details>` block after the check. The solution, the kept wrong solutions and the
 * hint ladder stay out: the extension reveals hints one at a time and the solution on request.
 *
 * Pure and browser-safe: the extension writes the result with serializeNotebook and opens it.
 */
import { createCell, newNotebook, type JsonObject, type Notebook, type NotebookCell } from '../notebook';
import { isDisplayLanguage, pickParagraphs, pickText, shownLangs, type Bilingual, type DisplayLanguage, type Lang } from '../i18n';
import type { QuestionEntry } from '../questions/bank';
import { localizeCode } from './helpers';
import type { PracticeExercise } from './types';

/** What the learner's cell holds: the starter, or (CI runs these) the solution or one of the kept wrong solutions. */
export type LearnerCode = 'starter' | 'solution' | { wrong: number };

export interface PracticeNotebookOptions {
  language: DisplayLanguage;
  /** The starter unless said otherwise. */
  learner?: LearnerCode;
}

/** What each cell of a practice notebook is; also its cell id. Stored in `cell.metadata.mlnb.practice`. */
export type PracticeCellRole = 'intro' | 'task' | 'setup' | 'exercise' | 'check' | 'explanation';

/** Cells the extension adds on the learner's request: a step of the hint ladder, the reference solution. */
export type PracticeRevealedRole = 'hint' | 'solution';

/** Stored in `notebook.metadata.mlnb.practice`: which question the notebook practises. */
export interface PracticeNotebookMetadata {
  /** The question the notebook was opened for (the entry passed to practiceNotebook). */
  questionId: string;
  /** The exercise's version. */
  version: number;
  /** The exercise's own question, when it is borrowed from another question with the same practice slug. */
  exerciseId?: string;
  /** The notebook's language: the grader's messages follow it. */
  language?: DisplayLanguage;
}

/** The code of the three code cells, as the notebook shows them. */
export function practiceCode(
  exercise: PracticeExercise,
  options: PracticeNotebookOptions,
): { setup: string; exercise: string; check: string } {
  const { language } = options;
  const learner = options.learner ?? 'starter';
  const header = (text: Bilingual) => `// ${pickText(text, language, ' · ')}`;
  const learnerHeader = learner === 'starter'
    ? header({ en: 'Your code: fill in the TODOs, then run this cell and the check.', zh: '你的代码：补全 TODO，然后运行本单元格和检查单元格。' })
    : learner === 'solution'
      ? header({ en: 'Reference solution.', zh: '参考答案。' })
      : header({ en: `A wrong solution: ${exerciseWrong(exercise, learner.wrong).mistake.en}`, zh: `错误解法：${exerciseWrong(exercise, learner.wrong).mistake.zh}` });
  const learnerCode = learner === 'starter' ? exercise.starter : learner === 'solution' ? exercise.solution : exerciseWrong(exercise, learner.wrong).code;
  return {
    setup: [
      header({ en: 'Setup: given data, and the grader the check uses. Run it; no need to change it.', zh: '准备：给定的数据，以及检查用的评分函数。直接运行，无需修改。' }),
      localizeCode(exercise.setup, language),
    ].join('\n'),
    exercise: `${learnerHeader}\n${localizeCode(learnerCode, language)}`,
    check: `${header({ en: 'Check: runs several test cases and reports each; ✅ when all pass.', zh: '检查：运行多个测试用例并逐个报告；全部通过时输出 ✅。' })}\n${localizeCode(exercise.check, language)}`,
  };
}

function exerciseWrong(exercise: PracticeExercise, index: number): PracticeExercise['wrongs'][number] {
  const wrong = exercise.wrongs[index];
  if (!wrong) throw new Error(`practice exercise "${exercise.questionId}" has no wrong solution ${index} (it has ${exercise.wrongs.length})`);
  return wrong;
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
      en: 'Fill in the TODOs in the cell marked *Your code*, then **Run All**. The last code cell runs several test cases and reports each: ✅ when all pass. Stuck? **Hint** under your cell shows one step at a time; **Show solution** appears once you have run the check. The answer and explanation are folded away at the end.',
      zh: '补全标有“你的代码”的单元格中的 TODO，然后**全部运行（Run All）**。最后一个代码单元格会运行多个测试用例并逐个报告：全部通过时输出 ✅。卡住了？你的单元格下方的**提示**每次显示一步；运行过检查后会出现**查看答案**。答案和解析折叠在最后。',
    }, language),
    `<sub>${entry.id} · ${entry.category} · ${entry.difficulty}</sub>`,
  ].join('\n\n');

  const task = [`## ${pickText({ en: 'What to do', zh: '任务' }, language, ' · ')}`, ...pickParagraphs(exercise.task, language)].join('\n\n');

  const explanationBody = (lang: Lang) => {
    const own = exercise.explanation ? `\n\n### ${lang === 'en' ? 'About this exercise' : '关于本练习'}\n\n${exercise.explanation[lang]}` : '';
    return lang === 'en'
      ? `### Answer\n\n${entry.answer.en}\n\n### Explanation\n\n${entry.explanation.en}${own}`
      : `### 答案\n\n${entry.answer.zh}\n\n### 解析\n\n${entry.explanation.zh}${own}`;
  };
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
  const practice: PracticeNotebookMetadata = { questionId: entry.id, version: exercise.version, language };
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
  const out: PracticeNotebookMetadata = { questionId: p.questionId, version: p.version };
  if (typeof p.exerciseId === 'string') out.exerciseId = p.exerciseId;
  if (isDisplayLanguage(p.language)) out.language = p.language;
  return out;
}

const PRACTICE_ROLES = ['intro', 'task', 'setup', 'exercise', 'check', 'explanation', 'hint', 'solution'] as const;

/** A cell's practice role (and, for a hint, its step) from the cell's nbformat metadata. */
export function practiceCellRoleOf(cellMetadata: unknown): { role: PracticeCellRole | PracticeRevealedRole; step?: number } | undefined {
  const mlnb = (cellMetadata as { mlnb?: { practice?: unknown; step?: unknown } } | undefined)?.mlnb;
  const role = mlnb?.practice;
  if (typeof role !== 'string' || !(PRACTICE_ROLES as readonly string[]).includes(role)) return undefined;
  if (role !== 'hint') return { role: role as PracticeCellRole | PracticeRevealedRole };
  const step = mlnb?.step;
  return typeof step === 'number' && Number.isInteger(step) && step >= 1 ? { role: 'hint', step } : undefined;
}


/**
 * Step `step` (from 1) of the exercise's hint ladder as a markdown cell: headed "Hint 1 of 3" / "提示 1/3" in
 * the notebook's language, id `hint-<step>`, `metadata.mlnb` = `{ practice: 'hint', step }`.
 */
export function practiceHintCell(exercise: PracticeExercise, step: number, language: DisplayLanguage): NotebookCell {
  const total = exercise.hints.length;
  const hint = exercise.hints[step - 1];
  if (!Number.isInteger(step) || !hint) throw new RangeError(`practice exercise "${exercise.questionId}" has ${total} hint step(s), not step ${step}`);
  const heading = pickText({ en: `Hint ${step} of ${total}`, zh: `提示 ${step}/${total}` }, language, ' · ');
  return {
    ...createCell('markdown', [`**${heading}**`, ...pickParagraphs(hint, language)].join('\n\n')),
    id: `hint-${step}`,
    metadata: { mlnb: { practice: 'hint', step } },
  };
}

/** The reference solution as a code cell (id and role `solution`), in the notebook's language. */
export function practiceSolutionCell(exercise: PracticeExercise, language: DisplayLanguage): NotebookCell {
  return {
    ...createCell('code', practiceCode(exercise, { language, learner: 'solution' }).exercise),
    id: 'solution',
    metadata: { mlnb: { practice: 'solution' } },
  };
}
