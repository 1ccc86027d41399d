/**
 * src/webview/dom.ts, the one DOM builder of the question page and the output renderer, in headless Chromium:
 * the module is bundled on its own and driven through page.evaluate, so these checks see the real DOM.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type * as Dom from '../../src/webview/dom';

const ROOT = resolve(__dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What the bundle puts on window. */
type WithDom = { dom: typeof Dom };

describe('webview DOM builder (Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    const bundle = await build({ entryPoints: [resolve(ROOT, 'src/webview/dom.ts')], bundle: true, write: false, format: 'iife', globalName: 'dom', platform: 'browser' });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    page = await browser.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
  });

  after(async () => {
    await browser?.close();
  });

  afterEach(() => {
    assert.deepEqual(problems.splice(0), [], 'no page errors');
  });

  it('sets attributes by name; text is textContent; true is an empty attribute, false and undefined none', async () => {
    const html = await page.evaluate(() => {
      const { h } = (window as unknown as WithDom).dom;
      const el = h('button', { type: 'button', id: 'go', class: 'primary', 'data-action': 'rate', 'aria-expanded': 'false', disabled: true, hidden: false, title: undefined, text: 'Go' });
      return el.outerHTML;
    });
    assert.equal(html, '<button type="button" id="go" class="primary" data-action="rate" aria-expanded="false" disabled="">Go</button>');
  });

  it('takes a class name alone in place of attributes', async () => {
    assert.equal(await page.evaluate(() => (window as unknown as WithDom).dom.h('div', 'mlnb-card mlnb-wide').outerHTML), '<div class="mlnb-card mlnb-wide"></div>');
  });

  it('keeps markup in text and in string children as text, never HTML', async () => {
    const result = await page.evaluate(() => {
      const { h } = (window as unknown as WithDom).dom;
      const el = h('p', { text: '<img src=x onerror="window.hit=1">' }, ' and <b>bold</b>');
      return { elements: el.querySelectorAll('*').length, text: el.textContent, hit: (window as unknown as { hit?: number }).hit };
    });
    assert.deepEqual(result, { elements: 0, text: '<img src=x onerror="window.hit=1"> and <b>bold</b>', hit: undefined });
  });

  it('appends children in order: nodes, strings and numbers; null, undefined and false are skipped', async () => {
    const html = await page.evaluate(() => {
      const { h } = (window as unknown as WithDom).dom;
      return h('li', {}, h('span', { text: 'a' }), null, 'b', undefined, 3, false, 0, h('em', {})).outerHTML;
    });
    assert.equal(html, '<li><span>a</span>b30<em></em></li>');
  });

  it('refuses a node where the attributes go, naming the mistake', async () => {
    const message = await page.evaluate(() => {
      const { h } = (window as unknown as WithDom).dom;
      try {
        // A child passed first, as `h('div', child)`: the type forbids it, this checks the guard for untyped callers.
        h('div', document.createElement('span') as unknown as Dom.Attrs);
        return 'no error';
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    });
    assert.equal(message, 'TypeError: h(): pass attributes (or a class name) before children');
  });

  it('setText and toggleClass leave the DOM alone when nothing changes', async () => {
    const records = await page.evaluate(async () => {
      const { h, setText, toggleClass } = (window as unknown as WithDom).dom;
      const el = h('span', { class: 'on', text: 'same' });
      document.body.append(el);
      const seen: string[] = [];
      const observer = new MutationObserver((list) => list.forEach((m) => seen.push(m.type)));
      observer.observe(el, { attributes: true, childList: true, characterData: true, subtree: true });
      setText(el, 'same');
      toggleClass(el, 'on', true);
      toggleClass(el, 'off', false);
      await Promise.resolve();
      const unchanged = observer.takeRecords().length + seen.length;
      setText(el, 'new');
      toggleClass(el, 'on', false);
      const changed = observer.takeRecords().map((m) => m.type);
      observer.disconnect();
      el.remove();
      return { unchanged, changed, text: el.textContent, className: el.className };
    });
    assert.deepEqual(records, { unchanged: 0, changed: ['childList', 'attributes'], text: 'new', className: '' });
  });
});
