/**
 * The question page webview: one question at a time (answer hidden until "Show answer"), or a mock
 * interview (timer, free-text answer, self-grading against key points, readiness summary).
 *
 * Everything arrives as ToWebview messages and leaves as FromWebview messages (./protocol.ts). Markdown is
 * rendered here with markdown-it and sanitised with DOMPurify before it touches the DOM; every other text is
 * set with textContent. No inline handlers: one delegated click listener dispatches on data-action.
 *
 * Stable hooks for tests: ids (#show-answer, #rate-good, #rate-again, #practice, #next-due, #follow-ups,
 * #mock-timer, #mock-answer, #mock-follow-up, #mock-reveal, #mock-next, #mock-restart …), classes
 * (.follow-up, .mock-follow-up) and data attributes (data-action, data-question-id, data-rating, data-index,
 * data-category, data-tag); document.body.dataset.view names the view.
 */
import DOMPurify from 'dompurify';
import type { LocalizedText } from '../../core/questions/bank';
import { createSafeMarkdown } from './markdown';
import type { DisplayLanguage, FollowUpView, FromWebview, MockQuestionView, MockSummaryView, ProgressView, QuestionView, ToWebview } from './protocol';
import { isSafeExternalUrl } from './protocol';
import { formatDuration, strings, type Strings } from './strings';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface PageState {
  /** Question id whose answer is revealed on the question page. */
  revealed?: string;
  /** Mock interview draft for one question. */
  mock?: {
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
  };
}

const api = acquireVsCodeApi();
const markdown = createSafeMarkdown(DOMPurify);
const root = document.getElementById('root') ?? document.body.appendChild(el('main', { id: 'root' }));

let state: PageState = (api.getState() as PageState | undefined) ?? {};
let language: DisplayLanguage = 'both';
let current: QuestionView | undefined;
let mock: MockQuestionView | undefined;
let timer: { started: number; offset: number; handle?: ReturnType<typeof setInterval> } | undefined;

function post(message: FromWebview): void {
  api.postMessage(message);
}

function save(patch: Partial<PageState>): void {
  state = { ...state, ...patch };
  api.setState(state);
}

// ---------------------------------------------------------------------------------------------------
// DOM helpers
// ---------------------------------------------------------------------------------------------------

type Attrs = Record<string, string | boolean | undefined>;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string | undefined>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'text') node.textContent = String(v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== undefined) node.append(c);
  return node;
}

/** A container whose HTML is sanitised markdown. */
function md(source: string, inline = false, attrs: Attrs = {}): HTMLElement {
  const node = el(inline ? 'span' : 'div', { class: inline ? 'md md-inline' : 'md', ...attrs });
  node.innerHTML = inline ? markdown.inline(source) : markdown.block(source);
  return node;
}

/** The languages to show, in order. */
function langs(): Array<'zh' | 'en'> {
  return language === 'both' ? ['zh', 'en'] : [language];
}

const HTML_LANG = { zh: 'zh-CN', en: 'en' } as const;

/** One block per shown language (labelled when both are shown), built by `build`. */
function perLanguage(build: (lang: 'zh' | 'en') => HTMLElement, s: Strings): HTMLElement {
  const wrap = el('div', { class: `bilingual lang-${language}` });
  for (const lang of langs()) {
    const block = el('div', { class: 'lang-block', lang: HTML_LANG[lang], 'data-lang': lang });
    if (language === 'both') block.append(el('div', { class: 'lang-label', 'aria-hidden': 'true', text: s[lang] }));
    block.append(build(lang));
    wrap.append(block);
  }
  return wrap;
}

/** Localized markdown, one block per shown language. */
function bilingual(text: LocalizedText, build: (source: string, lang: 'zh' | 'en') => HTMLElement, s: Strings): HTMLElement {
  return perLanguage((lang) => build(text[lang], lang), s);
}

function label(text: LocalizedText): string {
  return language === 'both' ? (text.zh === text.en ? text.en : `${text.zh} · ${text.en}`) : text[language];
}

function chip(text: string, cls: string, attrs: Attrs = {}): HTMLElement {
  return el('span', { class: `chip ${cls}`, ...attrs, text });
}

function setView(view: 'empty' | 'question' | 'mock' | 'summary'): void {
  document.body.dataset.view = view;
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
}

function stopTimer(): void {
  if (timer?.handle) clearInterval(timer.handle);
  timer = undefined;
}

