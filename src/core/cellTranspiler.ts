/**
 * Turns one TypeScript cell into a script the kernel can run with REPL semantics:
 *
 * - types are stripped by esbuild's transform (fast, and it keeps unused imports with
 *   `verbatimModuleSyntax`, since a later cell may use them);
 * - every top-level declaration (`const/let/var`, `function`, `class`, `import`) becomes a global, so
 *   later cells see it and re-running a cell that declares `const x` works;
 * - the body runs inside an async function, so top-level `await` works; an async function runs
 *   synchronously up to its first `await`, so a synchronous busy loop stays interruptible;
 * - the value of a trailing expression statement is returned, like a REPL;
 * - a source map from the script back to the cell's own TypeScript is kept for error positions.
 */
import { transformSync, type TransformFailure } from 'esbuild';
import { parse, type Options as AcornOptions } from 'acorn';
import { simple as walkSimple } from 'acorn-walk';
import MagicString from 'magic-string';
import remapping from '@jridgewell/remapping';
import { TraceMap, originalPositionFor, type SourceMapInput } from '@jridgewell/trace-mapping';

/** The kernel object the rewritten code calls into (imports). Its name is reserved in cells. */
export const RUNTIME_GLOBAL = '__mlnb';

export interface TranspiledCell {
  /** Script source for `vm.Script`; evaluates to a Promise of the cell's value. */
  script: string;
  /** Source map from `script` back to the cell's TypeScript source (composed on first read: only errors need it). */
  readonly map: SourceMapInput;
  /** Names the cell declares at top level (they become globals). */
  declaredNames: string[];
  /** Whether the cell ends in an expression whose value is shown. */
  returnsValue: boolean;
  /** Top-level static imports in order, with the names each one binds. */
  imports: CellImport[];
}

export interface CellImport {
  specifier: string;
  names: string[];
}

/** A syntax error with its position in the cell's own source (1-based line and column). */
export class CellSyntaxError extends SyntaxError {
  constructor(
    readonly detail: string,
    readonly line: number,
    readonly column: number,
    readonly lineText: string,
  ) {
    super(`${detail} (line ${line}, column ${column})`);
    this.name = 'SyntaxError';
  }
}

interface AstNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

const ACORN_OPTIONS: AcornOptions = {
  ecmaVersion: 'latest',
  sourceType: 'module',
  allowAwaitOutsideFunction: true,
  allowReturnOutsideFunction: true,
};

export interface TranspileOptions {
  /** Run by Line: a `debugger;` statement before the cell's first statement, mapped to it. */
  pauseAtStart?: boolean;
}

export function transpileCell(source: string, fileName = 'cell.ts', options: TranspileOptions = {}): TranspiledCell {
  const js = stripTypes(source, fileName);
  let program: AstNode;
  try {
    program = parse(js.code, ACORN_OPTIONS) as unknown as AstNode;
  } catch (error) {
    throw syntaxErrorFromAcorn(error, js.map, source);
  }

  const out = new MagicString(js.code);
  const declared = new Set<string>();
  const publishFunctions: string[] = [];
  const body = program.body as AstNode[];
  let returnsValue = false;
  const imports = body.filter((s) => s.type === 'ImportDeclaration').map((s) => ({
    specifier: (s.source as AstNode & { value: string }).value,
    names: (s.specifiers as (AstNode & { local: { name: string } })[]).map((x) => x.local.name),
  }));

  body.forEach((statement, index) => {
    const isLast = index === body.length - 1;
    returnsValue = rewriteTopLevel(statement, out, js.code, declared, publishFunctions, isLast) || returnsValue;
  });
  walkSimple(program as never, {
    ImportExpression(node: unknown) {
      const n = node as AstNode;
      out.overwrite(n.start, n.start + 'import'.length, `${RUNTIME_GLOBAL}.dynamicImport`);
    },
  });

  if (options.pauseAtStart && body.length > 0) out.appendLeft(body[0].start, 'debugger; ');

  const hoisted = declared.size > 0 ? `var ${[...declared].join(', ')}; ` : '';
  const prologue = publishFunctions.map((name) => `globalThis[${JSON.stringify(name)}] = ${name}; `).join('');
  out.prepend(`${hoisted}(async () => { ${prologue}`);
  out.append('\n})()');

  let map: SourceMapInput | undefined;
  return {
    script: out.toString(),
    get map() {
      map ??= remapping([out.generateMap({ hires: 'boundary', source: fileName, includeContent: false }).toString(), js.map], () => null) as SourceMapInput;
      return map;
    },
    declaredNames: [...declared],
    returnsValue,
    imports,
  };
}

function stripTypes(source: string, fileName: string): { code: string; map: string } {
  try {
    const result = transformSync(source, {
      loader: 'ts',
      format: 'esm',
      target: 'es2022',
      sourcemap: 'external',
      sourcefile: fileName,
      tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
      logLevel: 'silent',
    });
    return { code: result.code, map: result.map };
  } catch (error) {
    const failure = error as TransformFailure;
    const first = failure.errors?.[0];
    if (!first) throw error;
    const loc = first.location;
    throw new CellSyntaxError(first.text, loc?.line ?? 1, (loc?.column ?? 0) + 1, loc?.lineText ?? '');
  }
}

