/**
 * The model snippets, one file each: content/snippets/<prefix>.json holds a snippet's code and everything mlnb
 * knows about it — where it sits in the "Insert Model…" picker and the Snippets view, which interview questions
 * it illustrates, what its kernel test proves. This module validates parsed files, indexes them, and writes VS
 * Code's snippet file from them (scripts/build.mjs generates dist/mlnb.code-snippets, what `contributes.snippets`
 * names). Pure: src/host/contentFiles.ts reads the files.
 *
 * content/snippets/schema.json describes the same shape; `validateSnippet` mirrors it by hand (the unit tests check
 * both agree on every file) and adds what a schema cannot say: the file's name, the question ids, the body's syntax.
 */
import { checkEachFile, checkKeys, checkList, checkOneOf, checkQuestionIds, isNonEmptyText, problemCollector, SLUG_PATTERN, type FieldProblem, type FileProblem } from '../fieldChecks';
import { isObject } from '../jsonValues';
import { problemListMessage } from '../problemList';
import { expandSnippet, SnippetSyntaxError } from './expand';

export const SNIPPET_CATEGORIES = ['Basics', 'Vision', 'Sequences', 'Attention', 'Generative', 'Unsupervised', 'Training', 'Data', 'Deployment'] as const;
export type SnippetCategory = (typeof SNIPPET_CATEGORIES)[number];

/** What test/kernel/snippets.test.ts checks after running a snippet's default text in the real kernel. */
export const ASSERTION_KINDS = {
  'loss-decreases': 'the last epoch/step loss is clearly lower than the first',
  accuracy: 'the final (validation) accuracy passes a threshold well above chance',
  'beats-baseline': 'the error ends well below that of a trivial predictor (e.g. always the mean)',
  'parameters-recovered': 'the learned parameters are close to the ones that generated the data',
  'output-shape': 'the model (or layer) output has the expected shape',
  architecture: 'the model contains the layers the snippet is about (conv/pool/dropout, add, batch norm, L2 …)',
  'base-frozen': 'the frozen weights did not change while the new head trained',
  'stopped-early': 'training stopped before the maximum number of epochs',
  'lr-scheduled': "the optimizer's learning rate followed the schedule, epoch by epoch",
  'discriminator-learns': "the discriminator's loss falls below chance level, and every loss stays finite",
  'custom-layer-registered': 'the custom layer class is registered and survives a save/load round trip',
  'inertia-decreases': 'k-means inertia never increases from one iteration to the next',
  'clusters-recovered': 'the clusters found match the generating clusters',
  'reload-equal': 'a saved and reloaded model predicts exactly what the original predicts',
} as const;
export type AssertionKind = keyof typeof ASSERTION_KINDS;

export interface SnippetInfo {
  /** What the user types (`mlnb-cnn`); also the file's name and the key of its kernel test. */
  prefix: string;
  title: string;
  category: SnippetCategory;
  /** Position within its category, from 1. */
  order: number;
  /** One sentence. */
  description: string;
  /** Ids of questions in questions/*.json that this snippet illustrates. */
  questions: string[];
  /** What its kernel test asserts. */
  assertions: AssertionKind[];
  /**
   * False when it cannot train on the wasm backend, which lacks the gradient kernels of convolutions and of
   * Embedding. Its kernel test runs it on cpu when the default backend is wasm; the conv snippets keep their
   * run tiny without the native backend (the pure-JS conv gradient is very slow).
   */
  wasm: boolean;
  /** The code in VS Code snippet syntax, lines joined by '\n'. */
  body: string;
}

/** One problem in content/snippets/: the file, and the JSON-pointer-like path inside it (`/body/12`). */
export type SnippetIssue = FileProblem;

export class SnippetCatalogError extends Error {
  constructor(readonly issues: SnippetIssue[]) {
    super(problemListMessage('snippet catalogue', issues.map((i) => `content/snippets/${i.file}${i.path}: ${i.message}`)));
    this.name = 'SnippetCatalogError';
  }
}

/** Files in content/snippets/ that are not snippets. */
export const NON_SNIPPET_FILES = ['schema.json'] as const;

const PREFIX_PATTERN = /^mlnb-[a-z0-9]+(-[a-z0-9]+)*$/;
const SNIPPET_KEYS = ['$schema', 'prefix', 'title', 'category', 'order', 'description', 'questions', 'assertions', 'wasm', 'body'];

