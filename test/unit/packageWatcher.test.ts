import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageFolders, watchPackages } from '../../src/languageWorker/packageWatcher';

describe('package watcher', function () {
  this.timeout(10_000);
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'mlnb-packages-'));
    writeFileSync(path.join(root, 'package.json'), '{}');
    mkdirSync(path.join(root, 'notebooks', 'week1'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('looks from the notebook folder up to the project root (the first folder with a package.json)', () => {
    assert.deepEqual(packageFolders(path.join(root, 'notebooks', 'week1')), [path.join(root, 'notebooks', 'week1'), path.join(root, 'notebooks'), root]);
    assert.deepEqual(packageFolders(root), [root]);
  });

  it('reports once per install settling, when node_modules appears, changes or goes, in the project root', async () => {
    let changes = 0;
    const errors: Error[] = [];
    let next: () => void = () => {};
    const watcher = watchPackages(path.join(root, 'notebooks', 'week1'), () => (changes++, next()), (error) => errors.push(error));
    const change = () => new Promise<void>((resolve) => (next = resolve));
    try {
      let settled = change();
      mkdirSync(path.join(root, 'node_modules', 'a'), { recursive: true });
      writeFileSync(path.join(root, 'node_modules', 'a', 'package.json'), '{}');
      await settled;
      assert.equal(changes, 1, 'several writes of one install are one change');
      // The new node_modules is watched too: a package added into it is noticed.
      settled = change();
      mkdirSync(path.join(root, 'node_modules', 'b'));
      await settled;
      settled = change();
      rmSync(path.join(root, 'node_modules'), { recursive: true });
      await settled;
      assert.equal(changes, 3);
      assert.deepEqual(errors, []);
    } finally {
      watcher.close();
    }
  });
});