/** Rewrites one top-level statement in place. Returns true when it became the cell's return value. */
function rewriteTopLevel(
  node: AstNode,
  out: MagicString,
  code: string,
  declared: Set<string>,
  publishFunctions: string[],
  isLast: boolean,
): boolean {
  switch (node.type) {
    case 'ImportDeclaration':
      out.overwrite(node.start, node.end, importAsAssignments(node, declared));
      return false;
    case 'ExportNamedDeclaration': {
      const declaration = node.declaration as AstNode | null;
      if (!declaration) {
        out.remove(node.start, node.end); // `export { a }` / `export * from` mean nothing in a notebook
        return false;
      }
      out.remove(node.start, declaration.start);
      return rewriteTopLevel(declaration, out, code, declared, publishFunctions, false);
    }
    case 'ExportAllDeclaration':
      out.remove(node.start, node.end);
      return false;
    case 'ExportDefaultDeclaration': {
      const declaration = node.declaration as AstNode;
      out.remove(node.start, declaration.start);
      const named = (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id;
      if (named) return rewriteTopLevel(declaration, out, code, declared, publishFunctions, false);
      return isLast ? returnExpression(declaration, out) : false;
    }
    case 'VariableDeclaration':
      rewriteVariableDeclaration(node, out, code, declared);
      return false;
    case 'FunctionDeclaration': {
      const name = (node.id as AstNode & { name: string }).name;
      declared.add(name);
      publishFunctions.push(name); // stays a hoisted declaration inside the wrapper; published at its start
      return false;
    }
    case 'ClassDeclaration': {
      const name = (node.id as AstNode & { name: string }).name;
      declared.add(name);
      out.appendLeft(node.start, `${name} = `);
      out.appendRight(node.end, ';');
      return false;
    }
    case 'ExpressionStatement':
      if (isLast && !(node as { directive?: string }).directive) {
        return returnExpression(node.expression as AstNode, out);
      }
      return false;
    default:
      return false;
  }
}

function returnExpression(expression: AstNode, out: MagicString): boolean {
  out.appendLeft(expression.start, 'return (');
  out.appendRight(expression.end, ')');
  return true;
}

/** `const {a, b: [c]} = v, d;` → `void ({a, b: [c]} = v, d = undefined);` with a, c, d hoisted. */
function rewriteVariableDeclaration(node: AstNode, out: MagicString, code: string, declared: Set<string>): void {
  const declarators = node.declarations as AstNode[];
  for (const declarator of declarators) {
    collectPatternNames(declarator.id as AstNode, declared);
    if (!declarator.init) out.appendLeft(declarator.end, ' = undefined');
  }
  out.overwrite(node.start, declarators[0].start, 'void (');
  const endsWithSemicolon = code[node.end - 1] === ';';
  out.appendLeft(endsWithSemicolon ? node.end - 1 : node.end, ')');
}

function collectPatternNames(pattern: AstNode, into: Set<string>): void {
  switch (pattern.type) {
    case 'Identifier':
      into.add(pattern.name as string);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties as AstNode[]) {
        collectPatternNames((property.type === 'RestElement' ? property.argument : property.value) as AstNode, into);
      }
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements as (AstNode | null)[]) if (element) collectPatternNames(element, into);
      break;
    case 'RestElement':
      collectPatternNames(pattern.argument as AstNode, into);
      break;
    case 'AssignmentPattern':
      collectPatternNames(pattern.left as AstNode, into);
      break;
  }
}

/** `import tf, * as ns from 'x'` etc. → assignments from the kernel's module loader. */
function importAsAssignments(node: AstNode, declared: Set<string>): string {
  const specifier = JSON.stringify((node.source as AstNode & { value: string }).value);
  const load = `${RUNTIME_GLOBAL}.importModule(${specifier})`;
  const specifiers = node.specifiers as (AstNode & { local: { name: string }; imported?: AstNode })[];
  if (specifiers.length === 0) return `${load};`;
  const parts: string[] = [];
  const named: string[] = [];
  for (const s of specifiers) {
    declared.add(s.local.name);
    if (s.type === 'ImportDefaultSpecifier') parts.push(`${s.local.name} = ${RUNTIME_GLOBAL}.defaultExport(${load})`);
    else if (s.type === 'ImportNamespaceSpecifier') parts.push(`${s.local.name} = ${load}`);
    else {
      const imported = s.imported as AstNode & { name?: string; value?: string };
      const key = imported.name ?? imported.value ?? s.local.name;
      named.push(`${JSON.stringify(key)}: ${s.local.name}`);
    }
  }
  if (named.length > 0) parts.push(`({ ${named.join(', ')} } = ${load})`);
  return `${parts.join('; ')};`;
}

function syntaxErrorFromAcorn(error: unknown, esbuildMap: string, source: string): Error {
  const loc = (error as { loc?: { line: number; column: number } }).loc;
  if (!loc || !(error instanceof SyntaxError)) return error as Error;
  // Positions are in esbuild's output; map them back to the cell through esbuild's own map.
  const original = originalPositionFor(new TraceMap(esbuildMap), loc);
  const line = original.line ?? loc.line;
  const column = (original.column ?? loc.column) + 1;
  const detail = error.message.replace(/\s*\(\d+:\d+\)$/, '');
  return new CellSyntaxError(detail, line, column, source.split('\n')[line - 1] ?? '');
}
