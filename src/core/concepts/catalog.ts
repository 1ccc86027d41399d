/**
 * The hint catalogue: ML concepts an interview asks about, each with a short bilingual explanation, what to try,
 * the interview questions (ids in questions/*.json) that go deeper, and the TF.js syntax (call names, option keys,
 * string option values) its hover appears on. The data is content/concepts/<id>.json; this module validates
 * parsed files and indexes them. Pure: src/host/conceptFiles.ts reads the files.
 *
 * content/concepts/schema.json describes the same shape; `checkConceptFiles` mirrors it by hand so the extension
 * needs no schema library at run time (test/unit/concepts.content.test.ts checks both agree on every file), and
 * adds what a schema cannot say: the id is the file's name, a trigger belongs to one concept, question ids exist.
 */
import { checkBilingualText, checkEachFile, checkKeys, checkList, checkQuestionIds, isSlug, problemCollector, SLUG_PATTERN, type FieldProblem, type FileProblem, type ReportProblem } from '../fieldChecks';
import type { Bilingual } from '../i18n';
import { isObject } from '../jsonValues';
import { problemListMessage } from '../problemList';

export interface ConceptSyntax {
  /** The last two segments of a callee: `layers.dropout` for `tf.layers.dropout(...)` and `layers.dropout(...)`. */
  calls?: string[];
  /** Methods on any receiver (`fit` for `model.fit(...)`). */
  methods?: string[];
  /** Option keys inside the object literal of a TF.js call. */
  options?: string[];
  /** Options named distinctly enough to match in any object literal (`const config = { learningRate: 0.1 }`). */
  configKeys?: string[];
  /** String values of an option key (`{ activation: ['relu'] }` for `activation: 'relu'`). */
  values?: Record<string, string[]>;
}

export interface Concept {
  id: string;
  title: Bilingual;
  /** Two to four sentences. */
  explain: Bilingual;
  /** What to try in the notebook. */
  tryThis: Bilingual;
  /** Related interview question ids; each must exist in the bank. */
  questions: string[];
  syntax?: ConceptSyntax;
}

/** One problem in content/concepts/: the file, and the JSON-pointer-like path inside it (`/explain/zh`). */
export type ConceptIssue = FileProblem;

export class ConceptError extends Error {
  constructor(readonly issues: ConceptIssue[]) {
    super(problemListMessage('concept catalogue', issues.map(formatConceptIssue)));
    this.name = 'ConceptError';
  }
}

export function formatConceptIssue(i: ConceptIssue): string {
  return `content/concepts/${i.file}${i.path}: ${i.message}`;
}

/** Files in content/concepts/ that are not concepts. */
export const NON_CONCEPT_FILES = ['schema.json'] as const;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const CALL_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*\.[A-Za-z_$][A-Za-z0-9_$]*$/;
const VALUE = /^[A-Za-z0-9_]+$/;
const CONCEPT_KEYS = ['$schema', 'id', 'title', 'explain', 'tryThis', 'questions', 'syntax'];
const REQUIRED_KEYS = ['id', 'title', 'explain', 'tryThis', 'questions'];
const SYNTAX_LISTS = { calls: CALL_NAME, methods: IDENTIFIER, options: IDENTIFIER, configKeys: IDENTIFIER } as const;
const SYNTAX_KEYS = [...Object.keys(SYNTAX_LISTS), 'values'];

/** A non-empty list of distinct strings matching `pattern`; reports at `path`. */
function checkNames(value: unknown, pattern: RegExp, what: string, path: string, bad: ReportProblem): void {
  checkList(value, path, bad, {
    min: 1,
    notList: `must be a non-empty array of ${what}`,
    isItem: (v) => typeof v === 'string' && pattern.test(v),
    badItem: `must be ${what.replace(/s$/, '')}`,
    repeated: 'must not repeat an item',
  });
}

/** Check one parsed concept file against the shape in content/concepts/schema.json; paths are relative to the file. */
export function validateConcept(value: unknown): FieldProblem[] {
  const { problems, bad } = problemCollector();
  if (!isObject(value)) {
    bad('', 'must be a JSON object (one concept per file)');
    return problems;
  }
  checkKeys(value, '', bad, { allowed: CONCEPT_KEYS, required: REQUIRED_KEYS, named: CONCEPT_KEYS.slice(1) });
  if ('$schema' in value && typeof value.$schema !== 'string') bad('/$schema', 'must be a string');
  if ('id' in value && !isSlug(value.id, 64)) bad('/id', 'must be a kebab-case slug (a-z, 0-9, single hyphens), at most 64 characters');
  for (const field of ['title', 'explain', 'tryThis'] as const) if (field in value) checkBilingualText(value[field], `/${field}`, bad);
  if ('questions' in value) checkNames(value.questions, SLUG_PATTERN, 'question ids', '/questions', bad);
  if ('syntax' in value) {
    const syntax = value.syntax;
    if (!isObject(syntax) || Object.keys(syntax).length === 0) bad('/syntax', `must be an object with one or more of ${SYNTAX_KEYS.join(', ')}`);
    else {
      checkKeys(syntax, '/syntax', bad, { allowed: SYNTAX_KEYS, required: [] });
      for (const [key, pattern] of Object.entries(SYNTAX_LISTS))
        if (key in syntax) checkNames(syntax[key], pattern, key === 'calls' ? 'names like "layers.dropout"' : 'identifiers', `/syntax/${key}`, bad);
      if ('values' in syntax) {
        const values = syntax.values;
        if (!isObject(values) || Object.keys(values).length === 0) bad('/syntax/values', 'must be an object: option key → its string values');
        else
          for (const [key, list] of Object.entries(values)) {
            if (!IDENTIFIER.test(key)) bad(`/syntax/values/${key}`, 'must be keyed by an option name');
            checkNames(list, VALUE, 'string values', `/syntax/values/${key}`, bad);
          }
      }
    }
  }
  return problems;
}

