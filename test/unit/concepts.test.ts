import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import ts from 'typescript';
import { lastFitCall, matchConcept as matchIn, parseCell } from '../../src/core/concepts/match';
import { applyEdits, EARLY_STOPPING, quickFix } from '../../src/core/concepts/quickFixes';
import { loadConceptsFromDir } from '../../src/host/contentFiles';
import { loadBankFromDir } from '../../src/host/questionBankFiles';

const bank = loadBankFromDir(resolve(__dirname, '../../questions'));
const ids = new Set(bank.all.map((q) => q.id));
// The catalogue as the extension loads it (content/concepts/*.json), under the names the tests use.
const catalog = loadConceptsFromDir(resolve(__dirname, '../../content/concepts'));
const { concepts: CONCEPTS, calls: CALL_CONCEPTS, methods: METHOD_CONCEPTS, options: OPTION_CONCEPTS, configKeys: CONFIG_OPTIONS, values: VALUE_CONCEPTS } = catalog;
const conceptById = (id: string) => catalog.byId(id);
const matchConcept = (source: string, offset: number) => matchIn(source, offset, catalog);

describe('concept catalogue', () => {
  it('has at least 40 concepts with unique ids', () => {
    assert.ok(CONCEPTS.length >= 40, `only ${CONCEPTS.length}`);
    assert.equal(new Set(CONCEPTS.map((c) => c.id)).size, CONCEPTS.length);
  });

  it('gives every concept a title, explanation and what-to-try in zh and en', () => {
    for (const c of CONCEPTS) {
      for (const field of [c.title, c.explain, c.tryThis]) {
        assert.ok(field.en.trim().length > 0, `${c.id} en`);
        assert.ok(/[\u4e00-\u9fff]/.test(field.zh) || field === c.title, `${c.id} zh has Chinese`);
      }
      const sentences = c.explain.en.split(/(?<=[.!?])\s+/).filter(Boolean).length;
      assert.ok(sentences >= 1 && sentences <= 4, `${c.id}: ${sentences} sentences`);
    }
  });

  it('links every concept to interview questions that exist in the bank', () => {
    for (const c of CONCEPTS) {
      assert.ok(c.questions.length > 0, `${c.id} has no question`);
      for (const q of c.questions) assert.ok(ids.has(q), `${c.id} → ${q} is not in the bank`);
    }
  });

  it('maps syntax only to concepts that exist', () => {
    const targets = [...Object.values(CALL_CONCEPTS), ...Object.values(METHOD_CONCEPTS), ...Object.values(OPTION_CONCEPTS), ...Object.values(VALUE_CONCEPTS).flatMap((m) => Object.values(m))];
    for (const t of targets) assert.ok(conceptById(t), `unknown concept ${t}`);
    for (const key of CONFIG_OPTIONS) assert.ok(Object.hasOwn(OPTION_CONCEPTS, key), `config key ${key} has no concept`);
  });
});

/** Match at the first occurrence of `needle` (plus `delta`) in `src`. */
const at = (src: string, needle: string, delta = 1) => matchConcept(src, src.indexOf(needle) + delta);

describe('concept matcher', () => {
  const cell = [
    "import * as tf from '@tensorflow/tfjs';",
    '// dropout helps here: tf.layers.dropout({ rate: 0.5 })',
    'const model = tf.sequential();',
    "model.add(tf.layers.dense({ units: 64, activation: 'relu', inputShape: [4] }));",
    'model.add(tf.layers.dropout({ rate: 0.3 }));',
    "model.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', strides: 2 }));",
    "model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });",
    "const note = 'use dropout and relu';",
    'const dropout = 3;',
    'const opts = { rate: 0.5 };',
    "const cfg = { activation: 'relu' };",
    'await model.fit(xs, ys, { epochs: 20, batchSize: 8, validationSplit: 0.2 });',
  ].join('\n');
  const code = cell.indexOf('model.add(tf.layers.dropout');

  it('matches a call callee with its range', () => {
    const m = matchConcept(cell, cell.indexOf('dropout', code) + 2);
    assert.equal(m?.conceptId, 'dropout');
    assert.equal(m?.kind, 'call');
    assert.equal(cell.slice(m!.start, m!.end), 'tf.layers.dropout');
    assert.equal(matchConcept(cell, cell.indexOf('tf.layers.dropout', code))?.conceptId, 'dropout');
    assert.equal(at(cell, 'adam')?.conceptId, 'adam');
    assert.equal(at(cell, 'conv2d')?.conceptId, 'convolution');
    assert.equal(at(cell, 'fit(')?.conceptId, 'model-fit');
  });

  it('matches option keys inside a TF.js call', () => {
    const m = matchConcept(cell, cell.indexOf('rate', code) + 1);
    assert.deepEqual([m?.conceptId, m?.kind, cell.slice(m!.start, m!.end)], ['dropout', 'option', 'rate']);
    assert.equal(at(cell, 'epochs')?.conceptId, 'epochs');
    assert.equal(at(cell, 'batchSize')?.conceptId, 'batch-size');
    assert.equal(at(cell, 'validationSplit')?.conceptId, 'validation-split');
    assert.equal(at(cell, 'strides')?.conceptId, 'stride');
    assert.equal(at(cell, 'activation:')?.conceptId, 'activation-functions');
  });

  it('matches distinct hyperparameter keys in a plain config object, generic ones only in TF.js calls', () => {
    const config = "const config = { learningRate: 0.1, epochs: 50, batchSize: 32, units: 8 };\nconst lr = config.learningRate;";
    const m = at(config, 'learningRate');
    assert.deepEqual([m?.conceptId, m?.kind, config.slice(m!.start, m!.end)], ['learning-rate', 'option', 'learningRate']);
    assert.equal(at(config, 'epochs')?.conceptId, 'epochs');
    assert.equal(at(config, 'batchSize')?.conceptId, 'batch-size');
    assert.equal(at(config, 'units'), undefined, 'units is too generic outside a TF.js call');
    assert.equal(at(config, 'learningRate;'), undefined, 'a property read is no option key');
  });

  it('matches string values of activation / loss / padding', () => {
    const m = at(cell, "'relu'");
    assert.deepEqual([m?.conceptId, m?.kind, cell.slice(m!.start, m!.end)], ['relu', 'value', "'relu'"]);
    assert.equal(at(cell, "'categoricalCrossentropy'")?.conceptId, 'categorical-crossentropy');
    assert.equal(at(cell, "'same'")?.conceptId, 'padding');
  });

  it('does not match comments, plain strings, unrelated identifiers or objects outside TF.js calls', () => {
    const comment = cell.indexOf('// dropout');
    assert.equal(matchConcept(cell, comment + 4), undefined);
    assert.equal(matchConcept(cell, cell.indexOf('tf.layers.dropout', comment) + 12), undefined);
    assert.equal(matchConcept(cell, cell.indexOf('rate', comment)), undefined);
    assert.equal(at(cell, 'use dropout', 5), undefined);
    assert.equal(at(cell, 'const dropout', 8), undefined);
    assert.equal(at(cell, '{ rate: 0.5 }', 3), undefined);
    assert.equal(at(cell, "{ activation: 'relu' }", 16), undefined);
    assert.equal(at(cell, "'accuracy'"), undefined);
    assert.equal(at(cell, 'model = ', 0), undefined);
    assert.equal(matchConcept('', 0), undefined);
    assert.equal(matchConcept('tf.layers.dropout', 3), undefined, 'not a call');
  });

  it('finds the last fit call', () => {
    const src = 'await model.fit(a, b);\nconst h = await model.fitDataset(ds, { epochs: 3 });';
    const sf = parseCell(src);
    assert.equal(lastFitCall(sf)?.getStart(sf), src.indexOf('model.fitDataset'));
    assert.equal(lastFitCall(parseCell('const fit = 1; // model.fit(x)')), undefined);
  });
});

