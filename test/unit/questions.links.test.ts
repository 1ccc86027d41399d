import { strict as assert } from 'node:assert';
import { join, resolve } from 'node:path';
import { loadBankFromDir } from '../../src/host/questionBankFiles';

const bank = loadBankFromDir(join(resolve(__dirname, '..', '..'), 'questions'));

describe('question bank links', () => {
  it('related links go both ways: a learner on either entry sees the other', () => {
    const oneWay: string[] = [];
    for (const e of bank.all) {
      for (const id of e.related) {
        const other = bank.byId(id);
        assert.ok(other, `${e.id} links to missing ${id}`);
        if (!other.related.includes(e.id)) oneWay.push(`${e.id} → ${id}`);
      }
    }
    assert.deepEqual(oneWay, []);
  });
});
