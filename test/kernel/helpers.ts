import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KernelSession, type KernelSessionOptions } from '../../src/host/kernelSession';
import { CellOutputs, type ExecutionOutcome } from '../../src/core/cellOutputs';
import type { NbOutput } from '../../src/core/outputs';

export const KERNEL_PATH = path.resolve(__dirname, '..', '..', 'dist', 'kernel.js');

export interface CellRun {
  outcome: ExecutionOutcome;
  outputs: NbOutput[];
  /** Every output and update in arrival order, with whether the cell had finished at that moment. */
  events: { kind: 'output' | 'update'; output: NbOutput; afterDone: boolean; at: number }[];
  text: string;
}

export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'mlnb-kernel-test-'));
}

/**
 * MLNB_TEST_KERNEL_LOG=<file>: every kernel's log lines are appended there too (e.g. to list which fits of the
 * snippets and practice exercises ran compiled and why others fell back).
 */
const KERNEL_LOG_FILE = process.env.MLNB_TEST_KERNEL_LOG;

export function startSession(options: Partial<KernelSessionOptions> = {}): KernelSession {
  const log = KERNEL_LOG_FILE
    ? (line: string) => {
        appendFileSync(KERNEL_LOG_FILE, `${line}\n`);
        options.log?.(line);
      }
    : options.log;
  return new KernelSession({ cwd: options.cwd ?? tempDir(), kernelPath: KERNEL_PATH, ...options, ...(log ? { log } : {}) });
}

let cellCounter = 0;

export async function run(session: KernelSession, code: string, cellId = `cell-${++cellCounter}`): Promise<CellRun> {
  const collector = new CellOutputs();
  const events: CellRun['events'] = [];
  let done = false;
  const outcome = await session
    .execute(cellId, code, {
      output: (output) => {
        events.push({ kind: 'output', output, afterDone: done, at: Date.now() });
        collector.add(output);
      },
      update: (displayId, output) => {
        events.push({ kind: 'update', output, afterDone: done, at: Date.now() });
        collector.update(displayId, output);
      },
    })
    .finally(() => (done = true));
  return { outcome, outputs: collector.outputs, events, text: plainText(collector.outputs) };
}

/** All text a user would read: streams, text/plain of results, error tracebacks. */
export function plainText(outputs: NbOutput[]): string {
  return outputs
    .map((o) => {
      if (o.output_type === 'stream') return o.text;
      if (o.output_type === 'error') return o.traceback.join('\n');
      return String(o.data['text/plain'] ?? '');
    })
    .join('\n');
}

export function resultValue(cell: CellRun): string | undefined {
  const result = cell.outputs.find((o) => o.output_type === 'execute_result');
  return result && result.output_type === 'execute_result' ? String(result.data['text/plain']) : undefined;
}

/** True while the process runs; an exited process its parent has not reaped yet (a zombie) is not alive. */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Every process below `pid` (children, grandchildren …), from ps. */
export function descendants(pid: number): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there are none
  }
  const children = out.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
  return children.flatMap((child) => [child, ...descendants(child)]);
}
