/**
 * Mock interview: choose N questions (count, categories, difficulty mix), ask them one at a time in a
 * webview (viewType `mlnb.mockInterview`) with a timer and a free-text answer, let the learner tick the key
 * points they covered, feed each score into the review schedule, and end with readiness per category.
 */
import * as vscode from 'vscode';
import { CATEGORIES, CATEGORY_LABELS, DIFFICULTY_LABELS, type Category, type QuestionEntry } from '../../core/questions/bank';
import { DEFAULT_MOCK_COUNT, DIFFICULTY_MIXES, MockSession, pickMockQuestions, SUGGESTED_SECONDS, type DifficultyMix } from '../../core/questions/mock';
import type { MockSummaryView } from '../../webview/question/protocol';
import type { QuestionsService } from './service';
import { categoryLabel, text } from './text';
import { createQuestionPanel, post, receive, renderShell } from './webview';

export const MOCK_VIEW_TYPE = 'mlnb.mockInterview';

export interface MockChoice {
  count: number;
  categories: Category[];
  mix: DifficultyMix;
}

/**
 * Ask for the interview's shape. `preset` skips the prompts it covers (e.g. from an e2e test:
 * `executeCommand('mlnb.startMockInterview', { count: 2, categories: ['fundamentals'], mix: 'easy' })`).
 */
export async function askMockChoice(svc: QuestionsService, preset: Partial<MockChoice> = {}): Promise<MockChoice | undefined> {
  const t = text(svc.language());
  const lang = svc.language();
  const max = svc.bank.size;

  let count = preset.count;
  if (count === undefined) {
    const input = await vscode.window.showInputBox({
      title: t.mockTitle,
      prompt: t.mockCount.replace('{max}', String(max)),
      value: String(DEFAULT_MOCK_COUNT),
      validateInput: (v) => (/^\s*\d+\s*$/.test(v) && Number(v) >= 1 && Number(v) <= max ? undefined : t.mockCountInvalid(max)),
      // Like the two steps after it: a stray focus change (a notification, a kernel starting) must not end the set-up.
      ignoreFocusOut: true,
    });
    if (input === undefined) return undefined;
    count = Number(input);
  }

  let categories = preset.categories;
  if (categories === undefined) {
    const items = CATEGORIES.map((c) => ({ label: categoryLabel(c, lang), description: String(svc.bank.byCategory(c).length), category: c, picked: true }));
    const picked = await vscode.window.showQuickPick(items, { title: t.mockTitle, placeHolder: t.mockCategories, canPickMany: true, ignoreFocusOut: true });
    if (picked === undefined) return undefined;
    categories = picked.map((p) => p.category);
    if (categories.length === 0) categories = [...CATEGORIES];
  }

  let mix = preset.mix;
  if (mix === undefined) {
    const items = DIFFICULTY_MIXES.map((m) => ({ label: t.mockMixes[m][0], description: t.mockMixes[m][1], mix: m }));
    const picked = await vscode.window.showQuickPick(items, { title: t.mockTitle, placeHolder: t.mockMix, ignoreFocusOut: true });
    if (picked === undefined) return undefined;
    mix = picked.mix;
  }
  return { count, categories, mix };
}

export class MockInterview implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private session: MockSession | undefined;
  private ready = false;
  private grading = false;
  /** Counts interviews, so the page never resumes one interview's draft in the next. */
  private interview = 0;

  constructor(
    private readonly svc: QuestionsService,
    private readonly extensionUri: vscode.Uri,
    private readonly log: (message: string) => void,
  ) {}

  /** Start (or restart, in the same panel) an interview. Returns the chosen ids, or undefined if none. */
  start(choice: MockChoice): string[] | undefined {
    const t = text(this.svc.language());
    const questions = pickMockQuestions(this.svc.bank.all, {
      count: choice.count,
      categories: choice.categories,
      mix: choice.mix,
      // Prefer questions not yet known: a mock interview is for finding gaps.
      priority: (e) => (this.svc.progress(e.id).status === 'known' ? 1 : 0),
    });
    if (questions.length === 0) {
      void vscode.window.showWarningMessage(t.mockNone);
      return undefined;
    }
    if (questions.length < choice.count) void vscode.window.showInformationMessage(t.mockFewer(questions.length, choice.count));
    this.session = new MockSession(questions);
    this.interview++;
    this.grading = false;
    if (!this.panel) {
      const panel = createQuestionPanel(this.extensionUri, MOCK_VIEW_TYPE, t.mockTitle, { retainContextWhenHidden: true });
      this.panel = panel;
      this.ready = false;
      panel.onDidDispose(() => {
        if (this.panel === panel) {
          this.panel = undefined;
          this.session = undefined;
          this.ready = false;
        }
      });
      panel.webview.onDidReceiveMessage((raw) => void this.onMessage(raw));
      renderShell(panel, this.extensionUri, this.svc.language() === 'zh' ? 'zh-CN' : 'en');
    } else {
      this.panel.reveal();
      this.send();
    }
    return questions.map((q) => q.id);
  }

  private send(): void {
    const panel = this.panel;
    const session = this.session;
    if (!panel || !this.ready || !session) return;
    const language = this.svc.language();
    const current: QuestionEntry | undefined = session.current;
    if (current) {
      void post(panel, {
        type: 'mockQuestion',
        language,
        mock: {
          interview: this.interview,
          index: session.index,
          total: session.questions.length,
          question: this.svc.questionView(current),
          followUps: session.followUps[session.index] ?? [],
          suggestedSeconds: SUGGESTED_SECONDS[current.difficulty],
        },
      });
    } else {
      void post(panel, { type: 'mockSummary', language, summary: this.summary(session) });
    }
  }

  private summary(session: MockSession): MockSummaryView {
    const readiness = session.readiness();
    const byId = new Map(session.questions.map((q) => [q.id, q]));
    return {
      readiness,
      categoryLabels: Object.fromEntries(readiness.rows.map((r) => [r.category, CATEGORY_LABELS[r.category]])),
      items: session.results.map((r) => ({
        id: r.id,
        question: byId.get(r.id)!.question,
        category: r.category,
        difficulty: r.difficulty,
        difficultyLabel: DIFFICULTY_LABELS[r.difficulty],
        hit: r.hits.filter(Boolean).length,
        total: r.hits.length,
        rating: r.rating,
        elapsedMs: r.elapsedMs,
      })),
    };
  }

  private onMessage(raw: unknown): Promise<void> {
    return receive(raw, 'mock interview', this.log, async (msg) => {
      switch (msg.type) {
        case 'ready':
          this.ready = true;
          this.send();
          break;
        case 'mockGrade': {
          const session = this.session;
          // Only the question being asked, once: a stale or repeated grade is ignored.
          if (!session || this.grading || msg.index !== session.index || msg.id !== session.current?.id) return;
          this.grading = true;
          try {
            const result = session.grade(msg.id, msg.hits, msg.answer, msg.elapsedMs);
            await this.svc.rate(msg.id, result.rating, 'mock');
          } finally {
            this.grading = false;
          }
          this.send();
          break;
        }
        case 'mockRestart':
          await vscode.commands.executeCommand('mlnb.startMockInterview');
          break;
        case 'open':
          await vscode.commands.executeCommand('mlnb.openQuestion', msg.id);
          break;
        case 'openLink':
          await vscode.env.openExternal(vscode.Uri.parse(msg.url, true));
          break;
        default:
          break;
      }
    });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
