/**
 * The question page webview in a real browser: builds the bundle with scripts/build-question-page.mjs,
 * serves it on 127.0.0.1 inside the exact HTML shell the extension uses (src/extension/questions/html.ts,
 * same CSP) with a fake acquireVsCodeApi, drives headless Chromium with playwright-core, and talks to the
 * page through the real message protocol. XSS payloads are checked on a copy of the page without the CSP,
 * so the sanitiser alone has to stop them. Screenshots go to test-artifacts/webview/.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CATEGORY_LABELS, DIFFICULTY_LABELS, type QuestionEntry } from '../../src/core/questions/bank';
import { loadBankFromDir } from '../../src/host/questionBankFiles';
import { pageHtml } from '../../src/extension/questions/html';
import { questionView } from '../../src/extension/questions/questionView';
import type { FromWebview, MockQuestionView, MockSummaryView, QuestionView, ToWebview } from '../../src/webview/question/protocol';

const ROOT = resolve(__dirname, '../..');
const ARTIFACTS = join(ROOT, 'test-artifacts/webview');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const NONCE = 'TestNonce0123456789abcdefABCDEF';
const bank = loadBankFromDir(join(ROOT, 'questions'));

/** What the extension shows for a bank entry never reviewed (optionally altered). */
function view(entry: QuestionEntry, patch: Partial<QuestionView> = {}): QuestionView {
  return { ...questionView(entry, bank, { practice: entry.practice !== undefined, progress: { status: 'new', due: false, reps: 0 } }), ...patch };
}

/** Defines acquireVsCodeApi like VS Code does, recording posted messages, state and CSP violations. */
const FAKE_API = `
window.__sent = [];
window.__state = undefined;
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__sent.push(JSON.parse(JSON.stringify(m))),
  getState: () => window.__state,
  setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
});
`;

/** Theme variables VS Code injects, for three themes (subset the page uses). */
const THEMES: Record<string, { body: string; vars: Record<string, string> }> = {
  dark: {
    body: 'vscode-dark',
    vars: {
      '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1f1f1f', '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#026ec1',
      '--vscode-button-secondaryBackground': '#313131', '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-badge-background': '#616161', '--vscode-badge-foreground': '#f8f8f8', '--vscode-textLink-foreground': '#4daafc',
      '--vscode-textCodeBlock-background': '#2b2b2b', '--vscode-widget-border': '#313131', '--vscode-input-background': '#313131',
      '--vscode-input-foreground': '#cccccc', '--vscode-charts-green': '#89d185', '--vscode-charts-yellow': '#cca700', '--vscode-charts-red': '#f14c4c',
      '--vscode-focusBorder': '#0078d4', '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px',
      '--vscode-editor-font-family': 'monospace',
    },
  },
  light: {
    body: 'vscode-light',
    vars: {
      '--vscode-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff', '--vscode-descriptionForeground': '#717171',
      '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#0258a8',
      '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b',
      '--vscode-badge-background': '#cccccc', '--vscode-badge-foreground': '#3b3b3b', '--vscode-textLink-foreground': '#005fb8',
      '--vscode-textCodeBlock-background': '#f2f2f2', '--vscode-widget-border': '#e5e5e5', '--vscode-input-background': '#ffffff',
      '--vscode-input-foreground': '#3b3b3b', '--vscode-charts-green': '#388a34', '--vscode-charts-yellow': '#bf8803', '--vscode-charts-red': '#e51400',
      '--vscode-focusBorder': '#005fb8', '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px',
      '--vscode-editor-font-family': 'monospace',
    },
  },
  'high-contrast': {
    body: 'vscode-high-contrast',
    vars: {
      '--vscode-foreground': '#ffffff', '--vscode-editor-background': '#000000', '--vscode-descriptionForeground': '#ffffff',
      '--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff', '--vscode-button-border': '#6fc3df',
      '--vscode-contrastBorder': '#6fc3df', '--vscode-contrastActiveBorder': '#f38518', '--vscode-badge-background': '#000000',
      '--vscode-badge-foreground': '#ffffff', '--vscode-textLink-foreground': '#21a6ff', '--vscode-input-background': '#000000',
      '--vscode-input-foreground': '#ffffff', '--vscode-focusBorder': '#f38518', '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px', '--vscode-editor-font-family': 'monospace',
    },
  },
};

