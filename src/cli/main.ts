/**
 * `mlnb run nb.mlnb [--out other.mlnb] [--timeout-per-cell S] [--backend B]`: runs every code cell in a
 * fresh kernel (the same engine as the editor), prints outputs, writes the executed notebook back, and
 * exits non-zero naming the first failing cell — like `jupyter nbconvert --execute`.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isCodeCell, parseNotebook, serializeNotebook, type CodeCell, type Notebook } from '../core/notebook';
import { OutputCollector } from '../core/outputCollector';
import type { NbOutput } from '../core/outputs';
import type { BackendPreference } from '../core/protocol';
import { KernelSession } from '../host/kernelSession';
import { TerminalPrinter } from './terminalPrinter';

const USAGE = `Usage: mlnb run <notebook.mlnb|.ipynb> [options]

Runs every code cell in a fresh kernel, prints the outputs and writes them back to the notebook.

Options:
  --out <file>              write the executed notebook here instead of over the input
  --no-write                do not write the executed notebook anywhere
  --timeout-per-cell <s>    interrupt a cell that runs longer than this many seconds
  --backend <name>          auto (default), tensorflow, wasm or cpu
  --quiet                   print only failures and the summary
  -h, --help                show this help`;

const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'];

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command !== 'run') {
    console.error(`mlnb: unknown command '${command}'.\n\n${USAGE}`);
    return 2;
  }
  let args: ReturnType<typeof parseRunArgs>;
  try {
    args = parseRunArgs(rest);
  } catch (error) {
    console.error(`mlnb run: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  return run(args);
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
  const session = new KernelSession({ cwd: path.dirname(args.file), backend: args.backend });
  const started = Date.now();
  let failure: string | undefined;
  const codeCells = notebook.cells.flatMap((cell, index) => (isCodeCell(cell) ? [{ cell: cell as CodeCell, index }] : []));
  try {
    const backend = await session.backend();
    printer.info(`mlnb: running ${codeCells.length} code cell${codeCells.length === 1 ? '' : 's'} of ${path.basename(args.file)} on the ${backend.backend} backend`);
    for (const reason of backend.fallbackReasons) printer.info(`mlnb:   (${reason})`);

    for (const { cell, index } of codeCells) {
      const label = `cell ${index + 1}${cell.id ? ` (id ${cell.id})` : ''}`;
      printer.cellHeader(index + 1);
      const collector = new OutputCollector();
      const sink = {
        output: (output: NbOutput) => {
          collector.add(output);
          printer.output(output);
        },
        update: (displayId: string, output: NbOutput) => {
          collector.update(displayId, output);
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
      printer.endCell();

      cell.outputs = collector.outputs;
      if ('executionCount' in outcome) {
        cell.execution_count = outcome.executionCount;
        cell.metadata.mlnb = { ...(cell.metadata.mlnb as object | undefined), tensorsLeaked: outcome.tensorsLeaked };
      }
      if (outcome.status === 'ok') continue;
      if (outcome.status === 'died' || outcome.status === 'cancelled') {
        cell.outputs.push({ output_type: 'error', ename: 'KernelDied', evalue: outcome.message, traceback: [outcome.message] });
        printer.error(outcome.message);
      }
      const reason = timedOut
        ? `timed out after ${args.timeoutSeconds} s`
        : outcome.status === 'error'
          ? describeError(collector.outputs, outcome.errorLocation)
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
  printer.info(`mlnb: ${codeCells.length} cells ran in ${seconds} s${args.out ? `; wrote ${path.relative(process.cwd(), args.out) || args.out}` : ''}`);
  return 0;
}

function describeError(outputs: NbOutput[], location?: { line: number; column: number }): string {
  const error = outputs.find((o) => o.output_type === 'error');
  const what = error && error.output_type === 'error' ? `${error.ename}: ${error.evalue.split('\n')[0]}` : 'error';
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
