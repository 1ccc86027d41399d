/**
 * The question page: one reusable webview panel (viewType `mlnb.question`) showing a question, its hidden
 * answer, explanation, key points and related questions, with "I knew it" / "Review again" feeding FSRS.
 */
import * as vscode from 'vscode';
import { chromeLang } from '../../core/i18n';
import type { QuestionsService } from './service';
import { plain, questionLabel, text } from './text';
import { createQuestionPanel, post, receive, renderShell } from './webview';

export const QUESTION_VIEW_TYPE = 'mlnb.question';

export class QuestionPage implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private id: string | undefined;
  private ready = false;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly svc: QuestionsService,
    private readonly extensionUri: vscode.Uri,
    private readonly log: (message: string) => void,
  ) {
    this.subscription = svc.onDidChange((kind) => {
      if (kind === 'language') this.send();
      else if (kind === 'progress' || kind === 'time') this.sendProgress();
    });
  }

  /** The id shown, if the panel is open. */
  get currentId(): string | undefined {
    return this.panel ? this.id : undefined;
  }

  show(id: string, options: { preserveFocus?: boolean } = {}): void {
    const entry = this.svc.bank.byId(id);
    if (!entry) throw new Error(`unknown question: ${id}`);
    this.id = id;
    const title = this.title(id);
    if (!this.panel) {
      const panel = createQuestionPanel(this.extensionUri, QUESTION_VIEW_TYPE, title, { retainContextWhenHidden: false, preserveFocus: options.preserveFocus });
      this.panel = panel;
      this.ready = false;
      panel.onDidDispose(() => {
        if (this.panel === panel) {
          this.panel = undefined;
          this.ready = false;
        }
      });
      panel.webview.onDidReceiveMessage((raw) => void this.onMessage(raw));
      // A hidden webview is torn down (no retainContextWhenHidden); when shown again it posts `ready`.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      });
      renderShell(panel, this.extensionUri, this.svc.language() === 'zh' ? 'zh-CN' : 'en');
    } else {
      this.panel.title = title;
      this.panel.reveal(undefined, options.preserveFocus);
      this.send();
    }
  }

  /** The tab title: the question, short, in the chrome language. */
  private title(id: string): string {
    return plain(questionLabel(this.svc.bank.byId(id)!, chromeLang(this.svc.language())), 40);
  }

  private send(): void {
    const entry = this.id ? this.svc.bank.byId(this.id) : undefined;
    if (this.panel && entry) this.panel.title = this.title(entry.id);
    if (!this.panel || !this.ready || !entry) return;
    void post(this.panel, { type: 'question', language: this.svc.language(), question: this.svc.questionView(entry) });
  }

  private sendProgress(): void {
    if (!this.panel || !this.ready || !this.id) return;
    void post(this.panel, { type: 'progress', id: this.id, progress: this.svc.progressView(this.id), dueRemaining: this.svc.dueQueue().filter((x) => x !== this.id).length });
  }

  private onMessage(raw: unknown): Promise<void> {
    return receive(raw, 'question page', this.log, async (msg) => {
      switch (msg.type) {
        case 'ready':
          this.ready = true;
          this.send();
          break;
        case 'rate':
          if (msg.id === this.id) await this.svc.rate(msg.id, msg.rating, 'page');
          break;
        case 'open':
          if (this.svc.bank.has(msg.id)) this.show(msg.id);
          break;
        case 'practice':
          await vscode.commands.executeCommand('mlnb.practiceQuestion', msg.id);
          break;
        case 'nextDue': {
          const next = this.svc.dueQueue().find((x) => x !== this.id);
          if (next) this.show(next);
          else void vscode.window.showInformationMessage(text(this.svc.language()).nothingDue());
          break;
        }
        case 'openLink':
          await vscode.env.openExternal(vscode.Uri.parse(msg.url, true));
          break;
        default:
          break; // mock messages are not for this page
      }
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }
}
