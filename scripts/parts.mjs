// The one description of mlnb's parts: the folders under src/, what each may import, and where it runs.
// eslint.config.mjs generates the import-boundary rules from it, the README's Layout section lists one line per
// part from it (test/unit/boundaries.test.ts checks both, and that every folder under src/ is a part), and
// `node scripts/parts.mjs` prints those README lines.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * @typedef {object} Part
 * @property {string} name        the folder's name under src/
 * @property {string} summary     the README's line for it
 * @property {'node' | 'browser'} runsIn
 * @property {string[]} imports   the parts whose modules it may import (values and types); itself is implied
 * @property {string[]} [typeImports]  parts it may import types from, but no values (`import type`)
 * @property {Record<string, string>} [valueImportExceptions]  files of a typeImports part it may import values
 *           from anyway, each with why it is safe there
 * @property {boolean} vscode      whether it may import 'vscode'
 * @property {boolean} nodeBuiltins  whether it may import Node's built-in modules (node:fs, path, …), with no
 *           exception per file: a file that needs them belongs to a part that may (I/O stays at the edges)
 */

/** @type {Part[]} */
export const PARTS = [
  {
    name: 'core',
    summary: 'pure, browser-safe logic: notebook format, transpiler, protocol, question bank, language service',
    runsIn: 'node',
    imports: [],
    vscode: false,
    nodeBuiltins: false,
  },
  {
    name: 'kernel',
    summary: 'the kernel child process that runs cells',
    runsIn: 'node',
    imports: ['core'],
    vscode: false,
    nodeBuiltins: true,
  },
  {
    name: 'host',
    summary: 'starts and talks to kernel processes and the language worker (for the extension and the CLI)',
    runsIn: 'node',
    imports: ['core'],
    vscode: false,
    nodeBuiltins: true,
  },
  {
    name: 'languageWorker',
    summary: "worker thread running the notebooks' TypeScript language services, and the node_modules watcher",
    runsIn: 'node',
    imports: ['core'],
    vscode: false,
    nodeBuiltins: true,
  },
  {
    name: 'cli',
    summary: '`mlnb run` and `mlnb check`',
    runsIn: 'node',
    imports: ['core', 'host'],
    vscode: false,
    nodeBuiltins: true,
  },
  {
    name: 'extension',
    summary: 'the only part that imports vscode: activate(), controller, serializer, views, commands',
    runsIn: 'node',
    imports: ['core', 'host', 'webview'],
    vscode: true,
    nodeBuiltins: true,
  },
  {
    name: 'webview',
    summary: 'browser code: output renderer, question page (types from core; values only from core/outputs)',
    runsIn: 'browser',
    imports: [],
    typeImports: ['core'],
    valueImportExceptions: {
      'src/core/outputs.ts': "the renderer reads the output MIME types and JSON's named non-finite numbers; the module is data and pure functions",
      'src/core/i18n.ts': "the question page picks its language's text as every other view does; the module is types and pure functions",
    },
    vscode: false,
    nodeBuiltins: false,
  },
];

/** Node's built-in modules as an import may name them: `fs`, `fs/promises`, `node:fs`, … */
export const NODE_BUILTINS = [...new Set(builtinModules.flatMap((m) => (m.startsWith('node:') ? [m] : [m, `node:${m}`])))].sort();

/** The README's Layout lines for the parts, one each: the folder padded to a column, then the summary. */
export function layoutLines() {
  const width = Math.max(...PARTS.map((p) => `src/${p.name}/`.length)) + 2;
  return PARTS.map((p) => `${`src/${p.name}/`.padEnd(width)}${p.summary}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(layoutLines().join('\n'));
