/**
 * The page's own words (buttons, headings). Content follows `mlnb.language`; the chrome is Chinese when
 * the language is zh and English otherwise (in "both" the content is bilingual, the buttons stay short).
 */
import { pickTable, type DisplayLanguage } from '../../core/i18n';

const EN = {
  showAnswer: 'Show answer',
  answer: 'Answer',
  explanation: 'Explanation',
  keyPoints: 'Key points',
  related: 'Related questions',
  followUps: 'Follow-up questions',
  followUpsHint: 'What an interviewer asks next. Click a question to see its answer.',
  askFollowUp: (i: number, n: number) => `Interviewer follow-up (${i} of ${n})`,
  followUpOf: (i: number, n: number) => `Follow-up ${i} of ${n}`,
  followUpAnswers: 'Follow-up answers',
  knewIt: 'I knew it',
  reviewAgain: 'Review again',
  practice: 'Practice in a notebook',
  nextDue: (n: number) => `Next due (${n})`,
  scheduled: (when: string) => `Scheduled: next review ${when}.`,
  status: { new: 'New', learning: 'Learning', known: 'Known' },
  due: 'Due',
  daily: "Today's question",
  zh: '中文',
  en: 'English',
  waiting: 'Loading question…',
  mockProgress: (i: number, n: number) => `Question ${i} of ${n}`,
  suggested: (t: string) => `suggested ${t}`,
  yourAnswer: 'Your answer',
  answerPlaceholder: 'Answer as you would in the interview, then reveal the model answer.',
  reveal: 'Reveal model answer',
  modelAnswer: 'Model answer',
  gradeHint: 'Tick each key point your answer covered.',
  score: (hit: number, total: number) => `Score: ${hit} / ${total}`,
  next: 'Next question',
  finish: 'Finish',
  summaryTitle: 'Mock interview summary',
  overall: (pct: number, hit: number, total: number, time: string) => `Overall readiness: ${pct} % (${hit} / ${total} key points) · ${time}`,
  category: 'Category',
  questions: 'Questions',
  keyPointsHit: 'Key points hit',
  readiness: 'Readiness',
  rating: { again: 'again', hard: 'hard', good: 'good', easy: 'easy' },
  keyPointsOf: (hit: number, total: number) => `${hit} / ${total} key points`,
  selfGrade: (rating: string) => `self-grade: ${rating}`,
  open: 'Open',
  restart: 'New mock interview',
  yourAnswerEmpty: '(no answer written)',
};

const ZH: typeof EN = {
  showAnswer: '显示答案',
  answer: '答案',
  explanation: '详解',
  keyPoints: '要点',
  related: '相关问题',
  followUps: '追问',
  followUpsHint: '面试官接下来会问的问题。点击问题查看答案。',
  askFollowUp: (i, n) => `面试官追问（${i} / ${n}）`,
  followUpOf: (i, n) => `追问 ${i} / ${n}`,
  followUpAnswers: '追问参考答案',
  knewIt: '我会了',
  reviewAgain: '再复习',
  practice: '在笔记本中练习',
  nextDue: (n) => `下一道待复习（${n}）`,
  scheduled: (when) => `已安排：下次复习 ${when}。`,
  status: { new: '未学', learning: '学习中', known: '已掌握' },
  due: '待复习',
  daily: '今日一题',
  zh: '中文',
  en: 'English',
  waiting: '正在加载问题…',
  mockProgress: (i, n) => `第 ${i} / ${n} 题`,
  suggested: (t) => `建议 ${t}`,
  yourAnswer: '你的回答',
  answerPlaceholder: '像在面试中一样作答，然后查看参考答案。',
  reveal: '查看参考答案',
  modelAnswer: '参考答案',
  gradeHint: '勾选你的回答覆盖到的要点。',
  score: (hit, total) => `得分：${hit} / ${total}`,
  next: '下一题',
  finish: '完成',
  summaryTitle: '模拟面试总结',
  overall: (pct, hit, total, time) => `总体准备度：${pct} %（要点 ${hit} / ${total}）· ${time}`,
  category: '类别',
  questions: '题数',
  keyPointsHit: '命中要点',
  readiness: '准备度',
  rating: { again: '再复习', hard: '困难', good: '良好', easy: '轻松' },
  keyPointsOf: (hit, total) => `要点 ${hit} / ${total}`,
  selfGrade: (rating) => `自评：${rating}`,
  open: '打开',
  restart: '再来一场模拟面试',
  yourAnswerEmpty: '（未作答）',
};

export type Strings = typeof EN;

export function strings(language: DisplayLanguage): Strings {
  return pickTable({ zh: ZH, en: EN }, language);
}

/** m:ss (or h:mm:ss) for a duration in milliseconds. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
