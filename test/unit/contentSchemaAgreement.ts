/**
 * The checks content/concepts/ and content/snippets/ share (kept out of *.test.ts so mocha does not run it on its
 * own): every file passes the folder's schema.json and the hand-written validator, and on a broken file the two
 * agree — the schema refuses it and the validator names the file and the field.
 */
import { strict as assert } from 'node:assert';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { FieldProblem } from '../../src/core/fieldChecks';
import { readJsonFiles } from '../../src/host/contentFiles';
import { loadBankFromDir } from '../../src/host/questionBankFiles';

const ROOT = resolve(__dirname, '..', '..');

export interface ContentFolder {
  /** The folder under content/ (`concepts`). */
  folder: string;
  /** Files in it that are not content (its schema.json). */
  nonContentFiles: readonly string[];
  /** The validator of one file's shape. */
  validate: (value: unknown) => FieldProblem[];
  /** The check of the whole folder (file name → parsed JSON), given the bank's question ids. */
  checkFiles: (files: Record<string, unknown>, questionIds: ReadonlySet<string>) => { issues: Array<FieldProblem & { file: string }> };
}

/** The folder's files, its compiled schema, and assertions that the schema and the validator agree on them. */
export function contentSchemaAgreement(content: ContentFolder) {
  const dir = join(ROOT, 'content', content.folder);
  const questionIds = new Set(loadBankFromDir(join(ROOT, 'questions')).all.map((q) => q.id));
  const { files, issues: readIssues } = readJsonFiles(dir, content.nonContentFiles);
  const schema = readJsonFiles(dir, []).files['schema.json'];
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const schemaCheck = ajv.compile(schema as object);

  /** What the folder's check says, as `file/path: message`, with `value` in file `name` (added or replacing it). */
  const issuesOf = (name: string, value: unknown) => content.checkFiles({ ...files, [name]: value }, questionIds).issues.map((i) => `${i.file}${i.path}: ${i.message}`);
  /** The schema's errors for each value that fails it, as `file: errors`. */
  const schemaProblems = (values: Record<string, unknown>) => Object.entries(values).flatMap(([file, value]) => (schemaCheck(value) ? [] : [`${file}: ${ajv.errorsText(schemaCheck.errors)}`]));

  return {
    dir,
    files,
    questionIds,
    schema,
    schemaCheck,
    schemaProblems,
    issuesOf,

    /** The three tests of the folder as it is: it reads, passes the schema, and passes the validator. */
    itChecksEveryFile(noun: string, atLeast: number): void {
      it(`reads every file as JSON, at least ${atLeast} ${noun}`, () => {
        assert.deepEqual(readIssues, []);
        assert.ok(Object.keys(files).length >= atLeast, `${Object.keys(files).length} ${noun}`);
      });
      it('every file passes schema.json', () => {
        assert.deepEqual(schemaProblems(files), []);
      });
      it(`the hand-written validator agrees with the schema on every file, and the ${noun} link only to questions in the bank`, () => {
        assert.deepEqual(content.checkFiles(files, questionIds).issues, []);
      });
    },

    /** Each variant of `file`, broken by its function, fails the schema and the validator, which says `message`. */
    assertRefusedAlike<T>(file: string, copy: () => T, variants: Array<[string, (value: T) => void, RegExp]>): void {
      for (const [name, breakIt, message] of variants) {
        const value = copy();
        breakIt(value);
        assert.equal(schemaCheck(value), false, `schema accepted: ${name}`);
        assert.ok(content.validate(value).length > 0, `validator accepted: ${name}`);
        const found = issuesOf(file, value);
        assert.ok(found.some((m) => message.test(m)), `${name}: ${found.join(' | ') || 'accepted'}`);
      }
    },

    /** Each case passes the schema, and the folder's check, with it as `file`, says `message`. */
    assertOnlyValidatorRefuses(cases: Array<[string, string, unknown, RegExp]>): void {
      for (const [name, file, value, message] of cases) {
        assert.equal(schemaCheck(value), true, `${name} is shape-valid: ${ajv.errorsText(schemaCheck.errors)}`);
        const found = issuesOf(file, value);
        assert.ok(found.some((m) => message.test(m)), `${name}: ${found.join(' | ') || 'accepted'}`);
      }
    },
  };
}
