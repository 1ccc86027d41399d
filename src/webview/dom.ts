/**
 * The one DOM builder of the webviews (the question page and the notebook output renderer). What they show is
 * untrusted (bank text, cell outputs), so text only ever goes through text nodes / textContent and attributes
 * through setAttribute: never innerHTML.
 */
export type Child = Node | string | number | null | undefined | false;

/**
 * An element's attributes by name. `text` is the element's textContent, not an attribute; `true` sets an
 * attribute empty (`hidden`, `disabled`), `false` and `undefined` leave it out.
 */
export type Attrs = Record<string, string | boolean | undefined>;

/** `<tag>` with `attrs` (or just a class name) and `children` appended in order. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | string = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  if (attrs instanceof Node) throw new TypeError('h(): pass attributes (or a class name) before children');
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(typeof attrs === 'string' ? { class: attrs } : attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'text') el.textContent = String(value);
    else el.setAttribute(name, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Sets text only when it changed, so re-renders don't touch the DOM needlessly. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function toggleClass(el: Element, name: string, on: boolean): void {
  if (el.classList.contains(name) !== on) el.classList.toggle(name, on);
}
