/**
 * Words the sidebar, quick picks and messages use. Question content follows `mlnb.language` (zh, en, both);
 * the chrome around it is Chinese for zh and English otherwise.
 */
import { pickTable, pickText, type DisplayLanguage } from '../../core/i18n';
import { CATEGORY_LABELS, DIFFICULTY_LABELS, type Category, type Difficulty, type QuestionEntry } from '../../core/questions/bank';
import type { DifficultyMix } from '../../core/questions/mock';
import type { StatusFilter } from '../../core/questions/search';

const EN = {
  daily: "Today's question",
  due: 'due',
  status: { new: 'new', learning: 'learning', known: 'known', due: 'due for review' } as Record<StatusFilter, string>,
  statusDetail: {
    new: 'never rated',
    learning: 'rated, not yet stable in memory',
    known: 'stable in memory (FSRS stability ≥ 7 days)',
    due: 'its review date has come',
  } as Record<StatusFilter, string>,
  filterDifficulty: 'Show questions of difficulty…',
  filterTag: 'Show questions tagged… (any of the selected tags)',
  otherTags: 'Other tags',
  filterStatus: 'Show questions that are…',
  searchPlaceholder: 'Search questions in Chinese or English (fuzzy: 过拟合, overfit, LoRA…)',
  searchEmpty: (q: string) => `No question matches “${q}”`,
  searchTry: (suggestion: string) => `Press Enter to search for “${suggestion}” instead`,
  searchHint: 'Try fewer words, or the other language',
  nothingDue: (when?: string) => (when ? `Nothing is due for review. Next review ${when}.` : 'Nothing is due for review yet — rate some questions first.'),
  randomNew: 'Random new question',
  noMatch: 'No question matches the filters.',
  clearFilters: 'Clear filters',
  resetConfirm: (reviewed: number, practised: number) =>
    `Reset the progress of ${[reviewed > 0 ? `${reviewed} question${reviewed === 1 ? '' : 's'} reviewed` : '', practised > 0 ? `${practised} exercise${practised === 1 ? '' : 's'} practised` : ''].filter(Boolean).join(' and ')}? Every question becomes new again and every exercise starts over (attempts, passes, hints and solutions shown are forgotten). This cannot be undone.`,
  reset: 'Reset',
  exportFirst: 'Export first…',
  resetDone: 'Question and practice progress reset.',
  noProgress: 'There is no question or practice progress yet.',
  exported: (file: string) => `Question progress exported to ${file}.`,
  mockCount: 'How many questions? (1 to {max})',
  mockCountInvalid: (max: number) => `Enter a whole number from 1 to ${max}.`,
  mockCategories: 'Which categories? (all selected by default)',
  mockMix: 'Difficulty mix',
  mockMixes: {
    interview: ['Interview-like', '1 easy : 2 medium : 1 hard'],
    balanced: ['Balanced', 'equal parts easy, medium and hard'],
    easy: ['Easy only', ''],
    medium: ['Medium only', ''],
    hard: ['Hard only', ''],
  } as Record<DifficultyMix, [string, string]>,
  mockFewer: (got: number, asked: number) => `Only ${got} question${got === 1 ? '' : 's'} match; the interview has ${got} instead of ${asked}.`,
  mockNone: 'No question matches those categories.',
  mockTitle: 'Mock interview',
  language: { zh: ['中文', 'questions and answers in Chinese'], en: ['English', 'questions and answers in English'], both: ['中文 + English', 'both languages'] } as Record<DisplayLanguage, [string, string]>,
  languagePlaceholder: 'Language of interview questions (mlnb.language)',
  practiceUnavailable: (q: string) => `There is no practice notebook for "${q}".`,
  pickPractice: 'Pick a question to practise in a notebook',
  loadError: (m: string) => `mlnb could not load the question bank: ${m}`,
  openDaily: "Open today's interview question",
  categoryCount: (shown: number, total: number, due: number, filtered: boolean) =>
    `(${filtered && shown !== total ? `${shown}/${total}` : total}${due > 0 ? ` · ${due} due` : ''})`,
};

