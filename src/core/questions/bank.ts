/**
 * The interview question bank: types, validation of the category files in questions/, lookups, and the
 * text normalisation question search compares by (scripts/nearDuplicates.ts too).
 *
 * Pure and browser-safe: no 'vscode', no 'node:*' imports. The files are read by src/host/questionBankFiles.ts.
 * The JSON Schema in questions/schema.json describes the same entry shape; `validateEntry` here mirrors
 * it by hand so the extension needs no schema library at run time (the unit tests check both agree on
 * every file).
 */
import { checkBilingual, checkBilingualText, checkKeys, checkList, checkOneOf, isNonEmptyText, isSlug, problemCollector, SLUG_PATTERN, type FieldProblem } from '../fieldChecks';
import { LANGS, type Bilingual, type BilingualList } from '../i18n';
import { isObject } from '../jsonValues';
import { problemListMessage } from '../problemList';

export const CATEGORIES = [
  'fundamentals',
  'training-optimisation',
  'architectures',
  'generative-models',
  'nlp-transformers',
  'evaluation',
  'deployment-mlops',
  'large-models',
  'computer-vision',
  'classical-ml',
  'probability-statistics',
  'recommender-systems',
  'data',
  'ml-system-design',
  'devrel-community',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** Where in the seed documents an entry came from (see questions/seed-map.json). */
export interface SeedSource {
  file: string;
  line: number;
}

export interface QuestionEntry {
  /** Stable kebab-case slug, e.g. `overfitting`. Snippets, hints, notebooks and review history use it. */
  id: string;
  category: Category;
  difficulty: Difficulty;
  question: Bilingual;
  /** Concise: what an interviewer wants to hear. Markdown. */
  answer: Bilingual;
  /** Deeper explanation. Markdown, may contain small code blocks. */
  explanation: Bilingual;
  /** 2–5 short points per language, used for self-grading in mock interviews. */
  keyPoints: BilingualList;
  /**
   * 2–4 follow-up questions an interviewer asks next, each "question\n\nshort answer" (see splitFollowUp);
   * item i of zh translates item i of en.
   */
  followUps: BilingualList;
  /** Tags from the curated vocabulary (questions/tags.json). */
  tags: string[];
  /** Ids of related entries (never itself). */
  related: string[];
  /** Slug of a runnable concept a TF.js notebook can demonstrate, when there is one. */
  practice?: string;
  /** Seed occurrences this entry came from; empty for entries written beyond the seeds. */
  sources: SeedSource[];
}

/** One problem found while validating the bank. `file` and `index` locate it in questions/. */
export interface BankIssue {
  file: string;
  /** Index of the entry in the file's array, when the problem is inside an entry. */
  index?: number;
  id?: string;
  /** JSON-pointer-like path inside the entry, e.g. `/answer/zh`. */
  path: string;
  message: string;
}

export class BankError extends Error {
  constructor(readonly issues: BankIssue[]) {
    super(problemListMessage('question bank', issues.map(formatIssue)));
    this.name = 'BankError';
  }
}

export function formatIssue(i: BankIssue): string {
  const where = i.index === undefined ? i.file : `${i.file}[${i.index}]${i.id ? ` (${i.id})` : ''}`;
  return `${where}${i.path}: ${i.message}`;
}

export const TAG_PATTERN = /^[a-z0-9][a-z0-9+.#-]*$/;
export const SOURCE_FILE_PATTERN = /^[0-9]{3}_[0-9a-f]+\.txt$/;
const ENTRY_KEYS = ['id', 'category', 'difficulty', 'question', 'answer', 'explanation', 'keyPoints', 'followUps', 'tags', 'related', 'practice', 'sources'];
const REQUIRED_KEYS = ENTRY_KEYS.filter((k) => k !== 'practice');

/** Tags per entry: enough to be found by a filter, few enough that each one means something. */
export const MIN_TAGS = 3;
export const MAX_TAGS = 6;
export const MIN_FOLLOW_UPS = 2;
export const MAX_FOLLOW_UPS = 4;
/** Longest follow-up item (question and its short answer), in characters. */
export const MAX_FOLLOW_UP_CHARS = 1000;

/** A follow-up item split at its first blank line: the question paragraph and the short answer after it. */
export function splitFollowUp(item: string): { question: string; answer: string } {
  const m = /\r?\n[ \t]*\r?\n/.exec(item);
  if (!m) return { question: item.trim(), answer: '' };
  return { question: item.slice(0, m.index).trim(), answer: item.slice(m.index + m[0].length).trim() };
}

/**
 * Check one entry against the shape in questions/schema.json. Returns issues with paths relative to the
 * entry ('' when the entry itself is wrong); the caller adds file and index.
 */
export function validateEntry(value: unknown): FieldProblem[] {
  const { problems, bad } = problemCollector();
  if (!isObject(value)) {
    bad('', 'entry must be an object');
    return problems;
  }
  checkKeys(value, '', bad, { allowed: ENTRY_KEYS, required: REQUIRED_KEYS });

  const { sources } = value;
  if ('id' in value && !isSlug(value.id, 64)) bad('/id', 'must be a kebab-case slug (a-z, 0-9, single hyphens), at most 64 characters');
  if ('category' in value) checkOneOf(value.category, CATEGORIES, '/category', bad);
  if ('difficulty' in value) checkOneOf(value.difficulty, DIFFICULTIES, '/difficulty', bad);

  for (const field of ['question', 'answer', 'explanation'] as const) if (field in value) checkBilingualText(value[field], `/${field}`, bad);

  if ('keyPoints' in value)
    checkBilingual(value.keyPoints, '/keyPoints', bad, 'must be an object with zh and en arrays', (list, path) =>
      checkList(list, path, bad, {
        min: 2,
        max: 5,
        notList: 'must be an array of 2 to 5 points',
        isItem: (p) => isNonEmptyText(p) && p.length <= 160,
        badItem: 'must be a non-empty string of at most 160 characters',
      }),
    );

  if ('followUps' in value) {
    const fu = value.followUps;
    checkBilingual(fu, '/followUps', bad, 'must be an object with zh and en arrays', (list, path) => {
      if (!Array.isArray(list) || list.length < MIN_FOLLOW_UPS || list.length > MAX_FOLLOW_UPS) {
        bad(path, `must be an array of ${MIN_FOLLOW_UPS} to ${MAX_FOLLOW_UPS} follow-ups`);
        return;
      }
      list.forEach((item, i) => {
        if (typeof item !== 'string' || item.length > MAX_FOLLOW_UP_CHARS) {
          bad(`${path}/${i}`, `must be a string of at most ${MAX_FOLLOW_UP_CHARS} characters`);
          return;
        }
        const { question, answer } = splitFollowUp(item);
        if (question === '' || answer === '') bad(`${path}/${i}`, 'must be the question, a blank line, then its short answer (both non-empty)');
      });
    });
    if (isObject(fu) && Array.isArray(fu.zh) && Array.isArray(fu.en) && fu.zh.length !== fu.en.length)
      bad('/followUps', `zh has ${fu.zh.length} follow-ups but en has ${fu.en.length} (item i of zh translates item i of en)`);
  }

  if ('tags' in value)
    checkList(value.tags, '/tags', bad, {
      min: MIN_TAGS,
      max: MAX_TAGS,
      notList: `must be an array of ${MIN_TAGS} to ${MAX_TAGS} tags`,
      isItem: (t) => typeof t === 'string' && t.length <= 40 && TAG_PATTERN.test(t),
      badItem: 'must be a lowercase tag',
      repeated: 'must not repeat a tag',
    });

  if ('related' in value)
    checkList(value.related, '/related', bad, {
      notList: 'must be an array of ids',
      isItem: (r) => typeof r === 'string' && SLUG_PATTERN.test(r),
      badItem: 'must be an id',
      repeated: 'must not repeat an id',
    });

  if ('practice' in value && !isSlug(value.practice, 48)) bad('/practice', 'must be a kebab-case slug');

  if ('sources' in value) {
    if (!Array.isArray(sources)) bad('/sources', 'must be an array');
    else {
      const seen = new Set<string>();
      sources.forEach((s, i) => {
        if (
          !isObject(s) ||
          Object.keys(s).some((k) => k !== 'file' && k !== 'line') ||
          typeof s.file !== 'string' ||
          !SOURCE_FILE_PATTERN.test(s.file) ||
          !Number.isInteger(s.line) ||
          (s.line as number) < 1
        ) {
          bad(`/sources/${i}`, 'must be { file: "NNN_hex.txt", line: positive integer }');
          return;
        }
        const key = `${s.file}:${s.line}`;
        if (seen.has(key)) bad(`/sources/${i}`, `repeats ${key}`);
        seen.add(key);
      });
    }
  }
  return problems;
}

/** The category a file name stands for (`fundamentals.json` → `fundamentals`), or undefined. */
export function categoryOfFile(file: string): Category | undefined {
  const base = file.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  return (CATEGORIES as readonly string[]).includes(base) ? (base as Category) : undefined;
}

// ---------------------------------------------------------------------------------------------------
// The tag vocabulary (questions/tags.json)
// ---------------------------------------------------------------------------------------------------

/** A group of tags, for display (e.g. "statistics"). */
export interface TagGroup {
  id: string;
  zh: string;
  en: string;
}

/** One curated tag with its labels. */
export interface TagInfo {
  tag: string;
  group: string;
  zh: string;
  en: string;
}

/** Shape of questions/tags.json: the only tags entries may use. */
export interface TagVocabulary {
  groups: TagGroup[];
  tags: TagInfo[];
}

/** The file name of the vocabulary inside questions/. */
export const TAGS_FILE = 'tags.json';
/** The vocabulary stays small enough that a tag filter groups entries (issue 15: at most ~150). */
export const MAX_VOCABULARY_TAGS = 150;

/** Validate parsed questions/tags.json. Returns the vocabulary when it is valid, and every problem found. */
export function checkVocabulary(value: unknown): { vocabulary?: TagVocabulary; issues: BankIssue[] } {
  const issues: BankIssue[] = [];
  const bad = (path: string, message: string) => issues.push({ file: TAGS_FILE, path, message });
  if (!isObject(value)) {
    bad('', 'must be an object with groups and tags');
    return { issues };
  }
  for (const k of Object.keys(value)) if (k !== 'groups' && k !== 'tags') bad(`/${k}`, 'unknown property');
  const labelled = (v: unknown, idKey: string, idPattern: RegExp, extra: readonly string[], path: string): boolean => {
    if (!isObject(v)) {
      bad(path, 'must be an object');
      return false;
    }
    const keys = [idKey, ...extra, 'zh', 'en'];
    let ok = true;
    for (const k of Object.keys(v))
      if (!keys.includes(k)) {
        bad(`${path}/${k}`, 'unknown property');
        ok = false;
      }
    const id = v[idKey];
    if (!(typeof id === 'string' && id.length <= 40 && idPattern.test(id))) {
      bad(`${path}/${idKey}`, 'must be a lowercase kebab-case name');
      ok = false;
    }
    for (const lang of LANGS)
      if (!(isNonEmptyText(v[lang]) && (v[lang] as string).length <= 60)) {
        bad(`${path}/${lang}`, 'must be a non-empty label of at most 60 characters');
        ok = false;
      }
    return ok;
  };
  const groups = new Set<string>();
  if (!Array.isArray(value.groups) || value.groups.length === 0) bad('/groups', 'must be a non-empty array');
  else
    value.groups.forEach((g, i) => {
      if (!labelled(g, 'id', SLUG_PATTERN, [], `/groups/${i}`)) return;
      const id = (g as unknown as TagGroup).id;
      if (groups.has(id)) bad(`/groups/${i}/id`, `repeats the group "${id}"`);
      groups.add(id);
    });
  const tags = new Set<string>();
  if (!Array.isArray(value.tags) || value.tags.length === 0) bad('/tags', 'must be a non-empty array');
  else {
    if (value.tags.length > MAX_VOCABULARY_TAGS)
      bad('/tags', `has ${value.tags.length} tags; keep the vocabulary at ${MAX_VOCABULARY_TAGS} or fewer (merge into broader tags)`);
    value.tags.forEach((t, i) => {
      if (!labelled(t, 'tag', TAG_PATTERN, ['group'], `/tags/${i}`)) return;
      const info = t as unknown as TagInfo;
      if (tags.has(info.tag)) bad(`/tags/${i}/tag`, `repeats the tag "${info.tag}"`);
      tags.add(info.tag);
      if (!groups.has(info.group)) bad(`/tags/${i}/group`, `unknown group "${String(info.group)}"`);
    });
  }
  return issues.length === 0 ? { vocabulary: value as unknown as TagVocabulary, issues } : { issues };
}

/** Files in questions/ that hold something other than entries. */
export const NON_CATEGORY_FILES = ['schema.json', 'seed-map.json', TAGS_FILE] as const;

/**
 * Validate parsed category files and collect every problem: shape, file/category mismatch, duplicate ids,
 * `related` links that do not resolve or point at the entry itself, and (given a vocabulary) tags outside
 * it. Without a vocabulary only the entries' own shape and links are checked. Pure.
 */
export function checkBank(files: Record<string, unknown>, vocabulary?: TagVocabulary): { entries: QuestionEntry[]; issues: BankIssue[] } {
  const known = vocabulary ? new Set(vocabulary.tags.map((t) => t.tag)) : undefined;
  const issues: BankIssue[] = [];
  const entries: QuestionEntry[] = [];
  const where = new Map<string, { file: string; index: number }>();
  for (const file of Object.keys(files).sort()) {
    const category = categoryOfFile(file);
    if (!category) {
      issues.push({ file, path: '', message: `is not a category file (expected one of ${CATEGORIES.join(', ')})` });
      continue;
    }
    const data = files[file];
    if (!Array.isArray(data)) {
      issues.push({ file, path: '', message: 'must be a JSON array of entries' });
      continue;
    }
    data.forEach((value, index) => {
      const id = isObject(value) && typeof value.id === 'string' ? value.id : undefined;
      const problems = validateEntry(value);
      for (const p of problems) issues.push({ file, index, id, ...p });
      if (problems.length > 0) return;
      const entry = value as unknown as QuestionEntry;
      if (entry.category !== category)
        issues.push({ file, index, id, path: '/category', message: `is ${entry.category} but the file is ${category}.json` });
      const prev = where.get(entry.id);
      if (prev) {
        issues.push({ file, index, id, path: '/id', message: `duplicates the id in ${prev.file}[${prev.index}]` });
        return;
      }
      where.set(entry.id, { file, index });
      entries.push(entry);
      if (known)
        entry.tags.forEach((t, i) => {
          if (!known.has(t)) issues.push({ file, index, id, path: `/tags/${i}`, message: `"${t}" is not in ${TAGS_FILE} (use a vocabulary tag, or add one there)` });
        });
    });
  }
  for (const e of entries) {
    const loc = where.get(e.id)!;
    e.related.forEach((r, i) => {
      if (r === e.id) issues.push({ ...loc, id: e.id, path: `/related/${i}`, message: 'links to the entry itself' });
      else if (!where.has(r)) issues.push({ ...loc, id: e.id, path: `/related/${i}`, message: `unknown id "${r}"` });
    });
  }
  return { entries, issues };
}

/**
 * Build the bank from parsed category files (file name → parsed JSON) and the tag vocabulary. Throws
 * BankError listing every problem.
 */
export function buildBank(files: Record<string, unknown>, vocabulary: TagVocabulary): QuestionBank {
  const { entries, issues } = checkBank(files, vocabulary);
  if (issues.length > 0) throw new BankError(issues);
  return new QuestionBank(entries, vocabulary);
}

/** Read-only lookups over validated entries. */
export class QuestionBank {
  private readonly ids = new Map<string, QuestionEntry>();
  private readonly cats = new Map<Category, QuestionEntry[]>();
  private readonly tagIndex = new Map<string, QuestionEntry[]>();
  private readonly backlinks = new Map<string, QuestionEntry[]>();
  private readonly tagInfo = new Map<string, TagInfo>();

  constructor(
    readonly all: readonly QuestionEntry[],
    readonly vocabulary?: TagVocabulary,
  ) {
    for (const t of vocabulary?.tags ?? []) this.tagInfo.set(t.tag, t);
    for (const c of CATEGORIES) this.cats.set(c, []);
    for (const e of all) {
      this.ids.set(e.id, e);
      this.cats.get(e.category)!.push(e);
      for (const t of e.tags) {
        const list = this.tagIndex.get(t) ?? [];
        list.push(e);
        this.tagIndex.set(t, list);
      }
    }
    for (const e of all)
      for (const r of e.related) {
        const list = this.backlinks.get(r) ?? [];
        list.push(e);
        this.backlinks.set(r, list);
      }
  }

  get size(): number {
    return this.all.length;
  }

  byId(id: string): QuestionEntry | undefined {
    return this.ids.get(id);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  byCategory(category: Category): readonly QuestionEntry[] {
    return this.cats.get(category) ?? [];
  }

  byDifficulty(difficulty: Difficulty): QuestionEntry[] {
    return this.all.filter((e) => e.difficulty === difficulty);
  }

  /** Entries carrying the tag (case-insensitive). */
  byTag(tag: string): readonly QuestionEntry[] {
    return this.tagIndex.get(tag.trim().toLowerCase()) ?? [];
  }

  /** All tags in use, sorted. */
  tags(): string[] {
    return [...this.tagIndex.keys()].sort();
  }

  /** The tag's zh/en labels from the vocabulary (the tag itself when it has none). */
  tagLabel(tag: string): Bilingual {
    const info = this.tagInfo.get(tag);
    return info ? { zh: info.zh, en: info.en } : { zh: tag, en: tag };
  }

  /** The vocabulary group of a tag, with its labels, when the vocabulary has it. */
  tagGroup(tag: string): TagGroup | undefined {
    const group = this.tagInfo.get(tag)?.group;
    return group === undefined ? undefined : this.vocabulary?.groups.find((g) => g.id === group);
  }

  /**
   * Entries related to `id`: its own `related` links in their order, then (with `backlinks`) entries that
   * link to it, without repeats. Unknown id → [].
   */
  related(id: string, options: { backlinks?: boolean } = {}): QuestionEntry[] {
    const e = this.ids.get(id);
    if (!e) return [];
    const out: QuestionEntry[] = [];
    const seen = new Set<string>([id]);
    const add = (x: QuestionEntry | undefined) => {
      if (x && !seen.has(x.id)) {
        seen.add(x.id);
        out.push(x);
      }
    };
    for (const r of e.related) add(this.ids.get(r));
    if (options.backlinks) for (const x of this.backlinks.get(id) ?? []) add(x);
    return out;
  }

  /** Entries that can be practised in a notebook, optionally for one practice slug. */
  practicable(slug?: string): QuestionEntry[] {
    return this.all.filter((e) => e.practice !== undefined && (slug === undefined || e.practice === slug));
  }
}

// ---------------------------------------------------------------------------------------------------
// Text normalisation (search, and scripts/nearDuplicates.ts)
// ---------------------------------------------------------------------------------------------------

/** Question boilerplate that carries no topic ("请解释什么是…", "…是什么"), longest first. */
const ZH_BOILERPLATE = [
  '请解释一下',
  '请简单介绍',
  '请简要说明',
  '深度学习中的',
  '机器学习中的',
  '神经网络中的',
  '指的是什么',
  '是什么意思',
  '请简述',
  '请解释',
  '请说明',
  '请描述',
  '请介绍',
  '解释一下',
  '介绍一下',
  '是指什么',
  '什么叫',
  '什么是',
  '是什么',
  '有哪些',
  '有什么',
  '为什么',
  '如何',
  '怎么',
  '怎样',
  '简述',
];
/** Single characters that only glue a Chinese question together. */
const ZH_PARTICLES = /[的了呢吗吧啊]/g;

const EN_PHRASES = [/\bin (?:deep|machine) learning\b/g, /\bin (?:a )?neural networks?\b/g];
export const EN_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the of in on at to for from by with and or is are was were be been being it its this that these those ' +
    'what which who whom how why when where do does did can could would should will shall may might you your ' +
    'we our i me tell explain describe briefly please define give some about between vs versus there any'
  ).split(' '),
);

/**
 * Normalise question text for comparison: Unicode NFKC, lower case, question boilerplate removed
 * (zh "请解释什么是…/…是什么", en "what is / explain …"), punctuation dropped, light English stemming
 * (plural "-s"). Returns space-separated tokens; Chinese runs are kept as runs.
 */
export function normalizeQuestionText(text: string): string {
  let s = text.normalize('NFKC').toLowerCase();
  for (const p of ZH_BOILERPLATE) s = s.split(p).join(' ');
  s = s.replace(ZH_PARTICLES, ' ');
  for (const re of EN_PHRASES) s = s.replace(re, ' ');
  // Hyphens join English compounds ("self-attention" → "self attention"); other punctuation separates.
  s = s.replace(/[^\p{L}\p{N}]+/gu, ' ');
  const tokens: string[] = [];
  for (const run of s.split(' ')) {
    if (run === '') continue;
    // Split mixed runs such as "卷积神经网络cnn" into script-homogeneous pieces.
    for (const piece of run.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) ?? []) {
      if (/\p{Script=Han}/u.test(piece)) tokens.push(piece);
      else if (!EN_STOPWORDS.has(piece)) tokens.push(piece.length > 3 && piece.endsWith('s') && !piece.endsWith('ss') ? piece.slice(0, -1) : piece);
    }
  }
  return tokens.join(' ');
}

