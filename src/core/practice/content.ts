/**
 * Practice exercises as content notebooks: `content/practice/<category>/<questionId>.mlnb`, real nbformat 4 files
 * that mlnb opens, edits and runs. This module turns such a file's text into a PracticeExercise (the shape
 * ./notebook.ts builds the learner's notebook from) and back. Pure and browser-safe: reading the files is
 * the host's (src/host/practiceContentFiles.ts).
 *
 * A content notebook (see content/practice/README.md):
 * - `metadata.mlnb.practice`: `{ questionId, slug, version, trainsConvolution? }`.
 * - Each cell has `metadata.mlnb.practice.role`, one of PRACTICE_CONTENT_ROLES, in that order:
 *   - markdown roles (`intro`, `task`, `hint`, `explanation`) have one cell per language, told apart by
 *     `metadata.mlnb.practice.lang` (`en` or `zh`). `intro` is the exercise's title as a `# ` heading;
 *     `task` is what the learner has to do; `hint` cells are the hint ladder, one cell per step and language,
 *     from a nudge to nearly the answer. `explanation` is optional.
 *   - code roles (`setup`, `exercise` — the learner's starter —, `solution`, `check`, `wrong`) hold both
 *     languages: a whole-line `//en: …` or `//zh: …` comment is shown only in that language. A `wrong` cell is a
 *     plausible wrong solution the check must fail; `metadata.mlnb.practice.mistake` says what is wrong, in
 *     `{ en, zh }`. They come last, so the file run top to bottom passes its check (the solution's run), and
 *     then redefines the names with each mistake. `hint` and `wrong` come once per step and per mistake.
 * - Cells without `metadata.mlnb.practice` are not allowed (an author's scratch cell would otherwise ship).
 */
import type { Bilingual, Lang } from '../i18n';
import { createCell, newNotebook, parseNotebook, type JsonObject, type Notebook, type NotebookCell } from '../notebook';
import type { PracticeExercise } from './types';

/** Every role a content cell can have, in the order the cells come in. */
export const PRACTICE_CONTENT_ROLES = ['intro', 'task', 'hint', 'setup', 'exercise', 'solution', 'check', 'explanation', 'wrong'] as const;
export type PracticeContentRole = (typeof PRACTICE_CONTENT_ROLES)[number];

/** Roles written as markdown, one cell per language. */
const MARKDOWN_ROLES: ReadonlySet<PracticeContentRole> = new Set(['intro', 'task', 'hint', 'explanation']);
/** Roles that come once per step (hint, per language) or per mistake (wrong); the others come once. */
const REPEATED_ROLES: ReadonlySet<PracticeContentRole> = new Set(['hint', 'wrong']);
/** Roles every content notebook must have (markdown ones in both languages). */
export const REQUIRED_CONTENT_ROLES: readonly PracticeContentRole[] = ['intro', 'task', 'setup', 'exercise', 'solution', 'check'];
const LANGS: readonly Lang[] = ['en', 'zh'];

/** `metadata.mlnb.practice` of a content notebook. */
export interface PracticeContentMetadata {
  questionId: string;
  slug: string;
  version: number;
  trainsConvolution?: boolean;
}

/** A problem with a content file, naming the file and (when it is about one) the cell, numbered from 1. */
export class PracticeContentError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly cell?: number,
  ) {
    super(`${file}${cell !== undefined ? `: cell ${cell}` : ''}: ${problem}`);
    this.name = 'PracticeContentError';
  }
}

/** Where the content file of an exercise lives, relative to the repository (or extension) root. */
export function practiceContentPath(category: string, questionId: string): string {
  return `content/practice/${category}/${questionId}.mlnb`;
}

