/**
 * The question page: one question, its answer hidden until "Show answer", then the explanation, key points,
 * folded follow-ups, related questions and the self-rating buttons. Owns which question is shown and, in the
 * saved state, whose answer is revealed (so a reloaded panel keeps it open).
 */
import { chromeLang } from '../../core/i18n';
import { h } from '../dom';
import { chip, type LocalizedView } from './localized';
import type { FromWebview, ProgressView, QuestionView } from './protocol';
import type { StateSlot } from './savedState';
import type { Strings } from './strings';

export class QuestionPage {
  private shown: { question: QuestionView; ui: LocalizedView } | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly post: (message: FromWebview) => void,
    /** The id of the question whose answer is revealed. */
    private readonly revealed: StateSlot<string>,
  ) {}

  show(q: QuestionView, ui: LocalizedView): void {
    const { s } = ui;
    const revealed = this.revealed.get() === q.id;
    this.shown = { question: q, ui };
    ui.setView('question');

    const meta = ui.metaChips(q);
    meta.append(progressChip(q.progress, s));
    const tags = h('ul', { class: 'tags', id: 'tags' }, ...q.tags.map((t) => h('li', { class: 'tag', 'data-tag': t.tag, title: t.tag, text: `#${ui.label(t.label)}` })));

    const show = h('button', { type: 'button', id: 'show-answer', class: 'primary', 'data-action': 'show-answer', 'aria-controls': 'answer-section', 'aria-expanded': String(revealed), text: s.showAnswer });
    show.hidden = revealed;

    const keyPoints = ui.perLanguage((lang) => h('ul', { class: 'key-points' }, ...q.keyPoints[lang].map((p) => h('li', {}, ui.md(p, true)))));
    keyPoints.id = 'key-points';

    // What an interviewer asks next: each answer stays folded until its question is clicked.
    const followUps = q.followUps.length
      ? h(
          'section',
          { class: 'follow-ups', id: 'follow-ups' },
          h('h2', { text: s.followUps }),
          h('p', { class: 'hint', text: s.followUpsHint }),
          ...q.followUps.map((f, i) =>
            h('details', { class: 'follow-up', 'data-index': String(i) }, h('summary', { class: 'follow-up-question' }, ui.followUpQuestion(f)), ui.followUpAnswer(f)),
          ),
        )
      : undefined;

    const related = q.related.length
      ? h(
          'section',
          { class: 'related', id: 'related-section' },
          h('h2', { text: s.related }),
          h(
            'ul',
            { id: 'related' },
            ...q.related.map((r) =>
              h('li', {}, h('button', { type: 'button', class: 'link', 'data-action': 'open', 'data-question-id': r.id, title: r.id, text: ui.label(r.question) })),
            ),
          ),
        )
      : undefined;

    const actions = h(
      'div',
      { class: 'actions', id: 'rate-actions' },
      h('button', { type: 'button', id: 'rate-good', class: 'primary', 'data-action': 'rate', 'data-rating': 'good', text: s.knewIt }),
      h('button', { type: 'button', id: 'rate-again', class: 'secondary', 'data-action': 'rate', 'data-rating': 'again', text: s.reviewAgain }),
      q.practice ? h('button', { type: 'button', id: 'practice', class: 'secondary', 'data-action': 'practice', text: s.practice }) : undefined,
      q.practice && q.practiceProgress ? h('span', { id: 'practice-progress', class: 'practice-progress', title: q.practiceProgress.lines.join('\n'), text: q.practiceProgress.short }) : undefined,
    );
    const result = h('p', { id: 'rate-result', class: 'rate-result', role: 'status', 'aria-live': 'polite' });
    const nextDue = h('button', { type: 'button', id: 'next-due', class: 'secondary', 'data-action': 'next-due' });
    nextDue.hidden = true;

    const answer = h(
      'section',
      { id: 'answer-section', class: 'answer-section', 'aria-label': s.answer },
      h('h2', { text: s.answer }),
      ui.bilingual(q.answer, (src) => ui.md(src)),
      h('h2', { text: s.explanation }),
      ui.bilingual(q.explanation, (src) => ui.md(src)),
      h('h2', { text: s.keyPoints }),
      keyPoints,
      followUps,
      related,
      actions,
      result,
      nextDue,
    );
    answer.querySelector('.bilingual')?.setAttribute('id', 'answer');
    answer.querySelectorAll('.bilingual')[1]?.setAttribute('id', 'explanation');
    answer.hidden = !revealed;

    this.root.replaceChildren(h('article', { class: 'page', id: 'page', 'data-question-id': q.id }, meta, ui.title(q), tags, h('div', { class: 'actions' }, show), answer));
  }

  /** Another page took the panel. */
  leave(): void {
    this.shown = undefined;
  }

  /** The extension recorded a rating: the new status, when the question is due next, and how many are due. */
  updateProgress(id: string, progress: ProgressView, dueRemaining: number): void {
    if (!this.shown || this.shown.question.id !== id) return;
    const { ui } = this.shown;
    this.shown = { ...this.shown, question: { ...this.shown.question, progress } };
    document.getElementById('status')?.replaceWith(progressChip(progress, ui.s));
    const result = document.getElementById('rate-result');
    const when = progress.next ? progress.next[chromeLang(ui.language)] : undefined;
    if (result && when) result.textContent = ui.s.scheduled(when);
    const nextDue = document.getElementById('next-due');
    if (nextDue) {
      nextDue.textContent = ui.s.nextDue(dueRemaining);
      nextDue.hidden = dueRemaining === 0 || !result?.textContent;
    }
  }

  /** A click on one of this page's `data-action` elements. */
  onAction(action: HTMLElement): void {
    const id = this.shown?.question.id;
    switch (action.dataset.action) {
      case 'show-answer':
        this.reveal();
        break;
      case 'rate':
        if (id && (action.dataset.rating === 'good' || action.dataset.rating === 'again')) this.post({ type: 'rate', id, rating: action.dataset.rating });
        break;
      case 'practice':
        if (id) this.post({ type: 'practice', id });
        break;
      case 'next-due':
        this.post({ type: 'nextDue' });
        break;
    }
  }

  private reveal(): void {
    if (!this.shown) return;
    this.revealed.set(this.shown.question.id);
    const section = document.getElementById('answer-section');
    if (section) section.hidden = false;
    const show = document.getElementById('show-answer');
    if (show) {
      show.hidden = true;
      show.setAttribute('aria-expanded', 'true');
    }
    document.getElementById('rate-good')?.focus();
  }
}

function progressChip(p: ProgressView, s: Strings): HTMLElement {
  const text = p.due ? `${s.status[p.status]} · ${s.due}` : s.status[p.status];
  return chip(text, `chip-status status-${p.status}${p.due ? ' is-due' : ''}`, { id: 'status', 'data-status': p.status, 'data-due': String(p.due) });
}