const parses = (src: string) => {
  const sf = ts.createSourceFile('x.ts', src, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length === 0;
};

describe('training quick fixes', () => {
  const model = [
    'const model = tf.sequential();',
    "  model.add(tf.layers.dense({ units: 256, activation: 'relu', inputShape: [2] }));",
    "model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));",
    "model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });",
  ].join('\n');

  for (const fit of [
    'await model.fit(xs, ys, { epochs: 200, validationData: [vx, vy] });',
    'await model.fit(xs, ys, { epochs: 200, validationData: [vx, vy], });',
    'await model.fit(xs, ys, {});',
    'await model.fit(xs, ys);',
    'await model.fitDataset(ds);',
    'await model.fitDataset(ds, { epochs: 5 });',
  ]) {
    it(`adds early stopping to \`${fit}\` once`, () => {
      const src = `${model}\n${fit}`;
      const edits = quickFix(src, 'add-early-stopping');
      assert.ok(edits);
      const out = applyEdits(src, edits);
      assert.ok(parses(out), out);
      assert.ok(out.includes(EARLY_STOPPING));
      assert.equal(quickFix(out, 'add-early-stopping'), undefined, 'offered twice');
    });
  }

  it('does not offer early stopping with existing callbacks, an options variable, or no fit', () => {
    assert.equal(quickFix(`${model}\nawait model.fit(xs, ys, { callbacks: [cb] });`, 'add-early-stopping'), undefined);
    assert.equal(quickFix(`${model}\nawait model.fit(xs, ys, opts);`, 'add-early-stopping'), undefined);
    assert.equal(quickFix(`${model}\n// model.fit(xs, ys)`, 'add-early-stopping'), undefined);
  });

  it('divides the optimiser learning-rate literal by 10', () => {
    const src = `${model}\nconst opt = tf.train.sgd(0.1);`;
    const out = applyEdits(src, quickFix(src, 'lower-learning-rate')!);
    assert.ok(out.includes('tf.train.adam(0.001)') && out.includes('tf.train.sgd(0.01)'), out);
    assert.ok(parses(out));
    assert.equal(quickFix("model.compile({ optimizer: 'adam', loss: 'mse' });", 'lower-learning-rate'), undefined);
    assert.equal(quickFix('const lr = 0.1; tf.train.adam(lr);', 'lower-learning-rate'), undefined);
  });

  it('adds dropout after the first dense layer of a sequential model, once', () => {
    const edits = quickFix(model, 'add-dropout');
    assert.ok(edits);
    const out = applyEdits(model, edits);
    assert.ok(parses(out));
    const lines = out.split('\n');
    assert.equal(lines[2], '  model.add(tf.layers.dropout({ rate: 0.3 }));');
    assert.equal(quickFix(out, 'add-dropout'), undefined, 'offered twice');
  });

  it('does not add dropout without a sequential model or with a single dense layer', () => {
    assert.equal(quickFix("net.add(tf.layers.dense({ units: 4 }));\nnet.add(tf.layers.dense({ units: 1 }));", 'add-dropout'), undefined);
    assert.equal(quickFix("const m = tf.sequential();\nm.add(tf.layers.dense({ units: 1, inputShape: [3] }));", 'add-dropout'), undefined);
  });
});