// ---------------------------------------------------------------------------------------------------
// Question page
// ---------------------------------------------------------------------------------------------------

function metaChips(q: QuestionView, s: Strings): HTMLElement {
  return el(
    'div',
    { class: 'meta', id: 'meta' },
    chip(label(q.categoryLabel), 'chip-category', { id: 'category', 'data-category': q.category }),
    chip(label(q.difficultyLabel), `chip-difficulty difficulty-${q.difficulty}`, { id: 'difficulty', 'data-difficulty': q.difficulty }),
    q.daily ? chip(s.daily, 'chip-daily', { id: 'daily' }) : undefined,
  );
}

function progressChip(p: ProgressView, s: Strings): HTMLElement {
  const text = p.due ? `${s.status[p.status]} · ${s.due}` : s.status[p.status];
  return chip(text, `chip-status status-${p.status}${p.due ? ' is-due' : ''}`, { id: 'status', 'data-status': p.status, 'data-due': String(p.due) });
}

function title(q: QuestionView, s: Strings): HTMLElement {
  return el(
    'header',
    { class: 'question', id: 'question', 'data-question-id': q.id },
    bilingual(q.question, (src, lang) => el('h1', { class: 'title' }, md(src, true, { lang: HTML_LANG[lang] })), s),
  );
}