/** The content notebook of an exercise (what scripts/practice/toContent.ts wrote). Serialize with serializeNotebook. */
export function practiceContentNotebook(exercise: PracticeExercise): Notebook {
  const cell = (role: PracticeContentRole, kind: 'markdown' | 'code', source: string, lang?: Lang): NotebookCell => ({
    ...createCell(kind, source),
    id: lang ? `${role}-${lang}` : role,
    metadata: { mlnb: { practice: lang ? { role, lang } : { role } } },
  });
  const nb = newNotebook([
    ...LANGS.map((lang) => cell('intro', 'markdown', `# ${exercise.title[lang]}`, lang)),
    ...LANGS.map((lang) => cell('task', 'markdown', exercise.task[lang], lang)),
    ...exercise.hints.flatMap((hint, i) => LANGS.map((lang) => ({ ...cell('hint', 'markdown', hint[lang], lang), id: `hint-${i + 1}-${lang}` }))),
    cell('setup', 'code', exercise.setup),
    cell('exercise', 'code', exercise.starter),
    cell('solution', 'code', exercise.solution),
    cell('check', 'code', exercise.check),
    ...(exercise.explanation ? LANGS.map((lang) => cell('explanation', 'markdown', exercise.explanation![lang], lang)) : []),
    ...exercise.wrongs.map((wrong, i): NotebookCell => ({
      ...createCell('code', wrong.code),
      id: `wrong-${i + 1}`,
      metadata: { mlnb: { practice: { role: 'wrong', mistake: { en: wrong.mistake.en, zh: wrong.mistake.zh } } } },
    })),
  ]);
  const practice: PracticeContentMetadata = { questionId: exercise.questionId, slug: exercise.slug, version: exercise.version };
  if (exercise.trainsConvolution) practice.trainsConvolution = true;
  nb.metadata.mlnb = { ...((nb.metadata.mlnb ?? {}) as JsonObject), practice: practice as unknown as JsonObject };
  return nb;
}

/**
 * Parses a content notebook's text into an exercise. Throws a PracticeContentError naming `file`, the cell
 * and the problem: a cell without a role, an unknown role or language, a role (or a role's language) missing
 * or given twice, a cell of the wrong kind or out of order, bad notebook metadata.
 */
