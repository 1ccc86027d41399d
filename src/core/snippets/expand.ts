/**
 * VS Code / TextMate snippet syntax: a parser and the text a snippet inserts when every tab stop keeps its
 * default. Pure (no 'vscode'): the kernel tests run each snippet's default text, and the extension shows it.
 *
 * Grammar (https://code.visualstudio.com/docs/editor/userdefinedsnippets#_grammar):
 *
 *   any         ::= tabstop | placeholder | choice | variable | text
 *   tabstop     ::= '$' int | '${' int '}' | '${' int transform '}'
 *   placeholder ::= '${' int ':' any '}'
 *   choice      ::= '${' int '|' text (',' text)* '|}'
 *   variable    ::= '$' var | '${' var '}' | '${' var ':' any '}' | '${' var transform '}'
 *   transform   ::= '/' regex '/' (format | text)+ '/' options
 *   format      ::= '$' int | '${' int '}' | '${' int ':' '/upcase' | '/downcase' | '/capitalize' | '/camelcase' | '/pascalcase' '}'
 *                 | '${' int ':+' if '}' | '${' int ':?' if ':' else '}' | '${' int ':-' else '}' | '${' int ':' else '}'
 *   var         ::= [_a-zA-Z] [_a-zA-Z0-9]*          int ::= [0-9]+
 *
 * The rules VS Code applies and this module follows:
 * - `\` escapes `$`, `}` and `\` in text (inside a choice: `,`, `|` and `\`); before any other character
 *   the backslash is literal text.
 * - A construct that does not parse is text: `${1:foo` without its `}` inserts `${1:foo`, a lone `$` is `$`.
 * - Tab stops with the same number are linked: the first one (in document order) that has a default gives
 *   its default to every other one with that number, so `${1:n} … $1` inserts `n … n`. `$0` (the final
 *   cursor) is never linked; a tab stop without any default inserts nothing.
 * - A choice inserts its first option; `${0|…|}` is not a choice (the final tab stop has no choices).
 * - A variable inserts its value. Without a value, a known variable (`TM_FILENAME`, `CLIPBOARD`, …)
 *   inserts its default or nothing; an unknown variable without a default inserts its own name (VS Code
 *   turns it into a placeholder holding the name). A transform rewrites the value with its regex.
 */

export type SnippetNode = SnippetText | SnippetTabstop | SnippetVariable;

export interface SnippetText {
  kind: 'text';
  value: string;
}

export interface SnippetTabstop {
  kind: 'tabstop';
  index: number;
  /** The default: nested text, tab stops and variables (empty for `$1`, `${1}`). */
  children: SnippetNode[];
  /** The options of `${1|a,b|}`. */
  choices?: string[];
  transform?: SnippetTransform;
}

export interface SnippetVariable {
  kind: 'variable';
  name: string;
  children: SnippetNode[];
  transform?: SnippetTransform;
}

export interface SnippetTransform {
  regex: RegExp;
  format: FormatPart[];
}

export type FormatPart =
  | { kind: 'text'; value: string }
  | { kind: 'group'; index: number; modifier?: string; ifValue?: string; elseValue?: string };

/** Variables VS Code resolves itself; other names are "unknown" and insert their own name. */
export const KNOWN_VARIABLES: ReadonlySet<string> = new Set([
  'TM_SELECTED_TEXT', 'TM_CURRENT_LINE', 'TM_CURRENT_WORD', 'TM_LINE_INDEX', 'TM_LINE_NUMBER', 'TM_FILENAME',
  'TM_FILENAME_BASE', 'TM_DIRECTORY', 'TM_FILEPATH', 'RELATIVE_FILEPATH', 'CLIPBOARD', 'WORKSPACE_NAME',
  'WORKSPACE_FOLDER', 'CURSOR_INDEX', 'CURSOR_NUMBER', 'CURRENT_YEAR', 'CURRENT_YEAR_SHORT', 'CURRENT_MONTH',
  'CURRENT_MONTH_NAME', 'CURRENT_MONTH_NAME_SHORT', 'CURRENT_DATE', 'CURRENT_DAY_NAME', 'CURRENT_DAY_NAME_SHORT',
  'CURRENT_HOUR', 'CURRENT_MINUTE', 'CURRENT_SECOND', 'CURRENT_SECONDS_UNIX', 'CURRENT_TIMEZONE_OFFSET', 'RANDOM',
  'RANDOM_HEX', 'UUID', 'BLOCK_COMMENT_START', 'BLOCK_COMMENT_END', 'LINE_COMMENT', 'SELECTION',
]);

