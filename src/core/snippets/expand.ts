/**
 * The text a model snippet inserts when every tab stop keeps its default: what the kernel tests run and what
 * the extension inserts where it cannot insert a live snippet. mlnb's snippets use a small part of VS Code's
 * snippet syntax, and this reads only that part:
 *
 *   $1  ${1}          a tab stop: nothing, or the default another tab stop with its number gives it
 *   ${1:default}      a placeholder: its default, which may hold tab stops, placeholders and choices
 *   ${1|a,b|}         a choice: its first option (`\,` `\|` `\\` escape inside it)
 *   \$  \}  \\        a literal `$`, `}`, `\` (a backslash before anything else is itself)
 *
 * `$0` is never linked to a default. A `$` before anything but a digit or `{digit` is text. Variables
 * (`$TM_FILENAME`, `${name}`), transforms and anything unclosed are refused with a SnippetSyntaxError naming
 * the line and column: test/unit/snippets.test.ts expands every shipped snippet, so a snippet that needs
 * more of the syntax fails a test rather than reaching a user half expanded.
 */

export class SnippetSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnippetSyntaxError';
  }
}

export interface SnippetTabstop {
  readonly index: number;
  /** The text the tab stop starts with. */
  readonly defaultText: string;
  readonly choices?: readonly string[];
}

export interface ExpandedSnippet {
  readonly text: string;
  /** The tab stops in the order a user visits them (1, 2, …, then 0), each number once. */
  readonly tabstops: readonly SnippetTabstop[];
}

type SnippetNode = string | TabstopNode;
interface TabstopNode {
  readonly index: number;
  /** The default of `${n:…}` (a choice's is its first option); none for `$n` and `${n}`. */
  readonly children?: readonly SnippetNode[];
  readonly choices?: readonly string[];
}

/** Expands a snippet body (lines joined with '\n'); throws SnippetSyntaxError for syntax outside the subset above. */
export function expandSnippet(body: string): ExpandedSnippet {
  const nodes = new SubsetParser(body).parse();
  const defaults = new Map<number, TabstopNode>();
  const visit = (list: readonly SnippetNode[]): void => {
    for (const node of list) {
      if (typeof node === 'string') continue;
      if (node.index !== 0 && node.children && !defaults.has(node.index)) defaults.set(node.index, node);
      visit(node.children ?? []);
    }
  };
  visit(nodes);
  const expanding = new Set<number>();
  const render = (list: readonly SnippetNode[]): string =>
    list
      .map((node) => {
        if (typeof node === 'string') return node;
        // Every tab stop of a number shows the first default given for it; $0 only its own.
        const source = node.index === 0 ? node : defaults.get(node.index);
        // A tab stop inside its own default (`${1:a $1}`) shows nothing there.
        if (!source?.children || expanding.has(node.index)) return '';
        expanding.add(node.index);
        const text = render(source.children);
        expanding.delete(node.index);
        return text;
      })
      .join('');
  const stops = new Map<number, SnippetTabstop>();
  const collect = (list: readonly SnippetNode[]): void => {
    for (const node of list) {
      if (typeof node === 'string') continue;
      if (!stops.has(node.index)) {
        const source = node.index === 0 ? node : (defaults.get(node.index) ?? node);
        stops.set(node.index, { index: node.index, defaultText: render([source]), ...(source.choices ? { choices: source.choices } : {}) });
      }
      collect(node.children ?? []);
    }
  };
  collect(nodes);
  const order = (index: number) => (index === 0 ? Number.MAX_SAFE_INTEGER : index);
  return { text: render(nodes), tabstops: [...stops.values()].sort((a, b) => order(a.index) - order(b.index)) };
}

const TABSTOP_INDEX = /\d+/y;
const VARIABLE_START = /[_a-zA-Z]/;

class SubsetParser {
  private at = 0;

  constructor(private readonly source: string) {}

  parse(): SnippetNode[] {
    return this.sequence(undefined);
  }

  /** Text and tab stops up to the end, or (inside the placeholder whose `$` is at `placeholderAt`) up to its closing `}`, which it consumes. */
  private sequence(placeholderAt: number | undefined): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push(text);
      text = '';
    };
    while (this.at < this.source.length) {
      const ch = this.source[this.at]!;
      const next = this.source[this.at + 1];
      const escaped = this.escaped('$}\\');
      if (escaped !== undefined) {
        text += escaped;
      } else if (ch === '}' && placeholderAt !== undefined) {
        this.at++;
        flush();
        return nodes;
      } else if (ch === '$' && this.startsTabstop()) {
        flush();
        nodes.push(this.tabstop());
      } else if (ch === '$' && VARIABLE_START.test((next === '{' ? this.source[this.at + 2] : next) ?? '')) {
        this.fail(this.at, 'a snippet variable (mlnb expands tab stops, placeholders and choices only): write \\$ for a literal dollar');
      } else {
        text += ch;
        this.at++;
      }
    }
    if (placeholderAt !== undefined) this.fail(placeholderAt, 'a placeholder without its closing }');
    flush();
    return nodes;
  }

  private startsTabstop(): boolean {
    const next = this.source[this.at + 1] ?? '';
    return /\d/.test(next) || (next === '{' && /\d/.test(this.source[this.at + 2] ?? ''));
  }

  /** `$n`, `${n}`, `${n:…}` or `${n|…|}`, at the `$`. */
  private tabstop(): TabstopNode {
    const start = this.at;
    const braced = this.source[start + 1] === '{';
    TABSTOP_INDEX.lastIndex = start + (braced ? 2 : 1);
    const digits = TABSTOP_INDEX.exec(this.source)![0];
    const index = Number(digits);
    this.at = TABSTOP_INDEX.lastIndex;
    if (!braced) return { index };
    const after = this.source[this.at];
    this.at++;
    if (after === '}') return { index };
    if (after === ':') return { index, children: this.sequence(start) };
    if (after === '|') {
      if (index === 0) this.fail(start, 'a choice on $0 (the final cursor position has no choices)');
      const choices = this.choices(start);
      return { index, children: [choices[0]!], choices };
    }
    if (after === '/') return this.fail(start, 'a transform (mlnb expands tab stops, placeholders and choices only)');
    return this.fail(start, `\${${digits} followed by ${after === undefined ? 'the end of the body' : `'${after}'`}: expected }, : or |`);
  }

  /** The options of a choice, after its opening `|`, through its closing `|}`. */
  private choices(start: number): string[] {
    const options: string[] = [];
    let option = '';
    while (this.at < this.source.length) {
      const ch = this.source[this.at]!;
      const next = this.source[this.at + 1];
      const escaped = this.escaped(',|\\');
      if (escaped !== undefined) {
        option += escaped;
      } else if (ch === ',') {
        options.push(option);
        option = '';
        this.at++;
      } else if (ch === '|' && next === '}') {
        this.at += 2;
        return [...options, option];
      } else {
        option += ch;
        this.at++;
      }
    }
    return this.fail(start, 'a choice without its closing |}');
  }

  /** The character after a backslash here, if it is one of `escapable` (then both are consumed). */
  private escaped(escapable: string): string | undefined {
    const next = this.source[this.at + 1];
    if (this.source[this.at] !== '\\' || next === undefined || !escapable.includes(next)) return undefined;
    this.at += 2;
    return next;
  }

  private fail(offset: number, problem: string): never {
    const before = this.source.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    throw new SnippetSyntaxError(`line ${line}, column ${column}: ${problem}`);
  }
}
