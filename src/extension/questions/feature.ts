/**
 * Everything behind the question commands, loaded on first use by ./index.ts: the service (bank, progress,
 * filters), the tree's real provider, the question page, mock interviews, and the command handlers.
 */
import * as vscode from 'vscode';
import { chromeLang, DISPLAY_LANGUAGES, isDisplayLanguage, pickText, type DisplayLanguage } from '../../core/i18n';
import { CATEGORIES, DIFFICULTIES, type Category, type Difficulty, type QuestionEntry } from '../../core/questions/bank';
import { DIFFICULTY_MIXES, type DifficultyMix } from '../../core/questions/mock';
import { describeDue } from '../../core/questions/review';
import { STATUS_FILTERS, type StatusFilter } from '../../core/questions/search';
import { Config } from '../config';
import { askMockChoice, MockInterview, type MockChoice } from './mockInterview';
import { openPractice } from './practice';
import { PracticeHelp } from './practiceHelp';
import { QuestionPage } from './questionPage';
import { QuestionsService } from './service';
import { QuestionsTree, type QuestionNode } from './tree';
import { categoryLabel, difficultyLabel, plain, questionLabel, text } from './text';
import type { QuestionCommand } from './commandIds';

export interface FeatureHost {
  context: vscode.ExtensionContext;
  treeView: vscode.TreeView<QuestionNode>;
  /** Tell the lazy tree proxy that the tree changed. */
  refreshTree: () => void;
  statusBar: vscode.StatusBarItem;
  log: (message: string) => void;
}

/** A question in the search pick, or (no `id`) the line saying nothing matched, with a shorter query to try. */
type SearchItem = vscode.QuickPickItem & { id?: string; suggestion?: string };