export interface ExpandOptions {
  /** Values for variables (`TM_FILENAME` …). Missing ones count as unresolved. */
  variables?: Readonly<Record<string, string | undefined>>;
}

/** A snippet body as VS Code stores it: one string, or an array of lines joined with '\n'. */
export type SnippetBody = string | readonly string[];

export function bodyText(body: SnippetBody): string {
  return typeof body === 'string' ? body : body.join('\n');
}

/** The text the snippet inserts when the user accepts every default (tab through without typing). */
export function expandSnippet(body: SnippetBody, options: ExpandOptions = {}): string {
  return render(parseSnippet(bodyText(body)), options);
}

/** The tab stops a user visits, in order (1, 2, … then 0), with the text each starts with. */
export function snippetTabstops(body: SnippetBody, options: ExpandOptions = {}): { index: number; defaultText: string; choices?: string[] }[] {
  const seen = new Map<number, { index: number; defaultText: string; choices?: string[] }>();
  walk(parseSnippet(bodyText(body)), (node) => {
    if (node.kind === 'tabstop' && !seen.has(node.index)) {
      seen.set(node.index, { index: node.index, defaultText: render(node.children, options), ...(node.choices ? { choices: node.choices } : {}) });
    }
  });
  return [...seen.values()].sort((a, b) => (a.index === 0 ? 1 : b.index === 0 ? -1 : a.index - b.index));
}

// ---------------------------------------------------------------------------------------------------------
// Parser

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
const isVarStart = (ch: string | undefined): boolean => ch !== undefined && (ch === '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'));
const isVarPart = (ch: string | undefined): boolean => isVarStart(ch) || isDigit(ch);

