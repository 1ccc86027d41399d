/**
 * Markdown → safe HTML for the question page, in two stages:
 *
 *   1. markdown-it with `html: false` (raw HTML in the source is shown as text), `linkify: false`, and a link
 *      validator that only lets absolute http(s) URLs become links (`[x](javascript:…)` stays text);
 *   2. DOMPurify over the result with an allow-list of the tags markdown-it emits, no style, no data
 *      attributes, URIs restricted to http(s), and a hook that strips any href that is not http(s).
 *
 * Stage 1 runs anywhere (Node tests import it directly). Stage 2 needs a DOM, so `createSafeMarkdown` takes
 * a DOMPurify instance: the webview passes the browser's; tests drive the real bundle in Chromium.
 */
import markdownItFactory, { type MarkdownIt } from 'markdown-it';
import markdownItCjkFriendly from 'markdown-it-cjk-friendly';
import type { Config, DOMPurify } from 'dompurify';
import { isSafeExternalUrl } from './protocol';

let md: MarkdownIt | undefined;

export function markdownIt(): MarkdownIt {
  if (!md) {
    // CommonMark does not close `**（术语）**` or open `**` right after a CJK character (its flanking rules only
    // know spaces and Western punctuation); the CJK-friendly amendment fixes that for the bank's Chinese text.
    md = markdownItFactory({ html: false, linkify: false, typographer: false, breaks: false }).use(markdownItCjkFriendly);
    md.validateLink = (url: string) => isSafeExternalUrl(url.trim());
  }
  return md;
}

/** Stage 1 only: markdown-it's HTML. Not safe to insert by itself — always sanitise (see createSafeMarkdown). */
export function markdownToHtml(source: string): string {
  return markdownIt().render(source);
}

/** Inline markdown (no wrapping <p>), stage 1 only. */
export function markdownInlineToHtml(source: string): string {
  return markdownIt().renderInline(source);
}

/** Tags markdown-it produces (without html: true) — nothing else survives sanitising. */
export const ALLOWED_TAGS = [
  'a', 'blockquote', 'br', 'code', 'del', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li', 'ol', 'p', 'pre', 's',
  'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
];
export const ALLOWED_ATTR = ['href', 'title', 'class', 'start'];

export const PURIFY_CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOWED_URI_REGEXP: /^https?:\/\//i,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  FORBID_ATTR: ['style'],
  KEEP_CONTENT: true,
};

const configured = new WeakSet<DOMPurify>();

/**
 * A markdown → sanitised HTML function bound to a DOMPurify instance. Links keep only http(s) hrefs and get
 * `rel="noopener noreferrer"`; the page turns clicks on them into `openLink` messages.
 */
export function createSafeMarkdown(purify: DOMPurify): { block: (source: string) => string; inline: (source: string) => string } {
  if (!configured.has(purify)) {
    configured.add(purify);
    purify.addHook('afterSanitizeAttributes', (node) => {
      if (node.nodeName === 'A' || node.hasAttribute?.('href')) {
        const href = node.getAttribute('href');
        if (href !== null && !isSafeExternalUrl(href)) node.removeAttribute('href');
        if (node.nodeName === 'A') node.setAttribute('rel', 'noopener noreferrer');
      }
    });
  }
  const clean = (html: string) => purify.sanitize(html, { ...PURIFY_CONFIG, RETURN_TRUSTED_TYPE: false }) as string;
  return {
    block: (source) => clean(markdownToHtml(source)),
    inline: (source) => clean(markdownInlineToHtml(source)),
  };
}
