/**
 * Loads the kernel's one TF.js instance and picks its backend: tensorflow (tfjs-node) if it loads, else
 * wasm, else cpu — or the one the user forced. The result is read back from `tf.getBackend()`, because
 * `setBackend` can fail and leave TF.js on another backend without throwing.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { NATIVE_BACKEND_DIR_ENV, type BackendName, type BackendPreference, type BackendReport } from '../core/protocol';

export type TfModule = typeof import('@tensorflow/tfjs');

export interface LoadedTf {
  tf: TfModule;
  report: BackendReport;
}

const ORDER: BackendName[] = ['tensorflow', 'wasm', 'cpu'];

export async function loadTf(requested: BackendPreference, load: (id: string) => unknown): Promise<LoadedTf> {
  const candidates = requested === 'auto' ? ORDER : [requested, ...ORDER.filter((b) => b !== requested)];
  const fallbackReasons: string[] = [];
  let tf: TfModule | undefined;

  for (const backend of candidates) {
    try {
      if (backend === 'tensorflow') {
        restoreRemovedNodeUtil();
        tf = loadNative(load);
      } else {
        tf ??= load('@tensorflow/tfjs') as TfModule;
        if (backend === 'wasm') load('@tensorflow/tfjs-backend-wasm');
      }
      const accepted = await tf.setBackend(backend);
      await tf.ready();
      if (accepted && tf.getBackend() === backend) {
        return { tf, report: { backend, requested, versions: collectVersions(tf, backend), fallbackReasons } };
      }
      fallbackReasons.push(`${backend}: TF.js did not accept the backend (it stayed on '${tf.getBackend()}')`);
    } catch (error) {
      fallbackReasons.push(`${backend}: ${describeLoadError(error)}`);
    }
  }
  throw new Error(`No TF.js backend could start:\n${fallbackReasons.join('\n')}`);
}

/**
 * tfjs-node from the folder the native-backend command builds into, if it was built there, else from mlnb's own
 * node_modules (where a development checkout has it after `npm run native-backend`).
 */
function loadNative(load: (id: string) => unknown): TfModule {
  const dir = process.env[NATIVE_BACKEND_DIR_ENV];
  if (dir) {
    const fromStorage = createRequire(path.join(dir, 'package.json'));
    try {
      return fromStorage('@tensorflow/tfjs-node') as TfModule;
    } catch (error) {
      // Not built there: carry on. Built there but broken: that is the reason to report.
      const e = error as NodeJS.ErrnoException;
      if (!(e?.code === 'MODULE_NOT_FOUND' && /'@tensorflow\/tfjs-node'/.test(e.message))) throw error;
    }
  }
  return load('@tensorflow/tfjs-node') as TfModule;
}

/**
 * tfjs-node 4.22 calls `util.isNullOrUndefined`, which Node 23 removed; VS Code's extension host (and
 * code-server) run Node 24, where the first op would fail without it.
 */
function restoreRemovedNodeUtil(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object itself, to add the function Node removed
  const nodeUtil = require('node:util') as { isNullOrUndefined?: (value: unknown) => boolean };
  nodeUtil.isNullOrUndefined ??= (value) => value === null || value === undefined;
}

function describeLoadError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'MODULE_NOT_FOUND') {
    const missing = /Cannot find module '([^']+)'/.exec(e.message)?.[1] ?? 'a module';
    return `${missing} is not installed`;
  }
  return String(e?.message ?? error).split('\n')[0];
}

function collectVersions(tf: TfModule, backend: BackendName): Record<string, string> {
  const versions: Record<string, string> = { node: process.versions.node };
  for (const [name, version] of Object.entries(tf.version as Record<string, string>)) versions[name] = version;
  if (backend === 'tensorflow') {
    const binding = (tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding;
    if (binding?.TF_Version) versions.tensorflow = binding.TF_Version;
  }
  return versions;
}

/** When a cell fails because its backend lacks a kernel, say so and name the way out. */
export function explainMissingKernel(message: string): string | undefined {
  const match = /Kernel '([^']+)' not registered for backend '([^']+)'/.exec(message);
  if (!match) return undefined;
  const [, kernel, backend] = match;
  return (
    `The '${backend}' backend of TF.js has no '${kernel}' kernel` +
    (backend === 'wasm' && /Conv|Pool/.test(kernel) ? ' (wasm cannot train convolution or pooling layers)' : '') +
    `. Build the native backend with the command "mlnb: Build the Native TF.js Backend" (or \`npm run native-backend\` ` +
    `in a checkout of mlnb; it builds tfjs-node from the tensorflow-cpu wheel), or select the 'cpu' backend (slow but complete) with the mlnb.backend setting ` +
    `or \`mlnb run --backend cpu\`.`
  );
}
