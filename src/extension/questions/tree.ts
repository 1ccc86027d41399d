/**
 * The Questions tree (view `mlnb.questions`): "Today's question" first, then category → question.
 * Categories show their counts ("Fundamentals (37 · 5 due)"); questions show their progress as an icon
 * (new ○, learning ↻, known ✓) and difficulty (plus "due") as the description.
 */
import * as vscode from 'vscode';
import { pickText } from '../../core/i18n';
import { CATEGORIES, type Category, type QuestionEntry } from '../../core/questions/bank';
import { describeFilters } from '../../core/questions/search';
import type { QuestionsService } from './service';
import { categoryLabel, difficultyLabel, plain, questionLabel, text } from './text';

export type QuestionNode =
  | { kind: 'daily' }
  | { kind: 'category'; category: Category }
  | { kind: 'question'; id: string; category: Category };

const STATUS_ICONS = {
  new: new vscode.ThemeIcon('circle-large-outline'),
  learning: new vscode.ThemeIcon('history', new vscode.ThemeColor('charts.yellow')),
  known: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green')),
  due: new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('charts.orange')),
};

/** The tree's content; ./index.ts's lazy provider delegates to it (and owns the change event). */
export class QuestionsTree {
  /** One object per node, so getParent and reveal see the same instances the tree was given. */
  private readonly daily: QuestionNode = { kind: 'daily' };
  private readonly categoryNodes = new Map<Category, QuestionNode>(CATEGORIES.map((c) => [c, { kind: 'category', category: c }]));
  private readonly questionNodes = new Map<string, QuestionNode>();

  constructor(private readonly svc: QuestionsService) {
    for (const e of svc.bank.all) this.questionNodes.set(e.id, { kind: 'question', id: e.id, category: e.category });
  }

  nodeFor(id: string): QuestionNode | undefined {
    return this.questionNodes.get(id);
  }

  /** Whether the question is in the tree under the current filters (reveal only works then). */
  isVisible(id: string): boolean {
    const e = this.svc.bank.byId(id);
    return !!e && this.svc.visible(e.category).some((x) => x.id === id);
  }

  getChildren(element?: QuestionNode): QuestionNode[] {
    const now = new Date();
    if (!element) {
      const categories = CATEGORIES.filter((c) => !this.svc.filtered() || this.svc.visible(c, now).length > 0);
      return [this.daily, ...categories.map((c) => this.categoryNodes.get(c)!)];
    }
    if (element.kind === 'category') return this.svc.visible(element.category, now).map((e) => this.questionNodes.get(e.id)!);
    return [];
  }

  getParent(element: QuestionNode): QuestionNode | undefined {
    return element.kind === 'question' ? this.categoryNodes.get(element.category) : undefined;
  }

  getTreeItem(element: QuestionNode): vscode.TreeItem {
    const lang = this.svc.language();
    const t = text(lang);
    const now = new Date();
    switch (element.kind) {
      case 'daily': {
        const entry = this.svc.daily(now);
        const item = new vscode.TreeItem(t.daily, vscode.TreeItemCollapsibleState.None);
        item.id = `daily:${this.svc.dailyKey(now)}`;
        item.description = plain(questionLabel(entry, lang), 80);
        item.iconPath = new vscode.ThemeIcon('calendar');
        item.tooltip = this.tooltip(entry, now);
        item.contextValue = 'mlnb.daily';
        item.command = { command: 'mlnb.dailyQuestion', title: t.daily };
        return item;
      }
      case 'category': {
        const all = this.svc.bank.byCategory(element.category);
        const shown = this.svc.visible(element.category, now);
        const counts = this.svc.counts(shown, now);
        const filtered = this.svc.filtered();
        const label = `${categoryLabel(element.category, lang)} ${t.categoryCount(shown.length, all.length, counts.due, filtered)}`;
        const item = new vscode.TreeItem(label, filtered ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        // A filtered tree gets other ids, so its categories open expanded and the unfiltered ones keep their state.
        item.id = filtered ? `category:${element.category}:${JSON.stringify(this.svc.getFilters())}` : `category:${element.category}`;
        item.iconPath = new vscode.ThemeIcon('folder-library');
        item.tooltip = `${categoryLabel(element.category, lang)}\n${t.status.new}: ${counts.new} · ${t.status.learning}: ${counts.learning} · ${t.status.known}: ${counts.known} · ${t.due}: ${counts.due}`;
        item.contextValue = 'mlnb.category';
        return item;
      }
      case 'question': {
        const entry = this.svc.bank.byId(element.id)!;
        const p = this.svc.progress(entry.id, now);
        const item = new vscode.TreeItem(plain(questionLabel(entry, lang)), vscode.TreeItemCollapsibleState.None);
        item.id = `question:${entry.id}`;
        const practice = this.svc.practiceProgressText(entry);
        item.description = `${difficultyLabel(entry.difficulty, lang)}${p.due ? ` · ${t.due}` : ''}${practice ? ` · ${practice.short}` : ''}`;
        item.iconPath = p.due ? STATUS_ICONS.due : STATUS_ICONS[p.status];
        item.tooltip = this.tooltip(entry, now);
        item.contextValue = `mlnb.question status-${p.status}${p.due ? ' due' : ''}${this.svc.practice.canPractice(entry) ? ' practice' : ''}`;
        item.command = { command: 'mlnb.openQuestion', title: 'Open', arguments: [entry.id] };
        item.accessibilityInformation = { label: `${plain(questionLabel(entry, lang))}, ${difficultyLabel(entry.difficulty, lang)}, ${t.status[p.status]}${p.due ? `, ${t.due}` : ''}${practice ? `, ${practice.short}` : ''}` };
        return item;
      }
    }
  }

  private tooltip(entry: QuestionEntry, now: Date): vscode.MarkdownString {
    const lang = this.svc.language();
    const t = text(lang);
    const p = this.svc.progressView(entry.id, now);
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    if (lang !== 'en') md.appendMarkdown(`**${escapeMd(plain(entry.question.zh, 400))}**\n\n`);
    if (lang !== 'zh') md.appendMarkdown(`${lang === 'both' ? '' : '**'}${escapeMd(plain(entry.question.en, 400))}${lang === 'both' ? '' : '**'}\n\n`);
    const status = `${t.status[p.status]}${p.due ? ` · ${t.due}` : p.next ? ` · ${lang === 'zh' ? p.next.zh : p.next.en}` : ''}`;
    md.appendMarkdown(`${escapeMd(categoryLabel(entry.category, lang))} · ${escapeMd(difficultyLabel(entry.difficulty, lang))} · ${escapeMd(status)}\n\n`);
    md.appendMarkdown(entry.tags.map((x) => `\`${escapeCode(pickText(this.svc.bank.tagLabel(x), lang))}\``).join(' '));
    const practice = this.svc.practiceProgressText(entry);
    if (practice) md.appendMarkdown(`\n\n${practice.lines.map(escapeMd).join('  \n')}`);
    return md;
  }

  /** The view's description: the active filters, or nothing. */
  description(): string | undefined {
    const lang = this.svc.language();
    const t = text(lang);
    const d = describeFilters(this.svc.getFilters(), (kind, v) =>
      kind === 'difficulty' ? difficultyLabel(v as QuestionEntry['difficulty'], lang) : kind === 'tag' ? pickText(this.svc.bank.tagLabel(v), lang) : t.status[v as keyof typeof t.status],
    );
    return d || undefined;
  }
}

/** Text inside a markdown code span: backticks would end it. */
function escapeCode(s: string): string {
  return s.replace(/`/g, "'");
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
