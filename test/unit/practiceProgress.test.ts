import { strict as assert } from 'node:assert';
import {
  describePracticeProgress, emptyPracticeProgress, exerciseProgress, formatDuration, hasPracticeProgress, parsePracticeProgress,
  PRACTICE_EXPORT_FORMAT, practiceProgressExport, practisedCount, recordCheck, recordHint, recordOpened, recordSolutionShown,
  resetExercise, type PracticeProgressState,
} from '../../src/core/practice/progress';
import { practiceCellRoleOf, practiceCode, practiceHintCell, practiceSolutionCell } from '../../src/core/practice/notebook';
import type { PracticeExercise } from '../../src/core/practice/types';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 5, 10, 0);
const ID = 'activation-functions';
const at = (s: PracticeProgressState) => exerciseProgress(s, ID);

describe('practice progress (core/practice/progress.ts)', () => {
  it('counts attempts and keeps the last report; the first full pass records its time, attempts and time from first opening', () => {
    let s = recordOpened(emptyPracticeProgress(), ID, T0);
    s = recordOpened(s, ID, T0 + 5 * MIN); // a later opening does not restart the clock
    s = recordCheck(s, ID, { ok: false, report: { passed: 0, total: 7 } }, T0 + 2 * MIN);
    assert.deepEqual(at(s), { openedAt: T0, attempts: 1, lastOk: false, lastReport: { passed: 0, total: 7 }, hintsShown: 0 });
    s = recordCheck(s, ID, { ok: false }, T0 + 4 * MIN); // failed before pass(): no report
    assert.equal(at(s).lastReport, undefined);
    assert.equal(at(s).attempts, 2);
    s = recordCheck(s, ID, { ok: true, report: { passed: 7, total: 7 } }, T0 + 12 * MIN);
    assert.equal(at(s).firstPassAt, T0 + 12 * MIN);
    assert.equal(at(s).timeToPassMs, 12 * MIN);
    assert.equal(at(s).attemptsToPass, 3);
    assert.equal(at(s).passedWithSolution, undefined);
    s = recordCheck(s, ID, { ok: false, report: { passed: 6, total: 7 } }, T0 + 20 * MIN);
    assert.equal(at(s).firstPassAt, T0 + 12 * MIN, 'a later failure keeps the first pass');
    assert.equal(at(s).attempts, 4);
    assert.deepEqual(at(s).lastReport, { passed: 6, total: 7 });
  });

  it('does not change the state it is given', () => {
    const s0 = emptyPracticeProgress();
    const s1 = recordCheck(s0, ID, { ok: true }, T0);
    assert.deepEqual(s0.exercises, {});
    assert.equal(at(s1).attempts, 1);
  });

  it('marks a pass after the solution was shown, and keeps the highest hint step', () => {
    let s = recordHint(emptyPracticeProgress(), ID, 1);
    s = recordHint(s, ID, 3);
    s = recordHint(s, ID, 2);
    assert.equal(at(s).hintsShown, 3);
    s = recordCheck(s, ID, { ok: false, report: { passed: 2, total: 5 } }, T0);
    s = recordSolutionShown(s, ID, T0 + MIN);
    s = recordSolutionShown(s, ID, T0 + 2 * MIN);
    assert.equal(at(s).solutionShownAt, T0 + MIN);
    s = recordCheck(s, ID, { ok: true, report: { passed: 5, total: 5 } }, T0 + 3 * MIN);
    assert.equal(at(s).passedWithSolution, true);
    assert.equal(at(s).timeToPassMs, undefined, 'no opening recorded: no time to pass');
    assert.throws(() => recordHint(s, ID, 0), /counts from 1/);
  });

  it('describes the progress for the Questions view in both languages', () => {
    let s = recordOpened(emptyPracticeProgress(), ID, T0);
    assert.equal(describePracticeProgress(at(s), 'en')?.short, 'practice · opened, not checked yet');
    for (let i = 0; i < 4; i++) s = recordCheck(s, ID, { ok: false, report: { passed: 2, total: 5 } }, T0 + i * MIN);
    assert.equal(describePracticeProgress(at(s), 'en')?.short, 'practice 2/5 · 4 attempts');
    assert.equal(describePracticeProgress(at(s), 'zh')?.short, '练习 2/5 · 4 次尝试');
    s = recordCheck(s, ID, { ok: false }, T0 + 5 * MIN);
    assert.equal(describePracticeProgress(at(s), 'en')?.short, 'practice ✗ · 5 attempts');
    s = recordCheck(s, ID, { ok: true, report: { passed: 5, total: 5 } }, T0 + 12 * MIN);
    const d = describePracticeProgress(at(s), 'en', () => 'DATE')!;
    assert.equal(d.short, '✓ practice · 6 attempts · 12 min');
    assert.deepEqual(d.lines, ['Practice passed DATE, at attempt 6, 12 min after first opening it.', 'Last check: 5/5 test cases passed.', 'Attempts: 6.', 'Hints shown: 0.']);
    s = recordSolutionShown(recordCheck(recordOpened(emptyPracticeProgress(), 'x', T0), 'x', { ok: false }, T0), 'x', T0);
    s = recordCheck(s, 'x', { ok: true }, T0 + 90 * MIN);
    assert.equal(describePracticeProgress(exerciseProgress(s, 'x'), 'zh')?.short, '✓ 练习 · 2 次尝试 · 1 小时 30 分钟 · 看过答案');
    assert.equal(describePracticeProgress(exerciseProgress(s, 'nothing'), 'en'), undefined);
  });

  it('the tooltip sentences follow the display language: zh in Chinese (dates too), both in Chinese then English', () => {
    let s = recordOpened(emptyPracticeProgress(), ID, T0);
    s = recordHint(recordCheck(s, ID, { ok: false, report: { passed: 2, total: 5 } }, T0 + MIN), ID, 1);
    s = recordCheck(s, ID, { ok: true, report: { passed: 5, total: 5 } }, T0 + 12 * MIN);
    const date = (ms: number, lang: string) => `${lang}:${ms - T0}`;
    const en = describePracticeProgress(at(s), 'en', date)!;
    const zh = describePracticeProgress(at(s), 'zh', date)!;
    const both = describePracticeProgress(at(s), 'both', date)!;
    assert.deepEqual(zh.lines, ['练习已于 zh:720000 通过，第 2 次尝试，距首次打开 12 分钟。', '上次检查：通过 5/5 个测试用例。', '尝试次数：2。', '已看提示：1 步。']);
    assert.deepEqual(en.lines, ['Practice passed en:720000, at attempt 2, 12 min after first opening it.', 'Last check: 5/5 test cases passed.', 'Attempts: 2.', 'Hints shown: 1.']);
    assert.deepEqual(both.lines, [...zh.lines, '', ...en.lines]);
    for (const line of zh.lines) assert.doesNotMatch(line, /[A-Za-z]{3,}/, `English in the Chinese tooltip: ${line}`);
    assert.equal(zh.short, '✓ 练习 · 2 次尝试 · 12 分钟');
    assert.equal(both.short, en.short, 'the row keeps one language, as its other words do');
    assert.equal(en.short, '✓ practice · 2 attempts · 12 min');
  });

  it('counts the exercises practised, and resets one exercise without touching the others', () => {
    assert.equal(practisedCount(emptyPracticeProgress()), 0);
    let s = recordOpened(emptyPracticeProgress(), ID, T0);
    s = recordHint(s, 'dropout', 2);
    s = recordSolutionShown(s, 'softmax', T0);
    s = recordCheck(s, 'kv-cache', { ok: false }, T0);
    assert.equal(practisedCount(s), 4);
    // An entry with nothing in it (all zero) is no progress.
    assert.equal(practisedCount({ ...s, exercises: { ...s.exercises, empty: { attempts: 0, hintsShown: 0 } } }), 4);
    assert.equal(hasPracticeProgress({ attempts: 0, hintsShown: 0 }), false);
    const after = resetExercise(s, 'dropout');
    assert.deepEqual(Object.keys(after.exercises).sort(), [ID, 'kv-cache', 'softmax']);
    assert.deepEqual(exerciseProgress(after, 'dropout'), { attempts: 0, hintsShown: 0 });
    assert.equal(exerciseProgress(s, 'dropout').hintsShown, 2, 'the state given is not changed');
    assert.equal(resetExercise(after, 'never-practised'), after);
  });

  it('the export section names its format and version, counts, and reads back as the same state', () => {
    let s = recordOpened(emptyPracticeProgress(), ID, T0);
    s = recordCheck(s, ID, { ok: true, report: { passed: 5, total: 5 } }, T0 + MIN);
    s = recordHint(s, 'dropout', 1);
    const section = practiceProgressExport(s);
    assert.equal(section.format, PRACTICE_EXPORT_FORMAT);
    assert.equal(section.format, 'mlnb-practice-progress');
    assert.equal(section.version, 1);
    assert.equal(section.practised, 2);
    assert.equal(section.passed, 1);
    assert.equal('notRead' in section, false);
    const back = parsePracticeProgress(JSON.parse(JSON.stringify(section)));
    assert.deepEqual(back.dropped, []);
    assert.deepEqual(back.state, s);
    assert.deepEqual(practiceProgressExport(emptyPracticeProgress(), ['x: attempts must be a whole number ≥ 0']).notRead, ['x: attempts must be a whole number ≥ 0']);
  });

  it('formats durations', () => {
    assert.equal(formatDuration(45_000, 'en'), '45 s');
    assert.equal(formatDuration(12 * MIN, 'both'), '12 min');
    assert.equal(formatDuration(125 * MIN, 'en'), '2 h 5 min');
    assert.equal(formatDuration(3 * 24 * 60 * MIN, 'zh'), '3 天');
  });

  it('reads a stored state back, leaving out malformed entries and saying why', () => {
    let s = recordOpened(emptyPracticeProgress(), ID, T0);
    s = recordCheck(s, ID, { ok: true, report: { passed: 7, total: 7 } }, T0 + MIN);
    const stored = JSON.parse(JSON.stringify(s)) as { exercises: Record<string, unknown> };
    stored.exercises.bad = { attempts: -1, hintsShown: 0 };
    stored.exercises.badReport = { attempts: 1, hintsShown: 0, lastReport: { passed: 3, total: 2 } };
    stored.exercises.extra = { attempts: 2, hintsShown: 1, future: 'kept out' };
    const { state, dropped } = parsePracticeProgress(stored);
    assert.deepEqual(state.exercises[ID], s.exercises[ID]);
    assert.deepEqual(state.exercises.extra, { attempts: 2, hintsShown: 1 });
    assert.deepEqual(dropped, ['bad: attempts must be a whole number ≥ 0', 'badReport: lastReport must be { passed, total } with passed ≤ total']);
    assert.deepEqual(parsePracticeProgress(undefined), { state: emptyPracticeProgress(), dropped: [] });
    assert.equal(parsePracticeProgress({ version: 99, exercises: {} }).dropped.length, 1);
    assert.deepEqual(parsePracticeProgress('garbage').state, emptyPracticeProgress());
  });
});

