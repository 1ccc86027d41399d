/**
 * mlnb's graph addon (native/graph, built by `npm run native-backend` next to tfjs-node): TensorFlow's C graph
 * API as a Graph you add operations to and a Session that runs it. Loaded lazily, only on the tensorflow backend.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { NATIVE_BACKEND_DIR_ENV } from '../../core/protocol';

export type GraphDtype = 'float32' | 'int32' | 'int64' | 'bool';

export interface TensorValue {
  dtype: GraphDtype;
  shape: number[];
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array | number[];
}

export type AttrValue =
  | { kind: 'int' | 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'type'; value: GraphDtype }
  | { kind: 'string'; value: string }
  | { kind: 'shape' | 'ints'; value: number[] }
  | { kind: 'tensor'; value: TensorValue };

/** An output reference: "opName" (its output 0) or "opName:index". */
export type OutputRef = string;

export interface NativeGraph {
  /** Adds an operation; inputs are output references, or arrays of them for list inputs. Returns the op's name. */
  addOp(type: string, name: string, inputs: (OutputRef | OutputRef[])[], attrs: Record<string, AttrValue>, controlInputs?: string[]): string;
  /** d(sum of ys)/d(each x); null where a y does not depend on that x. */
  addGradients(ys: OutputRef[], xs: OutputRef[], prefix: string, dys?: OutputRef[]): (OutputRef | null)[];
  /** Static shape as inferred (-1 = unknown dimension), null if the rank is unknown. */
  outputShape(ref: OutputRef): number[] | null;
}

export interface NativeSession {
  run(feeds: (TensorValue & { name: OutputRef })[], fetches: OutputRef[], targets: string[]): (TensorValue & { data: Float32Array | Int32Array | BigInt64Array | Uint8Array })[];
  close(): void;
}

export interface GraphAddon {
  Graph: new () => NativeGraph;
  Session: new (graph: NativeGraph, options?: { intraOpThreads?: number; interOpThreads?: number }) => NativeSession;
  tfVersion: string;
}

const ADDON_RELATIVE = path.join('native', 'graph', 'build', 'Release', 'mlnb_graph.node');

/** Where the addon may be: the native-backend command's folder first (an installed extension), then mlnb's own tree. */
export function graphAddonCandidates(moduleDir: string = __dirname): string[] {
  const dirs: string[] = [];
  const storage = process.env[NATIVE_BACKEND_DIR_ENV];
  if (storage) dirs.push(path.join(storage, ADDON_RELATIVE));
  // The kernel runs as dist/kernel.js; tests run this file from src/kernel/compiledTraining.
  for (const up of ['..', path.join('..', '..', '..')]) dirs.push(path.resolve(moduleDir, up, ADDON_RELATIVE));
  return [...new Set(dirs)];
}

let loaded: { addon?: GraphAddon; error?: string } | undefined;

/** The addon, or why it is not available (not built, or it failed to load). Loaded once per process. */
export function loadGraphAddon(): { addon?: GraphAddon; error?: string } {
  if (loaded) return loaded;
  const candidates = graphAddonCandidates();
  const file = candidates.find((f) => existsSync(f));
  if (!file) {
    loaded = { error: `mlnb's graph addon is not built (looked in ${candidates.join(', ')}); \`npm run native-backend\` builds it` };
    return loaded;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a native addon loads by path at run time
    loaded = { addon: require(file) as GraphAddon };
  } catch (error) {
    loaded = { error: `mlnb's graph addon at ${file} did not load: ${String((error as Error)?.message ?? error).split('\n')[0]}` };
  }
  return loaded;
}
