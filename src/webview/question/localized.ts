/**
 * What both pages of the question webview build from bank text in the reader's language (`mlnb.language`):
 * sanitised markdown, one block per shown language, bilingual labels, and the pieces both pages show (the
 * category/difficulty chips, the question's title, a follow-up's question). One instance per message, so the
 * language a page renders in is the one its message carried.
 */
import { chromeLang, pickText, shownLangs, type Bilingual, type DisplayLanguage, type Lang } from '../../core/i18n';
import { h, type Attrs } from '../dom';
import type { createSafeMarkdown } from './markdown';
import type { FollowUpView, QuestionView } from './protocol';
import { strings, type Strings } from './strings';

export type SafeMarkdown = ReturnType<typeof createSafeMarkdown>;

/** The view a page shows, as document.body.dataset.view (a hook for tests and styles). */
export type ViewName = 'empty' | 'question' | 'mock' | 'summary';

const HTML_LANG = { zh: 'zh-CN', en: 'en' } as const;

export class LocalizedView {
  /** The page's own words (buttons, headings) in this language. */
  readonly s: Strings;

  constructor(
    readonly language: DisplayLanguage,
    private readonly markdown: SafeMarkdown,
  ) {
    this.s = strings(language);
  }

  /** The languages to show, in order. */
  langs(): Lang[] {
    return shownLangs(this.language);
  }

  /** The HTML lang attribute's value for one of the bank's languages. */
  htmlLang(lang: Lang): string {
    return HTML_LANG[lang];
  }

  /** A container whose HTML is sanitised markdown. */
  md(source: string, inline = false, attrs: Attrs = {}): HTMLElement {
    const node = h(inline ? 'span' : 'div', { class: inline ? 'md md-inline' : 'md', ...attrs });
    node.innerHTML = inline ? this.markdown.inline(source) : this.markdown.block(source);
    return node;
  }

  /** One block per shown language (labelled when both are shown), built by `build`. */
  perLanguage(build: (lang: Lang) => HTMLElement): HTMLElement {
    const wrap = h('div', { class: `bilingual lang-${this.language}` });
    for (const lang of this.langs()) {
      const block = h('div', { class: 'lang-block', lang: HTML_LANG[lang], 'data-lang': lang });
      if (this.language === 'both') block.append(h('div', { class: 'lang-label', 'aria-hidden': 'true', text: this.s[lang] }));
      block.append(build(lang));
      wrap.append(block);
    }
    return wrap;
  }

  /** Localized markdown, one block per shown language. */
  bilingual(text: Bilingual, build: (source: string, lang: Lang) => HTMLElement): HTMLElement {
    return this.perLanguage((lang) => build(text[lang], lang));
  }

  /** A short label in the shown language(s): "zh · en" in both. */
  label(text: Bilingual): string {
    return pickText(text, this.language, ' · ');
  }

  /** Markdown of a follow-up's answer, one block per shown language. */
  followUpAnswer(f: FollowUpView): HTMLElement {
    return h('div', { class: 'follow-up-answer' }, ...this.langs().map((lang) => this.md(f.answer[lang], false, { lang: HTML_LANG[lang], 'data-lang': lang })));
  }

  /** A follow-up's question in each shown language (inline markdown, one line per language). */
  followUpQuestion(f: FollowUpView): HTMLElement {
    const wrap = h('span', { class: 'follow-up-text' });
    for (const lang of this.langs()) wrap.append(this.md(f.question[lang], true, { lang: HTML_LANG[lang], 'data-lang': lang }));
    return wrap;
  }

  metaChips(q: QuestionView): HTMLElement {
    return h(
      'div',
      { class: 'meta', id: 'meta' },
      chip(this.label(q.categoryLabel), 'chip-category', { id: 'category', 'data-category': q.category }),
      chip(this.label(q.difficultyLabel), `chip-difficulty difficulty-${q.difficulty}`, { id: 'difficulty', 'data-difficulty': q.difficulty }),
      q.daily ? chip(this.s.daily, 'chip-daily', { id: 'daily' }) : undefined,
    );
  }

  title(q: QuestionView): HTMLElement {
    return h(
      'header',
      { class: 'question', id: 'question', 'data-question-id': q.id },
      this.bilingual(q.question, (src, lang) => h('h1', { class: 'title' }, this.md(src, true, { lang: HTML_LANG[lang] }))),
    );
  }

  /** Names the shown view on the body, and the document's language after the shown text. */
  setView(view: ViewName): void {
    setView(view, this.language);
  }
}

export function setView(view: ViewName, language: DisplayLanguage): void {
  document.body.dataset.view = view;
  document.documentElement.lang = HTML_LANG[chromeLang(language)];
}

export function chip(text: string, cls: string, attrs: Attrs = {}): HTMLElement {
  return h('span', { class: `chip ${cls}`, ...attrs, text });
}
