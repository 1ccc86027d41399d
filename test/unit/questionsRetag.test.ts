import { strict as assert } from 'node:assert';
import { readTagMap, readVocabulary, retagList } from '../../scripts/questions/retag.mjs';

describe('scripts/questions/retag.mjs (old tags onto the vocabulary)', () => {
  const vocabulary: Set<string> = readVocabulary();
  const map: Record<string, string | null> = readTagMap();

  it('keeps vocabulary tags, maps old ones, drops null-mapped ones, removes repeats, keeps order', () => {
    assert.deepEqual(retagList(['lstm', 'rnn', 'gates', 'metrics', 'attention'], vocabulary, map), { tags: ['rnn', 'attention'], unknown: [] });
    assert.deepEqual(retagList(['mle', 'bayesian', 'p-values'], vocabulary, map), { tags: ['maximum-likelihood', 'bayesian-inference', 'p-values'], unknown: [] });
  });

  it('reports a tag it cannot map instead of guessing', () => {
    assert.deepEqual(retagList(['attention', 'no-such-old-tag'], vocabulary, map), { tags: ['attention', 'no-such-old-tag'], unknown: ['no-such-old-tag'] });
  });

  it('every mapping targets a vocabulary tag (or null), and no vocabulary tag is mapped away', () => {
    for (const [from, to] of Object.entries(map)) {
      assert.ok(to === null || vocabulary.has(to), `${from} → ${to} is not in tags.json`);
      assert.ok(!vocabulary.has(from), `${from} is a vocabulary tag but the map rewrites it`);
    }
  });
});
