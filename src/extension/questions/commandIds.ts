/**
 * The question features' command ids. Kept in a module of its own, with no imports, so ./index.ts can
 * register them at activation without loading the bank, fuse.js or ts-fsrs.
 *
 * Every command works without arguments (it asks with a quick pick or input box); the optional
 * arguments let other features and tests drive it directly:
 *   mlnb.openQuestion(id)                       → id shown          (no id: search quick pick)
 *   mlnb.searchQuestions(query?)                → id chosen
 *   mlnb.randomQuestion()                       → id shown (among the filtered questions)
 *   mlnb.nextDueQuestion()                      → id shown, or undefined when nothing is due
 *   mlnb.dailyQuestion()                        → id shown
 *   mlnb.filterQuestionsByDifficulty(['easy'])  ([] clears that filter)
 *   mlnb.filterQuestionsByTag(['attention'])
 *   mlnb.filterQuestionsByStatus(['new', 'learning', 'known', 'due'])
 *   mlnb.clearQuestionFilters()
 *   mlnb.resetQuestionProgress()                → true when reset (always asks for confirmation)
 *   mlnb.exportQuestionProgress(pathOrUri?)     → file path written (no argument: save dialog)
 *   mlnb.selectQuestionLanguage('zh'|'en'|'both')
 *   mlnb.startMockInterview({ count, categories, mix }?) → ids asked
 *   mlnb.practiceQuestion(id)                   → true when a notebook opened
 *   mlnb.showNextHint(notebookUri?)             → the hint step shown (practice notebook; default: the active one)
 *   mlnb.showSolution(notebookUri?)             → true when the solution is in the notebook (only after an attempt)
 *   mlnb.resetToStarter(notebookUri?)           → true when the learner's cell got the starter back (asks first)
 */
export const QUESTION_COMMANDS = [
  'mlnb.openQuestion',
  'mlnb.searchQuestions',
  'mlnb.randomQuestion',
  'mlnb.nextDueQuestion',
  'mlnb.dailyQuestion',
  'mlnb.filterQuestionsByDifficulty',
  'mlnb.filterQuestionsByTag',
  'mlnb.filterQuestionsByStatus',
  'mlnb.clearQuestionFilters',
  'mlnb.resetQuestionProgress',
  'mlnb.exportQuestionProgress',
  'mlnb.selectQuestionLanguage',
  'mlnb.startMockInterview',
  'mlnb.practiceQuestion',
  'mlnb.showNextHint',
  'mlnb.showSolution',
  'mlnb.resetToStarter',
] as const;

export type QuestionCommand = (typeof QUESTION_COMMANDS)[number];

export const QUESTIONS_VIEW_ID = 'mlnb.questions';
export const DAILY_STATUS_BAR_ID = 'mlnb.dailyQuestion';
