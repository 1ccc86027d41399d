/**
 * The concepts behind the run findings of runDiagnosis.ts: per finding id, what the bug is, why it breaks training,
 * what to try, and the interview questions that go deeper. The data is content/concepts/findings/<finding id>.json,
 * in the shape of the syntax concepts (content/concepts/schema.json) but with no syntax: these explain a diagnosis,
 * not a call under the cursor. Plus the titles of the quick fixes a finding offers. Pure.
 */
import { checkConceptFiles, ConceptError, type Concept, type ConceptIssue } from './catalog';
import type { Bilingual } from '../i18n';
import { FINDING_IDS, type FindingFix, type FindingId } from '../runDiagnosis';

/** Where the finding concepts sit inside content/concepts/ (their issues name files under it). */
export const FINDINGS_FOLDER = 'findings';

/**
 * Validate the parsed files of content/concepts/findings/ (file name → parsed JSON): each a concept without syntax,
 * one per finding id and no other. Throws ConceptError naming file and field of every problem.
 */
export function buildFindingConcepts(files: Record<string, unknown>, questionIds?: ReadonlySet<string>): Readonly<Record<FindingId, Concept>> {
  const { catalog, issues } = checkConceptFiles(files, questionIds);
  const inFolder = (i: ConceptIssue): ConceptIssue => ({ ...i, file: `${FINDINGS_FOLDER}/${i.file}` });
  const all: ConceptIssue[] = issues.map(inFolder);
  if (catalog) {
    for (const concept of catalog.concepts) {
      if (!(FINDING_IDS as readonly string[]).includes(concept.id))
        all.push(inFolder({ file: `${concept.id}.json`, path: '/id', message: `"${concept.id}" is not a run finding (src/core/runDiagnosis.ts FINDING_IDS)` }));
      if (concept.syntax) all.push(inFolder({ file: `${concept.id}.json`, path: '/syntax', message: 'a finding is shown by the run diagnosis, not on code: no syntax' }));
    }
    for (const id of FINDING_IDS)
      if (!catalog.byId(id)) all.push(inFolder({ file: `${id}.json`, path: '', message: `is missing: every run finding explains itself (${id})` }));
  }
  if (!catalog || all.length > 0) throw new ConceptError(all);
  return Object.fromEntries(FINDING_IDS.map((id) => [id, catalog.byId(id)!])) as Record<FindingId, Concept>;
}

export const FIX_TITLES: Readonly<Record<FindingFix, Bilingual>> = {
  'add-early-stopping': { en: 'Add early stopping (val_loss, patience 5)', zh: '添加早停（val_loss，patience 5）' },
  'add-dropout': { en: 'Add dropout (rate 0.3) after the first dense layer', zh: '在第一个全连接层后添加 dropout（rate 0.3）' },
  'lower-learning-rate': { en: 'Divide the learning rate by 10', zh: '把学习率除以 10' },
  'raise-learning-rate': { en: 'Multiply the learning rate by 10', zh: '把学习率乘以 10' },
  'add-relu': { en: "Add activation: 'relu' to this layer", zh: "给这一层加上 activation: 'relu'" },
  'output-softmax': { en: "Use activation: 'softmax' on the output layer", zh: "输出层改用 activation: 'softmax'" },
  'output-sigmoid': { en: "Use activation: 'sigmoid' on the output layer", zh: "输出层改用 activation: 'sigmoid'" },
  'loss-sparse-categorical': { en: "Use loss: 'sparseCategoricalCrossentropy'", zh: "改用 loss: 'sparseCategoricalCrossentropy'" },
  'loss-categorical': { en: "Use loss: 'categoricalCrossentropy'", zh: "改用 loss: 'categoricalCrossentropy'" },
  'lower-dropout': { en: 'Set the dropout rate to 0.3', zh: '把 dropout rate 改为 0.3' },
};