const EXERCISE: PracticeExercise = {
  questionId: 'demo',
  slug: 'demo',
  version: 1,
  title: { en: 'Demo', zh: '示例' },
  task: { en: 'Do it.', zh: '做吧。' },
  setup: "import { test, check, pass } from 'mlnb/practice';",
  starter: '//en: TODO: the answer\n//zh: TODO：答案\nconst answer = 0;',
  solution: '//en: the answer\n//zh: 答案\nconst answer = 42;',
  check: "test('answer', '答案', () => check(answer === 42, 'no', '不对'));\npass('yes', '对');",
  hints: [
    { en: 'A nudge.', zh: '轻轻一推。' },
    { en: 'Closer.', zh: '更近了。' },
    { en: 'Nearly the answer: 6 × 7.', zh: '几乎是答案：6 × 7。' },
  ],
  wrongs: [],
};

describe('practice notebook: revealed cells (core/practice/notebook.ts)', () => {
  it('a hint step is a markdown cell headed with its step and total, in the notebook language, tagged with role and step', () => {
    const en = practiceHintCell(EXERCISE, 2, 'en');
    assert.equal(en.cell_type, 'markdown');
    assert.equal(en.id, 'hint-2');
    assert.equal(en.source, '**Hint 2 of 3**\n\nCloser.');
    assert.deepEqual(practiceCellRoleOf(en.metadata), { role: 'hint', step: 2 });
    assert.equal(practiceHintCell(EXERCISE, 1, 'zh').source, '**提示 1/3**\n\n轻轻一推。');
    assert.equal(practiceHintCell(EXERCISE, 3, 'both').source, '**提示 3/3 · Hint 3 of 3**\n\n几乎是答案：6 × 7。\n\nNearly the answer: 6 × 7.');
    assert.throws(() => practiceHintCell(EXERCISE, 4, 'en'), /has 3 hint step\(s\), not step 4/);
    assert.throws(() => practiceHintCell(EXERCISE, 0, 'en'), /not step 0/);
  });

  it('the solution cell is the reference solution as the learner cell shows it, tagged solution', () => {
    const cell = practiceSolutionCell(EXERCISE, 'en');
    assert.equal(cell.cell_type, 'code');
    assert.equal(cell.source, practiceCode(EXERCISE, { language: 'en', learner: 'solution' }).exercise);
    assert.match(cell.source, /const answer = 42;/);
    assert.doesNotMatch(cell.source, /答案/);
    assert.deepEqual(practiceCellRoleOf(cell.metadata), { role: 'solution' });
  });

  it('reads the roles of generated cells and refuses malformed ones', () => {
    assert.deepEqual(practiceCellRoleOf({ mlnb: { practice: 'exercise' } }), { role: 'exercise' });
    assert.equal(practiceCellRoleOf({ mlnb: { practice: 'hint' } }), undefined, 'a hint without its step');
    assert.equal(practiceCellRoleOf({ mlnb: { practice: 'wrong' } }), undefined);
    assert.equal(practiceCellRoleOf({ mlnb: { practice: { role: 'exercise' } } }), undefined, 'a content notebook cell is not a learner notebook cell');
    assert.equal(practiceCellRoleOf(undefined), undefined);
  });
});
