import { strict as assert } from 'node:assert';
import { describeDue, KNOWN_STABILITY_DAYS, MAX_LOG, PROGRESS_VERSION, ReviewScheduler, type ProgressState } from '../../src/core/questions/review';

const DAY = 86_400_000;
const t0 = new Date('2025-03-01T09:00:00Z');
const at = (days: number, hours = 0) => new Date(t0.getTime() + days * DAY + hours * 3_600_000);

describe('review scheduling (FSRS)', () => {
  it('a question starts new and not due', () => {
    const s = new ReviewScheduler();
    assert.deepEqual(s.progress('overfitting', t0), { status: 'new', due: false, reps: 0, lapses: 0 });
    assert.deepEqual(s.dueQueue(t0), []);
  });

  it('new → learning → known: "I knew it" twice, the second time when due', () => {
    const s = new ReviewScheduler();
    const first = s.rate('overfitting', 'good', t0);
    assert.equal(first.status, 'learning');
    assert.equal(first.due, false);
    // FSRS: Good on a new card gives stability ≈ 2.3 days → due in 2 days (day-grained, no fuzz).
    const due1 = first.dueAt!.getTime() - t0.getTime();
    assert.equal(due1, 2 * DAY);
    assert.equal(s.isDue('overfitting', at(1)), false);
    assert.equal(s.isDue('overfitting', at(2)), true);

    const second = s.rate('overfitting', 'good', at(2));
    assert.equal(second.status, 'known');
    assert.ok(second.stability! >= KNOWN_STABILITY_DAYS);
    const due2 = (second.dueAt!.getTime() - at(2).getTime()) / DAY;
    assert.ok(due2 > 2, `the interval grows (${due2} days)`);
  });

  it('"Review again" keeps it learning and brings it back tomorrow; a known question forgotten is learning again', () => {
    const s = new ReviewScheduler();
    const again = s.rate('dropout', 'again', t0);
    assert.equal(again.status, 'learning');
    assert.equal(again.dueAt!.getTime() - t0.getTime(), DAY);

    s.rate('lora', 'easy', t0);
    assert.equal(s.status('lora', t0), 'known', 'Easy on a new question (stability ≈ 8 days) is known at once');
    const lapse = s.rate('lora', 'again', at(9));
    assert.equal(lapse.status, 'learning');
    assert.equal(lapse.lapses, 1);
    assert.equal(lapse.lastRating, 'again');
  });

  it('the review queue: only due questions, most overdue first, restricted to known ids', () => {
    const s = new ReviewScheduler();
    s.rate('a', 'again', t0); // due day 1
    s.rate('b', 'good', t0); // due day 2
    s.rate('c', 'again', at(0, 6)); // due day 1 + 6 h
    s.rate('d', 'easy', t0); // due day 8
    assert.deepEqual(s.dueQueue(at(0, 12)), []);
    assert.deepEqual(s.dueQueue(at(1, 1)), ['a']);
    assert.deepEqual(s.dueQueue(at(3)), ['a', 'c', 'b']);
    assert.deepEqual(s.dueQueue(at(3), ['b', 'c', 'd']), ['c', 'b']);
    assert.deepEqual(s.nextDue(at(3)), { id: 'd', at: at(8) });
    assert.deepEqual(s.counts(['a', 'b', 'c', 'd', 'e'], at(3)), { new: 1, learning: 3, known: 1, due: 3 });
  });

  it('ties in due time go to the weaker memory first', () => {
    const s = new ReviewScheduler();
    s.rate('strong', 'good', t0);
    s.rate('strong', 'good', at(2)); // larger stability
    const strongDue = new Date(s.card('strong')!.due);
    // Make a weak card due at exactly the same moment.
    const state = s.toJSON();
    state.cards.weak = { ...state.cards.strong, stability: 0.5, due: strongDue.toISOString() };
    const both = ReviewScheduler.fromJSON(state).scheduler;
    assert.deepEqual(both.dueQueue(strongDue), ['weak', 'strong']);
  });

  it('persistence: the state is plain JSON and survives a round trip unchanged', () => {
    const s = new ReviewScheduler();
    s.rate('overfitting', 'good', t0, 'page');
    s.rate('overfitting', 'good', at(2), 'page');
    s.rate('dropout', 'again', t0, 'mock');
    const json = JSON.parse(JSON.stringify(s.toJSON())) as ProgressState;
    assert.equal(json.version, PROGRESS_VERSION);
    assert.deepEqual(Object.keys(json.cards).sort(), ['dropout', 'overfitting']);
    assert.deepEqual(json.cards.overfitting.log.map((l) => [l.rating, l.source]), [['good', 'page'], ['good', 'page']]);

    const { scheduler: restored, dropped } = ReviewScheduler.fromJSON(json);
    assert.equal(dropped, 0);
    assert.deepEqual(restored.toJSON(), s.toJSON());
    for (const when of [t0, at(1), at(5), at(30)]) {
      assert.deepEqual(restored.progress('overfitting', when), s.progress('overfitting', when));
      assert.deepEqual(restored.dueQueue(when), s.dueQueue(when));
    }
    // And scheduling continues identically after the restart.
    assert.deepEqual(restored.rate('overfitting', 'good', at(20)), s.rate('overfitting', 'good', at(20)));
  });

  it('fromJSON keeps well-formed cards and drops the rest (corrupt storage never throws)', () => {
    const s = new ReviewScheduler();
    s.rate('ok', 'good', t0);
    const good = s.toJSON().cards.ok;
    const { scheduler, dropped } = ReviewScheduler.fromJSON({
      version: 1,
      cards: { ok: good, noDue: { ...good, due: 'yesterday' }, badState: { ...good, state: 7 }, str: 'x', nul: null },
    });
    assert.deepEqual(scheduler.ids(), ['ok']);
    assert.equal(dropped, 4);
    for (const junk of [undefined, null, 42, 'x', [], { cards: [] }]) assert.deepEqual(ReviewScheduler.fromJSON(junk).scheduler.ids(), []);
  });

  it('accepts the export file format too (its cards field)', () => {
    const s = new ReviewScheduler();
    s.rate('lora', 'good', t0);
    const exported = { format: 'mlnb-question-progress', version: 1, exportedAt: t0.toISOString(), questions: [], cards: s.toJSON().cards };
    assert.deepEqual(ReviewScheduler.fromJSON(exported).scheduler.toJSON(), s.toJSON());
  });

  it('reset: one question, or everything', () => {
    const s = new ReviewScheduler();
    s.rate('a', 'good', t0);
    s.rate('b', 'again', t0);
    s.resetOne('a');
    assert.equal(s.status('a', t0), 'new');
    assert.equal(s.status('b', t0), 'learning');
    s.reset();
    assert.deepEqual(s.ids(), []);
    assert.deepEqual(s.toJSON(), { version: PROGRESS_VERSION, cards: {} });
  });

  it('toJSON is a snapshot: later ratings do not change it', () => {
    const s = new ReviewScheduler();
    s.rate('a', 'good', t0);
    const snap = s.toJSON();
    s.rate('a', 'good', at(2));
    assert.equal(snap.cards.a.reps, 1);
  });

  it('the review log keeps the newest MAX_LOG entries', () => {
    const s = new ReviewScheduler();
    for (let i = 0; i < MAX_LOG + 5; i++) s.rate('a', i % 2 ? 'good' : 'hard', at(i));
    const log = s.card('a')!.log;
    assert.equal(log.length, MAX_LOG);
    assert.equal(log.at(-1)!.at, at(MAX_LOG + 4).toISOString());
  });

  it('describes due times in words', () => {
    assert.deepEqual(describeDue(at(-1), t0), { en: 'now', zh: '现在' });
    assert.deepEqual(describeDue(at(0, 0.5), t0), { en: 'in 30 min', zh: '30 分钟后' });
    assert.deepEqual(describeDue(at(0, 5), t0), { en: 'in 5 h', zh: '5 小时后' });
    assert.deepEqual(describeDue(at(1), t0), { en: 'tomorrow', zh: '明天' });
    assert.deepEqual(describeDue(at(11), t0), { en: 'in 11 days', zh: '11 天后' });
    assert.deepEqual(describeDue(at(90), t0), { en: 'in 3 months', zh: '3 个月后' });
  });
});