const ZH: typeof EN = {
  daily: '今日一题',
  due: '待复习',
  status: { new: '未学', learning: '学习中', known: '已掌握', due: '待复习' },
  statusDetail: { new: '从未评分', learning: '已评分，记忆尚不稳定', known: '记忆稳定（FSRS 稳定度 ≥ 7 天）', due: '已到复习时间' },
  filterDifficulty: '按难度筛选…',
  filterTag: '按标签筛选…（任一所选标签）',
  otherTags: '其他标签',
  filterStatus: '按学习状态筛选…',
  searchPlaceholder: '用中文或英文搜索问题（模糊匹配：过拟合、overfit、LoRA…）',
  searchEmpty: (q) => `没有匹配“${q}”的问题`,
  searchTry: (suggestion) => `按回车改为搜索“${suggestion}”`,
  searchHint: '试试更少的词，或换用英文',
  nothingDue: (when) => (when ? `暂无待复习的问题。下次复习：${when}。` : '暂无待复习的问题——先给一些问题评分吧。'),
  randomNew: '随机一道新题',
  noMatch: '没有符合筛选条件的问题。',
  clearFilters: '清除筛选',
  resetConfirm: (reviewed, practised) =>
    `重置${[reviewed > 0 ? ` ${reviewed} 道已复习的题` : '', practised > 0 ? ` ${practised} 个已练习的习题` : ''].filter(Boolean).join('和')}的进度？所有问题都会变回“未学”，所有练习从头开始（尝试次数、通过记录、已看的提示和答案都会清除），且无法撤销。`,
  reset: '重置',
  exportFirst: '先导出…',
  resetDone: '已重置问题和练习进度。',
  noProgress: '还没有任何问题或练习进度。',
  exported: (file) => `问题进度已导出到 ${file}。`,
  mockCount: '多少道题？（1 到 {max}）',
  mockCountInvalid: (max) => `请输入 1 到 ${max} 之间的整数。`,
  mockCategories: '选择类别（默认全选）',
  mockMix: '难度搭配',
  mockMixes: {
    interview: ['仿真面试', '简单 : 中等 : 困难 = 1 : 2 : 1'],
    balanced: ['均衡', '简单、中等、困难各占三分之一'],
    easy: ['仅简单', ''],
    medium: ['仅中等', ''],
    hard: ['仅困难', ''],
  },
  mockFewer: (got, asked) => `只有 ${got} 道题符合条件；本次面试共 ${got} 题而非 ${asked} 题。`,
  mockNone: '所选类别中没有问题。',
  mockTitle: '模拟面试',
  language: EN.language,
  languagePlaceholder: '面试题的语言（mlnb.language）',
  practiceUnavailable: (q) => `“${q}”没有练习笔记本。`,
  pickPractice: '选择一道题，在笔记本中练习',
  loadError: (m) => `mlnb 无法加载题库：${m}`,
  openDaily: '打开今日面试题',
  categoryCount: (shown, total, due, filtered) => `(${filtered && shown !== total ? `${shown}/${total}` : total}${due > 0 ? ` · ${due} 待复习` : ''})`,
};

export type Text = typeof EN;

export function text(language: DisplayLanguage): Text {
  return pickTable({ zh: ZH, en: EN }, language);
}

export function categoryLabel(category: Category, language: DisplayLanguage): string {
  return pickText(CATEGORY_LABELS[category], language, ' · ');
}

export function difficultyLabel(difficulty: Difficulty, language: DisplayLanguage): string {
  return pickText(DIFFICULTY_LABELS[difficulty], language, ' · ');
}

/** The question's text in the display language; `both` shows zh then en. */
export function questionLabel(entry: QuestionEntry, language: DisplayLanguage): string {
  return pickText(entry.question, language, ' / ');
}

/** Plain one-line text from markdown-ish question text (for tree labels and quick picks). */
export function plain(textValue: string, max = 240): string {
  const s = textValue.replace(/[*_`]+/g, '').replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
