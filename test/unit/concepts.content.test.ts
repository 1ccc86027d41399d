/**
 * content/concepts/: every file passes content/concepts/schema.json and the hand-written validator in
 * src/core/concepts/catalog.ts, the two agree on broken files, and every error names the file and the field.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConceptFiles, ConceptError, NON_CONCEPT_FILES, validateConcept } from '../../src/core/concepts/catalog';
import { buildFindingConcepts } from '../../src/core/concepts/findingConcepts';
import { FINDING_IDS } from '../../src/core/runDiagnosis';
import { loadConceptsFromDir, loadFindingConceptsFromDir, readJsonFiles } from '../../src/host/contentFiles';
import { contentSchemaAgreement } from './contentSchemaAgreement';

const content = contentSchemaAgreement({ folder: 'concepts', nonContentFiles: NON_CONCEPT_FILES, validate: validateConcept, checkFiles: checkConceptFiles });
const { dir: DIR, files, questionIds, schemaProblems } = content;

/** A valid concept to break one field at a time. */
const good = () => JSON.parse(JSON.stringify(files['dropout.json'])) as Record<string, unknown> & { title: Record<string, string> };

describe('concepts as data (content/concepts/)', () => {
  content.itChecksEveryFile('concepts', 40);

  it('schema and validator refuse the same broken shapes, the validator naming the field', () => {
    content.assertRefusedAlike('dropout.json', good, [
      ['missing zh', (c) => delete c.title.zh, /^dropout\.json\/title\/zh: is missing/],
      ['empty en', (c) => (c.title.en = ' '), /^dropout\.json\/title\/en: must be a non-empty string/],
      ['unknown field', (c) => (c.hint = 'x'), /^dropout\.json\/hint: unknown property/],
      ['unknown language', (c) => (c.title.fr = 'x'), /^dropout\.json\/title\/fr: unknown property/],
      ['no questions', (c) => (c.questions = []), /^dropout\.json\/questions: must be a non-empty array/],
      ['a bad id', (c) => (c.id = 'Drop Out'), /^dropout\.json\/id: must be a kebab-case slug/],
      ['an unknown syntax kind', (c) => ((c.syntax as Record<string, unknown>).keywords = ['rate']), /^dropout\.json\/syntax\/keywords: unknown property/],
      ['a call without its namespace', (c) => ((c.syntax as Record<string, unknown>).calls = ['dropout']), /^dropout\.json\/syntax\/calls\/0: must be/],
    ]);
  });

  it('refuses what only the validator can see: an unknown question id, an id that is not the file name, a trigger of two concepts, a config key that is no option', () => {
    content.assertOnlyValidatorRefuses([
      ['unknown question id', 'dropout.json', { ...good(), questions: ['dropout', 'no-such-question'] }, /^dropout\.json\/questions\/1: unknown question id "no-such-question"/],
      ['id is not the file name', 'dropout.json', { ...good(), id: 'drop-out' }, /^dropout\.json\/id: is "drop-out" but the file is dropout\.json/],
      ['a trigger of two concepts', 'zz-dropout-again.json', { ...good(), id: 'zz-dropout-again' }, /^zz-dropout-again\.json\/syntax\/calls\/0: is already a trigger of dropout\.json/],
      ['a config key that is no option', 'dropout.json', { ...good(), syntax: { calls: ['layers.dropout'], options: ['rate'], configKeys: ['dropoutRate'] } }, /^dropout\.json\/syntax\/configKeys\/0: "dropoutRate" must also be in \/syntax\/options/],
    ]);
  });

  it('loading a folder with a broken file throws, naming the file and field; a file that is not JSON is named too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlnb-concepts-'));
    try {
      const concept = good();
      delete concept.title.zh;
      writeFileSync(join(dir, 'dropout.json'), JSON.stringify(concept));
      assert.throws(() => loadConceptsFromDir(dir, questionIds), (e: unknown) => e instanceof ConceptError && /content\/concepts\/dropout\.json\/title\/zh: is missing/.test(e.message));
      writeFileSync(join(dir, 'dropout.json'), '{ "id": "dropout", ');
      assert.throws(() => loadConceptsFromDir(dir), /content\/concepts\/dropout\.json: is not valid JSON/);
      assert.throws(() => loadConceptsFromDir(join(dir, 'missing')), /the folder .*missing is missing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('run-finding concepts as data (content/concepts/findings/)', () => {
  const findings = readJsonFiles(join(DIR, 'findings'), []);
  const findingIssues = (replace: Record<string, unknown>, drop?: string) => {
    const files = { ...findings.files, ...replace };
    if (drop) delete files[drop];
    try {
      buildFindingConcepts(files, questionIds);
      return [];
    } catch (error) {
      assert.ok(error instanceof ConceptError, String(error));
      return error.issues.map((i) => `${i.file}${i.path}: ${i.message}`);
    }
  };

  it('has one file per run finding, each passing schema.json and the validator, linking to questions in the bank', () => {
    assert.deepEqual(findings.issues, []);
    assert.deepEqual(Object.keys(findings.files).sort(), FINDING_IDS.map((id) => `${id}.json`).sort());
    assert.deepEqual(schemaProblems(findings.files), []);
    assert.deepEqual(findingIssues({}), []);
    assert.deepEqual(Object.keys(loadFindingConceptsFromDir(DIR, questionIds)).sort(), [...FINDING_IDS].sort());
  });

  it('names the file of a missing finding, one that is no finding, syntax on a finding, and a broken field', () => {
    const plateau = findings.files['plateau.json'] as Record<string, unknown>;
    const cases: Array<[string, string[], RegExp]> = [
      ['a missing finding', findingIssues({}, 'plateau.json'), /^findings\/plateau\.json: is missing: every run finding explains itself/],
      ['no finding', findingIssues({ 'slow-gpu.json': { ...plateau, id: 'slow-gpu' } }), /^findings\/slow-gpu\.json\/id: "slow-gpu" is not a run finding/],
      ['syntax on a finding', findingIssues({ 'plateau.json': { ...plateau, syntax: { options: ['epochs'] } } }), /^findings\/plateau\.json\/syntax: a finding is shown by the run diagnosis/],
      ['missing zh', findingIssues({ 'plateau.json': { ...plateau, tryThis: { en: 'Try.' } } }), /^findings\/plateau\.json\/tryThis\/zh: is missing/],
    ];
    for (const [name, found, message] of cases) assert.ok(found.some((m) => message.test(m)), `${name}: ${found.join(' | ') || 'accepted'}`);
  });
});
