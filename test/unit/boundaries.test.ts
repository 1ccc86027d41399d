import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { build, type BuildFailure } from 'esbuild';
import { ESLint } from 'eslint';
import { parse as parseJsonc } from 'jsonc-parser';
import { bundleBuildOptions, NODE_BUNDLES } from '../../scripts/nodeBundles.mjs';
import { layoutLines, PARTS } from '../../scripts/parts.mjs';

const REPO = path.resolve(__dirname, '../..');
const FIXTURES = path.join(REPO, 'test/fixtures/boundaries');
/** The rules eslint.config.mjs generates from scripts/parts.mjs: imports, and require()/import() calls. */
const BOUNDARY_RULES = ['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax'];

describe('part boundaries (scripts/parts.mjs, eslint.config.mjs, scripts/nodeBundles.mjs)', function () {
  // Loading typescript-eslint takes a few seconds on a busy machine.
  this.timeout(120_000);
  let eslint: ESLint;
  before(() => {
    eslint = new ESLint({ cwd: REPO });
  });

  /** The boundary rule's messages for a fixture linted as if it were `lintedAs` (a path under src/). */
  async function boundaryErrors(fixture: string, lintedAs: string): Promise<string[]> {
    const [result] = await eslint.lintText(readFileSync(path.join(FIXTURES, fixture), 'utf8'), { filePath: path.join(REPO, lintedAs) });
    return result.messages.filter((m) => BOUNDARY_RULES.includes(m.ruleId ?? '')).map((m) => `${m.line}: ${m.message}`);
  }

  const forbidden: { fixture: string; lintedAs: string; expected: RegExp[] }[] = [
    { fixture: 'core-imports-vscode.ts', lintedAs: 'src/core/fixture.ts', expected: [/^2: .*src\/core never imports 'vscode'/] },
    { fixture: 'core-imports-vscode.ts', lintedAs: 'src/core/questions/fixture.ts', expected: [/^2: .*src\/core never imports 'vscode'/] },
    {
      fixture: 'core-imports-node-fs.ts',
      lintedAs: 'src/core/fixture.ts',
      expected: [/^2: .*src\/core is pure and browser-safe: no Node built-ins/, /^3: .*src\/core is pure and browser-safe: no Node built-ins/],
    },
    { fixture: 'core-imports-extension.ts', lintedAs: 'src/core/fixture.ts', expected: [/^2: .*src\/core may import only from itself \(scripts\/parts\.mjs\), not src\/extension/] },
    {
      fixture: 'core-requires-vscode.ts',
      lintedAs: 'src/core/fixture.ts',
      expected: [/^3: src\/core never requires 'vscode'/, /^3: src\/core has no require\(\)/, /^5: src\/core never imports 'vscode'/, /^6: src\/core is browser-safe: no Node built-ins/],
    },
    { fixture: 'kernel-imports-vscode.ts', lintedAs: 'src/kernel/fixture.ts', expected: [/^2: .*src\/kernel never imports 'vscode'/] },
    { fixture: 'cli-imports-extension.ts', lintedAs: 'src/cli/fixture.ts', expected: [/^2: .*src\/cli may import only from itself, src\/core, src\/host \(scripts\/parts\.mjs\), not src\/extension/] },
    { fixture: 'webview-imports-core-value.ts', lintedAs: 'src/webview/renderer/fixture.ts', expected: [/^2: .*src\/webview takes only types from src\/core/] },
  ];
  for (const { fixture, lintedAs, expected } of forbidden) {
    it(`fails ${fixture} linted as ${lintedAs}`, async () => {
      const errors = await boundaryErrors(fixture, lintedAs);
      assert.equal(errors.length, expected.length, errors.join('\n'));
      // Errors on one node come in no promised order.
      for (const pattern of expected) assert.ok(errors.some((e) => pattern.test(e)), `${pattern} in:\n${errors.join('\n')}`);
    });
  }

  it('passes the imports a part may make: types from core and its named value exceptions in webview, core and Node in kernel', async () => {
    assert.deepEqual(await boundaryErrors('allowed-imports.ts', 'src/webview/renderer/fixture.ts'), []);
    assert.deepEqual(await boundaryErrors('kernel-allowed-imports.ts', 'src/kernel/fixture.ts'), []);
    // The file I/O that core once did is at the edge now, where Node is allowed.
    assert.deepEqual(await boundaryErrors('core-imports-node-fs.ts', 'src/host/questionBankFiles.ts'), []);
  });

  it('lets no core file import Node built-ins, not even the ones that once read files or named paths with them', async () => {
    for (const file of ['src/core/questions/node.ts', 'src/core/debugSources.ts', 'src/core/language/cellSyntax.ts', 'src/core/language/notebookLanguageService.ts']) {
      const errors = await boundaryErrors('core-imports-node-fs.ts', file);
      assert.equal(errors.length, 2, `${file}:\n${errors.join('\n')}`);
      for (const error of errors) assert.match(error, /src\/core is pure and browser-safe: no Node built-ins/);
    }
  });

  it('builds the kernel, CLI and language worker bundles without a vscode external: an import of it fails the build', async () => {
    const contents = readFileSync(path.join(FIXTURES, 'kernel-imports-vscode.ts'), 'utf8');
    for (const bundle of NODE_BUNDLES) {
      const part = PARTS.find((p) => p.name === path.basename(path.dirname(bundle.entry)));
      assert.ok(part, `${bundle.entry} is in a part`);
      assert.equal(bundle.external.includes('vscode'), part.vscode, `${bundle.name} leaves vscode external only if its part may import it`);
    }
    const options = (name: string, external: string[] = []) => {
      const { entryPoints: _entry, ...rest } = bundleBuildOptions(NODE_BUNDLES.find((b) => b.name === name)!, { outdir: path.join(REPO, 'out/boundaries-never-written') });
      return {
        ...rest,
        external: [...rest.external, ...external],
        stdin: { contents, resolveDir: path.join(REPO, 'src/kernel'), sourcefile: 'fixture.ts', loader: 'ts' as const },
        sourcemap: false,
        write: false,
        logLevel: 'silent' as const,
      };
    };
    const withoutVscode = NODE_BUNDLES.filter((b) => !b.external.includes('vscode')).map((b) => b.name);
    assert.deepEqual(withoutVscode, ['kernel', 'cli', 'languageWorker']);
    for (const name of withoutVscode) {
      await assert.rejects(build(options(name)), (error: BuildFailure) => {
        assert.match(error.errors.map((e) => e.text).join('\n'), /Could not resolve "vscode"/);
        return true;
      });
    }
    // Control: the same source builds once vscode is external, so the failure above is the import alone.
    const built = await build(options('kernel', ['vscode']));
    assert.match(built.outputFiles![0].text, /require\("vscode"\)/);
  });

  it('describes every folder under src/ as a part, and names only files that exist as exceptions; none for Node built-ins', () => {
    const folders = readdirSync(path.join(REPO, 'src'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    assert.deepEqual(PARTS.map((p) => p.name).sort(), folders);
    for (const part of PARTS) {
      assert.ok(!('nodeBuiltinExceptions' in part), `${part.name} has no per-file Node built-in exceptions`);
      for (const file of Object.keys(part.valueImportExceptions ?? {})) {
        assert.ok(existsSync(path.join(REPO, file)), `${part.name}'s exception ${file} exists`);
      }
    }
  });

  it('gives each part a tsconfig of its own: the DOM only where it runs in a browser, mocha only in the tests', () => {
    const compilerOptions = (file: string): { lib?: string[]; types?: string[] } => {
      const config = parseJsonc(readFileSync(path.join(REPO, file), 'utf8')) as { extends?: string; compilerOptions?: { lib?: string[]; types?: string[] } };
      assert.equal(config.extends, '../../tsconfig.base.json', `${file} extends the shared options`);
      return config.compilerOptions ?? {};
    };
    for (const part of PARTS) {
      const { lib = [], types } = compilerOptions(`src/${part.name}/tsconfig.json`);
      assert.equal(lib.some((l) => l.toLowerCase().startsWith('dom')), part.runsIn === 'browser', `${part.name}'s lib: ${lib.join(', ')}`);
      assert.ok(types, `${part.name} lists its global types (else every @types package would apply)`);
      assert.ok(!types.includes('mocha'), `${part.name} has no mocha types`);
      assert.equal(types.includes('node'), part.runsIn === 'node', `${part.name}'s types: ${types.join(', ')}`);
    }
    const base = parseJsonc(readFileSync(path.join(REPO, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    assert.equal(base.compilerOptions.lib, undefined, 'the base leaves lib to each part');
    assert.equal(base.compilerOptions.types, undefined, 'the base leaves types to each part');
  });

  it("matches the README's Layout section, one line per part", () => {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const layout = /^## Layout\n\n```\n([\s\S]*?)```/m.exec(readme);
    assert.ok(layout, 'README has a Layout section with a code block');
    const srcLines = layout[1].split('\n').filter((line) => line.startsWith('src/'));
    assert.deepEqual(srcLines, layoutLines(), 'README Layout lines: print them with `node scripts/parts.mjs`');
  });
});
