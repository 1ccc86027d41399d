/**
 * The question page's pure parts: the message guard, the URL rule, the HTML shell and its CSP, and the
 * markdown-it stage of markdown → safe HTML (the DOMPurify stage runs in Chromium: test/webview/question.test.ts).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pickText } from '../../src/core/i18n';
import { CATEGORIES, CATEGORY_LABELS } from '../../src/core/questions/bank';
import { contentSecurityPolicy, makeNonce, pageHtml } from '../../src/extension/questions/html';
import { categoryLabel, plain, text } from '../../src/extension/questions/text';
import { ALLOWED_TAGS, markdownInlineToHtml, markdownToHtml } from '../../src/webview/question/markdown';
import { isSafeExternalUrl, parseFromWebview } from '../../src/webview/question/protocol';
import { formatDuration, strings } from '../../src/webview/question/strings';

const ROOT = resolve(__dirname, '..', '..');

describe('question page: messages from the webview', () => {
  it('accepts every well-formed message', () => {
    const good = [
      { type: 'ready' },
      { type: 'rate', id: 'overfitting', rating: 'good' },
      { type: 'rate', id: 'overfitting', rating: 'again' },
      { type: 'open', id: 'dropout' },
      { type: 'practice', id: 'overfitting' },
      { type: 'nextDue' },
      { type: 'openLink', url: 'https://example.com/a?b=c#d' },
      { type: 'mockGrade', index: 0, id: 'lora', answer: 'low rank', hits: [true, false], elapsedMs: 1234 },
      { type: 'mockRestart' },
    ];
    for (const m of good) assert.deepEqual(parseFromWebview(m), m, JSON.stringify(m));
  });

  it('drops extra fields and rejects anything malformed', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready', evil: 1 }), { type: 'ready' });
    const bad = [
      null, 'ready', 42, {}, { type: 'nope' },
      { type: 'rate', id: 'overfitting', rating: 'easy' },
      { type: 'rate', id: '../../etc/passwd', rating: 'good' },
      { type: 'open', id: 'Not An Id' },
      { type: 'openLink', url: 'javascript:alert(1)' },
      { type: 'openLink', url: 'data:text/html,<script>alert(1)</script>' },
      { type: 'openLink', url: 'file:///etc/passwd' },
      { type: 'openLink', url: 'command:workbench.action.terminal.new' },
      { type: 'mockGrade', index: -1, id: 'lora', answer: '', hits: [], elapsedMs: 0 },
      { type: 'mockGrade', index: 0, id: 'lora', answer: '', hits: ['yes'], elapsedMs: 0 },
      { type: 'mockGrade', index: 0, id: 'lora', answer: '', hits: [], elapsedMs: Number.NaN },
      { type: 'mockGrade', index: 0, id: 'lora', answer: 5, hits: [], elapsedMs: 0 },
    ];
    for (const m of bad) assert.equal(parseFromWebview(m), undefined, JSON.stringify(m));
  });

  it('caps a mock answer at MAX_ANSWER_CHARS', () => {
    const m = parseFromWebview({ type: 'mockGrade', index: 0, id: 'lora', answer: 'x'.repeat(50_000), hits: [], elapsedMs: 0 });
    assert.equal(m?.type === 'mockGrade' && m.answer.length, 20_000);
  });

  it('external links: absolute http(s) only', () => {
    for (const u of ['https://a.b', 'http://example.com/x', 'HTTPS://EXAMPLE.COM']) assert.ok(isSafeExternalUrl(u), u);
    for (const u of ['javascript:alert(1)', ' javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', 'vbscript:x', '//evil.com', '/relative', '#top', 'mailto:a@b.c', 'https://', 'vscode://x', 'command:x', 42, null]) {
      assert.ok(!isSafeExternalUrl(u), String(u));
    }
  });
});

describe('question page: HTML shell', () => {
  const shell = { cspSource: 'https://x.vscode-cdn.net', scriptUri: 'https://x.vscode-cdn.net/dist/question.js', styleUri: 'https://x.vscode-cdn.net/media/question.css', nonce: makeNonce(), title: 'What is "overfitting" <b>?' };

  it('has a strict CSP: nothing by default, nonce scripts, styles and images from the webview only', () => {
    const html = pageHtml(shell);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    assert.equal(csp, contentSecurityPolicy(shell.cspSource, shell.nonce));
    assert.equal(csp, `default-src 'none'; style-src ${shell.cspSource}; script-src 'nonce-${shell.nonce}'; img-src ${shell.cspSource}`);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('loads one script with the nonce and no inline script, style or handler', () => {
    const html = pageHtml(shell);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [`<script nonce="${shell.nonce}" src="${shell.scriptUri}">`]);
    assert.match(html, /<script[^>]*><\/script>/, 'the script tag is empty');
    assert.doesNotMatch(html, /<style|style=|\son[a-z]+=/i);
    assert.match(html, /<title>What is &quot;overfitting&quot; &lt;b&gt;\?<\/title>/, 'the title is escaped');
  });

  it('a fresh, random nonce every render', () => {
    const nonces = new Set(Array.from({ length: 100 }, makeNonce));
    assert.equal(nonces.size, 100);
    for (const n of nonces) assert.match(n, /^[A-Za-z0-9]{32}$/);
    assert.throws(() => pageHtml({ ...shell, nonce: 'short' }), /nonce/);
    assert.throws(() => pageHtml({ ...shell, nonce: `${'a'.repeat(20)}" onload="x` }), /nonce/);
  });
});

describe('question page: markdown (markdown-it stage)', () => {
  it('renders markdown: emphasis, lists, code blocks, tables', () => {
    const html = markdownToHtml('**bold** and `code`\n\n1. one\n2. two\n\n```ts\nconst x = 1 < 2;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    assert.match(html, /<strong>bold<\/strong>/);
    assert.match(html, /<code>code<\/code>/);
    assert.match(html, /<ol>\s*<li>one<\/li>/);
    assert.match(html, /<pre><code class="language-ts">const x = 1 &lt; 2;/);
    assert.match(html, /<table>/);
  });

  it('raw HTML in the source is text, never markup (html: false)', () => {
    const html = markdownToHtml('<script>window.__xss=1</script>\n\n<img src=x onerror="window.__xss=1"> <iframe src="https://evil"></iframe>');
    assert.doesNotMatch(html, /<script|<img|<iframe/);
    assert.match(html, /&lt;script&gt;/);
  });

  it('only http(s) links become links; javascript:, data:, vbscript: and file: stay text', () => {
    assert.match(markdownInlineToHtml('[ok](https://example.com)'), /<a href="https:\/\/example.com">ok<\/a>/);
    for (const url of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'vbscript:x', 'file:///etc/passwd', '/relative']) {
      const html = markdownInlineToHtml(`[x](${url}) <${url}>`);
      assert.doesNotMatch(html, /<a /, `${url} → ${html}`);
    }
  });

  it('no linkify: bare URLs stay text', () => {
    assert.doesNotMatch(markdownInlineToHtml('see https://example.com'), /<a /);
  });

  it('every tag markdown-it emits for the whole bank is on the sanitiser allow-list', () => {
    type Texts = { zh: string | string[]; en: string | string[] };
    const files = CATEGORIES.map((c) => JSON.parse(readFileSync(join(ROOT, 'questions', `${c}.json`), 'utf8')) as Array<Record<string, Texts | undefined>>);
    const tags = new Set<string>();
    // Follow-ups are rendered too (question and answer of each, as one markdown string splits into both).
    for (const entries of files)
      for (const e of entries)
        for (const field of ['question', 'answer', 'explanation', 'keyPoints', 'followUps'])
          for (const lang of ['zh', 'en'] as const)
            for (const source of [e[field]?.[lang] ?? []].flat())
              for (const m of markdownToHtml(source).matchAll(/<([a-z0-9]+)/g)) tags.add(m[1]);
    const missing = [...tags].filter((t) => !ALLOWED_TAGS.includes(t));
    assert.deepEqual(missing, []);
  });
});

describe('question UI text', () => {
  it('localizes labels for zh, en and both', () => {
    assert.equal(pickText(CATEGORY_LABELS.fundamentals, 'zh'), '基础');
    assert.equal(pickText(CATEGORY_LABELS.fundamentals, 'en'), 'Fundamentals');
    assert.equal(categoryLabel('fundamentals', 'both'), '基础 · Fundamentals');
    assert.equal(text('en').categoryCount(37, 37, 5, false), '(37 · 5 due)');
    assert.equal(text('en').categoryCount(12, 37, 0, true), '(12/37)');
    assert.equal(text('zh').categoryCount(37, 37, 5, false), '(37 · 5 待复习)');
    assert.equal(strings('zh').showAnswer, '显示答案');
    assert.equal(strings('both').showAnswer, 'Show answer');
  });

  it('the reset confirmation says what is reset: questions reviewed, exercises practised, or both', () => {
    assert.match(text('en').resetConfirm(12, 3), /^Reset the progress of 12 questions reviewed and 3 exercises practised\? /);
    assert.match(text('en').resetConfirm(1, 0), /^Reset the progress of 1 question reviewed\? /);
    assert.match(text('en').resetConfirm(0, 1), /^Reset the progress of 1 exercise practised\? .*every exercise starts over/);
    assert.match(text('zh').resetConfirm(12, 3), /^重置 12 道已复习的题和 3 个已练习的习题的进度？/);
    assert.match(text('zh').resetConfirm(0, 2), /^重置 2 个已练习的习题的进度？/);
    assert.equal(text('both').resetConfirm(2, 2), text('en').resetConfirm(2, 2), 'a dialog is chrome: English for both');
  });

  it('plain() flattens markdown for one-line labels', () => {
    assert.equal(plain('What is **dropout**\n and `p`?'), 'What is dropout and p?');
    assert.equal(plain('x'.repeat(300), 10), `${'x'.repeat(9)}…`);
  });

  it('formats durations', () => {
    assert.equal(formatDuration(0), '0:00');
    assert.equal(formatDuration(65_400), '1:05');
    assert.equal(formatDuration(3_725_000), '1:02:05');
    assert.equal(formatDuration(-5), '0:00');
  });
});
