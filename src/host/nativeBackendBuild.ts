/**
 * Runs scripts/native-backend.mjs with `--prefix <dir>` (what `mlnb: Build the Native TF.js Backend` does in an
 * installed extension: the VSIX ships without tfjs-node) and turns its output into progress steps and one result:
 * the summary, or the error with the script's hint for what to do. Never imports vscode.
 */
import { spawn } from 'node:child_process';

export interface NativeBuildOptions {
  /** scripts/native-backend.mjs of the running extension. */
  script: string;
  /** Where node_modules/@tensorflow/tfjs-node goes; kernels get it as MLNB_NATIVE_BACKEND_DIR. */
  prefix: string;
  /** The Node that runs the script (the extension host's own, as for kernels). */
  nodePath?: string;
  env?: NodeJS.ProcessEnv;
  /** Each step the script reports ("wheel: …", "build: npm rebuild …"), as it reports it. */
  onStep?: (step: string) => void;
  /** Every line of output, for the log. */
  onLine?: (line: string) => void;
  signal?: AbortSignal;
}

export type NativeBuildResult =
  | { ok: true; summary: string }
  | { ok: false; error: string; hint?: string; cancelled?: boolean; output: string };

const PREFIX = 'native-backend: ';

export function buildNativeBackend(options: NativeBuildOptions): Promise<NativeBuildResult> {
  return new Promise((resolve) => {
    const lines: string[] = [];
    let error: string | undefined;
    let hint: string | undefined;
    let summary: string | undefined;
    const child = spawn(options.nodePath ?? process.execPath, [options.script, '--prefix', options.prefix], {
      // ELECTRON_RUN_AS_NODE: desktop VS Code's execPath is Electron.
      env: { ...process.env, ...options.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onAbort = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const read = (stream: NodeJS.ReadableStream) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop() ?? '';
        for (const line of parts) handle(line);
      });
      stream.on('end', () => rest && handle(rest));
    };
    const handle = (raw: string) => {
      const line = raw.trimEnd();
      if (!line) return;
      lines.push(line);
      options.onLine?.(line);
      if (!line.startsWith(PREFIX)) return;
      const text = line.slice(PREFIX.length);
      if (text.startsWith('ERROR: ')) error = text.slice('ERROR: '.length);
      else if (text.startsWith('unexpected error: ')) error ??= text.slice('unexpected error: '.length).split('\n')[0];
      else if (text.startsWith('next: ')) hint = text.slice('next: '.length);
      else if (text.startsWith('OK — ')) summary = text.slice('OK — '.length);
      else if (!text.startsWith('FAILED')) options.onStep?.(text);
    };
    read(child.stdout);
    read(child.stderr);
    child.on('error', (e) => {
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ ok: false, error: `could not start ${options.nodePath ?? process.execPath}: ${e.message}`, output: lines.join('\n') });
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      const output = lines.join('\n');
      if (options.signal?.aborted) return resolve({ ok: false, cancelled: true, error: 'cancelled', output });
      if (code === 0 && summary) return resolve({ ok: true, summary });
      resolve({ ok: false, error: error ?? `the build script ended with ${signal ?? `exit code ${code}`}`, hint, output });
    });
  });
}
