/**
 * `mlnb run nb.mlnb [--out other.mlnb] [--timeout-per-cell S] [--backend B]`: runs every code cell in a
 * fresh kernel (the same engine as the editor), prints outputs, writes the executed notebook back, and
 * exits non-zero naming the first failing cell — like `jupyter nbconvert --execute`.
 *
 * `mlnb check nb.mlnb…`: the type errors the editor shows, one line each, exit 1 if there are any — like
 * `tsc --noEmit`, or nbQA for notebooks.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isCodeCell, parseNotebook, serializeNotebook, type CodeCell, type Notebook } from '../core/notebook';
import { CellOutputs } from '../core/cellOutputs';
import { MIME, readTrainingView, type NbOutput, type TrainingView } from '../core/outputs';
import { PRACTICE_LANGUAGE_ENV, type BackendPreference } from '../core/protocol';
import { practiceMetadataOf } from '../core/practice/notebook';
import type { NotebookProblem } from '../core/language/check';
import { KernelSession } from '../host/kernelSession';
import { TerminalPrinter } from './terminalPrinter';

const USAGE = `Usage: mlnb <command> …

Commands:
  run <notebook>            run every code cell in a fresh kernel and write the outputs back
  check <notebook…>         print the notebooks' type errors, as the editor shows them

Run 'mlnb <command> --help' for a command's options.`;

const RUN_USAGE = `Usage: mlnb run <notebook.mlnb|.ipynb> [options]

Runs every code cell in a fresh kernel, prints the outputs and writes them back to the notebook. Types are
not checked (the kernel erases them, as in the editor, ts-node --transpile-only and deno run): --typecheck
checks them too, or run 'mlnb check' first to run nothing when there are type errors.

Options:
  --out <file>              write the executed notebook here instead of over the input
  --no-write                do not write the executed notebook anywhere
  --timeout-per-cell <s>    interrupt a cell that runs longer than this many seconds
  --backend <name>          auto (default), tensorflow, wasm or cpu
  --typecheck               also type-check the notebook (as 'mlnb check'; a few seconds more): each cell's
                            type errors are printed under it, the cells still run, and type errors make the
                            exit code 1, as tsc's does while it still emits
  --quiet                   print only failures and the summary
  -h, --help                show this help`;

const CHECK_USAGE = `Usage: mlnb check <notebook.mlnb|.ipynb>…

Type-checks each notebook with the editor's language service (cells see the cells above them, \`tf\` and
\`display\` are predefined, imports resolve from the notebook's folder) and prints one line per problem:

  file:cell N:line:col error TSxxxx message

Cells are numbered as in the notebook (markdown cells count), lines and columns from 1. Exits 0 when there
are no errors, 1 when there are, 2 when a notebook cannot be read (the others are still checked).

Options:
  -h, --help                show this help`;

const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'];

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'check') return check(rest);
  if (command !== 'run') {
    console.error(`mlnb: unknown command '${command}'.\n\n${USAGE}`);
    return 2;
  }
  let args: ReturnType<typeof parseRunArgs>;
  try {
    args = parseRunArgs(rest);
  } catch (error) {
    console.error(`mlnb run: ${(error as Error).message}\n\n${RUN_USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(RUN_USAGE);
    return 0;
  }
  return run(args);
}

/** mlnb's install folder (TF.js's and Node's types are there): above dist/ when bundled, above src/cli/ from source. */
function packageRoot(): string {
  const up = path.resolve(__dirname, '..');
  return existsSync(path.join(up, 'package.json')) ? up : path.resolve(up, '..');
}

async function check(argv: string[]): Promise<number> {
  let files: string[];
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      console.log(CHECK_USAGE);
      return 0;
    }
    if (!positionals.length) throw new Error('expected at least one notebook file');
    files = positionals;
  } catch (error) {
    console.error(`mlnb check: ${(error as Error).message}\n\n${CHECK_USAGE}`);
    return 2;
  }
  // Loaded here, not at start-up: TypeScript takes a moment to load, and `mlnb run --no-typecheck` never needs it.
  const [{ NotebookChecker, formatProblem }, { default: ts }] = await Promise.all([import('../core/language/check'), import('typescript')]);
  const checker = new NotebookChecker(packageRoot(), ts.sys);
  let unreadable = 0;
  let errors = 0;
  let failing = 0;
  try {
    for (const file of files) {
      let notebook: Notebook;
      try {
        notebook = parseNotebook(readFileSync(file), file);
      } catch (error) {
        unreadable++;
        console.error(`mlnb check: ${(error as Error).message}`);
        continue;
      }
      const problems = checker.check(notebook, path.dirname(path.resolve(file)));
      for (const problem of problems) console.log(formatProblem(file, problem));
      const count = problems.filter((problem) => problem.category === 'error').length;
      errors += count;
      if (count) failing++;
    }
  } finally {
    checker.dispose();
  }
  const checked = files.length - unreadable;
  const notebooks = (n: number) => `${n} notebook${n === 1 ? '' : 's'}`;
  const unread = unreadable ? ` (${unreadable} could not be read)` : '';
  if (errors) console.log(`mlnb check: ${errors} error${errors === 1 ? '' : 's'} in ${failing} of ${notebooks(checked)}${unread}`);
  else console.log(`mlnb check: no errors in ${notebooks(checked)}${unread}`);
  return unreadable ? 2 : errors ? 1 : 0;
}

