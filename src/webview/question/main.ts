/**
 * The question webview's entry: it shows either the question page (./questionPage.ts: one question, answer
 * hidden until "Show answer") or the mock interview (./mockPage.ts: timer, free-text answer, self-grading
 * against key points, readiness summary), whichever the last message asked for.
 *
 * Everything arrives as ToWebview messages and leaves as FromWebview messages (./protocol.ts). Markdown is
 * rendered with markdown-it and sanitised with DOMPurify before it touches the DOM; every other text is set
 * with textContent. No inline handlers: one delegated click listener dispatches on data-action to the page
 * shown.
 *
 * Stable hooks for tests: ids (#show-answer, #rate-good, #rate-again, #practice, #next-due, #follow-ups,
 * #mock-timer, #mock-answer, #mock-follow-up, #mock-reveal, #mock-next, #mock-restart …), classes
 * (.follow-up, .mock-follow-up) and data attributes (data-action, data-question-id, data-rating, data-index,
 * data-category, data-tag); document.body.dataset.view names the view.
 */
import DOMPurify from 'dompurify';
import { h } from '../dom';
import { LocalizedView, setView } from './localized';
import { createSafeMarkdown } from './markdown';
import { MockInterviewPage, type MockDraft } from './mockPage';
import type { FromWebview, ToWebview } from './protocol';
import { isSafeExternalUrl } from './protocol';
import { QuestionPage } from './questionPage';
import { SavedState, type VsCodeApi } from './savedState';
import { strings } from './strings';

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const post = (message: FromWebview): void => api.postMessage(message);
const markdown = createSafeMarkdown(DOMPurify);
const root = document.getElementById('root') ?? document.body.appendChild(h('main', { id: 'root' }));
const saved = new SavedState<{ revealed?: string; mock?: MockDraft }>(api);
const questionPage = new QuestionPage(root, post, saved.slot('revealed'));
const mockPage = new MockInterviewPage(root, post, saved.slot('mock'));
let shown: QuestionPage | MockInterviewPage | undefined;

function showPage(page: QuestionPage | MockInterviewPage): void {
  if (shown && shown !== page) shown.leave();
  shown = page;
}

window.addEventListener('message', (event: MessageEvent) => {
  const msg = event.data as ToWebview;
  if (typeof msg !== 'object' || msg === null) return;
  switch (msg.type) {
    case 'question':
      showPage(questionPage);
      questionPage.show(msg.question, new LocalizedView(msg.language, markdown));
      break;
    case 'progress':
      if (shown === questionPage) questionPage.updateProgress(msg.id, msg.progress, msg.dueRemaining);
      break;
    case 'mockQuestion':
      showPage(mockPage);
      mockPage.showQuestion(msg.mock, new LocalizedView(msg.language, markdown));
      break;
    case 'mockSummary':
      showPage(mockPage);
      mockPage.showSummary(msg.summary, new LocalizedView(msg.language, markdown));
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
  // Both pages link to questions (related questions, the summary's list).
  if (action.dataset.action === 'open') {
    if (action.dataset.questionId) post({ type: 'open', id: action.dataset.questionId });
  } else shown?.onAction(action);
});

document.addEventListener('change', (event) => {
  if (shown === mockPage && event.target instanceof HTMLInputElement && event.target.classList.contains('mock-keypoint')) mockPage.onKeyPointChange();
});

document.addEventListener('input', (event) => {
  if (shown !== mockPage || !(event.target instanceof HTMLTextAreaElement)) return;
  if (event.target.id === 'mock-answer' || event.target.classList.contains('mock-follow-up-answer')) mockPage.onAnswerInput();
});

window.addEventListener('pagehide', () => mockPage.onPageHide());

setView('empty', 'both');
root.replaceChildren(h('p', { class: 'waiting', id: 'waiting', text: strings('both').waiting }));
post({ type: 'ready' });
