// Type-checks every practice notebook's code as a learner's editor would: the setup, the learner cell
// (starter and solution) and the check of each exercise in one file, against the real TF.js types.
import { strict as assert } from 'node:assert';
import path from 'node:path';
import ts from 'typescript';
import { PRACTICE_EXERCISES } from '../../src/core/practice/exercises';
import { practiceCode } from '../../src/core/practice/notebook';

const ROOT = path.resolve(__dirname, '..', '..');
/** Virtual files live here (never written), so that '@tensorflow/tfjs' resolves from the project's node_modules. */
const DIR = path.join(ROOT, 'test', 'unit', '__practice-types__');

/** The kernel's globals besides `tf` (src/kernel/main.ts installs them). */
const GLOBALS = `
declare global {
  type ChartSpec =
    | { kind: 'line' | 'scatter' | 'bar'; title?: string; xLabel?: string; yLabel?: string; series: { name: string; x?: number[]; y: number[] }[] }
    | { history: Record<string, unknown> };
  const display: {
    (value: unknown, options?: { id?: string }): void;
    markdown(text: string, options?: { id?: string }): void;
    html(html: string, options?: { id?: string }): void;
    json(value: unknown, options?: { id?: string }): void;
    image(image: unknown, options?: { id?: string }): void;
    chart(spec: ChartSpec, options?: { id?: string }): void;
  };
}
export {};
`;

describe('practice exercises: TypeScript', function () {
  this.timeout(180_000);
  const files = new Map<string, string>([[path.join(DIR, 'globals.d.ts'), GLOBALS]]);
  const owner = new Map<string, string>();
  for (const e of PRACTICE_EXERCISES) {
    for (const solved of [false, true]) {
      const code = practiceCode(e, { language: 'both', solved });
      // The kernel gives every cell `tf`; an import gives the file the same value and namespace.
      const file = path.join(DIR, `${e.questionId}.${solved ? 'solution' : 'starter'}.ts`);
      files.set(file, ["import * as tf from '@tensorflow/tfjs';", code.setup, code.exercise, code.check, 'export {};'].join('\n'));
      owner.set(file, `${e.questionId} (${solved ? 'solution' : 'starter'})`);
    }
  }

  let diagnostics: readonly ts.Diagnostic[] = [];
  before(() => {
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Preserve,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: ['node'],
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      esModuleInterop: true,
      isolatedModules: true,
    };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, onError, create) => {
      const text = files.get(path.resolve(name));
      return text !== undefined ? ts.createSourceFile(name, text, language) : getSourceFile(name, language, onError, create);
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => files.has(path.resolve(name)) || fileExists(name);
    const readFile = host.readFile.bind(host);
    host.readFile = (name) => files.get(path.resolve(name)) ?? readFile(name);
    const program = ts.createProgram([...files.keys()], options, host);
    diagnostics = ts.getPreEmitDiagnostics(program);
  });

  for (const e of PRACTICE_EXERCISES) {
    it(`${e.questionId}: setup, starter, solution and check type-check`, () => {
      const mine = diagnostics.filter((d) => d.file && owner.get(path.resolve(d.file.fileName))?.startsWith(`${e.questionId} (`));
      const shown = mine.map((d) => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        const lineText = d.file!.text.split('\n')[line];
        return `${owner.get(path.resolve(d.file!.fileName))}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}\n    ${lineText.trim()}`;
      });
      assert.deepEqual(shown, []);
    });
  }

  it('reports nothing outside the exercises', () => {
    const other = diagnostics.filter((d) => !d.file || !owner.has(path.resolve(d.file.fileName)));
    assert.deepEqual(other.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), []);
  });
});
