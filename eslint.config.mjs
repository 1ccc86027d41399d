// `npm run lint`: typescript-eslint's recommended rules over src/, and the import boundaries between the parts,
// generated from their one description in scripts/parts.mjs (test/unit/boundaries.test.ts shows each boundary
// failing on a forbidden import).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { NODE_BUILTINS, PARTS } from './scripts/parts.mjs';

/** Deepest folder nesting under src/<part>/ the boundary rules cover; a deeper file fails the lint (below). */
const MAX_DEPTH = 6;

const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const up = (depth) => `(?:\\.\\./){${depth}}`;
/** src/core/outputs.ts → core/outputs: what a relative import names it by from src/. */
const fromSrc = (file) => file.replace(/^src\//, '').replace(/\.ts$/, '');

/**
 * The no-restricted-imports patterns for a file of `part` `depth` folders below src/ (src/core/a.ts: 1). Imports
 * are matched as written: relative ones climb `depth` times to src/ and then name a part.
 */
function restrictions(part, depth, { nodeBuiltinsAllowed }) {
  const paths = [];
  const patterns = [];
  if (!part.vscode) {
    paths.push({ name: 'vscode', message: `src/${part.name} never imports 'vscode' (scripts/parts.mjs): only src/extension does.` });
  }
  if (!nodeBuiltinsAllowed) {
    const why = part.runsIn === 'browser' ? 'runs in a browser' : 'is pure and browser-safe';
    for (const name of NODE_BUILTINS) paths.push({ name, message: `src/${part.name} ${why}: no Node built-ins (scripts/parts.mjs).` });
  }
  for (const other of PARTS) {
    if (other === part || part.imports.includes(other.name)) continue;
    const typesOnly = part.typeImports?.includes(other.name);
    const exceptions = Object.keys(part.valueImportExceptions ?? {})
      .filter((file) => file.startsWith(`src/${other.name}/`))
      .map((file) => escapeRegex(fromSrc(file).slice(other.name.length + 1)));
    const notExcepted = exceptions.length ? `(?!(?:${exceptions.join('|')})(?:\\.ts)?$)` : '';
    patterns.push({
      regex: `^${up(depth)}${escapeRegex(other.name)}(?:$|/${notExcepted})`,
      allowTypeImports: typesOnly,
      message: typesOnly
        ? `src/${part.name} takes only types from src/${other.name} (\`import type\`; scripts/parts.mjs lists the modules it may take values from).`
        : `src/${part.name} may import only from ${['itself', ...part.imports.map((p) => `src/${p}`)].join(', ')} (scripts/parts.mjs), not src/${other.name}.`,
    });
  }
  patterns.push({
    regex: `^${up(depth + 1)}`,
    message: `src/${part.name} imports nothing from outside src/.`,
  });
  return { paths, patterns };
}

/**
 * no-restricted-syntax selectors for what no-restricted-imports does not see: `require(…)` and `import(…)` calls.
 * A part without Node built-ins runs where there is no `require` at all.
 */
function callRestrictions(part, { nodeBuiltinsAllowed }) {
  const selectors = [];
  if (!part.vscode) {
    selectors.push(
      { selector: "ImportExpression[source.value='vscode']", message: `src/${part.name} never imports 'vscode' (scripts/parts.mjs): only src/extension does.` },
      { selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']", message: `src/${part.name} never requires 'vscode' (scripts/parts.mjs): only src/extension does.` },
    );
  }
  if (!nodeBuiltinsAllowed) {
    selectors.push(
      { selector: "CallExpression[callee.name='require']", message: `src/${part.name} has no require(): it is browser-safe (scripts/parts.mjs).` },
      { selector: 'ImportExpression[source.value=/^node:/]', message: `src/${part.name} is browser-safe: no Node built-ins (scripts/parts.mjs).` },
    );
  }
  return selectors;
}

/** The rules of one config block: the part's import restrictions for files `depth` folders below src/. */
function boundaryRules(part, depth, allowances) {
  const rules = { '@typescript-eslint/no-restricted-imports': ['error', restrictions(part, depth, allowances)] };
  const calls = callRestrictions(part, allowances);
  if (calls.length) rules['no-restricted-syntax'] = ['error', ...calls];
  return rules;
}

/** One config block per part and folder depth. */
function boundaryConfigs() {
  const configs = [];
  for (const part of PARTS) {
    for (let depth = 1; depth <= MAX_DEPTH; depth++) {
      const glob = `src/${part.name}/${'*/'.repeat(depth - 1)}*.ts`;
      configs.push({
        name: `mlnb/boundaries/${part.name}/depth-${depth}`,
        files: [glob],
        rules: boundaryRules(part, depth, { nodeBuiltinsAllowed: part.nodeBuiltins }),
      });
    }
  }
  configs.push({
    name: 'mlnb/boundaries/too-deep',
    files: [`src/*/${'*/'.repeat(MAX_DEPTH)}**/*.ts`],
    rules: { 'no-restricted-syntax': ['error', { selector: 'Program', message: `Nested deeper than eslint.config.mjs's MAX_DEPTH (${MAX_DEPTH}): raise it so the import boundaries cover this file.` }] },
  });
  return configs;
}

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'test-artifacts/', 'node_modules/'] },
  {
    files: ['src/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `catch {}` where a failure is expected and harmless is a house idiom (each says why nearby).
      'no-empty': ['error', { allowEmptyCatch: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  ...boundaryConfigs(),
);