/** Check one parsed snippet file against content/snippets/schema.json, and its body's syntax; paths are relative to the file. */
export function validateSnippet(value: unknown): FieldProblem[] {
  const { problems, bad } = problemCollector();
  if (!isObject(value)) {
    bad('', 'must be a JSON object (one snippet per file)');
    return problems;
  }
  checkKeys(value, '', bad, { allowed: SNIPPET_KEYS, required: SNIPPET_KEYS.slice(1), named: SNIPPET_KEYS.slice(1) });
  const { prefix, title, order, description, wasm, body } = value;
  if ('$schema' in value && typeof value.$schema !== 'string') bad('/$schema', 'must be a string');
  if ('prefix' in value && !(typeof prefix === 'string' && prefix.length <= 64 && PREFIX_PATTERN.test(prefix)))
    bad('/prefix', 'must be "mlnb-" and a kebab-case name (a-z, 0-9, single hyphens), at most 64 characters');
  if ('title' in value && !(isNonEmptyText(title) && title.length <= 80)) bad('/title', 'must be a non-empty string of at most 80 characters');
  if ('category' in value) checkOneOf(value.category, SNIPPET_CATEGORIES, '/category', bad);
  if ('order' in value && !(Number.isInteger(order) && (order as number) >= 1)) bad('/order', 'must be a whole number from 1 (its place within the category)');
  if ('description' in value && !(isNonEmptyText(description) && description.length > 20)) bad('/description', 'must be a sentence of more than 20 characters');
  if ('questions' in value)
    checkList(value.questions, '/questions', bad, {
      min: 1,
      notList: 'must be a non-empty array of question ids',
      isItem: (q) => typeof q === 'string' && SLUG_PATTERN.test(q),
      badItem: 'must be a question id',
      repeated: 'must not repeat an id',
    });
  if ('assertions' in value)
    checkList(value.assertions, '/assertions', bad, {
      min: 1,
      notList: 'must be a non-empty array: what its kernel test asserts',
      isItem: (a) => typeof a === 'string' && Object.hasOwn(ASSERTION_KINDS, a),
      badItem: `must be one of ${Object.keys(ASSERTION_KINDS).join(', ')}`,
      repeated: 'must not repeat a kind',
    });
  if ('wasm' in value && typeof wasm !== 'boolean') bad('/wasm', 'must be true or false');
  if ('body' in value) {
    if (!Array.isArray(body) || body.length === 0 || !body.every((line) => typeof line === 'string')) bad('/body', 'must be a non-empty array of lines (strings)');
    else {
      try {
        expandSnippet(body.join('\n'));
      } catch (error) {
        if (!(error instanceof SnippetSyntaxError)) throw error;
        // "line 3, column 5: …" → the array item of that line.
        const at = /^line (\d+), (column \d+: [^]*)$/.exec(error.message);
        if (at) bad(`/body/${Number(at[1]) - 1}`, at[2]);
        else bad('/body', error.message);
      }
    }
  }
  return problems;
}

/** The snippets in display order: categories in SNIPPET_CATEGORIES order, then `order` within each. */
export class SnippetCatalog {
  readonly all: readonly SnippetInfo[];

  constructor(snippets: readonly SnippetInfo[]) {
    const rank = (s: SnippetInfo) => SNIPPET_CATEGORIES.indexOf(s.category);
    this.all = [...snippets].sort((a, b) => rank(a) - rank(b) || a.order - b.order || a.prefix.localeCompare(b.prefix));
  }

  find(prefix: string): SnippetInfo | undefined {
    return this.all.find((s) => s.prefix === prefix);
  }
}

/**
 * Validate parsed snippet files (file name → parsed JSON) and collect every problem: each file's shape and body
 * syntax, its prefix against its name, two snippets at one place in a category or with one title, and (given the bank's ids)
 * questions that do not exist. Pure.
 */
export function checkSnippetFiles(files: Record<string, unknown>, questionIds?: ReadonlySet<string>): { catalog?: SnippetCatalog; issues: SnippetIssue[] } {
  const issues: SnippetIssue[] = [];
  const snippets: SnippetInfo[] = [];
  const places = new Map<string, string>();
  const titles = new Map<string, string>();
  checkEachFile(files, validateSnippet, issues, (file, value, bad) => {
    const data = value as Omit<SnippetInfo, 'body'> & { body: string[] };
    if (`${data.prefix}.json` !== file) bad('/prefix', `is "${data.prefix}" but the file is ${file} (name the file <prefix>.json)`);
    const place = `${data.category} ${data.order}`;
    const other = places.get(place);
    if (other !== undefined) bad('/order', `${data.order} is already the place of ${other} in ${data.category}`);
    else places.set(place, file);
    checkQuestionIds(data.questions, questionIds, '/questions', bad);
    const otherTitle = titles.get(data.title);
    if (otherTitle !== undefined) bad('/title', `is also the title of ${otherTitle} (VS Code lists snippets by title)`);
    else titles.set(data.title, file);
    snippets.push({
      prefix: data.prefix,
      title: data.title,
      category: data.category,
      order: data.order,
      description: data.description,
      questions: data.questions,
      assertions: data.assertions,
      wasm: data.wasm,
      body: data.body.join('\n'),
    });
  });
  return issues.length === 0 ? { catalog: new SnippetCatalog(snippets), issues } : { issues };
}

/** Build the catalogue from parsed snippet files; throws SnippetCatalogError naming file and field of every problem. */
export function buildSnippetCatalog(files: Record<string, unknown>, questionIds?: ReadonlySet<string>): SnippetCatalog {
  const { catalog, issues } = checkSnippetFiles(files, questionIds);
  if (!catalog) throw new SnippetCatalogError(issues);
  return catalog;
}

/** Categories in display order, each with its snippets in catalog order; empty categories are left out. */
export function snippetsByCategory<T extends Pick<SnippetInfo, 'category'>>(snippets: readonly T[]): { category: SnippetCategory; snippets: T[] }[] {
  return SNIPPET_CATEGORIES.map((category) => ({ category, snippets: snippets.filter((s) => s.category === category) })).filter((g) => g.snippets.length > 0);
}

/**
 * VS Code's snippet file (`*.code-snippets`) for the catalogue: `mlnb: <title>` → scope, prefix, description and
 * body as lines. Generated; its first lines say from where.
 */
export function codeSnippetsFile(catalog: SnippetCatalog): string {
  const entries = Object.fromEntries(
    catalog.all.map((s) => [`mlnb: ${s.title}`, { scope: 'typescript', prefix: s.prefix, description: s.description, body: s.body.split('\n') }]),
  );
  return `// Generated by scripts/build.mjs from content/snippets/*.json: edit those, not this file.\n${JSON.stringify(entries, null, 2)}\n`;
}
