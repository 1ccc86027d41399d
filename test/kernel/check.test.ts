// `mlnb check` (the editor's type errors, headless) and `mlnb run --typecheck`, through the built CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCell, newNotebook, serializeNotebook } from '../../src/core/notebook';
import { tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'mlnb.js');

function mlnb(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 180_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeNotebook(file: string, ...sources: string[]): void {
  writeFileSync(file, serializeNotebook(newNotebook([createCell('markdown', '# title'), ...sources.map((source) => createCell('code', source))])));
}

describe('mlnb check', function () {
  this.timeout(240_000);

  it('passes the examples: exit 0, no problem lines', () => {
    const examples = readdirSync(path.join(ROOT, 'examples')).filter((name) => name.endsWith('.mlnb')).map((name) => path.join('examples', name));
    const result = mlnb(ROOT, 'check', ...examples);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(result.stdout, `mlnb check: no errors in ${examples.length} notebooks\n`);
  });

  it('prints file:cell N:line:col error TSxxxx message per problem and exits 1; imports resolve from the notebook folder', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'work'));
    writeFileSync(path.join(dir, 'work', 'helper.ts'), 'export function helper(): number {\n  return 1;\n}\n');
    const pkg = path.join(dir, 'work', 'node_modules', 'local-pkg');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'local-pkg', types: 'index.d.ts' }));
    writeFileSync(path.join(pkg, 'index.d.ts'), 'export declare const answer: number;\n');
    writeNotebook(
      path.join(dir, 'work', 'bad.mlnb'),
      "import { helper } from './helper';\nimport { answer } from 'local-pkg';\nlet x: number = 'a';",
      'const s: string = helper() + answer;\nconst t: tf.Tensor2D = tf.zeros([2, 2]);',
    );
    writeNotebook(path.join(dir, 'work', 'good.mlnb'), 'const n: number = 1;');
    const result = mlnb(dir, 'check', path.join('work', 'bad.mlnb'), path.join('work', 'good.mlnb'));
    assert.equal(result.code, 1, result.stderr);
    assert.equal(
      result.stdout,
      [
        `${path.join('work', 'bad.mlnb')}:cell 2:3:5 error TS2322 Type 'string' is not assignable to type 'number'.`,
        `${path.join('work', 'bad.mlnb')}:cell 3:1:7 error TS2322 Type 'number' is not assignable to type 'string'.`,
        'mlnb check: 2 errors in 1 of 2 notebooks',
        '',
      ].join('\n'),
    );
  });

  it('exits 2 for a notebook it cannot read (checking the others), and explains its usage', () => {
    const dir = tempDir();
    writeNotebook(path.join(dir, 'good.mlnb'), '1 + 1');
    writeFileSync(path.join(dir, 'corrupt.mlnb'), '{ "cells": [');
    const result = mlnb(dir, 'check', 'missing.mlnb', 'corrupt.mlnb', 'good.mlnb');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /missing\.mlnb/);
    assert.match(result.stderr, /corrupt\.mlnb/);
    assert.equal(result.stdout, 'mlnb check: no errors in 1 notebook (2 could not be read)\n');

    assert.equal(mlnb(dir, 'check').code, 2);
    const help = mlnb(dir, 'check', '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /file:cell N:line:col error TSxxxx message/);
    assert.match(mlnb(dir, '--help').stdout, /check <notebook…>/);
  });
});

describe('mlnb run --typecheck', function () {
  this.timeout(240_000);

  it('prints a cell\'s type errors under its header, still runs every cell, and exits 1 for them; without the flag, no check', () => {
    const dir = tempDir();
    writeNotebook(path.join(dir, 'nb.mlnb'), "let x: number = 'a';\nconsole.log('ran', x);", "console.log('second ran');");
    const result = mlnb(dir, 'run', 'nb.mlnb', '--typecheck', '--out', 'out.mlnb', '--backend', 'cpu');
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /^ran a$/m);
    assert.match(result.stdout, /^second ran$/m);
    assert.match(result.stderr, /^⚠ type error TS2322 at 1:5: Type 'string' is not assignable to type 'number'\.$/m);
    assert.match(result.stderr, /nb\.mlnb: 1 type error in cell 2 \(the cells ran; --typecheck fails the run\)/);
    assert.ok(existsSync(path.join(dir, 'out.mlnb')), 'the executed notebook is written, as tsc still emits');

    // Without --typecheck the kernel runs the cells as the editor does, types erased: exit 0, nothing said.
    const plain = mlnb(dir, 'run', 'nb.mlnb', '--no-write', '--backend', 'cpu');
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /^ran a$/m);
    assert.doesNotMatch(plain.stderr, /type error/);

    writeNotebook(path.join(dir, 'clean.mlnb'), 'const t: tf.Tensor = tf.ones([1]);\nt.shape');
    assert.equal(mlnb(dir, 'run', 'clean.mlnb', '--typecheck', '--no-write', '--backend', 'cpu').code, 0);
  });
});