/** The concepts with their syntax index: what the matcher and the hover read. */
export class ConceptCatalog {
  private readonly ids: ReadonlyMap<string, Concept>;
  /** Call name (`layers.dropout`) → concept id. */
  readonly calls: Readonly<Record<string, string>> = Object.create(null);
  /** Method name (`fit`) → concept id. */
  readonly methods: Readonly<Record<string, string>> = Object.create(null);
  /** Option key inside a TF.js call → concept id. */
  readonly options: Readonly<Record<string, string>> = Object.create(null);
  /** Option keys that match in any object literal. */
  readonly configKeys: ReadonlySet<string>;
  /** Option key → string value → concept id. */
  readonly values: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.create(null);

  constructor(readonly concepts: readonly Concept[]) {
    this.ids = new Map(concepts.map((c) => [c.id, c]));
    const config = new Set<string>();
    const calls = this.calls as Record<string, string>;
    const methods = this.methods as Record<string, string>;
    const options = this.options as Record<string, string>;
    const values = this.values as Record<string, Record<string, string>>;
    for (const c of concepts) {
      for (const name of c.syntax?.calls ?? []) calls[name] = c.id;
      for (const name of c.syntax?.methods ?? []) methods[name] = c.id;
      for (const key of c.syntax?.options ?? []) options[key] = c.id;
      for (const key of c.syntax?.configKeys ?? []) config.add(key);
      for (const [key, list] of Object.entries(c.syntax?.values ?? {})) for (const v of list) (values[key] ??= Object.create(null))[v] = c.id;
    }
    this.configKeys = config;
  }

  byId(id: string): Concept | undefined {
    return this.ids.get(id);
  }
}

/**
 * Validate parsed concept files (file name → parsed JSON) and collect every problem: each file's shape, its id
 * against its name, a syntax trigger claimed by two concepts, config keys that are not options, and (given the
 * bank's ids) questions that do not exist. Pure.
 */
export function checkConceptFiles(files: Record<string, unknown>, questionIds?: ReadonlySet<string>): { catalog?: ConceptCatalog; issues: ConceptIssue[] } {
  const issues: ConceptIssue[] = [];
  const concepts: Concept[] = [];
  const owners = new Map<string, string>();
  checkEachFile(files, validateConcept, issues, (file, value, bad) => {
    // The editor's `$schema` pointer is for the file, not the concept.
    const { $schema: _schema, ...concept } = value as Concept & { $schema?: string };
    if (`${concept.id}.json` !== file) bad('/id', `is "${concept.id}" but the file is ${file} (name the file <id>.json)`);
    const claim = (trigger: string, path: string) => {
      const owner = owners.get(trigger);
      if (owner !== undefined) bad(path, `is already a trigger of ${owner} (each trigger shows one concept)`);
      else owners.set(trigger, file);
    };
    const syntax = concept.syntax ?? {};
    syntax.calls?.forEach((name, i) => claim(`call ${name}`, `/syntax/calls/${i}`));
    syntax.methods?.forEach((name, i) => claim(`method ${name}`, `/syntax/methods/${i}`));
    syntax.options?.forEach((key, i) => claim(`option ${key}`, `/syntax/options/${i}`));
    syntax.configKeys?.forEach((key, i) => {
      if (!syntax.options?.includes(key)) bad(`/syntax/configKeys/${i}`, `"${key}" must also be in /syntax/options`);
    });
    for (const [key, list] of Object.entries(syntax.values ?? {})) list.forEach((v, i) => claim(`value ${key}: '${v}'`, `/syntax/values/${key}/${i}`));
    checkQuestionIds(concept.questions, questionIds, '/questions', bad);
    concepts.push(concept);
  });
  return issues.length === 0 ? { catalog: new ConceptCatalog(concepts), issues } : { issues };
}

/** Build the catalogue from parsed concept files; throws ConceptError naming file and field of every problem. */
export function buildConceptCatalog(files: Record<string, unknown>, questionIds?: ReadonlySet<string>): ConceptCatalog {
  const { catalog, issues } = checkConceptFiles(files, questionIds);
  if (!catalog) throw new ConceptError(issues);
  return catalog;
}