export class QuestionsFeature implements vscode.Disposable {
  readonly tree: QuestionsTree;
  /** Hints, solution, reset and progress inside practice notebooks. */
  readonly practiceHelp: PracticeHelp;
  private readonly page: QuestionPage;
  private readonly mock: MockInterview;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly svc: QuestionsService,
    private readonly host: FeatureHost,
  ) {
    const uri = host.context.extensionUri;
    this.tree = new QuestionsTree(svc);
    this.page = new QuestionPage(svc, uri, host.log);
    this.mock = new MockInterview(svc, uri, host.log);
    this.practiceHelp = new PracticeHelp(svc);
    svc.log = host.log;
    this.disposables.push(this.page, this.mock, this.practiceHelp, svc, svc.onDidChange(() => this.update()));
    host.log(`question bank: ${svc.bank.size} questions loaded in ${svc.loadMs.toFixed(1)} ms`);
    this.update();
  }

  static create(host: FeatureHost): QuestionsFeature {
    return new QuestionsFeature(QuestionsService.create(host.context), host);
  }

  /** Refresh the tree, its description and badge, the status bar tooltip and the context keys. */
  private update(): void {
    const lang = this.svc.language();
    const t = text(lang);
    const due = this.svc.dueQueue().length;
    const view = this.host.treeView;
    view.description = this.tree.description();
    view.badge = due > 0 ? { value: due, tooltip: lang === 'zh' ? `${due} 道题待复习` : `${due} question${due === 1 ? '' : 's'} due for review` } : undefined;
    const empty = this.svc.filtered() && this.svc.visible().length === 0;
    view.message = empty ? t.noMatch : undefined;
    const daily = this.svc.daily();
    this.host.statusBar.tooltip = `${t.daily}: ${plain(questionLabel(daily, lang), 200)}`;
    const f = this.svc.getFilters();
    const keys: Record<string, unknown> = {
      'mlnb.questions.loaded': true,
      'mlnb.questions.filtered': this.svc.filtered(),
      'mlnb.questions.filter.difficulty': f.difficulties.length > 0,
      'mlnb.questions.filter.tag': f.tags.length > 0,
      'mlnb.questions.filter.status': f.statuses.length > 0,
      // Reset is offered when there is anything to reset: reviews or practice.
      'mlnb.questions.hasProgress': this.svc.reviewedCount() > 0 || this.svc.practisedCount() > 0,
      'mlnb.questions.dueCount': due,
    };
    for (const [k, v] of Object.entries(keys)) void vscode.commands.executeCommand('setContext', k, v);
    this.host.refreshTree();
  }

  run(command: QuestionCommand, args: unknown[]): Promise<unknown> | unknown {
    switch (command) {
      case 'mlnb.openQuestion':
        return this.open(idArg(args[0]));
      case 'mlnb.searchQuestions':
        return this.searchPick(typeof args[0] === 'string' ? args[0] : '');
      case 'mlnb.randomQuestion':
        return this.random();
      case 'mlnb.nextDueQuestion':
        return this.nextDue();
      case 'mlnb.dailyQuestion':
        return this.show(this.svc.daily().id);
      case 'mlnb.filterQuestionsByDifficulty':
        return this.filterDifficulty(args[0]);
      case 'mlnb.filterQuestionsByTag':
        return this.filterTag(args[0]);
      case 'mlnb.filterQuestionsByStatus':
        return this.filterStatus(args[0]);
      case 'mlnb.clearQuestionFilters':
        return this.svc.clearFilters();
      case 'mlnb.resetQuestionProgress':
        return this.reset();
      case 'mlnb.exportQuestionProgress':
        return this.export(args[0]);
      case 'mlnb.selectQuestionLanguage':
        return this.selectLanguage(args[0]);
      case 'mlnb.startMockInterview':
        return this.startMock(args[0]);
      case 'mlnb.practiceQuestion':
        return this.practice(idArg(args[0]));
      case 'mlnb.showNextHint':
        return this.practiceHelp.showNextHint(args[0]);
      case 'mlnb.showSolution':
        return this.practiceHelp.showSolution(args[0]);
      case 'mlnb.resetToStarter':
        return this.practiceHelp.resetToStarter(args[0]);
    }
  }

  // -------------------------------------------------------------------------------------------------

  /** Open the page for `id` and select it in the tree (when the filters show it). */
  private show(id: string): string {
    this.page.show(id);
    const node = this.tree.nodeFor(id);
    if (node && this.host.treeView.visible && this.tree.isVisible(id)) void this.host.treeView.reveal(node, { select: true, focus: false }).then(undefined, () => undefined);
    return id;
  }

  private async open(id: string | undefined): Promise<string | undefined> {
    if (id === undefined) return this.searchPick('');
    if (!this.svc.bank.has(id)) {
      void vscode.window.showWarningMessage(`mlnb: there is no interview question "${id}".`);
      return undefined;
    }
    return this.show(id);
  }

  private searchPick(initial: string): Promise<string | undefined> {
    const lang = this.svc.language();
    const t = text(lang);
    // The label is the question's id (a short English topic slug) and the question text is the detail line.
    // VS Code re-sorts items whose *label* matches the typed text alphabetically, which would undo fuse's
    // ranking whenever the query appears in the question ('过拟合' in four questions); ids rarely collide
    // that way, so the order stays fuse's. alwaysShow keeps VS Code's filter from hiding what fuse found.
    const item = (e: QuestionEntry): SearchItem => {
      const p = this.svc.progress(e.id);
      return {
        label: e.id,
        iconPath: new vscode.ThemeIcon(p.due ? 'bell-dot' : p.status === 'known' ? 'pass-filled' : p.status === 'learning' ? 'history' : 'circle-large-outline'),
        description: `${categoryLabel(e.category, lang === 'both' ? 'en' : lang)} · ${difficultyLabel(e.difficulty, lang === 'both' ? 'en' : lang)} · ${t.status[p.due ? 'due' : p.status]}`,
        detail: plain(questionLabel(e, lang), 240),
        id: e.id,
        alwaysShow: true,
      };
    };
    // An empty list looks broken: say that nothing matched, and offer a shorter query that finds something.
    const none = (q: string): SearchItem => {
      const suggestion = this.svc.search().suggest(q);
      return { label: t.searchEmpty(q), iconPath: new vscode.ThemeIcon('search-stop'), detail: suggestion ? t.searchTry(suggestion) : t.searchHint, suggestion, alwaysShow: true };
    };
    const results = (q: string, deep: boolean): SearchItem[] => {
      const found = this.svc.search().search(q, { limit: 50, deep });
      return found.length > 0 ? found.map((r) => item(r.entry)) : [none(q)];
    };
    const qp = vscode.window.createQuickPick<SearchItem>();
    qp.placeholder = t.searchPlaceholder;
    qp.matchOnDescription = false;
    qp.matchOnDetail = false;
    const all = this.svc.bank.all.map(item);
    // Question text, ids and tags on every keystroke (a few ms); answers too once typing pauses.
    let deepTimer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      if (deepTimer) clearTimeout(deepTimer);
      const q = qp.value.trim();
      if (q === '') {
        qp.items = all;
        qp.busy = false;
        return;
      }
      qp.items = results(q, false);
      qp.busy = true;
      deepTimer = setTimeout(() => {
        if (qp.value.trim() === q) qp.items = results(q, true);
        qp.busy = false;
      }, 150);
    };
    qp.value = initial;
    update();
    return new Promise((resolve) => {
      let done = false;
      qp.onDidChangeValue(update);
      qp.onDidAccept(() => {
        const q = qp.value.trim();
        const picked = qp.selectedItems[0] ?? qp.activeItems[0];
        // The "no question matches" line: Enter takes its suggestion, and the pick stays open.
        if (picked && picked.id === undefined) {
          if (picked.suggestion !== undefined) {
            qp.value = picked.suggestion;
            update();
          }
          return;
        }
        // Enter right after typing can land while the items are being replaced: fall back to the best match.
        const id = picked?.id ?? (q ? this.svc.search().search(q, { limit: 1 })[0]?.entry.id : undefined);
        done = true;
        qp.hide();
        resolve(id ? this.show(id) : undefined);
      });
      qp.onDidHide(() => {
        if (deepTimer) clearTimeout(deepTimer);
        qp.dispose();
        if (!done) resolve(undefined);
      });
      qp.show();
    });
  }

  private random(): string | undefined {
    const pool = this.svc.visible();
    const e = this.svc.random(pool.length > 0 ? pool : this.svc.bank.all, this.page.currentId);
    return e ? this.show(e.id) : undefined;
  }

  private async nextDue(): Promise<string | undefined> {
    const id = this.svc.dueQueue()[0];
    if (id) return this.show(id);
    const lang = this.svc.language();
    const t = text(lang);
    const next = this.svc.nextDue();
    const when = next ? describeDue(next.at)[chromeLang(lang)] : undefined;
    const choice = await vscode.window.showInformationMessage(t.nothingDue(when), t.randomNew);
    if (choice === t.randomNew) {
      const fresh = this.svc.bank.all.filter((e) => this.svc.progress(e.id).status === 'new');
      const e = this.svc.random(fresh.length > 0 ? fresh : this.svc.bank.all);
      return e ? this.show(e.id) : undefined;
    }
    return undefined;
  }

  private async filterDifficulty(arg: unknown): Promise<void> {
    const lang = this.svc.language();
    let values = stringArray(arg, DIFFICULTIES);
    if (!values) {
      const current = this.svc.getFilters().difficulties;
      const items = DIFFICULTIES.map((d) => ({ label: difficultyLabel(d, lang), description: String(this.svc.bank.byDifficulty(d).length), value: d, picked: current.includes(d) }));
      const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: text(lang).filterDifficulty });
      if (!picked) return;
      values = picked.map((p) => p.value);
    }
    this.svc.setFilters({ difficulties: values as Difficulty[] });
  }

  private async filterTag(arg: unknown): Promise<void> {
    const lang = this.svc.language();
    const bank = this.svc.bank;
    const tags = bank.tags();
    let values = stringArray(arg, tags);
    if (!values) {
      const current = this.svc.getFilters().tags;
      type TagItem = vscode.QuickPickItem & { tag?: string };
      const item = (tag: string): TagItem => ({
        label: pickText(bank.tagLabel(tag), lang),
        description: `${bank.byTag(tag).length}`,
        tag,
        picked: current.includes(tag),
      });
      // Grouped as the vocabulary groups them (a separator per group), most used first inside a group.
      const groups = new Map<string, { label: string; items: TagItem[] }>();
      for (const g of bank.vocabulary?.groups ?? []) groups.set(g.id, { label: pickText(g, lang), items: [] });
      const other = { label: text(lang).otherTags, items: [] as TagItem[] };
      for (const tag of tags) (groups.get(bank.tagGroup(tag)?.id ?? '') ?? other).items.push(item(tag));
      const items: TagItem[] = [];
      for (const g of [...groups.values(), other]) {
        if (g.items.length === 0) continue;
        items.push({ label: g.label, kind: vscode.QuickPickItemKind.Separator });
        items.push(...g.items.sort((a, b) => Number(b.description) - Number(a.description) || a.label.localeCompare(b.label)));
      }
      const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: text(lang).filterTag, matchOnDescription: false });
      if (!picked) return;
      values = picked.flatMap((p) => (p.tag === undefined ? [] : [p.tag]));
    }
    this.svc.setFilters({ tags: values });
  }

  private async filterStatus(arg: unknown): Promise<void> {
    const lang = this.svc.language();
    const t = text(lang);
    let values = stringArray(arg, STATUS_FILTERS);
    if (!values) {
      const current = this.svc.getFilters().statuses;
      const counts = this.svc.counts(this.svc.bank.all);
      const items = STATUS_FILTERS.map((s) => ({ label: t.status[s], description: `${counts[s]} · ${t.statusDetail[s]}`, value: s, picked: current.includes(s) }));
      const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: t.filterStatus });
      if (!picked) return;
      values = picked.map((p) => p.value);
    }
    this.svc.setFilters({ statuses: values as StatusFilter[] });
  }

  private async reset(): Promise<boolean> {
    const t = text(this.svc.language());
    const reviewed = this.svc.reviewedCount();
    const practised = this.svc.practisedCount();
    if (reviewed === 0 && practised === 0) {
      void vscode.window.showInformationMessage(t.noProgress);
      return false;
    }
    const choice = await vscode.window.showWarningMessage(t.resetConfirm(reviewed, practised), { modal: true }, t.reset, t.exportFirst);
    if (choice === t.exportFirst) {
      if (!(await this.export(undefined))) return false;
    } else if (choice !== t.reset) return false;
    await this.svc.resetAll();
    void vscode.window.showInformationMessage(t.resetDone);
    return true;
  }

  /** Write the progress JSON to `target` (a Uri or path) or where the save dialog says. Returns the file path. */
  private async export(target: unknown): Promise<string | undefined> {
    const t = text(this.svc.language());
    let uri = target instanceof vscode.Uri ? target : typeof target === 'string' && target !== '' ? vscode.Uri.file(target) : undefined;
    if (!uri) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = `mlnb-question-progress-${this.svc.dailyKey()}.json`;
      uri = await vscode.window.showSaveDialog({
        title: 'Export question progress',
        defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
        filters: { JSON: ['json'] },
        saveLabel: 'Export',
      });
      if (!uri) return undefined;
    }
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(this.svc.exportJson()));
    const where = uri.scheme === 'file' ? uri.fsPath : uri.toString();
    void vscode.window.showInformationMessage(t.exported(where));
    return where;
  }

  private async selectLanguage(arg: unknown): Promise<void> {
    if (typeof arg === 'string' && !isDisplayLanguage(arg)) {
      void vscode.window.showErrorMessage(`mlnb: no display language "${arg}"; choose one of ${DISPLAY_LANGUAGES.join(', ')}.`);
      return;
    }
    // The quick pick lists both first: the default.
    const langs: DisplayLanguage[] = ['both', 'zh', 'en'];
    let value: DisplayLanguage | undefined = isDisplayLanguage(arg) ? arg : undefined;
    if (!value) {
      const t = text(this.svc.language());
      const current = this.svc.language();
      const picked = await vscode.window.showQuickPick(
        langs.map((l) => ({ label: t.language[l][0], description: `${l}${l === current ? ' ✓' : ''}`, detail: t.language[l][1], value: l })),
        { placeHolder: t.languagePlaceholder },
      );
      if (!picked) return;
      value = picked.value;
    }
    await Config.setLanguage(value);
  }

  private async startMock(arg: unknown): Promise<string[] | undefined> {
    const choice = await askMockChoice(this.svc, mockPreset(arg));
    return choice ? this.mock.start(choice) : undefined;
  }

  private async practice(id: string | undefined): Promise<boolean> {
    let entry = id ? this.svc.bank.byId(id) : undefined;
    if (!entry) {
      const lang = this.svc.language();
      const picked = await vscode.window.showQuickPick(
        this.svc.bank.practicable().filter((e) => this.svc.practice.canPractice(e)).map((e) => ({ label: plain(questionLabel(e, lang), 160), description: e.practice, id: e.id })),
        { placeHolder: text(lang).pickPractice, matchOnDescription: true },
      );
      if (!picked) return false;
      entry = this.svc.bank.byId(picked.id)!;
    }
    const opened = await openPractice(this.svc, entry);
    if (!opened) return false;
    const exercise = this.svc.practice.forEntry(entry);
    if (exercise) await this.practiceHelp.opened(exercise.questionId).catch((error: Error) => this.host.log(`practice progress not recorded: ${error.message}`));
    return true;
  }

  dispose(): void {
    for (const d of this.disposables.reverse()) d.dispose();
  }
}

/** A question id from a command argument: a string, `{ id }`, or a tree node. */
function idArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { id?: unknown }).id === 'string') return (arg as { id: string }).id;
  return undefined;
}

/** A filter argument: an array (or one value) of allowed strings; [] clears the filter. Undefined → ask. */
function stringArray<T extends string>(arg: unknown, allowed: readonly T[]): T[] | undefined {
  const list = typeof arg === 'string' ? [arg] : Array.isArray(arg) ? arg : undefined;
  if (!list) return undefined;
  return list.filter((v): v is T => typeof v === 'string' && (allowed as readonly string[]).includes(v));
}

function mockPreset(arg: unknown): Partial<MockChoice> {
  if (typeof arg !== 'object' || arg === null) return {};
  const a = arg as Record<string, unknown>;
  const out: Partial<MockChoice> = {};
  if (typeof a.count === 'number' && Number.isInteger(a.count) && a.count > 0) out.count = a.count;
  if (Array.isArray(a.categories)) out.categories = a.categories.filter((c): c is Category => (CATEGORIES as readonly unknown[]).includes(c));
  if ((DIFFICULTY_MIXES as readonly unknown[]).includes(a.mix)) out.mix = a.mix as DifficultyMix;
  return out;
}