// ---------------------------------------------------------------------------------------------------
// Display labels (shared by the sidebar, quick picks and the question page)
// ---------------------------------------------------------------------------------------------------

export const CATEGORY_LABELS: Readonly<Record<Category, Bilingual>> = {
  fundamentals: { zh: '基础', en: 'Fundamentals' },
  'training-optimisation': { zh: '训练与优化', en: 'Training & optimisation' },
  architectures: { zh: '模型架构', en: 'Architectures' },
  'generative-models': { zh: '生成模型', en: 'Generative models' },
  'nlp-transformers': { zh: 'NLP 与 Transformer', en: 'NLP & transformers' },
  evaluation: { zh: '模型评估', en: 'Evaluation' },
  'deployment-mlops': { zh: '部署与 MLOps', en: 'Deployment & MLOps' },
  'large-models': { zh: '大模型', en: 'Large models' },
  'computer-vision': { zh: '计算机视觉', en: 'Computer vision' },
  'classical-ml': { zh: '经典机器学习', en: 'Classical ML' },
  'probability-statistics': { zh: '概率与统计', en: 'Probability & statistics' },
  'recommender-systems': { zh: '推荐系统', en: 'Recommender systems' },
  data: { zh: '数据', en: 'Data' },
  'ml-system-design': { zh: '机器学习系统设计', en: 'ML system design' },
  'devrel-community': { zh: '开发者关系与社区', en: 'DevRel & community' },
};

export const DIFFICULTY_LABELS: Readonly<Record<Difficulty, Bilingual>> = {
  easy: { zh: '简单', en: 'easy' },
  medium: { zh: '中等', en: 'medium' },
  hard: { zh: '困难', en: 'hard' },
};
