import { strict as assert } from 'node:assert';
import { randn, seededRandom, shuffle } from '../../src/core/random';

describe('random: the one seeded generator', () => {
  it('draws the same mulberry32 sequence for a seed as before it moved here', () => {
    const random = seededRandom(42);
    assert.deepEqual([random(), random(), random()], [0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  });

  it('differs between seeds and stays in [0, 1)', () => {
    const a = seededRandom(1);
    const b = seededRandom(2);
    const xs = Array.from({ length: 1000 }, () => a());
    assert.notDeepEqual(xs.slice(0, 5), Array.from({ length: 5 }, () => b()));
    assert.ok(xs.every((x) => x >= 0 && x < 1));
  });

  it('shuffles a copy into a permutation, the same one for the same seed', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const once = shuffle(items, seededRandom(7));
    assert.deepEqual(once, shuffle(items, seededRandom(7)));
    assert.deepEqual([...once].sort((x, y) => x - y), items);
    assert.notDeepEqual(once, items);
    assert.deepEqual(items, Array.from({ length: 20 }, (_, i) => i), 'the input is left as it was');
  });
});
