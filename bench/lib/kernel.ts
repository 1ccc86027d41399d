// Drives mlnb's real kernel through the host API (KernelSession), measured host-side end to end.
import path from 'node:path';
import { KernelSession } from '../../src/host/kernelSession';
import type { ExecutionOutcome } from '../../src/core/cellOutputs';
import type { NbOutput } from '../../src/core/outputs';
import type { BackendName, BackendReport } from '../../src/core/protocol';

export const ROOT = path.resolve(__dirname, '..', '..');
/** scripts/bench.mjs passes a snapshot of dist/kernel.js so a concurrent rebuild cannot pull it away mid-run. */
export const KERNEL_PATH = process.env.MLNB_BENCH_KERNEL ?? path.join(ROOT, 'dist', 'kernel.js');

export interface CellRun {
  outcome: ExecutionOutcome;
  outputs: NbOutput[];
  /** Host-side: from `execute()` being called to its promise resolving. */
  e2eMs: number;
}

export class BenchKernel {
  readonly session: KernelSession;
  readonly logLines: string[] = [];
  private cell = 0;

  /** `env` adds to the kernel's environment; `onLog` sees every kernel log line (logLines keeps the last 50). */
  constructor(readonly backend: BackendName, options: { env?: NodeJS.ProcessEnv; onLog?: (line: string) => void } = {}) {
    this.session = new KernelSession({
      cwd: ROOT,
      backend,
      kernelPath: KERNEL_PATH,
      env: options.env,
      log: (line) => {
        options.onLog?.(line);
        this.logLines.push(line);
        if (this.logLines.length > 50) this.logLines.shift();
      },
    });
  }

  /** Starts the kernel; throws if TF.js ended up on another backend than the one asked for. */
  async start(): Promise<BackendReport> {
    const report = await this.session.backend();
    if (report.backend !== this.backend) {
      throw new Error(`kernel fell back to '${report.backend}': ${report.fallbackReasons.join('; ')}`);
    }
    return report;
  }

  async run(code: string): Promise<CellRun> {
    const outputs: NbOutput[] = [];
    const sink = { output: (o: NbOutput) => outputs.push(o), update: () => undefined };
    const t0 = performance.now();
    const outcome = await this.session.execute(`bench-${++this.cell}`, code, sink);
    const e2eMs = performance.now() - t0;
    return { outcome, outputs, e2eMs };
  }

  /** Runs a cell and fails loudly unless it succeeded; returns its text/plain result, if any. */
  async runOk(code: string): Promise<CellRun & { value: string | undefined }> {
    const run = await this.run(code);
    if (run.outcome.status !== 'ok') {
      const errors = run.outputs.filter((o) => o.output_type === 'error').map((o) => (o.output_type === 'error' ? `${o.ename}: ${o.evalue}` : ''));
      const message = 'message' in run.outcome ? run.outcome.message : errors.join('\n');
      throw new Error(`cell ${run.outcome.status}: ${message}\n${this.logLines.slice(-10).join('\n')}`);
    }
    const result = run.outputs.find((o) => o.output_type === 'execute_result');
    const value = result && result.output_type === 'execute_result' ? String(result.data['text/plain']) : undefined;
    return { ...run, value };
  }

  shutdown(): Promise<void> {
    return this.session.shutdown();
  }
}