function parseRunArgs(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      'no-write': { type: 'boolean' },
      'timeout-per-cell': { type: 'string' },
      backend: { type: 'string', default: 'auto' },
      typecheck: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true } as const;
  if (positionals.length !== 1) throw new Error('expected exactly one notebook file');
  const backend = values.backend ?? 'auto';
  if (!BACKENDS.includes(backend)) throw new Error(`--backend must be one of ${BACKENDS.join(', ')}`);
  let timeoutSeconds: number | undefined;
  if (values['timeout-per-cell'] !== undefined) {
    timeoutSeconds = Number(values['timeout-per-cell']);
    if (!(timeoutSeconds > 0)) throw new Error('--timeout-per-cell must be a positive number of seconds');
  }
  return {
    help: false,
    file: path.resolve(positionals[0]),
    out: values['no-write'] ? undefined : path.resolve(values.out ?? positionals[0]),
    backend: backend as BackendPreference,
    timeoutSeconds,
    typecheck: values.typecheck ?? false,
    quiet: values.quiet ?? false,
  } as const;
}

async function run(args: Exclude<ReturnType<typeof parseRunArgs>, { help: true }>): Promise<number> {
  let notebook: Notebook;
  try {
    notebook = parseNotebook(readFileSync(args.file), args.file);
  } catch (error) {
    // The format error already names the file and the position.
    console.error(`mlnb run: ${(error as Error).message}`);
    return 2;
  }

  const printer = new TerminalPrinter(process.stdout, process.stderr, args.quiet);
  // A practice notebook's grader writes in the notebook's language (the kernel's default is both).
  const language = practiceMetadataOf(notebook)?.language;
  const session = new KernelSession({ cwd: path.dirname(args.file), backend: args.backend, ...(language ? { env: { [PRACTICE_LANGUAGE_ENV]: language } } : {}) });
  const started = Date.now();
  let failure: string | undefined;
  const codeCells = notebook.cells.flatMap((cell, index) => (isCodeCell(cell) ? [{ cell: cell as CodeCell, index }] : []));
  let typeErrors = 0;
  const cellsWithTypeErrors = new Set<number>();
  let typeCheckFailure: string | undefined;
  try {
    // The kernel starts (loading TF.js in its own process) while the cells are type-checked here.
    const backendReady = session.backend();
    backendReady.catch(() => undefined); // awaited below; not unhandled while the check runs
    let problems: NotebookProblem[] = [];
    try {
      if (args.typecheck) problems = await typeProblems(notebook, args.file);
    } catch (error) {
      typeCheckFailure = `could not type-check: ${(error as Error).message}`;
    }
    const backend = await backendReady;
    printer.info(`mlnb: running ${codeCells.length} code cell${codeCells.length === 1 ? '' : 's'} of ${path.basename(args.file)} on the ${backend.backend} backend`);
    for (const reason of backend.fallbackReasons) printer.info(`mlnb:   (${reason})`);

    for (const { cell, index } of codeCells) {
      const label = `cell ${index + 1}${cell.id ? ` (id ${cell.id})` : ''}`;
      printer.cellHeader(index + 1);
      // Type errors do not stop a cell (the kernel runs it as JavaScript), but they are said next to it.
      for (const problem of problems.filter((p) => p.cell === index + 1 && p.category === 'error')) {
        typeErrors++;
        cellsWithTypeErrors.add(problem.cell);
        if (!args.quiet) printer.warning(`⚠ type error ${problem.code} at ${problem.line}:${problem.column}: ${problem.message.split(/\r?\n/)[0]}`);
      }
      const outputs = new CellOutputs();
      const sink = {
        output: (output: NbOutput) => {
          outputs.add(output);
          printer.output(output);
        },
        update: (displayId: string, output: NbOutput) => {
          outputs.update(displayId, output);
          printer.update(displayId, output);
        },
      };
      let timedOut = false;
      const timer = args.timeoutSeconds
        ? setTimeout(() => {
            timedOut = true;
            void session.interrupt();
          }, args.timeoutSeconds * 1000)
        : undefined;
      const outcome = await session.execute(cell.id, cell.source, sink);
      clearTimeout(timer);
      const ending = outputs.finish(outcome);
      if (ending) printer.output(ending.output);
      printer.endCell();

      cell.outputs = outputs.outputs;
      if ('executionCount' in outcome) {
        cell.execution_count = outcome.executionCount;
        cell.metadata.mlnb = { ...(cell.metadata.mlnb as object | undefined), tensorsLeaked: outcome.tensorsLeaked };
      }
      await printHints(notebook, index, printer);
      if (outcome.status === 'ok') continue;
      const reason = timedOut
        ? `timed out after ${args.timeoutSeconds} s`
        : outcome.status === 'error'
          ? describeError(outputs, outcome.errorLocation)
          : outcome.status === 'interrupted'
            ? 'was interrupted'
            : 'message' in outcome
              ? outcome.message.split('\n')[0]
              : outcome.status;
      failure = `${label} failed: ${reason}`;
      break;
    }
  } catch (error) {
    failure = `the kernel could not start: ${(error as Error).message}`;
  } finally {
    await session.shutdown();
  }

  if (args.out) writeAtomically(args.out, serializeNotebook(notebook));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failure) {
    printer.error(`mlnb run: ${path.basename(args.file)}: ${failure}`);
    return 1;
  }
  if (typeCheckFailure) {
    printer.error(`mlnb run: ${path.basename(args.file)}: ${typeCheckFailure}`);
    return 1;
  }
  if (typeErrors) {
    const cells = [...cellsWithTypeErrors];
    printer.error(`mlnb run: ${path.basename(args.file)}: ${typeErrors} type error${typeErrors === 1 ? '' : 's'} in cell${cells.length === 1 ? '' : 's'} ${cells.join(', ')} (the cells ran; --typecheck fails the run)`);
    return 1;
  }
  printer.info(`mlnb: ${codeCells.length} cells ran in ${seconds} s${args.out ? `; wrote ${path.relative(process.cwd(), args.out) || args.out}` : ''}`);
  return 0;
}