function renderQuestion(q: QuestionView): void {
  stopTimer();
  mock = undefined;
  const s = strings(language);
  const revealed = state.revealed === q.id;
  current = q;
  setView('question');

  const meta = metaChips(q, s);
  meta.append(progressChip(q.progress, s));
  const tags = el('ul', { class: 'tags', id: 'tags' }, ...q.tags.map((t) => el('li', { class: 'tag', 'data-tag': t.tag, title: t.tag, text: `#${label(t.label)}` })));

  const show = el('button', { type: 'button', id: 'show-answer', class: 'primary', 'data-action': 'show-answer', 'aria-controls': 'answer-section', 'aria-expanded': String(revealed), text: s.showAnswer });
  show.hidden = revealed;

  const keyPoints = perLanguage((lang) => el('ul', { class: 'key-points' }, ...q.keyPoints[lang].map((p) => el('li', {}, md(p, true)))), s);
  keyPoints.id = 'key-points';

  // What an interviewer asks next: each answer stays folded until its question is clicked.
  const followUps = q.followUps.length
    ? el(
        'section',
        { class: 'follow-ups', id: 'follow-ups' },
        el('h2', { text: s.followUps }),
        el('p', { class: 'hint', text: s.followUpsHint }),
        ...q.followUps.map((f, i) =>
          el(
            'details',
            { class: 'follow-up', 'data-index': String(i) },
            el('summary', { class: 'follow-up-question' }, followUpQuestion(f)),
            el('div', { class: 'follow-up-answer' }, ...langs().map((lang) => md(f.answer[lang], false, { lang: HTML_LANG[lang], 'data-lang': lang }))),
          ),
        ),
      )
    : undefined;

  const related = q.related.length
    ? el(
        'section',
        { class: 'related', id: 'related-section' },
        el('h2', { text: s.related }),
        el(
          'ul',
          { id: 'related' },
          ...q.related.map((r) =>
            el('li', {}, el('button', { type: 'button', class: 'link', 'data-action': 'open', 'data-question-id': r.id, title: r.id, text: label(r.question) })),
          ),
        ),
      )
    : undefined;

  const actions = el(
    'div',
    { class: 'actions', id: 'rate-actions' },
    el('button', { type: 'button', id: 'rate-good', class: 'primary', 'data-action': 'rate', 'data-rating': 'good', text: s.knewIt }),
    el('button', { type: 'button', id: 'rate-again', class: 'secondary', 'data-action': 'rate', 'data-rating': 'again', text: s.reviewAgain }),
    q.practice ? el('button', { type: 'button', id: 'practice', class: 'secondary', 'data-action': 'practice', text: s.practice }) : undefined,
  );
  const result = el('p', { id: 'rate-result', class: 'rate-result', role: 'status', 'aria-live': 'polite' });
  const nextDue = el('button', { type: 'button', id: 'next-due', class: 'secondary', 'data-action': 'next-due' });
  nextDue.hidden = true;

  const answer = el(
    'section',
    { id: 'answer-section', class: 'answer-section', 'aria-label': s.answer },
    el('h2', { text: s.answer }),
    bilingual(q.answer, (src) => md(src), s),
    el('h2', { text: s.explanation }),
    bilingual(q.explanation, (src) => md(src), s),
    el('h2', { text: s.keyPoints }),
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

  root.replaceChildren(el('article', { class: 'page', id: 'page', 'data-question-id': q.id }, meta, title(q, s), tags, el('div', { class: 'actions' }, show), answer));
}

/** A follow-up's question in each shown language (inline markdown, one line per language). */
function followUpQuestion(f: FollowUpView): HTMLElement {
  const wrap = el('span', { class: 'follow-up-text' });
  for (const lang of langs()) wrap.append(md(f.question[lang], true, { lang: HTML_LANG[lang], 'data-lang': lang }));
  return wrap;
}

function updateProgress(id: string, progress: ProgressView, dueRemaining: number): void {
  if (!current || current.id !== id) return;
  current = { ...current, progress };
  const s = strings(language);
  document.getElementById('status')?.replaceWith(progressChip(progress, s));
  const result = document.getElementById('rate-result');
  const when = progress.next ? progress.next[language === 'zh' ? 'zh' : 'en'] : undefined;
  if (result && when) result.textContent = s.scheduled(when);
  const nextDue = document.getElementById('next-due');
  if (nextDue) {
    nextDue.textContent = s.nextDue(dueRemaining);
    nextDue.hidden = dueRemaining === 0 || !result?.textContent;
  }
}

function reveal(): void {
  if (!current) return;
  save({ revealed: current.id });
  const section = document.getElementById('answer-section');
  if (section) section.hidden = false;
  const show = document.getElementById('show-answer');
  if (show) {
    show.hidden = true;
    show.setAttribute('aria-expanded', 'true');
  }
  document.getElementById('rate-good')?.focus();
}

// ---------------------------------------------------------------------------------------------------
// Mock interview
// ---------------------------------------------------------------------------------------------------

function renderMock(view: MockQuestionView): void {
  stopTimer();
  mock = view;
  const q = view.question;
  current = q;
  const s = strings(language);
  setView('mock');
  const draft = sameDraft(view) ? state.mock : undefined;

  const timerText = el('span', { id: 'mock-timer', class: 'timer', role: 'timer', 'aria-live': 'off', text: formatDuration(draft?.elapsedMs ?? 0) });
  const head = el(
    'div',
    { class: 'mock-head', id: 'mock-head' },
    el('span', { id: 'mock-progress', class: 'mock-progress', 'data-index': String(view.index), 'data-total': String(view.total), text: s.mockProgress(view.index + 1, view.total) }),
    el('span', { class: 'timer-wrap' }, timerText, el('span', { class: 'suggested', text: ` · ${s.suggested(formatDuration(view.suggestedSeconds * 1000))}` })),
  );
  const answer = el('textarea', { id: 'mock-answer', class: 'mock-answer', rows: '10', placeholder: s.answerPlaceholder, 'aria-label': s.yourAnswer, spellcheck: 'false' });
  answer.value = draft?.answer ?? '';
  const chosen = view.followUps.filter((i) => q.followUps[i] !== undefined);
  const asked = Math.min(draft?.asked ?? 0, chosen.length);
  const followUpAnswers = draft?.followUpAnswers ?? [];
  // The interviewer's drill-down: follow-ups appear one at a time, each with its own answer box.
  const followUpList = el('div', { id: 'mock-follow-ups', class: 'mock-follow-ups' });
  for (let k = 0; k < asked; k++) followUpList.append(mockFollowUpBlock(q.followUps[chosen[k]], k, chosen.length, followUpAnswers[k] ?? '', draft?.revealed === true));
  const followUpButton = el('button', { type: 'button', id: 'mock-follow-up', class: 'primary', 'data-action': 'mock-follow-up', text: s.askFollowUp(asked + 1, chosen.length) });
  followUpButton.hidden = draft?.revealed === true || asked >= chosen.length;
  const revealButton = el('button', { type: 'button', id: 'mock-reveal', class: asked < chosen.length ? 'secondary' : 'primary', 'data-action': 'mock-reveal', text: s.reveal });

  const hits = draft?.hits ?? q.keyPoints.en.map(() => false);
  const points = el(
    'ul',
    { id: 'mock-keypoints', class: 'mock-keypoints' },
    ...q.keyPoints.en.map((_p, i) => {
      const box = el('input', { type: 'checkbox', class: 'mock-keypoint', id: `mock-kp-${i}`, 'data-index': String(i) });
      box.checked = hits[i] === true;
      const text = el('span', { class: 'kp-text' });
      for (const lang of langs()) text.append(el('span', { class: 'kp-lang', lang: HTML_LANG[lang] }, md(q.keyPoints[lang][i] ?? '', true)));
      return el('li', {}, el('label', { for: `mock-kp-${i}` }, box, text));
    }),
  );
  const last = view.index + 1 >= view.total;
  const model = el(
    'section',
    { id: 'mock-model', class: 'mock-model' },
    el('h2', { text: s.modelAnswer }),
    bilingual(q.answer, (src) => md(src), s),
    chosen.length
      ? el(
          'section',
          { id: 'mock-follow-up-answers', class: 'mock-follow-up-answers' },
          el('h2', { text: s.followUpAnswers }),
          el(
            'ol',
            {},
            ...chosen.map((i) =>
              el(
                'li',
                { class: 'mock-follow-up-model', 'data-index': String(i) },
                el('div', { class: 'follow-up-question' }, followUpQuestion(q.followUps[i])),
                el('div', { class: 'follow-up-answer' }, ...langs().map((lang) => md(q.followUps[i].answer[lang], false, { lang: HTML_LANG[lang], 'data-lang': lang }))),
              ),
            ),
          ),
        )
      : undefined,
    el('h2', { text: s.keyPoints }),
    el('p', { class: 'hint', text: s.gradeHint }),
    points,
    el('p', { id: 'mock-score', class: 'mock-score', role: 'status' }),
    el('div', { class: 'actions' }, el('button', { type: 'button', id: 'mock-next', class: 'primary', 'data-action': 'mock-next', text: last ? s.finish : s.next })),
  );
  model.hidden = !draft?.revealed;
  revealButton.hidden = draft?.revealed === true;
  answer.readOnly = draft?.revealed === true;

  root.replaceChildren(
    el(
      'article',
      { class: 'page mock', id: 'page', 'data-question-id': q.id },
      head,
      metaChips(q, s),
      title(q, s),
      el('label', { class: 'answer-label', for: 'mock-answer', text: s.yourAnswer }),
      answer,
      followUpList,
      el('div', { class: 'actions' }, followUpButton, revealButton),
      model,
    ),
  );
  updateScore();
  saveMockDraft({ revealed: draft?.revealed ?? false, elapsedMs: draft?.elapsedMs ?? 0, asked });
  if (!draft?.revealed) startTimer(draft?.elapsedMs ?? 0, view.suggestedSeconds);
  else timerText.classList.toggle('over', (draft.elapsedMs ?? 0) > view.suggestedSeconds * 1000);
  if (!draft?.revealed) answer.focus();
}

/** Follow-up k (0-based) of n as the interviewer asks it: the question, then an answer box. */
function mockFollowUpBlock(f: FollowUpView, k: number, n: number, answer: string, readOnly: boolean): HTMLElement {
  const s = strings(language);
  const box = el('textarea', { id: `mock-follow-up-answer-${k}`, class: 'mock-follow-up-answer', rows: '4', 'data-index': String(k), 'aria-label': s.followUpOf(k + 1, n), spellcheck: 'false' });
  box.value = answer;
  box.readOnly = readOnly;
  return el(
    'section',
    { class: 'mock-follow-up', 'data-index': String(k) },
    el('h2', { text: s.followUpOf(k + 1, n) }),
    el('div', { class: 'follow-up-question' }, followUpQuestion(f)),
    box,
  );
}

/** The interviewer asks the next chosen follow-up. */
function mockAskFollowUp(): void {
  if (!mock || state.mock?.revealed) return;
  const q = mock.question;
  const chosen = mock.followUps.filter((i) => q.followUps[i] !== undefined);
  const asked = sameDraft(mock) ? (state.mock?.asked ?? 0) : 0;
  if (asked >= chosen.length) return;
  const block = mockFollowUpBlock(q.followUps[chosen[asked]], asked, chosen.length, '', false);
  document.getElementById('mock-follow-ups')?.append(block);
  const next = asked + 1;
  const button = document.getElementById('mock-follow-up');
  if (button) {
    button.textContent = strings(language).askFollowUp(next + 1, chosen.length);
    button.hidden = next >= chosen.length;
  }
  if (next >= chosen.length) document.getElementById('mock-reveal')?.setAttribute('class', 'primary');
  saveMockDraft({ asked: next });
  block.querySelector('textarea')?.focus();
}

/** The saved draft is this question's, in this interview (a reloaded page resumes it; a new interview does not). */
function sameDraft(view: MockQuestionView): boolean {
  const d = state.mock;
  return !!d && d.interview === view.interview && d.id === view.question.id && d.index === view.index;
}

function elapsed(): number {
  return timer ? timer.offset + (performance.now() - timer.started) : (state.mock?.elapsedMs ?? 0);
}

function startTimer(offset: number, suggestedSeconds: number): void {
  let saved = Math.floor(offset / 5000);
  const tick = () => {
    const node = document.getElementById('mock-timer');
    if (!node) return;
    const ms = elapsed();
    node.textContent = formatDuration(ms);
    node.classList.toggle('over', ms > suggestedSeconds * 1000);
    // Every 5 s, so a reloaded page resumes the timer near where it was.
    if (Math.floor(ms / 5000) !== saved) {
      saved = Math.floor(ms / 5000);
      saveMockDraft({ elapsedMs: ms });
    }
  };
  timer = { started: performance.now(), offset };
  timer.handle = setInterval(tick, 250);
  tick();
}

function currentHits(): boolean[] {
  return Array.from(document.querySelectorAll<HTMLInputElement>('input.mock-keypoint'), (b) => b.checked);
}

function updateScore(): void {
  const node = document.getElementById('mock-score');
  if (!node || !mock) return;
  const hits = currentHits();
  node.textContent = strings(language).score(hits.filter(Boolean).length, hits.length);
  node.dataset.hit = String(hits.filter(Boolean).length);
  node.dataset.total = String(hits.length);
}

function saveMockDraft(patch: Partial<NonNullable<PageState['mock']>> = {}): void {
  if (!mock) return;
  const answer = (document.getElementById('mock-answer') as HTMLTextAreaElement | null)?.value ?? '';
  const followUpAnswers = Array.from(document.querySelectorAll<HTMLTextAreaElement>('textarea.mock-follow-up-answer'), (b) => b.value);
  const prev = sameDraft(mock) ? state.mock : undefined;
  save({
    mock: {
      interview: mock.interview,
      id: mock.question.id,
      index: mock.index,
      answer,
      revealed: prev?.revealed ?? false,
      hits: currentHits(),
      elapsedMs: prev?.elapsedMs ?? 0,
      asked: prev?.asked ?? 0,
      followUpAnswers,
      ...patch,
    },
  });
}

function mockReveal(): void {
  if (!mock) return;
  const ms = elapsed();
  stopTimer();
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
  saveMockDraft({ revealed: true, elapsedMs: ms });
  document.querySelector<HTMLInputElement>('input.mock-keypoint')?.focus();
}

function mockNext(): void {
  if (!mock || !state.mock?.revealed) return;
  const draft = state.mock;
  const button = document.getElementById('mock-next') as HTMLButtonElement | null;
  if (button) button.disabled = true; // one grade per question, even on a double click
  post({ type: 'mockGrade', index: mock.index, id: mock.question.id, answer: draft.answer, hits: currentHits(), elapsedMs: Math.round(draft.elapsedMs) });
}

function renderSummary(summary: MockSummaryView): void {
  stopTimer();
  mock = undefined;
  current = undefined;
  save({ mock: undefined });
  const s = strings(language);
  setView('summary');
  const { readiness } = summary;
  const rows = readiness.rows.map((r) => {
    const fill = el('div', { class: 'bar-fill' });
    fill.style.width = `${r.percent}%`; // CSSOM, allowed under the CSP (no inline style attribute)
    return el(
      'tr',
      { 'data-category': r.category, 'data-percent': String(r.percent) },
      el('th', { scope: 'row', text: summary.categoryLabels[r.category] ? label(summary.categoryLabels[r.category]!) : r.category }),
      el('td', { class: 'num', text: String(r.questions) }),
      el('td', { class: 'num', text: `${r.hit} / ${r.total}` }),
      el('td', { class: 'bar-cell' }, el('div', { class: `bar ${r.percent >= 75 ? 'good' : r.percent >= 50 ? 'fair' : 'weak'}`, role: 'presentation' }, fill)),
      el('td', { class: 'num pct', text: `${r.percent} %` }),
    );
  });
  const table = el(
    'table',
    { id: 'mock-readiness', class: 'readiness' },
    el('thead', {}, el('tr', {}, ...[s.category, s.questions, s.keyPointsHit, s.readiness, ''].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, ...rows),
  );
  const items = el(
    'ol',
    { id: 'mock-items', class: 'mock-items' },
    ...summary.items.map((it) =>
      el(
        'li',
        { 'data-question-id': it.id, 'data-rating': it.rating, 'data-difficulty': it.difficulty },
        el('button', { type: 'button', class: 'link', 'data-action': 'open', 'data-question-id': it.id, text: label(it.question) }),
        // The question's difficulty where a reader looks for it (a chip, as on the question page); the
        // self-grade is named as one, since its words (hard, easy) are also difficulty words.
        chip(label(it.difficultyLabel), `chip-difficulty difficulty-${it.difficulty}`, { 'data-difficulty': it.difficulty }),
        el('span', { class: 'item-meta', text: `${s.keyPointsOf(it.hit, it.total)} · ${formatDuration(it.elapsedMs)} · ${s.selfGrade(s.rating[it.rating])}` }),
      ),
    ),
  );
  const o = readiness.overall;
  root.replaceChildren(
    el(
      'article',
      { class: 'page summary', id: 'page' },
      el('h1', { text: s.summaryTitle }),
      el('p', { id: 'mock-overall', class: 'overall', 'data-percent': String(o.percent), text: s.overall(o.percent, o.hit, o.total, formatDuration(readiness.totalMs)) }),
      table,
      items,
      el('div', { class: 'actions' }, el('button', { type: 'button', id: 'mock-restart', class: 'primary', 'data-action': 'mock-restart', text: s.restart })),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent) => {
  const msg = event.data as ToWebview;
  if (typeof msg !== 'object' || msg === null) return;
  switch (msg.type) {
    case 'question':
      language = msg.language;
      renderQuestion(msg.question);
      break;
    case 'progress':
      updateProgress(msg.id, msg.progress, msg.dueRemaining);
      break;
    case 'mockQuestion':
      language = msg.language;
      renderMock(msg.mock);
      break;
    case 'mockSummary':
      language = msg.language;
      renderSummary(msg.summary);
      break;
  }
});

document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const link = target?.closest('a');
  if (link) {
    // Never navigate the webview: http(s) links open outside through the extension, anything else is inert.
    event.preventDefault();
    const href = link.getAttribute('href');
    if (isSafeExternalUrl(href)) post({ type: 'openLink', url: href });
    return;
  }
  const action = target?.closest<HTMLElement>('[data-action]');
  if (!action || (action as HTMLButtonElement).disabled) return;
  switch (action.dataset.action) {
    case 'show-answer':
      reveal();
      break;
    case 'rate':
      if (current && (action.dataset.rating === 'good' || action.dataset.rating === 'again')) post({ type: 'rate', id: current.id, rating: action.dataset.rating });
      break;
    case 'practice':
      if (current) post({ type: 'practice', id: current.id });
      break;
    case 'open':
      if (action.dataset.questionId) post({ type: 'open', id: action.dataset.questionId });
      break;
    case 'next-due':
      post({ type: 'nextDue' });
      break;
    case 'mock-follow-up':
      mockAskFollowUp();
      break;
    case 'mock-reveal':
      mockReveal();
      break;
    case 'mock-next':
      mockNext();
      break;
    case 'mock-restart':
      post({ type: 'mockRestart' });
      break;
  }
});

document.addEventListener('change', (event) => {
  if (event.target instanceof HTMLInputElement && event.target.classList.contains('mock-keypoint')) {
    updateScore();
    saveMockDraft();
  }
});

document.addEventListener('input', (event) => {
  if (event.target instanceof HTMLTextAreaElement && (event.target.id === 'mock-answer' || event.target.classList.contains('mock-follow-up-answer'))) saveMockDraft();
});

// Keep the mock timer honest while the panel is hidden and shown again (retainContextWhenHidden keeps us alive).
window.addEventListener('pagehide', () => {
  if (mock && timer) saveMockDraft({ elapsedMs: elapsed() });
});

setView('empty');
root.replaceChildren(el('p', { class: 'waiting', id: 'waiting', text: strings('both').waiting }));
post({ type: 'ready' });
