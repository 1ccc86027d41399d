/**
 * The mock interview: one question at a time with a timer and a free-text answer, follow-ups asked one by one,
 * then the model answer and self-grading against the key points; after the last question, the readiness
 * summary. Owns the question being answered, its timer, and, in the saved state, the draft (answer, ticked key
 * points, time spent, follow-ups asked and answered) so a reloaded panel resumes where it was.
 */
import { h } from '../dom';
import { chip, type LocalizedView } from './localized';
import type { FollowUpView, FromWebview, MockQuestionView, MockSummaryView } from './protocol';
import type { StateSlot } from './savedState';
import { formatDuration } from './strings';

/** The saved draft of one question of one mock interview. */
export interface MockDraft {
  interview: number;
  id: string;
  index: number;
  answer: string;
  revealed: boolean;
  hits: boolean[];
  elapsedMs: number;
  /** How many of the chosen follow-ups the interviewer has asked so far, and what was answered to each. */
  asked?: number;
  followUpAnswers?: string[];
}

export class MockInterviewPage {
  private shown: { view: MockQuestionView; ui: LocalizedView } | undefined;
  private timer: { started: number; offset: number; handle?: ReturnType<typeof setInterval> } | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly post: (message: FromWebview) => void,
    private readonly draft: StateSlot<MockDraft>,
  ) {}

  showQuestion(view: MockQuestionView, ui: LocalizedView): void {
    this.stopTimer();
    this.shown = { view, ui };
    const q = view.question;
    const { s } = ui;
    ui.setView('mock');
    const draft = this.sameDraft(view) ? this.draft.get() : undefined;

    const timerText = h('span', { id: 'mock-timer', class: 'timer', role: 'timer', 'aria-live': 'off', text: formatDuration(draft?.elapsedMs ?? 0) });
    const head = h(
      'div',
      { class: 'mock-head', id: 'mock-head' },
      h('span', { id: 'mock-progress', class: 'mock-progress', 'data-index': String(view.index), 'data-total': String(view.total), text: s.mockProgress(view.index + 1, view.total) }),
      h('span', { class: 'timer-wrap' }, timerText, h('span', { class: 'suggested', text: ` · ${s.suggested(formatDuration(view.suggestedSeconds * 1000))}` })),
    );
    const answer = h('textarea', { id: 'mock-answer', class: 'mock-answer', rows: '10', placeholder: s.answerPlaceholder, 'aria-label': s.yourAnswer, spellcheck: 'false' });
    answer.value = draft?.answer ?? '';
    const chosen = chosenFollowUps(view);
    const asked = Math.min(draft?.asked ?? 0, chosen.length);
    const followUpAnswers = draft?.followUpAnswers ?? [];
    // The interviewer's drill-down: follow-ups appear one at a time, each with its own answer box.
    const followUpList = h('div', { id: 'mock-follow-ups', class: 'mock-follow-ups' });
    for (let k = 0; k < asked; k++) followUpList.append(followUpBlock(ui, q.followUps[chosen[k]], k, chosen.length, followUpAnswers[k] ?? '', draft?.revealed === true));
    const followUpButton = h('button', { type: 'button', id: 'mock-follow-up', class: 'primary', 'data-action': 'mock-follow-up', text: s.askFollowUp(asked + 1, chosen.length) });
    followUpButton.hidden = draft?.revealed === true || asked >= chosen.length;
    const revealButton = h('button', { type: 'button', id: 'mock-reveal', class: asked < chosen.length ? 'secondary' : 'primary', 'data-action': 'mock-reveal', text: s.reveal });

    const hits = draft?.hits ?? q.keyPoints.en.map(() => false);
    const points = h(
      'ul',
      { id: 'mock-keypoints', class: 'mock-keypoints' },
      ...q.keyPoints.en.map((_p, i) => {
        const box = h('input', { type: 'checkbox', class: 'mock-keypoint', id: `mock-kp-${i}`, 'data-index': String(i) });
        box.checked = hits[i] === true;
        const text = h('span', { class: 'kp-text' });
        for (const lang of ui.langs()) text.append(h('span', { class: 'kp-lang', lang: ui.htmlLang(lang) }, ui.md(q.keyPoints[lang][i] ?? '', true)));
        return h('li', {}, h('label', { for: `mock-kp-${i}` }, box, text));
      }),
    );
    const last = view.index + 1 >= view.total;
    const model = h(
      'section',
      { id: 'mock-model', class: 'mock-model' },
      h('h2', { text: s.modelAnswer }),
      ui.bilingual(q.answer, (src) => ui.md(src)),
      chosen.length
        ? h(
            'section',
            { id: 'mock-follow-up-answers', class: 'mock-follow-up-answers' },
            h('h2', { text: s.followUpAnswers }),
            h(
              'ol',
              {},
              ...chosen.map((i) =>
                h(
                  'li',
                  { class: 'mock-follow-up-model', 'data-index': String(i) },
                  h('div', { class: 'follow-up-question' }, ui.followUpQuestion(q.followUps[i])),
                  ui.followUpAnswer(q.followUps[i]),
                ),
              ),
            ),
          )
        : undefined,
      h('h2', { text: s.keyPoints }),
      h('p', { class: 'hint', text: s.gradeHint }),
      points,
      h('p', { id: 'mock-score', class: 'mock-score', role: 'status' }),
      h('div', { class: 'actions' }, h('button', { type: 'button', id: 'mock-next', class: 'primary', 'data-action': 'mock-next', text: last ? s.finish : s.next })),
    );
    model.hidden = !draft?.revealed;
    revealButton.hidden = draft?.revealed === true;
    answer.readOnly = draft?.revealed === true;

    this.root.replaceChildren(
      h(
        'article',
        { class: 'page mock', id: 'page', 'data-question-id': q.id },
        head,
        ui.metaChips(q),
        ui.title(q),
        h('label', { class: 'answer-label', for: 'mock-answer', text: s.yourAnswer }),
        answer,
        followUpList,
        h('div', { class: 'actions' }, followUpButton, revealButton),
        model,
      ),
    );
    this.updateScore();
    this.saveDraft({ revealed: draft?.revealed ?? false, elapsedMs: draft?.elapsedMs ?? 0, asked });
    if (!draft?.revealed) this.startTimer(draft?.elapsedMs ?? 0, view.suggestedSeconds);
    else timerText.classList.toggle('over', (draft.elapsedMs ?? 0) > view.suggestedSeconds * 1000);
    if (!draft?.revealed) answer.focus();
  }

  showSummary(summary: MockSummaryView, ui: LocalizedView): void {
    this.leave();
    this.draft.set(undefined);
    const { s } = ui;
    ui.setView('summary');
    const { readiness } = summary;
    const rows = readiness.rows.map((r) => {
      const fill = h('div', { class: 'bar-fill' });
      fill.style.width = `${r.percent}%`; // CSSOM, allowed under the CSP (no inline style attribute)
      const categoryLabel = summary.categoryLabels[r.category];
      return h(
        'tr',
        { 'data-category': r.category, 'data-percent': String(r.percent) },
        h('th', { scope: 'row', text: categoryLabel ? ui.label(categoryLabel) : r.category }),
        h('td', { class: 'num', text: String(r.questions) }),
        h('td', { class: 'num', text: `${r.hit} / ${r.total}` }),
        h('td', { class: 'bar-cell' }, h('div', { class: `bar ${r.percent >= 75 ? 'good' : r.percent >= 50 ? 'fair' : 'weak'}`, role: 'presentation' }, fill)),
        h('td', { class: 'num pct', text: `${r.percent} %` }),
      );
    });
    const table = h(
      'table',
      { id: 'mock-readiness', class: 'readiness' },
      h('thead', {}, h('tr', {}, ...[s.category, s.questions, s.keyPointsHit, s.readiness, ''].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, ...rows),
    );
    const items = h(
      'ol',
      { id: 'mock-items', class: 'mock-items' },
      ...summary.items.map((it) =>
        h(
          'li',
          { 'data-question-id': it.id, 'data-rating': it.rating, 'data-difficulty': it.difficulty },
          h('button', { type: 'button', class: 'link', 'data-action': 'open', 'data-question-id': it.id, text: ui.label(it.question) }),
          // The question's difficulty where a reader looks for it (a chip, as on the question page); the
          // self-grade is named as one, since its words (hard, easy) are also difficulty words.
          chip(ui.label(it.difficultyLabel), `chip-difficulty difficulty-${it.difficulty}`, { 'data-difficulty': it.difficulty }),
          h('span', { class: 'item-meta', text: `${s.keyPointsOf(it.hit, it.total)} · ${formatDuration(it.elapsedMs)} · ${s.selfGrade(s.rating[it.rating])}` }),
        ),
      ),
    );
    const o = readiness.overall;
    this.root.replaceChildren(
      h(
        'article',
        { class: 'page summary', id: 'page' },
        h('h1', { text: s.summaryTitle }),
        h('p', { id: 'mock-overall', class: 'overall', 'data-percent': String(o.percent), text: s.overall(o.percent, o.hit, o.total, formatDuration(readiness.totalMs)) }),
        table,
        items,
        h('div', { class: 'actions' }, h('button', { type: 'button', id: 'mock-restart', class: 'primary', 'data-action': 'mock-restart', text: s.restart })),
      ),
    );
  }

  /** Another page took the panel: the timer stops, the draft stays saved. */
  leave(): void {
    this.stopTimer();
    this.shown = undefined;
  }

  /** A click on one of this page's `data-action` elements. */
  onAction(action: HTMLElement): void {
    switch (action.dataset.action) {
      case 'mock-follow-up':
        this.askFollowUp();
        break;
      case 'mock-reveal':
        this.reveal();
        break;
      case 'mock-next':
        this.next();
        break;
      case 'mock-restart':
        this.post({ type: 'mockRestart' });
        break;
    }
  }

  /** A key point was ticked or unticked. */
  onKeyPointChange(): void {
    this.updateScore();
    this.saveDraft();
  }

  /** The answer or a follow-up's answer was edited. */
  onAnswerInput(): void {
    this.saveDraft();
  }

  /** The page is going away: keep the timer honest for when it comes back (retainContextWhenHidden keeps us alive). */
  onPageHide(): void {
    if (this.shown && this.timer) this.saveDraft({ elapsedMs: this.elapsed() });
  }

  /** The interviewer asks the next chosen follow-up. */
  private askFollowUp(): void {
    if (!this.shown || this.draft.get()?.revealed) return;
    const { view, ui } = this.shown;
    const chosen = chosenFollowUps(view);
    const asked = this.sameDraft(view) ? (this.draft.get()?.asked ?? 0) : 0;
    if (asked >= chosen.length) return;
    const block = followUpBlock(ui, view.question.followUps[chosen[asked]], asked, chosen.length, '', false);
    document.getElementById('mock-follow-ups')?.append(block);
    const next = asked + 1;
    const button = document.getElementById('mock-follow-up');
    if (button) {
      button.textContent = ui.s.askFollowUp(next + 1, chosen.length);
      button.hidden = next >= chosen.length;
    }
    if (next >= chosen.length) document.getElementById('mock-reveal')?.setAttribute('class', 'primary');
    this.saveDraft({ asked: next });
    block.querySelector('textarea')?.focus();
  }

  private reveal(): void {
    if (!this.shown) return;
    const ms = this.elapsed();
    this.stopTimer();
    const t = document.getElementById('mock-timer');
    if (t) t.textContent = formatDuration(ms);
    const model = document.getElementById('mock-model');
    if (model) model.hidden = false;
    const button = document.getElementById('mock-reveal');
    if (button) button.hidden = true;
    const answer = document.getElementById('mock-answer') as HTMLTextAreaElement | null;
    if (answer) answer.readOnly = true;
    document.querySelectorAll<HTMLTextAreaElement>('textarea.mock-follow-up-answer').forEach((box) => (box.readOnly = true));
    const followUp = document.getElementById('mock-follow-up');
    if (followUp) followUp.hidden = true;
    this.saveDraft({ revealed: true, elapsedMs: ms });
    document.querySelector<HTMLInputElement>('input.mock-keypoint')?.focus();
  }

  private next(): void {
    const draft = this.draft.get();
    if (!this.shown || !draft?.revealed) return;
    const { view } = this.shown;
    const button = document.getElementById('mock-next') as HTMLButtonElement | null;
    if (button) button.disabled = true; // one grade per question, even on a double click
    this.post({ type: 'mockGrade', index: view.index, id: view.question.id, answer: draft.answer, hits: currentHits(), elapsedMs: Math.round(draft.elapsedMs) });
  }

  /** The saved draft is this question's, in this interview (a reloaded page resumes it; a new interview does not). */
  private sameDraft(view: MockQuestionView): boolean {
    const d = this.draft.get();
    return !!d && d.interview === view.interview && d.id === view.question.id && d.index === view.index;
  }

  private elapsed(): number {
    return this.timer ? this.timer.offset + (performance.now() - this.timer.started) : (this.draft.get()?.elapsedMs ?? 0);
  }

  private startTimer(offset: number, suggestedSeconds: number): void {
    let saved = Math.floor(offset / 5000);
    const tick = () => {
      const node = document.getElementById('mock-timer');
      if (!node) return;
      const ms = this.elapsed();
      node.textContent = formatDuration(ms);
      node.classList.toggle('over', ms > suggestedSeconds * 1000);
      // Every 5 s, so a reloaded page resumes the timer near where it was.
      if (Math.floor(ms / 5000) !== saved) {
        saved = Math.floor(ms / 5000);
        this.saveDraft({ elapsedMs: ms });
      }
    };
    this.timer = { started: performance.now(), offset };
    this.timer.handle = setInterval(tick, 250);
    tick();
  }

  private stopTimer(): void {
    if (this.timer?.handle) clearInterval(this.timer.handle);
    this.timer = undefined;
  }

  private updateScore(): void {
    const node = document.getElementById('mock-score');
    if (!node || !this.shown) return;
    const hits = currentHits();
    node.textContent = this.shown.ui.s.score(hits.filter(Boolean).length, hits.length);
    node.dataset.hit = String(hits.filter(Boolean).length);
    node.dataset.total = String(hits.length);
  }

  /** Saves what the page shows (answers, ticks) over the draft, with `patch` on top. */
  private saveDraft(patch: Partial<MockDraft> = {}): void {
    if (!this.shown) return;
    const { view } = this.shown;
    const answer = (document.getElementById('mock-answer') as HTMLTextAreaElement | null)?.value ?? '';
    const followUpAnswers = Array.from(document.querySelectorAll<HTMLTextAreaElement>('textarea.mock-follow-up-answer'), (b) => b.value);
    const prev = this.sameDraft(view) ? this.draft.get() : undefined;
    this.draft.set({
      interview: view.interview,
      id: view.question.id,
      index: view.index,
      answer,
      revealed: prev?.revealed ?? false,
      hits: currentHits(),
      elapsedMs: prev?.elapsedMs ?? 0,
      asked: prev?.asked ?? 0,
      followUpAnswers,
      ...patch,
    });
  }
}

/** The follow-ups the interviewer will ask (indexes into the question's follow-ups that exist). */
function chosenFollowUps(view: MockQuestionView): number[] {
  return view.followUps.filter((i) => view.question.followUps[i] !== undefined);
}

/** Follow-up k (0-based) of n as the interviewer asks it: the question, then an answer box. */
function followUpBlock(ui: LocalizedView, f: FollowUpView, k: number, n: number, answer: string, readOnly: boolean): HTMLElement {
  const box = h('textarea', { id: `mock-follow-up-answer-${k}`, class: 'mock-follow-up-answer', rows: '4', 'data-index': String(k), 'aria-label': ui.s.followUpOf(k + 1, n), spellcheck: 'false' });
  box.value = answer;
  box.readOnly = readOnly;
  return h('section', { class: 'mock-follow-up', 'data-index': String(k) }, h('h2', { text: ui.s.followUpOf(k + 1, n) }), h('div', { class: 'follow-up-question' }, ui.followUpQuestion(f)), box);
}

function currentHits(): boolean[] {
  return Array.from(document.querySelectorAll<HTMLInputElement>('input.mock-keypoint'), (b) => b.checked);
}