export function parsePracticeContent(text: string, file: string): PracticeExercise {
  let nb: Notebook;
  try {
    nb = parseNotebook(text, file);
  } catch (e) {
    throw new PracticeContentError(file, `not a notebook: ${e instanceof Error ? e.message : String(e)}`);
  }
  const meta = ((nb.metadata.mlnb ?? {}) as { practice?: Partial<PracticeContentMetadata> }).practice;
  if (!meta || typeof meta !== 'object') throw new PracticeContentError(file, 'metadata.mlnb.practice is missing (questionId, slug, version)');
  if (typeof meta.questionId !== 'string' || meta.questionId === '') throw new PracticeContentError(file, 'metadata.mlnb.practice.questionId must be a non-empty string');
  if (typeof meta.slug !== 'string' || meta.slug === '') throw new PracticeContentError(file, 'metadata.mlnb.practice.slug must be a non-empty string');
  if (typeof meta.version !== 'number' || !Number.isInteger(meta.version) || meta.version < 1) throw new PracticeContentError(file, 'metadata.mlnb.practice.version must be a positive integer');
  if (meta.trainsConvolution !== undefined && typeof meta.trainsConvolution !== 'boolean') throw new PracticeContentError(file, 'metadata.mlnb.practice.trainsConvolution must be true or false');

  const code = new Map<PracticeContentRole, string>();
  const markdown = new Map<PracticeContentRole, Partial<Bilingual>>();
  const hints: Record<Lang, string[]> = { en: [], zh: [] };
  const wrongs: PracticeExercise['wrongs'] = [];
  const seen = new Map<string, number>();
  let lastOrder = -1;
  nb.cells.forEach((c, i) => {
    const n = i + 1;
    const fail = (problem: string): never => {
      throw new PracticeContentError(file, problem, n);
    };
    const p = ((c.metadata.mlnb ?? {}) as { practice?: { role?: unknown; lang?: unknown; mistake?: unknown } }).practice;
    if (!p || typeof p !== 'object') fail('no role: metadata.mlnb.practice.role is missing');
    const role = p!.role as PracticeContentRole;
    const order = PRACTICE_CONTENT_ROLES.indexOf(role);
    if (order < 0) fail(`unknown role ${JSON.stringify(p!.role)} (one of ${PRACTICE_CONTENT_ROLES.join(', ')})`);
    const isMarkdown = MARKDOWN_ROLES.has(role);
    if (c.cell_type !== (isMarkdown ? 'markdown' : 'code')) fail(`role "${role}" must be a ${isMarkdown ? 'markdown' : 'code'} cell, not ${c.cell_type}`);
    let key: string = role;
    if (isMarkdown) {
      if (p!.lang !== 'en' && p!.lang !== 'zh') fail(`markdown role "${role}" needs metadata.mlnb.practice.lang "en" or "zh", got ${JSON.stringify(p!.lang)}`);
      key = `${role} (${p!.lang as Lang})`;
    } else if (p!.lang !== undefined) fail(`code role "${role}" holds both languages (//en: and //zh: comments); it takes no lang`);
    const before = seen.get(key);
    if (before !== undefined && !REPEATED_ROLES.has(role)) fail(`duplicate role "${key}": cell ${before} has it already`);
    if (order < lastOrder) fail(`role "${role}" is out of order: the roles come as ${PRACTICE_CONTENT_ROLES.join(', ')}`);
    if (role === 'wrong') {
      const mistake = p!.mistake as Partial<Bilingual> | undefined;
      if (typeof mistake?.en !== 'string' || typeof mistake.zh !== 'string' || !mistake.en.trim() || !mistake.zh.trim()) {
        fail('a "wrong" cell needs metadata.mlnb.practice.mistake = { "en": …, "zh": … }: what is wrong in it');
      }
      wrongs.push({ mistake: { en: mistake!.en!, zh: mistake!.zh! }, code: c.source });
    } else if (p!.mistake !== undefined) fail(`only "wrong" cells take a mistake, not "${role}"`);
    seen.set(key, n);
    lastOrder = order;
    if (role === 'hint') hints[p!.lang as Lang].push(c.source);
    else if (isMarkdown) markdown.set(role, { ...markdown.get(role), [p!.lang as Lang]: c.source });
    else if (role !== 'wrong') code.set(role, c.source);
  });
  if (hints.en.length !== hints.zh.length) {
    throw new PracticeContentError(file, `the hint ladder has ${hints.en.length} English and ${hints.zh.length} Chinese steps: each step needs a cell in both languages`);
  }

  for (const role of REQUIRED_CONTENT_ROLES) {
    if (MARKDOWN_ROLES.has(role)) {
      for (const lang of LANGS) if (markdown.get(role)?.[lang] === undefined) throw new PracticeContentError(file, `missing role "${role} (${lang})": a markdown cell with metadata.mlnb.practice = { role: "${role}", lang: "${lang}" }`);
    } else if (!code.has(role)) throw new PracticeContentError(file, `missing role "${role}": a code cell with metadata.mlnb.practice.role = "${role}"`);
  }
  const title = {} as Bilingual;
  for (const lang of LANGS) {
    const m = /^# (\S.*)$/.exec(markdown.get('intro')![lang]!);
    if (!m) throw new PracticeContentError(file, `intro (${lang}) must be the title alone, as a "# " heading`, seen.get(`intro (${lang})`));
    title[lang] = m[1];
  }
  const exercise: PracticeExercise = {
    questionId: meta.questionId,
    slug: meta.slug,
    version: meta.version,
    title,
    task: markdown.get('task') as Bilingual,
    setup: code.get('setup')!,
    starter: code.get('exercise')!,
    solution: code.get('solution')!,
    check: code.get('check')!,
    hints: hints.en.map((en, i) => ({ en, zh: hints.zh[i] })),
    wrongs,
  };
  const explanation = markdown.get('explanation');
  if (explanation) {
    for (const lang of LANGS) if (explanation[lang] === undefined) throw new PracticeContentError(file, `the explanation needs both languages: "explanation (${lang})" is missing`);
    exercise.explanation = explanation as Bilingual;
  }
  if (meta.trainsConvolution) exercise.trainsConvolution = true;
  return exercise;
}