describe('question page webview (Chromium)', function () {
  this.timeout(60_000);
  let out: string;
  let bundle: string;
  let sanitiserBundle: string;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const foreignRequests: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    out = mkdtempSync(join(tmpdir(), 'mlnb-question-'));
    bundle = join(out, 'question.js');
    // A private output file: other builds in the tree may wipe dist/ while this runs.
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-question-page.mjs'), '--outfile', bundle], { cwd: ROOT, stdio: 'pipe' });
    // The sanitiser alone (stage 2), exposed on window, to feed it raw HTML as if markdown-it let HTML through.
    sanitiserBundle = join(out, 'sanitiser.js');
    await build({
      stdin: {
        contents: `import DOMPurify from 'dompurify'; import { createSafeMarkdown, PURIFY_CONFIG } from './src/webview/question/markdown';
          const md = createSafeMarkdown(DOMPurify);
          window.sanitiser = { html: (h) => DOMPurify.sanitize(h, PURIFY_CONFIG), markdown: md.block };`,
        resolveDir: ROOT,
        loader: 'ts',
      },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      outfile: sanitiserBundle,
      logLevel: 'warning',
    });
    mkdirSync(ARTIFACTS, { recursive: true });

    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const withApi = (html: string) => html.replace('<script ', `<script nonce="${NONCE}" src="/fake-api.js"></script>\n<script `);
      const shell = () => pageHtml({ cspSource: base, scriptUri: '/question.js', styleUri: '/question.css', nonce: NONCE, title: 'Question' });
      const routes: Record<string, () => [string | Buffer, string]> = {
        '/page.html': () => [withApi(shell()), 'text/html'],
        '/nocsp.html': () => [withApi(shell()).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''), 'text/html'],
        '/sanitiser.html': () => ['<!doctype html><meta charset="utf-8"><body><div id="out"></div><script src="/sanitiser.js"></script>', 'text/html'],
        '/fake-api.js': () => [FAKE_API, 'text/javascript'],
        '/question.js': () => [readFileSync(bundle), 'text/javascript'],
        '/sanitiser.js': () => [readFileSync(sanitiserBundle), 'text/javascript'],
        '/question.css': () => [readFileSync(join(ROOT, 'media/question.css')), 'text/css'],
      };
      const route = routes[path];
      if (!route) {
        foreignRequests.push(req.url ?? '');
        res.writeHead(404).end();
        return;
      }
      const [body, type] = route();
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async function () {
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
    if (out) rmSync(out, { recursive: true, force: true });
  });

  async function open(path = '/page.html', waitReady = true): Promise<Page> {
    await page?.close();
    page = await browser.newPage({ viewport: { width: 900, height: 1000 }, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    // The page must not touch the network: anything that is not our server is refused and recorded.
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(base)) return route.continue();
      foreignRequests.push(route.request().url());
      return route.abort();
    });
    await page.goto(`${base}${path}`);
    if (waitReady) await page.waitForFunction(() => (window as unknown as { __sent: unknown[] }).__sent?.length > 0);
    return page;
  }

  afterEach(async function () {
    const csp = page && !page.isClosed() && page.url().endsWith('/page.html') ? await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp) : [];
    const list = [...problems.splice(0), ...foreignRequests.splice(0).map((u) => `network: ${u}`), ...csp.map((c) => `csp: ${c}`)];
    assert.deepEqual(list, [], 'no page errors, console errors, network requests or CSP violations');
  });

  const send = async (message: ToWebview) => {
    await page.evaluate((m) => window.postMessage(m, '*'), message);
    await page.waitForTimeout(30);
  };
  const sent = () => page.evaluate(() => (window as unknown as { __sent: FromWebview[] }).__sent);
  const clearSent = () => page.evaluate(() => ((window as unknown as { __sent: unknown[] }).__sent = []));
  const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
  const count = (selector: string) => page.locator(selector).count();
  const visible = (selector: string) => page.locator(selector).first().isVisible();
  const overfitting = bank.byId('overfitting')!;

  it('the bundle is one classic script without eval, of reasonable size', () => {
    const code = readFileSync(bundle, 'utf8');
    assert.doesNotMatch(code, /\beval\(|new Function\(/);
    assert.doesNotMatch(code, /^\s*(import|export)\s/m, 'an IIFE, not a module');
    assert.doesNotMatch(code, /\brequire\(/);
    assert.ok(statSync(bundle).size < 250 * 1024, `bundle is ${statSync(bundle).size} bytes`);
  });

  it('boots under the real CSP and says ready', async () => {
    await open();
    assert.deepEqual(await sent(), [{ type: 'ready' }]);
    assert.equal(await page.evaluate(() => document.body.dataset.view), 'empty');
  });

  it('shows the question first and hides the answer until "Show answer"', async () => {
    await open();
    await send({ type: 'question', language: 'en', question: view(overfitting) });
    assert.equal(await page.evaluate(() => document.body.dataset.view), 'question');
    assert.equal(await text('#question h1'), overfitting.question.en);
    assert.equal(await visible('#show-answer'), true);
    assert.equal(await visible('#answer-section'), false);
    assert.equal(await visible('#rate-good'), false);
    assert.equal(await text('#category'), 'Fundamentals');
    assert.equal(await text('#difficulty'), 'easy');
    assert.equal(await text('#status'), 'New');
    // Tags show their vocabulary labels; the tag itself stays in data-tag.
    assert.deepEqual(await page.locator('#tags .tag').allTextContents(), overfitting.tags.map((t) => `#${bank.tagLabel(t).en}`));
    assert.deepEqual(await page.locator('#tags .tag').evaluateAll((ts) => ts.map((t) => t.getAttribute('data-tag'))), overfitting.tags);

    await page.click('#show-answer');
    assert.equal(await visible('#answer-section'), true);
    assert.equal(await visible('#show-answer'), false);
    assert.match(await text('#answer'), /memorises noise/);
    assert.match(await text('#explanation'), /high variance/);
    assert.equal(await count('#explanation pre code.language-ts'), 1, 'code blocks render');
    assert.equal(await count('#key-points li'), overfitting.keyPoints.en.length);
    assert.equal(await count('#related [data-action="open"]'), overfitting.related.length);
    for (const id of ['#rate-good', '#rate-again', '#practice']) assert.equal(await visible(id), true, id);
    assert.equal(await text('#rate-good'), 'I knew it');
    assert.equal(await text('#rate-again'), 'Review again');
    assert.equal(await text('#practice'), 'Practice in a notebook');
    await page.screenshot({ path: join(ARTIFACTS, 'question-dark.png'), fullPage: true, animations: 'disabled' });
  });

  /** Two follow-ups, zh parallel to en, as questionView builds them from "question\n\nanswer" items. */
  const FOLLOW_UPS = [
    { question: { zh: '为什么要除以 √d_k？', en: 'Why divide by √d_k?' }, answer: { zh: '不缩放时点积方差随 d_k 增大，softmax 饱和。', en: 'Without it the dot products grow with d_k and softmax **saturates**.' } },
    { question: { zh: '多头有什么用？', en: 'Why several heads?' }, answer: { zh: '每个头关注不同子空间里的关系。', en: 'Each head attends to a different relation.' } },
  ];

  it('shows the follow-ups after the answer, each answer folded until its question is clicked', async () => {
    await open();
    await send({ type: 'question', language: 'en', question: view(overfitting, { followUps: FOLLOW_UPS }) });
    assert.equal(await visible('#follow-ups'), false, 'hidden with the answer');
    await page.click('#show-answer');
    assert.equal(await visible('#follow-ups'), true);
    // After the key points, before the related questions.
    const order = await page.evaluate(() => ['key-points', 'follow-ups', 'related-section'].map((id) => Array.from(document.querySelectorAll('#answer-section [id]')).findIndex((n) => n.id === id)));
    assert.ok(order[0] < order[1] && order[1] < order[2], `order ${order.join(', ')}`);
    assert.deepEqual(await page.locator('#follow-ups summary').allTextContents(), ['Why divide by √d_k?', 'Why several heads?']);
    assert.equal(await visible('#follow-ups .follow-up[data-index="0"] .follow-up-answer'), false);
    await page.click('#follow-ups .follow-up[data-index="0"] summary');
    assert.equal(await visible('#follow-ups .follow-up[data-index="0"] .follow-up-answer'), true);
    assert.match(await text('#follow-ups .follow-up[data-index="0"] .follow-up-answer'), /softmax saturates/);
    assert.equal(await count('#follow-ups .follow-up[data-index="0"] .follow-up-answer strong'), 1, 'answers are markdown');
    assert.equal(await visible('#follow-ups .follow-up[data-index="1"] .follow-up-answer'), false, 'only the clicked one opens');
    await page.screenshot({ path: join(ARTIFACTS, 'question-follow-ups.png'), fullPage: true, animations: 'disabled' });

    // zh only shows Chinese; both shows zh then en in each question and answer.
    await send({ type: 'question', language: 'zh', question: view(overfitting, { followUps: FOLLOW_UPS }) });
    assert.deepEqual(await page.locator('#follow-ups summary').allTextContents(), ['为什么要除以 √d_k？', '多头有什么用？']);
    await send({ type: 'question', language: 'both', question: view(overfitting, { followUps: FOLLOW_UPS }) });
    assert.deepEqual(
      await page.locator('#follow-ups .follow-up[data-index="1"] summary [data-lang]').evaluateAll((ns) => ns.map((n) => `${n.getAttribute('data-lang')}:${n.textContent}`)),
      ['zh:多头有什么用？', 'en:Why several heads?'],
    );
    await page.click('#follow-ups .follow-up[data-index="1"] summary');
    assert.deepEqual(
      await page.locator('#follow-ups .follow-up[data-index="1"] .follow-up-answer [data-lang]').evaluateAll((ns) => ns.map((n) => n.getAttribute('data-lang'))),
      ['zh', 'en'],
    );
    // An entry without follow-ups has no empty section.
    await send({ type: 'question', language: 'en', question: view(overfitting, { followUps: [] }) });
    assert.equal(await count('#follow-ups'), 0);
  });

  it('buttons post typed messages: rate good/again, practice, related', async () => {
    await open();
    await send({ type: 'question', language: 'en', question: view(overfitting) });
    await page.click('#show-answer');
    await clearSent();
    await page.click('#rate-good');
    await page.click('#rate-again');
    await page.click('#practice');
    await page.click(`#related [data-question-id="${overfitting.related[0]}"]`);
    assert.deepEqual(await sent(), [
      { type: 'rate', id: 'overfitting', rating: 'good' },
      { type: 'rate', id: 'overfitting', rating: 'again' },
      { type: 'practice', id: 'overfitting' },
      { type: 'open', id: overfitting.related[0] },
    ]);
  });

  it('shows the practice progress next to "Practice in a notebook", with the details as its tooltip', async () => {
    await open();
    await send({ type: 'question', language: 'en', question: view(overfitting) });
    await page.click('#show-answer');
    assert.equal(await count('#practice-progress'), 0, 'no progress line before any practice');
    const practiceProgress = { short: '✓ practice · 3 attempts · 12 min', lines: ['Practice passed today, at attempt 3.', 'Hints shown: 2.'] };
    await send({ type: 'question', language: 'en', question: view(overfitting, { practiceProgress }) }); // (the answer stays open)
    assert.equal(await text('#practice-progress'), '✓ practice · 3 attempts · 12 min');
    assert.equal(await page.getAttribute('#practice-progress', 'title'), 'Practice passed today, at attempt 3.\nHints shown: 2.');
  });

  it('no "Practice in a notebook" for an entry without practice', async () => {
    await open();
    const entry = bank.all.find((e) => !e.practice)!;
    await send({ type: 'question', language: 'en', question: view(entry) });
    await page.click('#show-answer');
    assert.equal(await count('#practice'), 0);
  });

  it('after a rating, shows when the next review is and offers the next due question', async () => {
    await open();
    await send({ type: 'question', language: 'en', question: view(overfitting) });
    await page.click('#show-answer');
    await send({ type: 'progress', id: 'overfitting', progress: { status: 'learning', due: false, reps: 1, next: { zh: '2 天后', en: 'in 2 days' } }, dueRemaining: 3 });
    assert.equal(await text('#status'), 'Learning');
    assert.equal(await text('#rate-result'), 'Scheduled: next review in 2 days.');
    assert.equal(await text('#next-due'), 'Next due (3)');
    await clearSent();
    await page.click('#next-due');
    assert.deepEqual(await sent(), [{ type: 'nextDue' }]);
    // Progress for another question is ignored.
    await send({ type: 'progress', id: 'dropout', progress: { status: 'known', due: false, reps: 3 }, dueRemaining: 0 });
    assert.equal(await text('#status'), 'Learning');
  });

  it('keeps the answer revealed when the same question is re-sent (state survives a reload), hides it for another', async () => {
    await open();
    await send({ type: 'question', language: 'en', question: view(overfitting) });
    await page.click('#show-answer');
    await send({ type: 'question', language: 'en', question: view(overfitting, { progress: { status: 'known', due: false, reps: 2 } }) });
    assert.equal(await visible('#answer-section'), true);
    assert.equal(await text('#status'), 'Known');
    await send({ type: 'question', language: 'en', question: view(bank.byId('dropout')!) });
    assert.equal(await visible('#answer-section'), false);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __state: unknown }).__state), { revealed: 'overfitting' });
  });

  it('language: zh, en, or both', async () => {
    await open();
    await send({ type: 'question', language: 'zh', question: view(overfitting) });
    assert.equal(await text('#question h1'), overfitting.question.zh);
    assert.equal(await text('#show-answer'), '显示答案');
    assert.equal(await text('#category'), '基础');
    assert.equal(await count('#answer [data-lang="en"]'), 0);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');

    await send({ type: 'question', language: 'both', question: view(overfitting) });
    assert.deepEqual(await page.locator('#question h1').allTextContents(), [overfitting.question.zh, overfitting.question.en]);
    assert.deepEqual(await page.locator('#answer .lang-block').evaluateAll((els) => els.map((e) => e.getAttribute('lang'))), ['zh-CN', 'en']);
    assert.equal(await text('#category'), '基础 · Fundamentals');
    assert.equal(await text('#show-answer'), 'Show answer');
  });

  it('links: http(s) opens through the extension, never in the webview; others are inert', async () => {
    await open();
    const entry = view(overfitting, {
      answer: { en: 'See [the docs](https://example.com/docs) and [bad](javascript:window.__xss=1) and <https://example.org>.', zh: '中文' },
    });
    await send({ type: 'question', language: 'en', question: entry });
    await page.click('#show-answer');
    assert.deepEqual(await page.locator('#answer a').evaluateAll((els) => els.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('rel')])), [
      ['the docs', 'https://example.com/docs', 'noopener noreferrer'],
      ['https://example.org', 'https://example.org', 'noopener noreferrer'],
    ]);
    await clearSent();
    const url = page.url();
    await page.click('#answer a >> nth=0');
    assert.deepEqual(await sent(), [{ type: 'openLink', url: 'https://example.com/docs' }]);
    assert.equal(page.url(), url, 'the webview did not navigate');
  });

  it('has no inline event handlers anywhere in the rendered page', async () => {
    await open();
    await send({ type: 'question', language: 'both', question: view(overfitting) });
    await page.click('#show-answer');
    const inline = await page.evaluate(() => Array.from(document.querySelectorAll('*')).flatMap((el) => Array.from(el.attributes).filter((a) => /^on/i.test(a.name) || a.name === 'style').map((a) => `${el.tagName}[${a.name}]`)));
    assert.deepEqual(inline, []);
  });

  it('follows the theme: light, dark and high contrast through --vscode-* variables', async () => {
    await open();
    await send({ type: 'question', language: 'en', question: view(overfitting) });
    await page.click('#show-answer');
    for (const [name, theme] of Object.entries(THEMES)) {
      await page.evaluate((t) => {
        document.body.className = t.body;
        document.documentElement.removeAttribute('style');
        for (const [k, v] of Object.entries(t.vars)) document.documentElement.style.setProperty(k, v);
      }, theme);
      // (No named functions inside evaluate: tsx would wrap them in a helper the page does not have.)
      const [body, textColor, button, border] = await page.evaluate(() =>
        [
          ['body', 'background-color'],
          ['body', 'color'],
          ['#rate-good', 'background-color'],
          ['#rate-good', 'border-top-color'],
        ].map(([sel, prop]) => getComputedStyle(document.querySelector(sel)!).getPropertyValue(prop)),
      );
      const colors = { body, text: textColor, button, border };
      const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
      assert.equal(colors.body, rgb(theme.vars['--vscode-editor-background']), `${name} background`);
      assert.equal(colors.text, rgb(theme.vars['--vscode-foreground']), `${name} text`);
      assert.equal(colors.button, rgb(theme.vars['--vscode-button-background']), `${name} button`);
      if (name === 'high-contrast') assert.equal(colors.border, rgb(theme.vars['--vscode-contrastBorder']), 'high contrast buttons get a border');
      await page.screenshot({ path: join(ARTIFACTS, `question-${name}.png`), fullPage: true, animations: 'disabled' });
    }
  });

  describe('mock interview', () => {
    const lora = bank.byId('lora')!;
    const mockView = (index: number, total: number, entry = lora, interview = 1): MockQuestionView => ({ interview, index, total, question: view(entry), followUps: [], suggestedSeconds: 2 });

    it('asks with a running timer, reveals the model answer, grades against key points, posts the grade once', async () => {
      await open();
      await send({ type: 'mockQuestion', language: 'en', mock: mockView(1, 3) });
      assert.equal(await page.evaluate(() => document.body.dataset.view), 'mock');
      assert.equal(await text('#mock-progress'), 'Question 2 of 3');
      assert.equal(await text('#question h1'), lora.question.en);
      assert.equal(await visible('#mock-model'), false);
      const t0 = await text('#mock-timer');
      await page.fill('#mock-answer', 'Freeze W, learn a low-rank update BA.');
      await page.waitForTimeout(2300);
      const t1 = await text('#mock-timer');
      assert.notEqual(t0, t1, `timer runs (${t0} → ${t1})`);
      assert.match(t1, /^0:0[2-9]$/);
      assert.equal(await page.locator('#mock-timer').getAttribute('class'), 'timer over', 'past the suggested time');

      await page.click('#mock-reveal');
      assert.equal(await visible('#mock-model'), true);
      assert.equal(await visible('#mock-reveal'), false);
      assert.equal(await page.locator('#mock-answer').getAttribute('readonly'), '');
      const stopped = await text('#mock-timer');
      await page.waitForTimeout(1200);
      assert.equal(await text('#mock-timer'), stopped, 'the timer stops at reveal');

      const n = lora.keyPoints.en.length;
      assert.equal(await count('input.mock-keypoint'), n);
      assert.equal(await text('#mock-score'), `Score: 0 / ${n}`);
      await page.check('#mock-kp-0');
      await page.check('#mock-kp-2');
      assert.equal(await text('#mock-score'), `Score: 2 / ${n}`);
      assert.equal(await text('#mock-next'), 'Next question');

      await clearSent();
      await page.click('#mock-next');
      await page.click('#mock-next', { force: true }).catch(() => undefined); // disabled now: no second grade
      const msgs = await sent();
      assert.equal(msgs.length, 1);
      const grade = msgs[0] as Extract<FromWebview, { type: 'mockGrade' }>;
      assert.equal(grade.type, 'mockGrade');
      assert.equal(grade.index, 1);
      assert.equal(grade.id, 'lora');
      assert.equal(grade.answer, 'Freeze W, learn a low-rank update BA.');
      assert.deepEqual(grade.hits, Array.from({ length: n }, (_, i) => i === 0 || i === 2));
      assert.ok(grade.elapsedMs >= 2000 && grade.elapsedMs < 10_000, `elapsed ${grade.elapsedMs}`);
      await page.screenshot({ path: join(ARTIFACTS, 'question-mock.png'), fullPage: true, animations: 'disabled' });
    });

    it('the interviewer asks the chosen follow-ups one at a time; their answers show at self-grading', async () => {
      await open();
      const withFollowUps = (followUps: number[]): MockQuestionView => ({ ...mockView(0, 2), question: view(lora, { followUps: FOLLOW_UPS }), followUps });
      await send({ type: 'mockQuestion', language: 'en', mock: withFollowUps([1, 0]) });
      assert.equal(await count('.mock-follow-up'), 0, 'no follow-up before the main answer');
      assert.equal(await text('#mock-follow-up'), 'Interviewer follow-up (1 of 2)');
      await page.fill('#mock-answer', 'Low-rank update.');
      await page.click('#mock-follow-up');
      assert.equal(await count('.mock-follow-up'), 1);
      assert.equal(await text('.mock-follow-up[data-index="0"] .follow-up-question'), 'Why several heads?', 'asked in the order chosen');
      assert.equal(await visible('.mock-follow-up[data-index="0"] .follow-up-answer'), false, 'no answer before grading');
      await page.fill('#mock-follow-up-answer-0', 'Different subspaces.');
      assert.equal(await text('#mock-follow-up'), 'Interviewer follow-up (2 of 2)');
      await page.click('#mock-follow-up');
      assert.equal(await visible('#mock-follow-up'), false, 'all asked');
      assert.equal(await text('.mock-follow-up[data-index="1"] .follow-up-question'), 'Why divide by √d_k?');
      assert.equal(await page.locator('#mock-reveal').getAttribute('class'), 'primary');

      // A reloaded page (same interview, same question) keeps what was asked and written.
      await send({ type: 'mockQuestion', language: 'en', mock: withFollowUps([1, 0]) });
      assert.equal(await count('.mock-follow-up'), 2);
      assert.equal(await page.inputValue('#mock-follow-up-answer-0'), 'Different subspaces.');

      await page.click('#mock-reveal');
      assert.equal(await visible('#mock-follow-up-answers'), true);
      assert.deepEqual(await page.locator('#mock-follow-up-answers .mock-follow-up-model').evaluateAll((ns) => ns.map((n) => n.getAttribute('data-index'))), ['1', '0']);
      assert.match(await text('#mock-follow-up-answers .mock-follow-up-model[data-index="0"] .follow-up-answer'), /softmax saturates/);
      assert.equal(await page.locator('#mock-follow-up-answer-0').getAttribute('readonly'), '');
      await page.screenshot({ path: join(ARTIFACTS, 'question-mock-follow-ups.png'), fullPage: true, animations: 'disabled' });

      // Revealing before asking: the follow-ups' answers still show, and no follow-up is asked any more.
      await send({ type: 'mockQuestion', language: 'en', mock: { ...withFollowUps([0]), index: 1 } });
      assert.equal(await text('#mock-follow-up'), 'Interviewer follow-up (1 of 1)');
      await page.click('#mock-reveal');
      assert.equal(await visible('#mock-follow-up'), false);
      assert.equal(await count('#mock-follow-up-answers .mock-follow-up-model'), 1);
      // No follow-ups chosen: no button, no section.
      await send({ type: 'mockQuestion', language: 'en', mock: { ...withFollowUps([]), interview: 2 } });
      assert.equal(await visible('#mock-follow-up'), false);
      assert.equal(await count('#mock-follow-up-answers'), 0);
    });

    it('the last question says Finish; the next question starts fresh', async () => {
      await open();
      await send({ type: 'mockQuestion', language: 'zh', mock: mockView(2, 3) });
      await page.fill('#mock-answer', 'draft');
      await page.click('#mock-reveal');
      assert.equal(await text('#mock-next'), '完成');
      await send({ type: 'mockQuestion', language: 'en', mock: mockView(0, 2, overfitting) });
      assert.equal(await page.inputValue('#mock-answer'), '');
      assert.equal(await visible('#mock-model'), false);
      assert.equal(await text('#mock-timer'), '0:00');
    });

    it('a new interview that asks the same question first starts its clock at 0:00 (no time from the one it replaced)', async () => {
      await open();
      await send({ type: 'mockQuestion', language: 'en', mock: mockView(0, 1, lora, 1) });
      await page.fill('#mock-answer', 'half an answer');
      // The learner starts another interview; its set-up prompts take a while, the old question's clock runs on
      // (and is saved every 5 s, for a page that reloads).
      await page.waitForTimeout(5600);
      assert.match(await text('#mock-timer'), /^0:0[5-9]$/);
      await send({ type: 'mockQuestion', language: 'en', mock: mockView(0, 1, lora, 2) });
      assert.equal(await text('#mock-timer'), '0:00');
      assert.equal(await page.inputValue('#mock-answer'), '', 'nor its draft answer');
      // The same interview shown again (the page reloaded) still resumes its own draft.
      await page.fill('#mock-answer', 'kept');
      await send({ type: 'mockQuestion', language: 'en', mock: mockView(0, 1, lora, 2) });
      assert.equal(await page.inputValue('#mock-answer'), 'kept');
    });

    it('summary: readiness per category, overall, the questions, and a restart button', async () => {
      await open();
      const summary: MockSummaryView = {
        readiness: {
          rows: [
            { category: 'fundamentals', questions: 2, hit: 6, total: 8, percent: 75 },
            { category: 'large-models', questions: 1, hit: 1, total: 4, percent: 25 },
          ],
          overall: { questions: 3, hit: 7, total: 12, percent: 58 },
          totalMs: 425_000,
        },
        categoryLabels: { fundamentals: CATEGORY_LABELS.fundamentals, 'large-models': CATEGORY_LABELS['large-models'] },
        items: [
          { id: 'overfitting', question: overfitting.question, category: 'fundamentals', difficulty: 'medium', difficultyLabel: DIFFICULTY_LABELS.medium, hit: 4, total: 4, rating: 'easy', elapsedMs: 100_000 },
          { id: 'lora', question: lora.question, category: 'large-models', difficulty: 'hard', difficultyLabel: DIFFICULTY_LABELS.hard, hit: 1, total: 4, rating: 'again', elapsedMs: 200_000 },
        ],
      };
      await send({ type: 'mockSummary', language: 'en', summary });
      assert.equal(await page.evaluate(() => document.body.dataset.view), 'summary');
      assert.equal(await text('#mock-overall'), 'Overall readiness: 58 % (7 / 12 key points) · 7:05');
      assert.deepEqual(
        await page.locator('#mock-readiness tbody tr').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-category'), r.querySelector('th')!.textContent, r.querySelector('.pct')!.textContent])),
        [
          ['fundamentals', 'Fundamentals', '75 %'],
          ['large-models', 'Large models', '25 %'],
        ],
      );
      const widths = await page.locator('#mock-readiness .bar-fill').evaluateAll((els) => els.map((e) => (e as HTMLElement).style.width));
      assert.deepEqual(widths, ['75%', '25%']);
      assert.equal(await count('#mock-items li'), 2);
      // Each question shows its difficulty (a medium question self-graded "easy" must not read as easy).
      assert.deepEqual(
        await page.locator('#mock-items li').evaluateAll((items) => items.map((li) => [li.querySelector('.chip-difficulty')?.textContent, li.querySelector('.item-meta')?.textContent])),
        [
          ['medium', '4 / 4 key points · 1:40 · self-grade: easy'],
          ['hard', '1 / 4 key points · 3:20 · self-grade: again'],
        ],
      );
      await page.screenshot({ path: join(ARTIFACTS, 'question-mock-summary.png'), fullPage: true, animations: 'disabled' });
      await clearSent();
      await page.click('#mock-items [data-question-id="lora"] button');
      await page.click('#mock-restart');
      assert.deepEqual(await sent(), [{ type: 'open', id: 'lora' }, { type: 'mockRestart' }]);
    });
  });

  describe('XSS (sanitiser only: the page is served without its CSP)', () => {
    const PAYLOADS = [
      '<script>window.__xss = "script"</script>',
      '<img src=x onerror="window.__xss = \'img-onerror\'">',
      '[click me](javascript:window.__xss="js-link")',
      '[click me](JaVaScRiPt:window.__xss="js-link-case")',
      '[click me](&#106;avascript:window.__xss="entity")',
      '[data](data:text/html,<script>parent.__xss="data-link"</script>)',
      '<a href="javascript:window.__xss=\'raw-a\'">raw a</a>',
      '<a href="data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MTwvc2NyaXB0Pg==">raw data a</a>',
      '<iframe src="javascript:parent.__xss=\'iframe\'"></iframe>',
      '<iframe srcdoc="<script>parent.__xss=\'srcdoc\'</script>"></iframe>',
      '<svg onload="window.__xss=\'svg-onload\'"><script>window.__xss="svg-script"</script></svg>',
      '<svg><animate onbegin="window.__xss=\'animate\'" attributeName="x" dur="1s"/></svg>',
      '<details open ontoggle="window.__xss=\'details\'">x</details>',
      '<object data="javascript:window.__xss=\'object\'"></object><embed src="javascript:window.__xss=\'embed\'">',
      '<form action="javascript:window.__xss=\'form\'"><button>go</button></form>',
      '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=\'mxss\'"></style></mglyph></table></mtext></math>',
      '![img](javascript:window.__xss="md-img") ![remote](https://evil.example/x.png)',
      '<style>body { display: none }</style><link rel="stylesheet" href="https://evil.example/x.css">',
      '<p style="background:url(javascript:window.__xss=1)">styled</p>',
      '<a href="https://ok.example" onclick="window.__xss=\'onclick\'" onmouseover="window.__xss=\'hover\'">ok link</a>',
    ];

    async function assertInert(scope: string, clickLinks = true): Promise<void> {
      await page.waitForTimeout(300); // let onerror/onload/ontoggle fire if they survived
      if (clickLinks) {
        // Click every link: nothing may run, and the page (which routes http(s) to the extension) may not leave.
        const url = page.url();
        await page.locator(`${scope} a`).evaluateAll((links) => links.forEach((a) => (a as HTMLAnchorElement).click()));
        await page.waitForTimeout(100);
        assert.equal(page.url(), url, 'no navigation');
      }
      const report = await page.evaluate((sel) => {
        const root = document.querySelector(sel)!;
        const all = Array.from(root.querySelectorAll('*'));
        return {
          xss: (window as unknown as { __xss?: unknown }).__xss,
          // The page's own follow-up <details> (children of #follow-ups) are not from markdown; any other is.
          dangerous: all
            .filter((el) => /^(script|iframe|svg|math|img|object|embed|form|style|link|details|animate)$/i.test(el.tagName))
            .filter((el) => !(el.tagName === 'DETAILS' && el.parentElement?.id === 'follow-ups' && !el.hasAttribute('ontoggle')))
            .map((el) => el.tagName),
          handlers: all.flatMap((el) => Array.from(el.attributes).filter((a) => /^on|^style$|^srcdoc$/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`)),
          hrefs: all.flatMap((el) => ['href', 'src', 'action', 'data'].map((k) => el.getAttribute(k)).filter((v): v is string => v !== null)),
          frames: window.frames.length,
        };
      }, scope);
      assert.equal(report.xss, undefined, 'no payload ran');
      assert.deepEqual(report.dangerous, [], 'no dangerous elements');
      assert.deepEqual(report.handlers, [], 'no event handler, style or srcdoc attributes');
      for (const h of report.hrefs) assert.match(h, /^https?:\/\//, `only http(s) URLs remain: ${h}`);
      assert.equal(report.frames, 0);
    }

    it('the real bundle: payloads in every markdown field and every text field stay inert', async () => {
      await open('/nocsp.html');
      const all = PAYLOADS.join('\n\n');
      const evil = view(overfitting, {
        question: { zh: all, en: all },
        answer: { zh: all, en: all },
        explanation: { zh: all, en: all },
        keyPoints: { zh: PAYLOADS.slice(0, 5), en: PAYLOADS.slice(5, 10) },
        tags: [{ tag: 'x', label: { zh: '<img src=x onerror=window.__xss="tag">', en: '<img src=x onerror=window.__xss="tag">' } }],
        followUps: [
          { question: { zh: all, en: all }, answer: { zh: all, en: all } },
          { question: { zh: PAYLOADS[0], en: PAYLOADS[1] }, answer: { zh: PAYLOADS[2], en: PAYLOADS[3] } },
        ],
        categoryLabel: { zh: '<script>window.__xss="cat"</script>', en: '<img src=x onerror=window.__xss="cat">' },
        related: [{ id: 'dropout', question: { zh: '<svg onload=window.__xss="rel">', en: '<img src=x onerror=window.__xss="rel">' } }],
      });
      await send({ type: 'question', language: 'both', question: evil });
      await page.click('#show-answer');
      for (const summary of await page.locator('#follow-ups summary').all()) await summary.click();
      await assertInert('#root');
      // Plain-text fields show the payload as text.
      assert.match(await text('#tags'), /<img src=x onerror/);
      // Links that were javascript:/data: are text or hrefless anchors; the one http(s) link survives.
      assert.ok((await page.locator('#answer a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).every((h) => h === 'https://ok.example'));

      await send({ type: 'mockQuestion', language: 'both', mock: { interview: 1, index: 0, total: 1, question: evil, followUps: [0, 1], suggestedSeconds: 60 } });
      await page.click('#mock-follow-up');
      await page.click('#mock-follow-up');
      await assertInert('#root');
      await page.click('#mock-reveal');
      await assertInert('#root');
    });

    it('the sanitiser stage alone: raw HTML payloads (as if markdown-it let HTML through) are stripped', async () => {
      await open('/sanitiser.html', false);
      await page.waitForFunction(() => typeof (window as unknown as { sanitiser?: unknown }).sanitiser === 'object');
      for (const payload of PAYLOADS) {
        await page.evaluate((p) => {
          const out = document.getElementById('out')!;
          out.innerHTML = (window as unknown as { sanitiser: { html: (h: string) => string } }).sanitiser.html(p);
        }, payload);
        await assertInert('#out', false); // no page script here to keep http(s) links from navigating
      }
      const kept = await page.evaluate(() => (window as unknown as { sanitiser: { html: (h: string) => string } }).sanitiser.html('<p><strong>ok</strong> <a href="https://x.example" title="t">x</a> <code class="language-ts">1</code></p>'));
      assert.equal(kept, '<p><strong>ok</strong> <a href="https://x.example" title="t" rel="noopener noreferrer">x</a> <code class="language-ts">1</code></p>');
    });
  });
});
