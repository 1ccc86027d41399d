/**
 * Reads a VS Code snippet file (`*.code-snippets`: JSON with comments) into a list of snippets. Pure: the
 * extension passes the file's text, tests read it from disk.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

export interface SnippetDefinition {
  /** The key in the file: the name VS Code shows in IntelliSense. */
  name: string;
  prefix: string;
  /** The body with lines joined by '\n'. */
  body: string;
  description: string;
  scope?: string;
}

/** A snippet body as VS Code stores it: one string, or an array of lines joined with '\n'. */
type SnippetBody = string | readonly string[];
const bodyText = (body: SnippetBody): string => (typeof body === 'string' ? body : body.join('\n'));

export class SnippetFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnippetFileError';
  }
}

/** Parse the file; throws SnippetFileError naming the entry (or the JSON position) that is wrong. */
export function parseSnippetFile(text: string, fileName = 'mlnb.code-snippets'): SnippetDefinition[] {
  const errors: ParseError[] = [];
  const root = parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as unknown;
  if (errors.length > 0) {
    const e = errors[0];
    const before = text.slice(0, e.offset);
    const line = before.split('\n').length;
    const column = e.offset - before.lastIndexOf('\n');
    throw new SnippetFileError(`${fileName}:${line}:${column}: ${printParseErrorCode(e.error)}`);
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new SnippetFileError(`${fileName}: expected an object of snippets`);

  const snippets: SnippetDefinition[] = [];
  for (const [name, value] of Object.entries(root as Record<string, unknown>)) {
    const entry = value as { prefix?: unknown; body?: unknown; description?: unknown; scope?: unknown };
    const where = `${fileName}: snippet "${name}"`;
    if (typeof entry !== 'object' || entry === null) throw new SnippetFileError(`${where} is not an object`);
    if (typeof entry.prefix !== 'string' || entry.prefix === '') throw new SnippetFileError(`${where} needs one string "prefix"`);
    const body = entry.body;
    if (!(typeof body === 'string' || (Array.isArray(body) && body.every((l) => typeof l === 'string')))) {
      throw new SnippetFileError(`${where} needs a "body" (a string or an array of lines)`);
    }
    if (typeof entry.description !== 'string') throw new SnippetFileError(`${where} needs a string "description"`);
    snippets.push({
      name,
      prefix: entry.prefix,
      body: bodyText(body as SnippetBody),
      description: entry.description,
      ...(typeof entry.scope === 'string' ? { scope: entry.scope } : {}),
    });
  }
  const seen = new Set<string>();
  for (const s of snippets) {
    if (seen.has(s.prefix)) throw new SnippetFileError(`${fileName}: prefix "${s.prefix}" is used by more than one snippet`);
    seen.add(s.prefix);
  }
  return snippets;
}
