/** A name left undefined by a failed import says so, in a later cell's error and in the variables list. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { NbOutput } from '../../src/core/outputs';
import { run, startSession, tempDir } from './helpers';

function errorOf(outputs: NbOutput[]) {
  const error = outputs.find((o) => o.output_type === 'error');
  assert.ok(error && error.output_type === 'error', 'the cell shows an error');
  return error;
}

describe('kernel: names of a failed import', function () {
  it("a later cell using a name whose import failed is told so: 'Jimp is undefined because its import failed in In[1]'", async () => {
    const cwd = tempDir();
    const session = startSession({ cwd });
    try {
      const importing = await run(session, "import { Jimp } from 'jimp-mlnb-test';\nimport loadImage, * as imaging from 'imaging-mlnb-test';");
      assert.equal(importing.outcome.status, 'error');
      assert.match(errorOf(importing.outputs).evalue, /Cannot find module 'jimp-mlnb-test'/);
      assert.doesNotMatch(errorOf(importing.outputs).evalue, /because its import failed/, 'the failing cell itself needs no note');

      const using = await run(session, "const image = await Jimp.loadData('cat.png');");
      assert.equal(using.outcome.status, 'error');
      const error = errorOf(using.outputs);
      assert.match(error.evalue, /Cannot read properties of undefined \(reading 'loadData'\)/);
      assert.match(error.evalue, /\bJimp is undefined because its import from 'jimp-mlnb-test' failed in In\[1\]: Cannot find module 'jimp-mlnb-test'/);
      assert.match(error.traceback.join('\n'), /Jimp is undefined because its import from 'jimp-mlnb-test' failed in In\[1\]/);

      // The second import never ran: nothing is claimed about its names.
      const variables = new Map((await session.kernel!.variables()).map((v) => [v.name, v]));
      const failure = variables.get('Jimp')?.importFailed;
      assert.deepEqual({ ...failure, message: undefined }, { cell: 1, specifier: 'jimp-mlnb-test', message: undefined });
      assert.match(failure!.message, /^Cannot find module 'jimp-mlnb-test'/);
      assert.match(variables.get('Jimp')!.summary, /import from 'jimp-mlnb-test' failed in In\[1\]/);
      assert.equal(variables.get('imaging')?.importFailed, undefined);

      // Installed and run again: the note and the mark are gone.
      mkdirSync(path.join(cwd, 'node_modules', 'jimp-mlnb-test'), { recursive: true });
      writeFileSync(path.join(cwd, 'node_modules', 'jimp-mlnb-test', 'index.js'), 'exports.Jimp = { loadData: async (name) => `image ${name}` };\n');
      assert.equal((await run(session, "import { Jimp } from 'jimp-mlnb-test';")).outcome.status, 'ok');
      assert.equal((await run(session, "const image = await Jimp.loadData('cat.png');\nimage")).outcome.status, 'ok');
      const after = new Map((await session.kernel!.variables()).map((v) => [v.name, v]));
      assert.equal(after.get('Jimp')?.importFailed, undefined);
      assert.equal(after.get('Jimp')?.type, 'Object');
    } finally {
      await session.shutdown();
    }
  });

  it('a default or namespace import that failed, and a name declared again later', async () => {
    const session = startSession();
    try {
      assert.equal((await run(session, "import sharp from 'sharp-mlnb-test';")).outcome.status, 'error');
      assert.equal((await run(session, "import * as cv from 'cv-mlnb-test';")).outcome.status, 'error');
      const both = errorOf((await run(session, 'sharp(cv.imread("x"))')).outputs);
      assert.match(both.evalue, /\bsharp is undefined because its import from 'sharp-mlnb-test' failed in In\[1\]/);
      assert.match(both.evalue, /\bcv is undefined because its import from 'cv-mlnb-test' failed in In\[2\]/);
      // An error that has nothing to do with those names gets no note.
      assert.doesNotMatch(errorOf((await run(session, "throw new Error('unrelated')")).outputs).evalue, /because its import/);
      // Declared again by a later cell: no longer the failed import's name.
      assert.equal((await run(session, 'const sharp = undefined;')).outcome.status, 'ok');
      const variables = new Map((await session.kernel!.variables()).map((v) => [v.name, v]));
      assert.equal(variables.get('sharp')?.importFailed, undefined);
      assert.equal(variables.get('cv')?.importFailed?.cell, 2);
    } finally {
      await session.shutdown();
    }
  });
});