/** Parse a snippet body into nodes, with linked tab stops already given their shared default. */
export function parseSnippet(source: string): SnippetNode[] {
  const nodes = new Parser(source).parseAll();
  linkTabstops(nodes);
  return nodes;
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parseAll(): SnippetNode[] {
    const out: SnippetNode[] = [];
    while (this.pos < this.src.length) this.parseOne(out);
    return out;
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  /** Parse one construct (or one character of text) into `out`. False at the end of input. */
  private parseOne(out: SnippetNode[]): boolean {
    if (this.pos >= this.src.length) return false;
    const ch = this.src[this.pos];
    if (ch === '\\') {
      const next = this.peek(1);
      if (next === '$' || next === '}' || next === '\\') {
        pushText(out, next);
        this.pos += 2;
      } else {
        pushText(out, '\\');
        this.pos += 1;
      }
      return true;
    }
    if (ch === '$' && (this.simpleTabstopOrVariable(out) || this.complexTabstop(out) || this.complexVariable(out))) return true;
    pushText(out, ch);
    this.pos += 1;
    return true;
  }

  private readInt(): string | undefined {
    const start = this.pos;
    while (isDigit(this.peek())) this.pos++;
    return this.pos > start ? this.src.slice(start, this.pos) : undefined;
  }

  private readVarName(): string | undefined {
    if (!isVarStart(this.peek())) return undefined;
    const start = this.pos;
    while (isVarPart(this.peek())) this.pos++;
    return this.src.slice(start, this.pos);
  }

  /** `$1`, `$name` */
  private simpleTabstopOrVariable(out: SnippetNode[]): boolean {
    const start = this.pos;
    this.pos++; // $
    const int = this.readInt();
    if (int !== undefined) {
      out.push({ kind: 'tabstop', index: Number(int), children: [] });
      return true;
    }
    const name = this.readVarName();
    if (name !== undefined) {
      out.push({ kind: 'variable', name, children: [] });
      return true;
    }
    this.pos = start;
    return false;
  }

  /** `${1}`, `${1:any}`, `${1|a,b|}`, `${1/re/fmt/opts}` */
  private complexTabstop(out: SnippetNode[]): boolean {
    const start = this.pos;
    if (this.peek(1) !== '{') return false;
    this.pos += 2;
    const int = this.readInt();
    if (int === undefined) {
      this.pos = start;
      return false;
    }
    const node: SnippetTabstop = { kind: 'tabstop', index: Number(int), children: [] };
    const next = this.peek();
    if (next === ':') {
      this.pos++;
      return this.children(out, node, `\${${int}:`);
    }
    if (next === '|' && node.index > 0) {
      this.pos++;
      const choices = this.choiceOptions();
      if (choices) {
        node.choices = choices;
        node.children = [{ kind: 'text', value: choices[0] }];
        out.push(node);
        return true;
      }
      this.pos = start;
      return false;
    }
    if (next === '/') {
      this.pos++;
      const transform = this.transform();
      if (transform) {
        node.transform = transform;
        out.push(node);
        return true;
      }
      this.pos = start;
      return false;
    }
    if (next === '}') {
      this.pos++;
      out.push(node);
      return true;
    }
    this.pos = start;
    return false;
  }

  /** `${name}`, `${name:any}`, `${name/re/fmt/opts}` */
  private complexVariable(out: SnippetNode[]): boolean {
    const start = this.pos;
    if (this.peek(1) !== '{') return false;
    this.pos += 2;
    const name = this.readVarName();
    if (name === undefined) {
      this.pos = start;
      return false;
    }
    const node: SnippetVariable = { kind: 'variable', name, children: [] };
    const next = this.peek();
    if (next === ':') {
      this.pos++;
      return this.children(out, node, `\${${name}:`);
    }
    if (next === '/') {
      this.pos++;
      const transform = this.transform();
      if (transform) {
        node.transform = transform;
        out.push(node);
        return true;
      }
      this.pos = start;
      return false;
    }
    if (next === '}') {
      this.pos++;
      out.push(node);
      return true;
    }
    this.pos = start;
    return false;
  }

  /**
   * The default of `${1:…}` / `${name:…}` up to its `}`. Unclosed at the end of input, the opening is text
   * and what was parsed inside it stays, unwrapped, in the parent (VS Code's fallback).
   */
  private children(out: SnippetNode[], node: SnippetTabstop | SnippetVariable, opening: string): true {
    while (true) {
      if (this.peek() === '}') {
        this.pos++;
        out.push(node);
        return true;
      }
      if (!this.parseOne(node.children)) {
        pushText(out, opening);
        for (const child of node.children) {
          if (child.kind === 'text') pushText(out, child.value);
          else out.push(child);
        }
        return true;
      }
    }
  }

  /** After `${1|`: `a,b\,c|}` → ['a', 'b,c']; undefined if it does not close properly. */
  private choiceOptions(): string[] | undefined {
    const options: string[] = [];
    while (true) {
      let value = '';
      let chars = 0;
      while (this.pos < this.src.length && this.peek() !== ',' && this.peek() !== '|') {
        const ch = this.src[this.pos];
        const next = this.peek(1);
        if (ch === '\\' && (next === ',' || next === '|' || next === '\\')) {
          value += next;
          this.pos += 2;
        } else {
          value += ch;
          this.pos += 1;
        }
        chars++;
      }
      if (chars === 0 || this.pos >= this.src.length) return undefined;
      options.push(value);
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      // '|'
      this.pos++;
      if (this.peek() !== '}') return undefined;
      this.pos++;
      return options;
    }
  }

  /** After the first `/`: `regex/format/options}`. */
  private transform(): SnippetTransform | undefined {
    let regex = '';
    while (true) {
      const ch = this.peek();
      if (ch === undefined) return undefined;
      if (ch === '/') {
        this.pos++;
        break;
      }
      if (ch === '\\' && this.peek(1) === '/') {
        regex += '/';
        this.pos += 2;
      } else {
        regex += ch;
        this.pos++;
      }
    }
    const format: FormatPart[] = [];
    const pushFormatText = (value: string) => {
      const last = format[format.length - 1];
      if (last?.kind === 'text') last.value += value;
      else format.push({ kind: 'text', value });
    };
    while (true) {
      const ch = this.peek();
      if (ch === undefined) return undefined;
      if (ch === '/') {
        this.pos++;
        break;
      }
      if (ch === '\\') {
        const next = this.peek(1);
        if (next === '\\' || next === '/') {
          pushFormatText(next);
          this.pos += 2;
        } else {
          pushFormatText('\\');
          this.pos++;
        }
        continue;
      }
      const group = ch === '$' ? this.formatGroup() : undefined;
      if (group) format.push(group);
      else {
        pushFormatText(ch);
        this.pos++;
      }
    }
    let flags = '';
    while (true) {
      const ch = this.peek();
      if (ch === undefined) return undefined;
      this.pos++;
      if (ch === '}') break;
      flags += ch;
    }
    try {
      return { regex: new RegExp(regex, flags), format };
    } catch {
      return undefined; // an invalid regex: the whole construct is text
    }
  }

  /** `$1`, `${1}`, `${1:/upcase}`, `${1:+if}`, `${1:-else}`, `${1:?if:else}`, `${1:else}` inside a format. */
  private formatGroup(): FormatPart | undefined {
    const start = this.pos;
    this.pos++; // $
    const complex = this.peek() === '{';
    if (complex) this.pos++;
    const int = this.readInt();
    const fail = () => {
      this.pos = start;
      return undefined;
    };
    if (int === undefined) return fail();
    const index = Number(int);
    if (!complex) return { kind: 'group', index };
    if (this.peek() === '}') {
      this.pos++;
      return { kind: 'group', index };
    }
    if (this.peek() !== ':') return fail();
    this.pos++;
    const lead = this.peek();
    if (lead === '/') {
      this.pos++;
      const modifier = this.readVarName();
      if (!modifier || this.peek() !== '}') return fail();
      this.pos++;
      return { kind: 'group', index, modifier };
    }
    if (lead === '+' || lead === '-') {
      this.pos++;
      const value = this.until('}');
      if (!value) return fail();
      return lead === '+' ? { kind: 'group', index, ifValue: value } : { kind: 'group', index, elseValue: value };
    }
    if (lead === '?') {
      this.pos++;
      const ifValue = this.until(':');
      const elseValue = ifValue ? this.until('}') : undefined;
      if (!ifValue || !elseValue) return fail();
      return { kind: 'group', index, ifValue, elseValue };
    }
    const elseValue = this.until('}');
    if (!elseValue) return fail();
    return { kind: 'group', index, elseValue };
  }

  /** Text up to `stop` (consumed), with `\$ \} \\` unescaped; undefined at the end of input or on another escape. */
  private until(stop: string): string | undefined {
    let value = '';
    while (true) {
      const ch = this.peek();
      if (ch === undefined) return undefined;
      this.pos++;
      if (ch === stop) return value;
      if (ch === '\\') {
        const next = this.peek();
        if (next !== '$' && next !== '}' && next !== '\\') return undefined;
        value += next;
        this.pos++;
        continue;
      }
      value += ch;
    }
  }
}

function pushText(out: SnippetNode[], value: string): void {
  const last = out[out.length - 1];
  if (last?.kind === 'text') last.value += value;
  else out.push({ kind: 'text', value });
}

function walk(nodes: readonly SnippetNode[], visit: (node: SnippetNode) => void): void {
  for (const node of nodes) {
    visit(node);
    if (node.kind !== 'text') walk(node.children, visit);
  }
}

function cloneNodes(nodes: readonly SnippetNode[]): SnippetNode[] {
  return nodes.map((n) => (n.kind === 'text' ? { ...n } : { ...n, children: cloneNodes(n.children) }));
}

/**
 * Linked tab stops: the first tab stop of a number (document order) with a default defines it for all
 * others of that number — they take a copy of it, their own default (if any) is dropped. `$0` is never linked.
 */
function linkTabstops(root: SnippetNode[]): void {
  const defaults = new Map<number, SnippetTabstop>();
  const others: SnippetTabstop[] = [];
  walk(root, (node) => {
    if (node.kind !== 'tabstop' || node.index === 0) return;
    if (!defaults.has(node.index) && node.children.length > 0) defaults.set(node.index, node);
    else others.push(node);
  });
  const fill = (node: SnippetTabstop, stack: Set<number>) => {
    const source = defaults.get(node.index);
    if (!source || source === node) return;
    node.children = cloneNodes(source.children);
    if (source.choices) node.choices = [...source.choices];
    for (const child of node.children) {
      if (child.kind === 'tabstop' && defaults.has(child.index) && !stack.has(child.index)) {
        stack.add(child.index);
        fill(child, stack);
        stack.delete(child.index);
      }
    }
  };
  for (const node of others) fill(node, new Set());
}

// ---------------------------------------------------------------------------------------------------------
// Rendering

function render(nodes: readonly SnippetNode[], options: ExpandOptions): string {
  let text = '';
  for (const node of nodes) {
    if (node.kind === 'text') text += node.value;
    else if (node.kind === 'tabstop') text += render(node.children, options);
    else text += renderVariable(node, options);
  }
  return text;
}

function renderVariable(node: SnippetVariable, options: ExpandOptions): string {
  let value = options.variables?.[node.name];
  // VS Code turns an unknown variable without a default into a placeholder holding its name.
  if (value === undefined && !KNOWN_VARIABLES.has(node.name) && node.children.length === 0) return node.name;
  if (node.transform) value = applyTransform(node.transform, value ?? '');
  if (value !== undefined) return value;
  return render(node.children, options);
}

export function applyTransform(transform: SnippetTransform, value: string): string {
  let matched = false;
  let result = value.replace(transform.regex, (...args: unknown[]) => {
    matched = true;
    // args: match, p1..pn, offset, input (and named groups object when the regex has any)
    const end = typeof args[args.length - 1] === 'object' ? -3 : -2;
    return formatGroups(transform.format, args.slice(0, end) as (string | undefined)[]);
  });
  if (!matched && transform.format.some((p) => p.kind === 'group' && p.elseValue)) result = formatGroups(transform.format, []);
  return result;
}

function formatGroups(format: readonly FormatPart[], groups: readonly (string | undefined)[]): string {
  let out = '';
  for (const part of format) {
    if (part.kind === 'text') {
      out += part.value;
      continue;
    }
    const value = groups[part.index] ?? '';
    out += applyModifier(part, value);
  }
  return out;
}

function applyModifier(part: Extract<FormatPart, { kind: 'group' }>, value: string): string {
  const words = () => value.match(/[a-z0-9]+/gi);
  switch (part.modifier) {
    case 'upcase':
      return value.toLocaleUpperCase();
    case 'downcase':
      return value.toLocaleLowerCase();
    case 'capitalize':
      return value ? value[0].toLocaleUpperCase() + value.slice(1) : '';
    case 'pascalcase': {
      const w = words();
      return w ? w.map((x) => x[0].toUpperCase() + x.slice(1)).join('') : value;
    }
    case 'camelcase': {
      const w = words();
      return w ? w.map((x, i) => (i === 0 ? x[0].toLowerCase() : x[0].toUpperCase()) + x.slice(1)).join('') : value;
    }
  }
  if (value && part.ifValue !== undefined) return part.ifValue;
  if (!value && part.elseValue !== undefined) return part.elseValue;
  return value;
}