/**
 * The hints about the cell's last training run (the same the editor shows), printed as
 * `hint mlnb(<id>) cell N:line: message` and kept in the executed notebook under the cell's `metadata.mlnb.hints`
 * (a hint about a layer or the compile call names the cell it is in, which may be an earlier one).
 */
async function printHints(notebook: Notebook, index: number, printer: TerminalPrinter): Promise<void> {
  const cell = notebook.cells[index] as CodeCell;
  const views = cell.outputs.flatMap((o) => (o.output_type === 'display_data' && MIME.training in o.data ? [readTrainingView(o.data[MIME.training])] : [])).filter((v): v is TrainingView => v !== undefined);
  const metadata = { ...(cell.metadata.mlnb as Record<string, unknown> | undefined) };
  delete metadata.hints;
  if (views.length > 0) {
    // The placement reads the cells' syntax trees (the TypeScript parser): loaded only once a cell has trained.
    const { lastEndedTraining, placeHints, hintLine } = await import('../core/notebookHints');
    const view = lastEndedTraining(views);
    const hints = view ? placeHints(notebook.cells.map((c) => c.source), index, view) : [];
    for (const hint of hints) printer.hint(hintLine(hint, (i) => i + 1));
    if (hints.length > 0) {
      metadata.hints = hints.map((h) => ({ id: h.finding.id, cell: h.cell + 1, line: h.line + 1, message: h.finding.message, evidence: h.finding.evidence, fixes: h.finding.fixes }));
    }
  }
  if (Object.keys(metadata).length > 0 || cell.metadata.mlnb !== undefined) cell.metadata.mlnb = metadata;
}

/** The notebook's type errors, as the editor and `mlnb check` find them. */
async function typeProblems(notebook: Notebook, file: string): Promise<NotebookProblem[]> {
  const [{ NotebookChecker }, { default: ts }] = await Promise.all([import('../core/language/check'), import('typescript')]);
  const checker = new NotebookChecker(packageRoot(), ts.sys);
  try {
    return checker.check(notebook, path.dirname(file));
  } finally {
    checker.dispose();
  }
}

function describeError(outputs: CellOutputs, location?: { line: number; column: number }): string {
  const what = outputs.errorSummary() ?? 'error';
  return location ? `${what} (line ${location.line}, column ${location.column})` : what;
}

/** Never leave a half-written notebook: write a sibling file, then rename over the target. */
function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
